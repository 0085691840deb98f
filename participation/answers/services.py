"""The rules of answering: which page an offer's link shows, "answered once" per browser, and reading a
young person's answers from the form, checking them and storing them in one go."""

import re
import secrets
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from participation.answers import codes
from participation.answers.counts import count_submission
from participation.answers.models import Answer, Submission
from participation.enums import AgeGroup, Channel, QuestionKind, ReviewState
from participation.extensions import db
from participation.parsing import small_int
from participation.places import ortsteile
from participation.sanitize import strip_control
from participation.timeutil import local_today

if TYPE_CHECKING:
    from participation.offers.models import Offer, Question

TEXT_LIMIT = 500
SMILEY_VALUES = {1, 2, 3, 4, 5}


ANSWERED_KEY = "answered"  # in the session cookie: ids of the offers this browser has answered
FORM_ID_BYTES = 16  # 22 characters of URL-safe base64
FORM_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")


# Checks that route a new free text elsewhere than pre-moderation: each returns the review state the text
# starts in, or None. participation.moderation.concern registers the Kinderschutz check when it is
# imported (the app imports it with the moderation blueprint); this layer cannot import it.
TEXT_CHECKS: list[Callable[[str], ReviewState | None]] = []


def first_state(text: str) -> ReviewState:
    """The review state a new free text starts in: pending, unless a check routes it elsewhere."""
    for check in TEXT_CHECKS:
        if (state := check(text)) is not None:
            return state
    return ReviewState.pending


def text_answer(question_id: int, text: str) -> Answer:
    """A new free-text answer in the review state its checks give it (the answer path stores it with a
    Core insert, which no ORM event sees: the checks run here, once)."""
    return Answer(question_id=question_id, text=text, review_state=first_state(text), review_key=review_key())


class AlreadyAnswered(Exception):
    """This browser has already answered the offer."""


class AlreadyStored(Exception):
    """This very form (by its form id) has been stored already."""


class CodeRefused(Exception):
    """The one-time code is missing, unknown or used already (an offer where everyone counts once)."""


class OfferNotOpen(Exception):
    """The offer does not accept answers today (draft, not started yet, or closed)."""


def answered_offers(store: MutableMapping) -> set[int]:
    """Offers this browser has answered, from its session; never linked to an answer."""
    return set(store.get(ANSWERED_KEY, []))


def remember_answered(store: MutableMapping, offer_id: int) -> None:
    """Note in the browser's session that it has answered the offer."""
    store[ANSWERED_KEY] = sorted(answered_offers(store) | {offer_id})


def link_page(offer: "Offer", today: date, answered: set[int]) -> str:
    """Which page the offer's public link shows a browser: "results" once they are published, "not_open"
    before the start and after the end, "already" to a browser that answered, else "form"."""
    if offer.results_published:
        return "results"
    if offer.phase_on(today) != "open":
        return "not_open"
    if offer.id in answered and not offer.requires_code:  # with one-time codes, the code is the rule
        return "already"
    return "form"


@dataclass
class ParsedForm:
    """The checked content of one answer form; errors map a field name to a message."""

    answers: list[Answer] = field(default_factory=list)
    age_group: AgeGroup | None = None
    ortsteil_code: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def field_name(question: "Question") -> str:
    return f"q{question.id}"


def dots_field_name(question: "Question", option_id: int) -> str:
    return f"q{question.id}-o{option_id}"


def _parse_question(question: "Question", form: MultiDict) -> tuple[list[Answer], str | None]:
    """Return the answers to one question, or an error message for the young person."""
    name = field_name(question)
    option_ids = {o.id for o in question.options}
    kind = question.kind
    if kind in (QuestionKind.smiley, QuestionKind.yes_no, QuestionKind.single):
        raw = form.get(name, "").strip()
        if not raw:
            return [], None
        value = small_int(raw)
        if kind is QuestionKind.smiley:
            if value not in SMILEY_VALUES:
                return [], _("Please choose one of the faces.")
            return [Answer(question_id=question.id, value=value)], None
        if kind is QuestionKind.yes_no:
            if value not in (0, 1):
                return [], _("Please choose yes or no.")
            return [Answer(question_id=question.id, value=value)], None
        if value not in option_ids:
            return [], _("Please choose one of the options.")
        return [Answer(question_id=question.id, option_id=value)], None
    if kind is QuestionKind.multiple:
        values = [small_int(v) for v in form.getlist(name) if v.strip()]
        if any(v not in option_ids for v in values):
            return [], _("Please choose only from the options shown.")
        return [Answer(question_id=question.id, option_id=v) for v in dict.fromkeys(values)], None
    if kind is QuestionKind.dots:
        return _parse_dots(question, form)
    if kind is not QuestionKind.text:
        raise ValueError(f"unknown question kind {kind}")
    text = strip_control(form.get(name, "")).strip()
    if len(text) > TEXT_LIMIT:
        return [], _(
            "Please write at most %(limit)d characters. Your text has %(count)d.",
            limit=TEXT_LIMIT,
            count=len(text),
        )
    return ([text_answer(question.id, text)] if text else []), None


def _parse_dots(question: "Question", form: MultiDict) -> tuple[list[Answer], str | None]:
    answers, total = [], 0
    for option in question.options:
        raw = form.get(dots_field_name(question, option.id), "").strip()
        if not raw:
            continue
        points = small_int(raw)
        if points is None or points < 0 or points > question.points:
            return [], _(
                "Please give each option a whole number of points from 0 to %(points)d.",
                points=question.points,
            )
        total += points
        if points:
            answers.append(Answer(question_id=question.id, option_id=option.id, value=points))
    if total > question.points:
        return [], _(
            "You gave %(total)d points, but you have only %(points)d. Please take some away.",
            total=total,
            points=question.points,
        )
    return answers, None


def parse_form(questions: Sequence["Question"], form: MultiDict) -> ParsedForm:
    """Check every answer of the form against the offer's questions; nothing is stored here."""
    parsed = ParsedForm()
    answered_any = False
    for question in questions:
        answers, error = _parse_question(question, form)
        if error is None and question.is_required and not answers:
            error = _("Please answer this question.")
        if error:
            parsed.errors[field_name(question)] = error
        answered_any = answered_any or bool(answers)
        parsed.answers.extend(answers)
    raw_age = form.get("age_group", "").strip()
    if raw_age:
        try:
            parsed.age_group = AgeGroup(raw_age)
        except ValueError:
            parsed.errors["age_group"] = _("Please choose an age group from the list, or none.")
    raw_ortsteil = form.get("ortsteil", "").strip()
    if raw_ortsteil:
        if raw_ortsteil in ortsteile():
            parsed.ortsteil_code = raw_ortsteil
        else:
            parsed.errors["ortsteil"] = _("Please choose a district from the list, or none.")
    if not answered_any and not parsed.errors:
        parsed.errors["form"] = _("Please answer at least one question.")
    return parsed


def review_key() -> str:
    """A random key for a free-text answer's moderation URL: it says nothing about when it arrived."""
    return secrets.token_urlsafe(12)


def new_form_id() -> str:
    """A random one-time id for one rendered answer form; it links to nothing but the submission."""
    return secrets.token_urlsafe(FORM_ID_BYTES)


def form_id_from(form: MultiDict) -> str | None:
    """The form id a POST carries, if it looks like one of ours (else None: no duplicate check)."""
    value = form.get("form_id", "")
    return value if FORM_ID_PATTERN.fullmatch(value) else None


def already_stored(form_id: str | None) -> bool:
    """Whether the form with this id has been stored already."""
    return form_id is not None and bool(
        db.session.scalar(select(exists().where(Submission.form_id == form_id)))
    )


def submit(
    offer: "Offer",
    parsed: ParsedForm,
    *,
    answered: set[int],
    form_id: str | None = None,
    channel: Channel = Channel.qr,
    access_code: str | None = None,
) -> Submission:
    """Store one checked form as a submission with its answers (the caller commits once). channel:
    how it came (a phone by QR code or link, a kiosk, a one-time code).

    The same form id is stored only once: a double tap, a retry after a lost response, parallel
    retries or a replayed cookie raise AlreadyStored, and the caller answers as it did the first time.

    An offer that requires a code (everyone counts once) takes one unused one-time code (normalised):
    it is marked used in this same transaction, and CodeRefused means the caller must roll back (and,
    if already_stored(form_id) then, thank: the same form sent twice in parallel uses its code once).
    The "answered in this browser" rule does not apply there: two children may share a device.
    """
    if offer.phase_on(local_today()) != "open":
        raise OfferNotOpen(offer)
    if offer.requires_code:
        if access_code is None:
            raise CodeRefused(offer)
        channel = Channel.code
    elif offer.id in answered:
        raise AlreadyStored(form_id) if already_stored(form_id) else AlreadyAnswered(offer)
    # The code first: its UPDATE opens the transaction (on SQLite too, where a savepoint alone would be
    # committed on release), and of two uses of one code the second waits for the first and finds it used.
    if offer.requires_code and not codes.use(offer.id, access_code):
        raise CodeRefused(offer)  # used or unknown (or this very form, stored a moment ago: see caller)
    submission = Submission(
        offer_id=offer.id,
        age_group=parsed.age_group,
        ortsteil_code=parsed.ortsteil_code,
        form_id=form_id,
        channel=channel,
    )
    try:
        with db.session.begin_nested():  # a savepoint: a clash leaves the outer transaction usable
            db.session.add(submission)
    except IntegrityError:
        if already_stored(form_id):  # the UNIQUE form id: another request stored this form first
            raise AlreadyStored(form_id) from None
        raise
    if parsed.answers:  # one INSERT for all answers, however many questions the offer has
        # Core insert: the ORM's bulk insert would split rows by which columns are NULL.
        db.session.execute(
            Answer.__table__.insert(),
            [
                {
                    "submission_id": submission.id,
                    "question_id": a.question_id,
                    "option_id": a.option_id,
                    "value": a.value,
                    "text": a.text,
                    "review_state": a.review_state,
                    "review_key": None if a.review_state is None else review_key(),  # new for each store
                }
                for a in parsed.answers
            ],
        )
    count_submission(submission)  # the planners' rollup, in the same transaction
    return submission
