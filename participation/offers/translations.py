"""Translations of an offer's own texts (title, description, questions, options) by youth workers.

The answer page shows each text in the young person's language where a translation exists, and
otherwise the German original marked with lang="de", plus a short note that parts are in German.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select

from participation.audit.services import record
from participation.auth.models import User
from participation.extensions import db
from participation.i18n import EASY, LANGUAGE_NAMES
from participation.offers.models import ContentTranslation, Offer
from participation.text import as_markup, clean_html, editable_text, strip_control

SOURCE = "de"
CONTENT_LANGUAGES = [code for code in LANGUAGE_NAMES if code != SOURCE]


@dataclass(frozen=True)
class SourceText:
    """One German text of an offer that can be translated."""

    key: str
    label: str
    original: str
    max_length: int
    multiline: bool = False
    is_html: bool = False


def source_texts(offer: Offer) -> list[SourceText]:
    """Every text of the offer a young person sees, in page order, with its length limit."""
    texts = [SourceText("title", _l("Title"), offer.title, 120),
             SourceText("decision_scope", _l("What can be decided?"), offer.decision_scope, 1000, multiline=True)]
    if offer.description:
        texts.append(SourceText("description", _l("Short description"), offer.description, 2000,
                                multiline=True, is_html=True))
    for number, question in enumerate(offer.questions, start=1):
        texts.append(SourceText(f"q{question.id}", _l("Question %(num)d", num=number), question.prompt, 300))
        texts.extend(SourceText(f"o{option.id}", _l("Question %(num)d, option", num=number), option.label, 120)
                     for option in question.options)
    return texts


def load(offer_id: int, language: str) -> dict[str, str]:
    """All translated texts of one offer in one language (one query; none for German)."""
    if language == SOURCE:
        return {}
    rows = db.session.execute(select(ContentTranslation.key, ContentTranslation.text).where(
        ContentTranslation.offer_id == offer_id, ContentTranslation.language == language))
    return dict(rows.all())


def editable(offer: Offer, language: str) -> dict[str, str]:
    """The stored translations as a youth worker typed them (the description without its HTML)."""
    stored = load(offer.id, language)
    html_keys = {text.key for text in source_texts(offer) if text.is_html}
    return {key: editable_text(text) if key in html_keys else text for key, text in stored.items()}


def progress(offer: Offer) -> dict[str, tuple[int, int]]:
    """Per content language: how many of the offer's current texts are translated, and how many there are."""
    keys = {text.key for text in source_texts(offer)}
    rows = db.session.execute(select(ContentTranslation.language, ContentTranslation.key).where(
        ContentTranslation.offer_id == offer.id)).all()
    done = {language: sum(1 for lang, key in rows if lang == language and key in keys)
            for language in CONTENT_LANGUAGES}
    return {language: (done[language], len(keys)) for language in CONTENT_LANGUAGES}


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
    """Store the translations of one language; an empty value removes that translation.

    Texts of questions or options that no longer exist are removed too. Runs in the caller's
    transaction, with an audit event.
    """
    existing = {row.key: row for row in db.session.scalars(select(ContentTranslation).where(
        ContentTranslation.offer_id == offer.id, ContentTranslation.language == language))}
    for key, text in cleaned.items():
        row = existing.pop(key, None)
        if text and row is None:
            db.session.add(ContentTranslation(offer_id=offer.id, language=language, key=key, text=text))
        elif text:
            row.text = text
        elif row is not None:
            db.session.delete(row)
    for stale in existing.values():
        db.session.delete(stale)
    record("translation_saved", actor=actor, offer_id=offer.id, detail=language)
    db.session.flush()


def titles(offer_ids: list[int], language: str) -> dict[int, str]:
    """Translated titles of several offers (one query), for lists such as the directory."""
    if language == SOURCE or not offer_ids:
        return {}
    rows = db.session.execute(select(ContentTranslation.offer_id, ContentTranslation.text).where(
        ContentTranslation.offer_id.in_(offer_ids), ContentTranslation.language == language,
        ContentTranslation.key == "title"))
    return dict(rows.all())


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


class OfferTexts:
    """An offer's texts in the page language, for public templates; German originals where untranslated."""

    def __init__(self, offer: Offer, language: str, *, rtl: bool = False):
        self.offer = offer
        self.language = language
        self.rtl = rtl
        self.texts = load(offer.id, language)

    def text(self, key: str, original: str) -> Markup:
        """One plain text: translated, or the marked German original."""
        if key in self.texts:
            return escape(self.texts[key])
        return german(escape(original), self.language, rtl=self.rtl)

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
        return self.text(f"o{option.id}", option.label)

    @property
    def partly_german(self) -> bool:
        """True when some text the young person sees is only in German (and the page is not German)."""
        return marks_german(self.language) and any(t.key not in self.texts for t in source_texts(self.offer))


def _request_language() -> tuple[str, bool]:
    from participation.i18n import chosen_language, text_direction

    return chosen_language(), text_direction() == "rtl"


def for_request(offer: Offer) -> OfferTexts:
    """The offer's texts in the language of the current request."""
    language, rtl = _request_language()
    return OfferTexts(offer, language, rtl=rtl)


def title_in_request_language(offer: Offer, translated: Mapping[int, str]) -> Markup:
    """A list entry's title: translated where present, else the marked German original."""
    if offer.id in translated:
        return escape(translated[offer.id])
    language, rtl = _request_language()
    return german(escape(offer.title), language, rtl=rtl)
