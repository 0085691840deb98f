"""Public pages about offers: the directory with filters, one page per offer, and an Atom feed."""

from flask import Blueprint, Response, render_template, request

from participation.directory import network, services
from participation.i18n import chosen_language
from participation.labels import filter_choices
from participation.offers import quality
from participation.offers.access import public_offer
from participation.offers.content_translations import for_request, title_in_request_language, titles
from participation.timeutil import local_today, utcnow

bp = Blueprint("directory", __name__, url_prefix="/angebote")
network_bp = Blueprint("network", __name__, url_prefix="/netzwerk")  # issue 14


@network_bp.route("/", endpoint="index")
def network_page():
    """The organisations that run participation offers, with their Stadtbezirk, contact and open offers."""
    today = local_today()
    groups = network.members(today)
    offers = [offer for _kind, found in groups for member in found for offer in member.open_offers]
    translated = titles(offers, chosen_language())
    return render_template(
        "directory/network.html",
        groups=groups,
        today=today,
        offer_title=lambda offer: title_in_request_language(offer, translated),
    )


@bp.route("/")
def index():
    """Open offers and offers with results, filtered by the query string (works without JavaScript)."""
    filters = services.DirectoryFilters.from_args(request.args)
    pagination = services.directory_page(filters, request.args.get("seite"), today=local_today())
    translated = titles(pagination.items, chosen_language())
    return render_template(
        "directory/index.html",
        pagination=pagination,
        filters=filters,
        today=local_today(),
        choices=filter_choices("stadtbezirk", "age_group", "format", "goal"),
        offer_title=lambda offer: title_in_request_language(offer, translated),
    )


@bp.route("/<code>")
def detail(code: str):
    """What, for whom, where, until when, what can be decided, status, and the way to the results."""
    offer = public_offer(code)
    today = local_today()
    return render_template(
        "directory/detail.html",
        offer=offer,
        loc=for_request(offer),
        phase=offer.phase_on(today),
        promises=quality.checklist(offer, today).promises(),  # issue 14: what the checklist promises
    )


@bp.route("/feed.atom")
def feed():
    """Newly opened offers and newly published results as an Atom feed."""
    entries = services.feed_entries(local_today())
    xml = render_template("directory/feed.xml", entries=entries, now=utcnow())
    return Response(xml, mimetype="application/atom+xml")
