"""The one HTML sanitiser (bleach) for youth workers' rich text, and control characters in anything typed."""

import html
import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markupsafe import Markup

# What youth workers may use in an offer description: paragraphs, bold, italic, lists, links.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}
_BLOCK = re.compile(r"<(p|ul|ol)\b")


def _link_rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# The only place that calls bleach: swapping the sanitiser later is a change in this one function.
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_rel])],
)


def clean_html(value: str) -> str:
    """Return safe HTML of a small subset; plain text with blank lines becomes paragraphs."""
    cleaned = _cleaner.clean(strip_control(value or "")).strip()
    if cleaned and not _BLOCK.search(cleaned):
        paragraphs = [p.strip().replace("\n", "<br>") for p in re.split(r"\n\s*\n", cleaned) if p.strip()]
        cleaned = "".join(f"<p>{p}</p>" for p in paragraphs)
    return cleaned


def as_markup(cleaned: str) -> Markup:
    """Mark a value that went through clean_html() as safe for templates (never use |safe elsewhere)."""
    return Markup(clean_html(cleaned))


def isolated(text: str | Markup) -> Markup:
    """A user text (a title, a name) inside a sentence of either direction, isolated from it (<bdi>), so
    that a German title's "?" stays in place on an Arabic page. Escapes text that is not Markup."""
    return Markup("<bdi>%s</bdi>") % text


def plain_text(cleaned: str) -> str:
    """Turn cleaned HTML into plain text, for places that take no markup (feeds, summaries)."""
    spaced = cleaned.replace("<br>", "\n").replace("</p>", "</p>\n\n").replace("</li>", "</li>\n")
    text = html.unescape(bleach.clean(spaced, tags=set(), strip=True))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def editable_text(cleaned: str) -> str:
    """Turn cleaned HTML back into what a youth worker typed: blank lines instead of simple paragraphs."""
    text = cleaned.replace("</p><p>", "\n\n").replace("<br>", "\n")
    if text.startswith("<p>") and text.endswith("</p>") and "<p>" not in text[3:]:
        text = text[3:-4]
    return html.unescape(text)  # "Spiel &amp; Spaß" is edited as "Spiel & Spaß"; saving cleans it again


# Control characters (except tab and newline) have no place in anything a person types, and
# PostgreSQL refuses NUL in text columns.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Bidi overrides and isolates turn text around on screen ("moc.live" read backwards); zero-width
# spaces and joiners of words hide them from the moderator's detector. None belongs in anything typed
# here. Kept: the zero-width (non-)joiner U+200C/U+200D, which Persian words and emoji need.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_control(value: str) -> str:
    """Remove control characters other than tab and newline, bidi controls and zero-width characters;
    turn CRLF into LF."""
    return _INVISIBLE.sub("", _CONTROL.sub("", value.replace("\r\n", "\n")))


def has_control(value: str) -> bool:
    """Say whether value contains a control character other than tab, CR or LF."""
    return bool(_CONTROL.search(value.replace("\r", "")))
