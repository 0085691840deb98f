"""The public link behind each QR code, /q/<code>: the answer form while an offer is open, then its
results. No login, no JavaScript needed, no personal data."""

from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.datastructures import MultiDict

from participation.answers import services
from participation.extensions import csrf, db
from participation.guards import allow_control_characters
from participation.i18n import chosen_language
from participation.link import cache
from participation.offers.access import public_offer
from participation.offers.content_translations import for_request
from participation.offers.models import Offer
from participation.offers.qr import qr_png, qr_svg
from participation.offers.services import normalise_code
from participation.results.public import public_results
from participation.timeutil import local_today, to_utc

bp = Blueprint("link", __name__)


def render_form(offer: Offer, *, form=None, errors=None, notice=None, status=200, csrf_slot=False):
    """Render the answer form, keeping whatever the young person already entered.

    With csrf_slot the token is left as a placeholder, so the page can be cached and filled per request.
    """
    slot = {"csrf_token": lambda: cache.CSRF_SLOT} if csrf_slot else {}
    return render_template(
        "link/give.html",
        offer=offer,
        loc=for_request(offer),
        values=form if form is not None else MultiDict(),
        errors=errors or {},
        notice=notice,
        field_name=services.field_name,
        dots_field_name=services.dots_field_name,
        **slot,
    ), status


def form_cache_key() -> tuple | None:
    """Key of this request's cached answer form, or None when the page must be rendered afresh."""
    if (
        not current_app.config["PUBLIC_PAGE_CACHE_SECONDS"]
        or request.query_string
        or "_flashes" in session
        or current_user.is_authenticated
    ):
        return None
    return request.path, chosen_language()


def with_token(html: str) -> str:
    """Fill this visitor's CSRF token into a cached form."""
    return html.replace(cache.CSRF_SLOT, generate_csrf())


def render_instead(offer: Offer, page: str):
    """The page the link shows instead of the form: results, not open (yet or any more), already answered."""
    loc = for_request(offer)
    if page == "results" and offer.outcome is not None:  # results are always published with a Rückmeldung
        results = public_results(offer, minimum=current_app.config["MIN_GROUP_SIZE"])
        updated_later = to_utc(offer.outcome.updated_at) > to_utc(offer.results_published_at)
        return render_template(
            "link/results.html", offer=offer, loc=loc, results=results, updated_later=updated_later
        )
    if page == "already":
        return render_template("link/already.html", offer=offer, loc=loc)
    return render_template("link/not_open.html", offer=offer, loc=loc, phase=offer.phase_on(local_today()))


def _page_for(offer: Offer) -> str:
    return services.link_page(offer, local_today(), services.answered_offers(session))


@bp.route("/")
def home():
    """A tiny start page where a code from a poster can be typed in."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for(".give", code=normalise_code(code)))
    return render_template("link/home.html")


@bp.route("/q/<code>", methods=["GET", "POST"])
@csrf.exempt  # checked in receive(), so that a failed check keeps the answers
@allow_control_characters  # the answer form strips them itself: a stray character must not cost an answer
def give(code: str):
    """Show the form of an open offer and store one submission per browser; later, its results."""
    if request.method == "POST":
        return receive(code)
    key = form_cache_key()
    cached = cache.forms.get(key) if key else None
    if cached is not None and cached.offer_id not in services.answered_offers(session):
        return with_token(cached.html)
    offer = public_offer(code, with_questions=True)
    page = _page_for(offer)
    if page != "form":
        return render_instead(offer, page)
    if key is None:
        return render_form(offer)
    html, _status = render_form(offer, csrf_slot=True)
    cache.forms.put(key, offer.id, html, current_app.config["PUBLIC_PAGE_CACHE_SECONDS"])
    return with_token(html)


def receive(code: str):
    """Check and store one answer form: one query for the offer, the questions from the cache."""
    offer = public_offer(code)
    page = _page_for(offer)
    if page != "form":
        return render_instead(public_offer(code, with_questions=True), page)
    try:
        if current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
    except CSRFError:
        return csrf_failed(code)
    parsed = services.parse_form(cache.published_questions(offer), request.form)
    if not parsed.is_valid:
        return render_form(
            public_offer(code, with_questions=True), form=request.form, errors=parsed.errors, status=422
        )
    try:
        services.submit(offer, parsed, answered=services.answered_offers(session))
    except services.OfferNotOpen:  # the offer closed between loading and saving (e.g. at midnight)
        return render_instead(offer, "not_open")
    except services.AlreadyAnswered:
        return render_instead(offer, "already")
    offer_id, code = offer.id, offer.code  # read before commit: afterwards they would reload the offer
    db.session.commit()
    services.remember_answered(session, offer_id)
    return redirect(url_for(".thanks", code=code))


def csrf_failed(code: str):
    """Re-render the form with the answers kept; a lost session must not lose an answer."""
    notice = _(
        "Sorry, your page was open for a long time, so we could not send it safely. "
        "Your answers are still here: please press “Send” again."
    )
    return render_form(public_offer(code, with_questions=True), form=request.form, notice=notice, status=400)


@bp.route("/q/<code>/danke")
def thanks(code: str):
    """Thank the young person and say when and where results will be shown."""
    offer = public_offer(code, with_questions=True)
    return render_template("link/thanks.html", offer=offer, loc=for_request(offer))


@bp.route("/q/<code>/qr.svg")
def qr_code_svg(code: str):
    """The offer's QR code as SVG, for screens and scalable print."""
    offer = public_offer(code)
    return Response(qr_svg(url_for(".give", code=offer.code, _external=True)), mimetype="image/svg+xml")


@bp.route("/q/<code>/qr.png")
def qr_code_png(code: str):
    """The offer's QR code as a PNG of at least 1000 px, for print shops and documents."""
    offer = public_offer(code)
    return Response(qr_png(url_for(".give", code=offer.code, _external=True)), mimetype="image/png")
