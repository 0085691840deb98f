"""Public pages about offers: the directory with filters, one page per offer, and an Atom feed."""

from flask import Blueprint, Response, abort, render_template, request

from participation.directory import services
from participation.i18n import chosen_language
from participation.offers.services import normalise_code, phase
from participation.offers.translations import for_request, title_in_request_language, titles
from participation.offers.vocabulary import AGE_GROUP_LABELS, FORMAT_LABELS, GOAL_LABELS
from participation.places import grouped_by_stadtbezirk
from participation.text import page_number
from participation.timeutil import iso_utc, local_today, utcnow

bp = Blueprint("directory", __name__, url_prefix="/angebote")
bp.add_app_template_filter(iso_utc)


@bp.route("/")
def index():
    """Open offers and offers with results, filtered by the query string (works without JavaScript)."""
    filters = services.Filters.from_args(request.args)
    offers, total, page, pages = services.directory_page(filters, page=page_number(request.args.get("seite")),
                                                         today=local_today())
    translated = titles(offers, chosen_language())
    return render_template("directory/index.html", offers=offers, total=total, page=page, pages=pages,
                           filters=filters, today=local_today(), phase=phase, options=_filter_options(),
                           offer_title=lambda offer: title_in_request_language(offer, translated))


def _filter_options() -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter as (URL value, label) pairs."""
    def pairs(labels):
        return [(member.value, label) for member, label in labels.items()]

    return {
        "stadtbezirk": [(members[0].stadtbezirk_code, name) for name, members in grouped_by_stadtbezirk()],
        "age_group": pairs(AGE_GROUP_LABELS), "format": pairs(FORMAT_LABELS), "goal": pairs(GOAL_LABELS),
    }


@bp.route("/<code>")
def detail(code: str):
    """What, for whom, where, until when, what can be decided, status, and the way to the results."""
    offer = services.public_offer_by_code(normalise_code(code))
    if offer is None:
        abort(404)
    return render_template("directory/detail.html", offer=offer, loc=for_request(offer), phase=phase(offer, local_today()))


@bp.route("/feed.atom")
def feed():
    """Newly opened offers and newly published results as an Atom feed."""
    entries = services.feed_entries(local_today())
    xml = render_template("directory/feed.xml", entries=entries, now=utcnow())
    return Response(xml, mimetype="application/atom+xml")
