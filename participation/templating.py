"""Everything templates can use beyond a view's own variables, registered in one place."""

from types import SimpleNamespace

from babel.lists import format_list
from flask import Flask
from flask_babel import get_locale

from participation import i18n, roles
from participation.assets import asset_url
from participation.labels import TEMPLATE_GLOBALS as LABELS
from participation.places import grouped_by_stadtbezirk, ortsteil_name
from participation.sanitize import as_markup, isolated
from participation.timeutil import iso_utc
from participation.urls import external_url

# The role sets of participation.roles, for showing only the links a staff member may follow.
ROLES = SimpleNamespace(
    staff=roles.STAFF, offer_managers=roles.OFFER_MANAGERS, planners=roles.PLANNERS, admins=roles.ADMINS
)


def label_list(items, labels) -> str:
    """Labels of several items as one list in the page's language ("6–9 und 10–13", "6–9 و10–13")."""
    return format_list([str(labels[item]) for item in items], locale=get_locale() or "de")


def init_app(app: Flask) -> None:
    """Register the template globals (labels, places, languages, roles, assets) and filters."""
    app.jinja_env.globals.update(
        LABELS,
        ROLES=ROLES,
        ortsteil_name=ortsteil_name,
        ortsteil_groups=grouped_by_stadtbezirk,
        asset_url=asset_url,
        bdi=isolated,  # a user text (a title, a name) inside a sentence: bidi-isolated
        external_url=external_url,
        current_locale=get_locale,  # Flask-Babel 4 does not expose it
        language_names=i18n.LANGUAGE_NAMES,
        languages_here=i18n.languages_here,
        chosen_language=i18n.chosen_language,
        text_direction=i18n.text_direction,
        page_lang=i18n.page_lang,
        language_dir=i18n.direction_of,
        label_list=label_list,
    )
    app.jinja_env.filters["clean_html"] = (
        as_markup  # only for fields already cleaned by sanitize.clean_html()
    )
    app.jinja_env.filters["iso_utc"] = iso_utc
