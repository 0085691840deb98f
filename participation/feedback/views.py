"""The public answer page behind each QR code. No login, no JavaScript needed, no personal data."""

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from participation.errors import render_error
from participation.extensions import db
from participation.feedback import cache, services
from participation.i18n import chosen_language
from participation.offers.models import Offer, Question
from participation.offers.qr import qr_png, qr_svg
from participation.offers.services import CODE_PATTERN, normalise_code, phase, public_offer_query
from participation.offers.translations import for_request
from participation.results.services import public_results
from participation.timeutil import local_today, to_utc

bp = Blueprint("feedback", __name__)


def public_offer(code: str, *, with_questions: bool = True) -> Offer:
    """Load a published offer of an active organisation, with its questions and options (3 queries) or
    without (1 query), or 404."""
    code = normalise_code(code)
    if not CODE_PATTERN.fullmatch(code):
        abort(404)  # also keeps control characters away from the database
    query = public_offer_query(code)
    if with_questions:
        query = query.options(selectinload(Offer.questions).selectinload(Question.options))
    offer = db.session.scalar(query)
    if offer is None:
        abort(404)
    return offer


def published_questions(offer: Offer) -> tuple[cache.QuestionSpec, ...]:
    """The offer's questions for checking an answer: from this process's cache, else 2 queries."""
    key = (offer.id, offer.code)
    specs = cache.questions.get(key)
    if specs is None:
        loaded = db.session.scalars(select(Question).where(Question.offer_id == offer.id)
                                    .options(selectinload(Question.options)).order_by(Question.position))
        specs = cache.questions.put(key, loaded)
    return specs


def answered_offers() -> set[int]:
    """Offers this browser has answered; kept in the session cookie, never linked to an answer."""
    return set(session.get("answered", []))


def render_form(offer: Offer, *, form=None, errors=None, notice=None, status=200, csrf_slot=False):
    """Render the answer form, keeping whatever the young person already entered.

    With csrf_slot the token is left as a placeholder, so the page can be cached and filled per request.
    """
    slot = {"csrf_token": lambda: cache.CSRF_SLOT} if csrf_slot else {}
    return render_template(
        "feedback/give.html", offer=offer, loc=for_request(offer), values=form if form is not None else MultiDict(),
        errors=errors or {}, notice=notice, field_name=services.field_name, dots_field_name=services.dots_field_name,
        **slot,
    ), status


def form_cache_key() -> tuple | None:
    """Key of this request's cached answer form, or None when the page must be rendered afresh."""
    if (not current_app.config["PUBLIC_PAGE_CACHE_SECONDS"] or request.query_string or "_flashes" in session
            or current_user.is_authenticated):
        return None
    return request.path, chosen_language()


def with_token(html: str) -> str:
    """Fill this visitor's CSRF token into a cached form."""
    return html.replace(cache.CSRF_SLOT, generate_csrf())


def render_not_open(offer: Offer):
    """The page for an offer that takes no answers today (not started yet, or closed)."""
    return render_template("feedback/not_open.html", offer=offer, loc=for_request(offer),
                           phase=phase(offer, local_today()))


def render_already(offer: Offer):
    return render_template("feedback/already.html", offer=offer, loc=for_request(offer))


def render_results(offer: Offer):
    """The results page: Rückmeldung first, then protected counts and approved quotes."""
    if offer.outcome is None:  # cannot happen through the app: results are published with a Rückmeldung
        return render_not_open(offer)
    results = public_results(offer, minimum=current_app.config["MIN_GROUP_SIZE"])
    updated_later = to_utc(offer.outcome.updated_at) > to_utc(offer.results_published_at)
    return render_template("results/public.html", offer=offer, loc=for_request(offer), results=results,
                           updated_later=updated_later)


def may_answer(offer: Offer) -> bool:
    """Whether this browser may answer the offer now (no query needed)."""
    return (not offer.results_published and phase(offer, local_today()) == "open"
            and offer.id not in answered_offers())


def closed_or_answered(offer: Offer):
    """Return the page to show instead of the form, or None when this browser may answer now."""
    if may_answer(offer):
        return None
    if offer.results_published:
        return render_results(offer)
    if phase(offer, local_today()) != "open":
        return render_not_open(offer)
    return render_already(offer)


@bp.route("/")
def home():
    """A tiny start page where a code from a poster can be typed in."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for(".give", code=normalise_code(code)))
    return render_template("feedback/home.html")


@bp.route("/q/<code>", methods=["GET", "POST"])
def give(code: str):
    """Show the form of an open offer and store one submission per browser; later, its results."""
    if request.method == "POST":
        return receive(code)
    key = form_cache_key()
    cached = cache.forms.get(key) if key else None
    if cached is not None and cached.offer_id not in answered_offers():
        return with_token(cached.html)
    offer = public_offer(code)
    instead = closed_or_answered(offer)
    if instead is not None:
        return instead
    if key is None:
        return render_form(offer)
    html, _status = render_form(offer, csrf_slot=True)
    cache.forms.put(key, offer.id, html, current_app.config["PUBLIC_PAGE_CACHE_SECONDS"])
    return with_token(html)


def receive(code: str):
    """Check and store one answer form: one query for the offer, the questions from the cache."""
    offer = public_offer(code, with_questions=False)
    if not may_answer(offer):
        return closed_or_answered(public_offer(code))
    parsed = services.parse_form(published_questions(offer), request.form)
    if not parsed.is_valid:
        return render_form(public_offer(code), form=request.form, errors=parsed.errors, status=422)
    try:
        services.submit(offer, parsed, answered=answered_offers())
    except services.OfferNotOpen:  # the offer closed between loading and saving (e.g. at midnight)
        return render_not_open(offer)
    except services.AlreadyAnswered:
        return render_already(offer)
    offer_id, code = offer.id, offer.code  # read before commit: afterwards they would reload the offer
    db.session.commit()
    session["answered"] = sorted(answered_offers() | {offer_id})
    return redirect(url_for(".thanks", code=code))


def csrf_failed(error):
    """Re-render the form with the answers kept; a lost session must not lose an answer."""
    try:
        offer = public_offer((request.view_args or {}).get("code", ""))
    except NotFound:
        return render_error(404)
    instead = closed_or_answered(offer)
    if instead is not None:
        return instead
    notice = _("Sorry, your page was open for a long time, so we could not send it safely. "
               "Your answers are still here: please press “Send” again.")
    return render_form(offer, form=request.form, notice=notice, status=400)


@bp.route("/q/<code>/danke")
def thanks(code: str):
    """Thank the young person and say when and where results will be shown."""
    offer = public_offer(code)
    return render_template("feedback/thanks.html", offer=offer, loc=for_request(offer))


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
