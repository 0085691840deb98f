"""The public link behind each QR code, /q/<code>: the answer form while an offer is open, then its
results. No login, no JavaScript needed, no personal data.

Every answer is stored once: each rendered form carries a random form id (answers.services), and a form
sent again (a double tap, a retry, a replayed cookie) is thanked like the first time. While the
database is away, the form comes back with every answer kept and a 503, from this process's snapshot
of the offer (link.cache), and the thank-you page needs no database either.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.datastructures import MultiDict

from participation.answers import codes, services
from participation.enums import Channel
from participation.extensions import DATABASE_UNAVAILABLE, csrf, db
from participation.guards import allow_control_characters, checks_origin_itself, is_cross_site
from participation.i18n import chosen_language
from participation.link import cache, offline
from participation.metrics import answer_accepted
from participation.offers.access import public_offer
from participation.offers.content_translations import OfferTexts, for_request
from participation.offers.models import Offer
from participation.offers.services import CODE_PATTERN, normalise_code
from participation.qr import qr_png, qr_svg
from participation.results.public import public_results
from participation.throttle import address_key, allow
from participation.timeutil import local_today, to_utc
from participation.urls import external_url

bp = Blueprint("link", __name__)
bp.add_app_template_global(offline.waiting_texts, "offline_waiting_texts")

CARD_FIELD = "karte"  # the one-time code from a printed card: in the card's link, then a hidden field


def card_from(values) -> str:
    """The one-time code a request carries, normalised like an offer's code ("" if none)."""
    return normalise_code(values.get(CARD_FIELD, "")[:40])


def render_form(
    offer: Offer,
    *,
    form=None,
    errors=None,
    notice=None,
    status=200,
    slots=False,
    loc=None,
    action=None,
    kiosk=False,
    card=None,
    card_error=None,
):
    """Render the answer form, keeping whatever the young person already entered (and its form id).

    With slots the CSRF token and the form id are left as placeholders, so the page can be cached and
    filled per request. loc: the offer's texts, when the caller has them (no query). action: where the
    form is sent (the offer's link by default); kiosk: a shared device, whose browser keeps no answers.
    card: the one-time code the form carries (an offer where everyone counts once; by default the one
    the form was sent with); card_error: why it was refused, and the form asks for another.
    """
    values = form if form is not None else MultiDict()
    if card is None and offer.requires_code:
        card = card_from(values)
    loc = loc or for_request(offer)
    if slots:
        per_request = {"csrf_token": lambda: cache.CSRF_SLOT, "form_id": cache.FORM_ID_SLOT}
    else:
        per_request = {"form_id": services.form_id_from(values) or services.new_form_id()}
    cache.snapshots.put(offer, loc.language, loc.texts)
    html = render_template(
        "link/give.html",
        offer=offer,
        loc=loc,
        values=values,
        errors=errors or {},
        notice=notice,
        field_name=services.field_name,
        dots_field_name=services.dots_field_name,
        form_action=action or url_for("link.give", code=offer.code),
        kiosk=kiosk,
        kiosk_home=action if kiosk else None,
        card=card if card and codes.looks_like_code(card) and not card_error else "",
        card_error=card_error,
        **per_request,
    )
    if offer.requires_code:
        g.holds_card = True
    return html, status


def form_cache_key(code: str) -> tuple | None:
    """Key of this request's cached answer form (one per offer and language, however the code was
    typed), or None when the page must be rendered afresh."""
    code = normalise_code(code)
    if (
        not current_app.config["PUBLIC_PAGE_CACHE_SECONDS"]
        or not CODE_PATTERN.fullmatch(code)
        or request.query_string
        or "_flashes" in session
        or current_user.is_authenticated
    ):
        return None
    return code, chosen_language()


def with_token(html: str) -> str:
    """Fill this visitor's CSRF token and a fresh form id into a cached form."""
    return html.replace(cache.CSRF_SLOT, generate_csrf()).replace(cache.FORM_ID_SLOT, services.new_form_id())


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


QUEUED_HEADER = "Mitreden-Queued"  # sent by static/js/sw.js with each answer it saved offline


def _answered() -> set[int]:
    """Offers this browser has answered, as far as the answer form cares. An answer from the offline
    queue (static/js/sw.js) may be one of many that several people gave on one device without a
    connection, so the browser's "already answered" note does not stop it: the form id still stores
    each of them once, and the rate limit per address still applies. (The note is only a cookie,
    which anybody can drop; it never was the protection against many answers.)"""
    if request.method == "POST" and request.headers.get(QUEUED_HEADER) == "1":
        return set()
    return services.answered_offers(session)


def _page_for(offer: Offer) -> str:
    return services.link_page(offer, local_today(), _answered())


def _snapshot_texts(snapshot: cache.Snapshot) -> OfferTexts:
    """The snapshot's offer texts in the request's language; German originals where it has none."""
    return for_request(snapshot.offer, texts=snapshot.texts.get(chosen_language(), {}))


@bp.route("/")
def home():
    """A tiny start page where a code from a poster can be typed in."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for(".give", code=normalise_code(code)))
    return render_template("link/home.html")


@bp.route("/sw.js")
def offline_worker():
    """The service worker that keeps the answer form and unsent answers on the device while there is no
    connection (static/js/sw.js). Served from the root so that it may take the scopes /q/ and /k/;
    no-cache: the browser asks for a new version each time it checks, so a fix reaches every device."""
    path = Path(current_app.static_folder) / "js" / "sw.js"
    response = Response(path.read_bytes(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/q/<code>", methods=["GET", "POST"])
@csrf.exempt  # checked in receive(), so that a failed check keeps the answers
@checks_origin_itself  # so does the cross-site check: a form from another site comes back empty
@allow_control_characters  # the answer form strips them itself: a stray character must not cost an answer
def give(code: str):
    """Show the form of an open offer and store one submission per form; later, its results."""
    if request.method == "POST":
        try:
            return receive(link_path(code))
        except DATABASE_UNAVAILABLE:
            db.discard_session()
            return answers_kept(code)
    key = form_cache_key(code)
    cached = cache.forms.get(key) if key else None
    if cached is not None and cached.offer_id not in services.answered_offers(session):
        return with_token(cached.html)
    try:
        return show(code, key)
    except DATABASE_UNAVAILABLE:
        db.discard_session()
        snapshot = cache.snapshots.get(normalise_code(code))
        if snapshot is None or _page_for(snapshot.offer) != "form":
            raise  # the error page for an outage (errors.py)
        return render_form(snapshot.offer, loc=_snapshot_texts(snapshot))


def show(code: str, key: tuple | None):
    """The link's page from the database: the form (cached when it may be), or what it shows instead."""
    offer = public_offer(code, with_questions=True)
    page = _page_for(offer)
    if page != "form":
        return render_instead(offer, page)
    if offer.requires_code:  # never cached: the form carries the card's code
        return card_entry(offer, card_from(request.args))
    if key is None:
        return render_form(offer)
    html, _status = render_form(offer, slots=True)
    cache.forms.put(key, offer.id, html, current_app.config["PUBLIC_PAGE_CACHE_SECONDS"])
    return with_token(html)


CARD_REFUSALS = {
    "used": _l(
        "This code has already been used. Each card counts once: please type the code from your own card."
    ),
    "unknown": _l("We do not know this code. Please check it on your card and type it again."),
    "missing": _l("Everyone counts once here: please type the code from your card."),
}


def card_entry(offer: Offer, card: str):
    """The link of an offer where everyone counts once: without a code a box to type the one from the
    card, with an unused code the answer form carrying it, with a used or unknown one the box again."""
    state = codes.state(offer.id, card) if card else "missing"
    if state == "unused":
        return render_form(offer, card=card)
    html = render_template(
        "link/card.html",
        offer=offer,
        loc=for_request(offer),
        error=None if state == "missing" else CARD_REFUSALS[state],
    )
    g.holds_card = True
    return html


@bp.after_request
def keep_no_card(response):
    """A page of an offer where everyone counts once may hold a one-time code: no browser or proxy
    keeps it (on a shared device, the next child must not find it in the cache)."""
    if g.get("holds_card"):
        response.headers["Cache-Control"] = "no-store"
    return response


def card_refused(path: "AnswerPath", card: str):
    """The form again, every answer kept, with a box for a (new) code and why this one was refused."""
    offer = path.load(with_questions=True)
    state = codes.state(offer.id, card) if card else "missing"
    error = CARD_REFUSALS["unknown" if state == "unused" else state]
    return path.form(offer, form=request.form, card_error=str(error), status=422)


@dataclass
class AnswerPath:
    """Where an answer form comes from and where it goes: the offer's own link (/q/<code>, one answer
    per browser) or a kiosk link (a shared tablet: no "already answered", limited per kiosk link)."""

    load: Callable[..., Offer]  # load(with_questions=...) -> the offer, or abort
    answered: set[int]  # offers this browser has answered (none for a kiosk)
    channel: Channel
    limits: str  # e.g. "60 per minute; 300 per hour"
    limit_key: Callable[[Offer], str]
    done: Callable[[int, str], Response]  # (offer id, code) -> the redirect to the thank-you page
    too_many_notice: Callable[[], str]
    action: str | None = None  # where the form is sent: the offer's link when None
    kiosk: bool = False

    def form(self, offer: Offer | None = None, **kwargs):
        """The form again (by default with the sent answers kept), for this path."""
        offer = offer or self.load(with_questions=True)
        return render_form(offer, action=self.action, kiosk=self.kiosk, **kwargs)


def _too_many_from_address() -> str:
    return _(
        "Very many answers came from your network just now. Your answers are still here: "
        "please wait a minute and press “Send” again."
    )


def link_path(code: str) -> AnswerPath:
    """The offer's own link: one answer per browser, limited per address."""
    return AnswerPath(
        load=lambda with_questions=False: public_offer(code, with_questions=with_questions),
        answered=_answered(),
        channel=Channel.qr,
        limits=current_app.config["ANSWER_LIMITS"],
        limit_key=lambda offer: address_key(f"answers:{offer.id}"),
        done=thanked,
        too_many_notice=_too_many_from_address,
    )


def receive(path: AnswerPath):
    """Check and store one answer form: one query for the offer, the questions from the cache."""
    offer = path.load()
    form_id = services.form_id_from(request.form)
    page = services.link_page(offer, local_today(), path.answered)
    if offer.requires_code and page == "form" and services.already_stored(form_id):
        return path.done(offer.id, offer.code)  # this very form came back: its code counted once
    if page == "already" and services.already_stored(form_id):
        return path.done(offer.id, offer.code)  # this very form came back: answer as the first time
    if page != "form":
        return render_instead(path.load(with_questions=True), page)
    if is_cross_site():
        return csrf_failed(path, keep=False)  # someone else's answers: never shown as this person's
    try:
        if current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
    except CSRFError:
        return csrf_failed(path)
    parsed = services.parse_form(cache.published_questions(offer), request.form)
    if not parsed.is_valid:
        return path.form(form=request.form, errors=parsed.errors, status=422)
    if not allow(path.limits, path.limit_key(offer)):
        return too_many(path)
    offer_id, code = offer.id, offer.code  # read before commit: afterwards they would reload the offer
    card = card_from(request.form) if offer.requires_code else None
    try:
        services.submit(
            offer,
            parsed,
            answered=path.answered,
            form_id=form_id,
            channel=path.channel,
            access_code=card if card and codes.looks_like_code(card) else None,
        )
    except services.CodeRefused:
        db.session.rollback()
        if services.already_stored(form_id):  # this very form, sent twice at once: the other one counted
            return path.done(offer_id, code)
        return card_refused(path, card)
    except services.OfferNotOpen:  # the offer closed between loading and saving (e.g. at midnight)
        return render_instead(offer, "not_open")
    except services.AlreadyAnswered:
        return render_instead(offer, "already")
    except services.AlreadyStored:
        return path.done(offer_id, code)
    db.session.commit()
    answer_accepted()
    return path.done(offer_id, code)


def thanked(offer_id: int, code: str):
    """Remember the answer in the browser and go to the thank-you page."""
    services.remember_answered(session, offer_id)
    return redirect(url_for(".thanks", code=code))


def answers_kept(code: str):
    """The form again, with every answer kept, when the database could not be reached: 503, send again.

    The form id stays, so sending again stores the answers once even if the first try was saved after
    all. Needs no database: the offer comes from this process's snapshot; without one, a page that
    sends the same answers again.
    """
    notice = _("We could not save your answers just now. They are all still here: please press “Send” again.")
    headers = {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])}
    snapshot = cache.snapshots.get(normalise_code(code))
    if snapshot is None:
        return send_again(url_for("link.give", code=normalise_code(code)), notice), 503, headers
    page, _status = render_form(
        snapshot.offer, form=request.form, notice=notice, loc=_snapshot_texts(snapshot)
    )
    return page, 503, headers


def send_again(action: str, notice: str) -> str:
    """A page that sends the same answers again to action (no offer needed, no database)."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    return render_template("link/send_again.html", action=action, fields=fields, notice=notice)


def csrf_failed(path: AnswerPath, *, keep: bool = True):
    """Re-render the form with the answers kept; a lost session must not lose an answer. A form sent
    from another site comes back empty, so that nobody can put answers into a young person's form."""
    if not keep:
        notice = _("This form was sent from another website, so we did not save it. Please answer here.")
        return path.form(notice=notice, status=403)
    notice = _(
        "Sorry, your page was open for a long time, so we could not send it safely. "
        "Your answers are still here: please press “Send” again."
    )
    return path.form(form=request.form, notice=notice, status=400)


def too_many(path: AnswerPath):
    """The form again, answers kept, when very many answers came in a short time (from one address,
    or from one kiosk)."""
    page, _status = path.form(form=request.form, notice=path.too_many_notice())
    return page, 429, {"Retry-After": "60"}


@bp.route("/q/<code>/danke")
def thanks(code: str):
    """Thank the young person and say when and where results will be shown (also while the database is
    away: the answer was stored before the young person was sent here)."""
    try:
        offer = public_offer(code, with_questions=True)
        loc = for_request(offer)
    except DATABASE_UNAVAILABLE:
        db.discard_session()
        snapshot = cache.snapshots.get(normalise_code(code))
        if snapshot is None:
            return render_template("link/thanks.html", offer=None, code=normalise_code(code))
        offer, loc = snapshot.offer, _snapshot_texts(snapshot)
    return render_template("link/thanks.html", offer=offer, loc=loc, code=offer.code)


@bp.route("/q/<code>/qr.svg")
def qr_code_svg(code: str):
    """The offer's QR code as SVG, for screens and scalable print."""
    offer = public_offer(code)
    return Response(qr_svg(external_url("link.give", code=offer.code)), mimetype="image/svg+xml")


@bp.route("/q/<code>/qr.png")
def qr_code_png(code: str):
    """The offer's QR code as a PNG of at least 1000 px, for print shops and documents."""
    offer = public_offer(code)
    return Response(qr_png(external_url("link.give", code=offer.code)), mimetype="image/png")
