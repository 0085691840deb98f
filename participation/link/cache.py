"""Per-process caches of the answer path, so that a QR code scanned by a whole class stays fast.

- The rendered answer form, per path and language, for a few seconds (PUBLIC_PAGE_CACHE_SECONDS):
  a staff change (closing, a new translation) shows after at most that long, while every answer is
  still checked against the database when it is sent. The CSRF token is filled in per request.
- The questions of a published offer, which can never change again (questions lock on publishing),
  so that sending an answer loads only the offer row.
- The offer as its form was last shown (a snapshot), so that the form with a young person's answers,
  and the thank-you page, can be shown while the database is away.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.enums import QuestionKind
from participation.extensions import db
from participation.offers.models import Offer, Question

# Control characters never reach a page (they are stripped from every text), so this cannot collide.
CSRF_SLOT = "\x00csrf-token\x00"
FORM_ID_SLOT = "\x00form-id\x00"
MAX_ENTRIES = 2000  # offers × languages; a full cache is simply emptied


@dataclass(frozen=True)
class CachedPage:
    offer_id: int
    html: str
    expires: float


class PageCache:
    """Rendered pages with a CSRF slot, by key, until they expire."""

    def __init__(self):
        self._pages: dict[tuple, CachedPage] = {}
        self._lock = Lock()

    def get(self, key: tuple) -> CachedPage | None:
        page = self._pages.get(key)
        if page is None or page.expires < time.monotonic():
            return None
        return page

    def put(self, key: tuple, offer_id: int, html: str, seconds: float) -> None:
        with self._lock:
            if len(self._pages) >= MAX_ENTRIES:
                self._pages.clear()
            self._pages[key] = CachedPage(offer_id, html, time.monotonic() + seconds)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


@dataclass(frozen=True)
class OptionSpec:
    id: int


@dataclass(frozen=True)
class QuestionSpec:
    """What checking an answer needs of a question (the same attributes as the model)."""

    id: int
    kind: QuestionKind
    is_required: bool
    points: int | None
    options: tuple[OptionSpec, ...]


class QuestionCache:
    """The questions of published offers, by (offer id, code): SQLite may reuse the id of a deleted row,
    never together with the same random code."""

    def __init__(self):
        self._questions: dict[tuple[int, str], tuple[QuestionSpec, ...]] = {}

    def get(self, key: tuple[int, str]) -> tuple[QuestionSpec, ...] | None:
        return self._questions.get(key)

    def put(self, key: tuple[int, str], questions: Iterable[Question]) -> tuple[QuestionSpec, ...]:
        """Remember the questions of a published offer (only those: a draft's questions can still change)."""
        specs = tuple(
            QuestionSpec(q.id, q.kind, q.is_required, q.points, tuple(OptionSpec(o.id) for o in q.options))
            for q in questions
        )
        if len(self._questions) >= MAX_ENTRIES:
            self._questions.clear()
        self._questions[key] = specs
        return specs


forms = PageCache()
questions = QuestionCache()


def published_questions(offer: Offer) -> tuple[QuestionSpec, ...]:
    """The offer's questions for checking an answer: from this process's cache, else 2 queries."""
    key = (offer.id, offer.code)
    specs = questions.get(key)
    if specs is None:
        loaded = db.session.scalars(
            select(Question)
            .where(Question.offer_id == offer.id)
            .options(selectinload(Question.options))
            .order_by(Question.position)
        )
        specs = questions.put(key, loaded)
    return specs


@dataclass
class Snapshot:
    """An offer as its form was last shown in this process, with its texts per language. The ORM objects
    are detached (attributes loaded, no session), so they serve without the database: the form with a
    young person's answers kept, or the thank-you page, while the database is away."""

    offer: Offer
    texts: dict[str, dict[str, str]]  # language -> the offer's current translations


class SnapshotCache:
    """The last shown form of each offer, by normalised code."""

    def __init__(self):
        self._snapshots: dict[str, Snapshot] = {}
        self._lock = Lock()

    def get(self, code: str) -> Snapshot | None:
        return self._snapshots.get(code)

    def put(self, offer: Offer, language: str, texts: dict[str, str]) -> None:
        """Keep the offer (loaded with its questions and options) and its texts in one language."""
        with self._lock:
            if len(self._snapshots) >= MAX_ENTRIES:
                self._snapshots.clear()
            known = self._snapshots.get(offer.code)
            self._snapshots[offer.code] = Snapshot(offer, {**(known.texts if known else {}), language: texts})

    def clear(self) -> None:
        with self._lock:
            self._snapshots.clear()


snapshots = SnapshotCache()
