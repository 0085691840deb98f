"""Translations of an offer's own texts (title, description, questions, options, and the Rückmeldung
once it is written) by youth workers.

Public pages show each text in the young person's language where a current translation exists, and
otherwise the German original marked with lang="de", plus a short note that parts are in German.
A translation is current while the German text it was made from is unchanged (source_digest).
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import delete, inspect, select

from participation.accounts.models import User
from participation.audit.services import record
from participation.extensions import db
from participation.i18n import EASY, chosen_language, public_languages, text_direction
from participation.offers.models import ContentTranslation, Offer
from participation.sanitize import as_markup, clean_html, editable_text, strip_control
from participation.timeutil import local_today

SOURCE = "de"


def content_languages() -> list[str]:
    """Languages an offer's texts can be translated into: every public choice but German."""
    return [code for code in public_languages(current_app.config["LANGUAGES"]) if code != SOURCE]


def digest(text: str) -> str:
    """A short fingerprint of a German original."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SourceText:
    """One German text of an offer that can be translated."""

    key: str
    label: str
    original: str
    max_length: int
    multiline: bool = False
    is_html: bool = False


def _outcome(offer: Offer, *, staff: bool):
    """The offer's Rückmeldung where its texts count. Staff pages always load it (so that saving one
    translation never drops the Rückmeldung's). Public pages read it once answering has ended: an open
    form never loads it, and a detached snapshot (an outage) only if it was loaded already."""
    state = inspect(offer)
    if "outcome" not in state.unloaded:
        return offer.outcome
    if staff or (not state.detached and offer.phase_on(local_today()) == "closed"):
        return offer.outcome
    return None


def originals(offer: Offer, *, staff: bool = False) -> dict[str, str]:
    """Every German text of the offer a young person sees, by key, in page order (staff: the Rückmeldung's
    too, whenever it exists)."""
    texts = {"title": offer.title, "decision_scope": offer.decision_scope}
    if offer.description:
        texts["description"] = offer.description
    for question in offer.questions:
        texts[f"q{question.id}"] = question.prompt
        texts.update((f"o{option.id}", option.label) for option in question.options)
    outcome = _outcome(offer, staff=staff)
    if outcome is not None:
        texts.update((key, text) for key, text in outcome_texts(outcome).items() if text)
    return texts


# The Rückmeldung's texts (results.models.Outcome), by translation key; the key is the column name.
OUTCOME_FIELDS = ("decision", "next_steps", "responsible", "message")
OUTCOME_LIMITS = {"decision": 2000, "next_steps": 2000, "responsible": 200, "message": 2000}

OUTCOME_LABELS = {
    "decision": _l("Rückmeldung: what was decided"),
    "next_steps": _l("Rückmeldung: next steps"),
    "responsible": _l("Rückmeldung: who takes care of it"),
    "message": _l("Rückmeldung: message"),
}


def outcome_texts(outcome) -> dict[str, str]:
    """The Rückmeldung's German texts by translation key ("outcome_decision", ...)."""
    return {f"outcome_{field}": getattr(outcome, field) or "" for field in OUTCOME_FIELDS}


def kind_of(key: str) -> str:
    """ "question" or "option" for question and option keys, else the key itself ("title", ...)."""
    return {"q": "question", "o": "option"}.get(key[0], key) if key[1:].isdigit() else key


def source_texts(offer: Offer) -> list[SourceText]:
    """The offer's texts with label and length limit, for the staff translation form."""
    texts, number = [], 0
    for key, original in originals(offer, staff=True).items():
        kind = kind_of(key)
        number += kind == "question"
        if kind == "title":
            texts.append(SourceText(key, _l("Title"), original, 120))
        elif kind == "decision_scope":
            texts.append(SourceText(key, _l("What can be decided?"), original, 1000, multiline=True))
        elif kind == "description":
            texts.append(
                SourceText(key, _l("Short description"), original, 2000, multiline=True, is_html=True)
            )
        elif kind == "question":
            texts.append(SourceText(key, _l("Question %(num)d", num=number), original, 300))
        elif kind.startswith("outcome_"):
            field = kind.removeprefix("outcome_")
            texts.append(
                SourceText(
                    key,
                    OUTCOME_LABELS[field],
                    original,
                    OUTCOME_LIMITS[field],
                    multiline=field != "responsible",
                )
            )
        else:
            texts.append(SourceText(key, _l("Question %(num)d, option", num=number), original, 120))
    return texts


def _digests(texts: Mapping[str, str]) -> dict[str, str]:
    return {key: digest(original) for key, original in texts.items()}


def _stored(offer_id: int, language: str) -> list[tuple[str, str, str]]:
    return db.session.execute(
        select(ContentTranslation.key, ContentTranslation.text, ContentTranslation.source_digest).where(
            ContentTranslation.offer_id == offer_id, ContentTranslation.language == language
        )
    ).all()


def load(offer: Offer, language: str, texts: Mapping[str, str] | None = None) -> dict[str, str]:
    """The offer's current translations in one language (one query; none for German).
    texts: the offer's originals, when the caller has them already."""
    if language == SOURCE:
        return {}
    current = _digests(originals(offer) if texts is None else texts)
    return {key: text for key, text, source in _stored(offer.id, language) if current.get(key) == source}


def editable(offer: Offer, language: str) -> tuple[dict[str, str], set[str]]:
    """Stored translations as a youth worker typed them (description without HTML), and the keys whose
    German text changed since they were translated."""
    texts = originals(offer, staff=True)
    values, outdated = {}, set()
    for key, text, source in _stored(offer.id, language):
        if key not in texts:
            continue
        values[key] = editable_text(text) if key == "description" else text  # the only HTML text
        if digest(texts[key]) != source:
            outdated.add(key)
    return values, outdated


def _translation_rows(offer_ids: Iterable[int]) -> dict[int, list[tuple[str, str, str]]]:
    """(language, key, source digest) of the stored translations, by offer: one query for all."""
    rows: dict[int, list[tuple[str, str, str]]] = {}
    found = db.session.execute(
        select(
            ContentTranslation.offer_id,
            ContentTranslation.language,
            ContentTranslation.key,
            ContentTranslation.source_digest,
        ).where(ContentTranslation.offer_id.in_(list(offer_ids)))
    )
    for offer_id, language, key, source in found:
        rows.setdefault(offer_id, []).append((language, key, source))
    return rows


def _progress(offer: Offer, rows: list[tuple[str, str, str]]) -> dict[str, tuple[int, int]]:
    current = _digests(originals(offer, staff=True))
    return {
        language: (
            sum(1 for lang, key, source in rows if lang == language and current.get(key) == source),
            len(current),
        )
        for language in content_languages()
    }


def progress(offer: Offer) -> dict[str, tuple[int, int]]:
    """Per content language: how many of the offer's texts have a current translation, of how many."""
    return _progress(offer, _translation_rows([offer.id]).get(offer.id, []))


def spoken_languages_of(offers: Iterable[Offer]) -> dict[int, list[str]]:
    """The languages each offer's form speaks: German, and every language all its texts are translated
    into; one query for all the offers (their questions and options loaded already)."""
    offers = list(offers)
    rows = _translation_rows(offer.id for offer in offers)
    return {
        offer.id: [SOURCE]
        + [
            language
            for language, (done, total) in _progress(offer, rows.get(offer.id, [])).items()
            if done == total
        ]
        for offer in offers
    }


def spoken_languages(offer: Offer) -> list[str]:
    """The languages the offer's form speaks: German, and every language all its texts are translated into."""
    return spoken_languages_of([offer])[offer.id]


def validate(offer: Offer, values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Check submitted translations against each text's limit; return (cleaned values, errors by key)."""
    cleaned, errors = {}, {}
    for source in source_texts(offer):
        value = strip_control(values.get(source.key, "")).strip()
        if len(value) > source.max_length:
            errors[source.key] = _l("At most %(num)d characters, please shorten it.", num=source.max_length)
        cleaned[source.key] = clean_html(value) if source.is_html and value else value
    return cleaned, errors


def save(offer: Offer, language: str, cleaned: Mapping[str, str], *, actor: User | None) -> None:
    """Store the translations of one language against the current German texts; an empty value removes
    that translation, and so does a text that no longer exists. Runs in the caller's transaction."""
    sources = _digests(originals(offer, staff=True))
    existing = {
        row.key: row
        for row in db.session.scalars(
            select(ContentTranslation).where(
                ContentTranslation.offer_id == offer.id, ContentTranslation.language == language
            )
        )
    }
    for key, text in cleaned.items():
        row = existing.pop(key, None)
        if text and row is None:
            db.session.add(
                ContentTranslation(
                    offer_id=offer.id, language=language, key=key, text=text, source_digest=sources[key]
                )
            )
        elif text:
            row.text, row.source_digest = text, sources[key]
        elif row is not None:
            db.session.delete(row)
    for stale in existing.values():
        db.session.delete(stale)
    record("translation_saved", actor=actor, offer_id=offer.id, detail=language)
    db.session.flush()


def forget(offer_id: int, keys: Iterable[str]) -> None:
    """Remove the translations of texts that are deleted (a question, or replaced options)."""
    keys = list(keys)
    if keys:
        db.session.execute(
            delete(ContentTranslation).where(
                ContentTranslation.offer_id == offer_id, ContentTranslation.key.in_(keys)
            )
        )


def titles(offers: list[Offer], language: str) -> dict[int, str]:
    """Current translated titles of several offers (one query), for lists such as the directory."""
    if language == SOURCE or not offers:
        return {}
    current = {offer.id: digest(offer.title) for offer in offers}
    rows = db.session.execute(
        select(ContentTranslation.offer_id, ContentTranslation.text, ContentTranslation.source_digest).where(
            ContentTranslation.offer_id.in_(current),
            ContentTranslation.language == language,
            ContentTranslation.key == "title",
        )
    )
    return {offer_id: text for offer_id, text, source in rows if current[offer_id] == source}


def marks_german(language: str) -> bool:
    """Whether German originals need a lang="de" mark on pages in this language."""
    # Leichte Sprache falls back to standard German: same language, nothing to mark or explain.
    return language not in (SOURCE, EASY)


def german(original: Markup, language: str, *, rtl: bool, tag: str = "span") -> Markup:
    """Wrap an untranslated German text so screen readers and read-aloud pronounce it as German."""
    if not marks_german(language):
        return original
    attrs = ' lang="de" dir="ltr"' if rtl else ' lang="de"'
    return Markup(f"<{tag}{attrs}>{original}</{tag}>")


# Which of an offer's texts each public page shows, for the "only in German" note.
PAGE_TEXTS = {
    "head": ("title", "decision_scope"),
    "form": ("title", "decision_scope", "description", "question", "option"),
    "detail": ("title", "decision_scope", "description"),
    "results": ("title", "question", "option", *(f"outcome_{field}" for field in OUTCOME_FIELDS)),
}


class OfferTexts:
    """An offer's texts in the page language, for public templates; German originals where untranslated."""

    def __init__(
        self, offer: Offer, language: str, *, rtl: bool = False, texts: Mapping[str, str] | None = None
    ):
        """texts: the translations when the caller has them (no query), e.g. while the database is away."""
        self.offer = offer
        self.language = language
        self.rtl = rtl
        self.originals = originals(offer)
        self.texts = load(offer, language, self.originals) if texts is None else dict(texts)

    def german(self, text: str, tag: str = "span") -> Markup:
        """A text that only exists in German, marked as German."""
        return german(escape(text), self.language, rtl=self.rtl, tag=tag)

    def outcome(self, field: str) -> Markup:
        """One text of the Rückmeldung: translated, or the marked German original."""
        return self.text(f"outcome_{field}", getattr(self.offer.outcome, field))

    def text(self, key: str, original: str) -> Markup:
        """One plain text: translated, or the marked German original."""
        if key in self.texts:
            return escape(self.texts[key])
        return self.german(original)

    def html(self, key: str, original: str) -> Markup:
        """The description: translated or original, both sanitised."""
        if key in self.texts:
            return as_markup(self.texts[key])
        return german(as_markup(original), self.language, rtl=self.rtl, tag="div")

    def title(self) -> Markup:
        return self.text("title", self.offer.title)

    def plain_title(self) -> str:
        """The title as plain text, for <title> where no markup is possible."""
        return self.texts.get("title", self.offer.title)

    def question(self, question) -> Markup:
        return self.text(f"q{question.id}", question.prompt)

    def option(self, option) -> Markup:
        return self.option_text(option.id, option.label)

    def option_text(self, option_id: int, label: str) -> Markup:
        """An option's label by its id (result rows carry the id, not the option)."""
        return self.text(f"o{option_id}", label)

    def partly_german(self, page: str) -> bool:
        """True when some offer text the page shows is only in German (and the page is not German)."""
        if self.language == SOURCE:
            return False
        shown = PAGE_TEXTS[page]
        return any(kind_of(key) in shown and key not in self.texts for key in self.originals)


def _request_language() -> tuple[str, bool]:
    return chosen_language(), text_direction() == "rtl"


def for_request(offer: Offer, texts: Mapping[str, str] | None = None) -> OfferTexts:
    """The offer's texts in the language of the current request (texts: known translations, no query)."""
    language, rtl = _request_language()
    return OfferTexts(offer, language, rtl=rtl, texts=texts)


def title_in_request_language(offer: Offer, translated: Mapping[int, str]) -> Markup:
    """A list entry's title: translated where present, else the marked German original."""
    if offer.id in translated:
        return escape(translated[offer.id])
    language, rtl = _request_language()
    return german(escape(offer.title), language, rtl=rtl)
