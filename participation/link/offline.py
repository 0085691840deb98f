"""Texts of answering without a connection (static/js/sw.js): the answer page carries them in data
attributes of one hidden element, so the worker and the page script show them in the young person's
language without asking the server (there may be no server to ask)."""

from flask_babel import get_locale, ngettext


def waiting_texts() -> dict[str, str]:
    """ "3 answers are waiting to be sent" for each plural category of the page language (CLDR names,
    as the page script's Intl.PluralRules gives them), with %(num)d left for the script to fill in.

    Each category is rendered with its first number, so gettext picks that number's plural form."""
    rule = get_locale().plural_form
    samples: dict[str, int] = {}
    for n in range(200):  # covers every category of every language (Arabic's "many" starts at 11)
        samples.setdefault(rule(n), n)
    return {
        category: ngettext(
            "%(num)d answer is waiting to be sent.", "%(num)d answers are waiting to be sent.", n
        ).replace(str(n), "%(num)d", 1)
        for category, n in samples.items()
    }
