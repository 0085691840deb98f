"""The kiosk on a shared device, /k/<token>: the answer form of one offer for one young person after
another (a tablet on the youth club's counter).

Unlike the offer's own link it never shows "already answered" (the browser's answered flag is neither
read nor set), limits answers per kiosk link rather than per address, and stores them with the channel
kiosk. Nothing of a child's answers stays for the next one: the form is sent with autocomplete off, a
sent form is answered with a 303 to the thank-you page, which returns to an empty form after
KIOSK_RESET_SECONDS, and no kiosk page may be kept by the browser (Cache-Control: no-store, so the
Back button cannot bring a filled form back from the back/forward cache).

Whether the kiosk link still works is checked in the database on every request: a revoked or expired
link stops at once. A form sent to an ended link is not stored (the link was ended on purpose, perhaps
because the tablet went missing): the young person sees the ended page, which says so plainly.
"""

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from participation.answers import kiosk as kiosk_links
from participation.answers.models import KioskLink
from participation.answers.services import link_page
from participation.enums import Channel
from participation.extensions import DATABASE_UNAVAILABLE, csrf, db
from participation.guards import allow_control_characters, checks_origin_itself
from participation.link.views import AnswerPath, bp, receive, render_instead, send_again
from participation.offers.access import public_offer
from participation.offers.content_translations import for_request
from participation.offers.models import Offer
from participation.throttle import hashed_key
from participation.timeutil import local_today


class KioskEnded(Exception):
    """The kiosk link is unknown, revoked or expired."""

    def __init__(self, known: bool):
        super().__init__(known)
        self.known = known


def _active_link(token: str) -> KioskLink:
    link = kiosk_links.find_active(token)
    if link is None:
        raise KioskEnded(known=kiosk_links.exists(token))
    return link


def _offer_of(link: KioskLink, *, with_questions: bool = False) -> Offer:
    """The kiosk's offer if anyone may see it (published, of an active organisation), else 404."""
    code = db.session.scalar(select(Offer.code).where(Offer.id == link.offer_id))
    if code is None:
        abort(404)
    return public_offer(code, with_questions=with_questions)


def _too_many_from_kiosk() -> str:
    return _(
        "Very many answers came from this tablet just now. Your answers are still here: "
        "please wait a minute and press “Send” again."
    )


def kiosk_path(token: str) -> AnswerPath:
    """The kiosk's answer path; raises KioskEnded unless the link works (checked once per request)."""
    link = _active_link(token)
    return AnswerPath(
        load=lambda with_questions=False: _offer_of(link, with_questions=with_questions),
        answered=set(),  # a shared device: every child answers
        channel=Channel.kiosk,
        limits=current_app.config["KIOSK_LIMITS"],
        limit_key=lambda _offer: hashed_key("kiosk", link.token_hash),
        done=lambda _offer_id, _code: redirect(url_for("link.kiosk_thanks", token=token), 303),
        too_many_notice=_too_many_from_kiosk,
        action=url_for("link.kiosk", token=token),
        kiosk=True,
    )


def _no_store(result):
    """Make a response that no browser cache (nor the back/forward cache) may keep."""
    response = make_response(result)
    response.headers["Cache-Control"] = "no-store"
    return response


def ended(error: KioskEnded, *, posted: bool = False):
    """The friendly page of an ended (or unknown) kiosk link, in the young person's language."""
    page = render_template("link/kiosk_ended.html", posted=posted)
    return _no_store((page, 410 if error.known else 404))


@bp.route("/k/<token>", methods=["GET", "POST"])
@csrf.exempt  # checked in receive(), so that a failed check keeps the answers
@checks_origin_itself
@allow_control_characters
def kiosk(token: str):
    """The empty answer form for the next young person; a sent form is stored with the channel kiosk."""
    try:
        path = kiosk_path(token)
        if request.method == "POST":
            return _no_store(receive(path))
        offer = path.load(with_questions=True)
        page = link_page(offer, local_today(), path.answered)
        return _no_store(render_instead(offer, page) if page != "form" else path.form(offer))
    except KioskEnded as error:
        return ended(error, posted=request.method == "POST")
    except DATABASE_UNAVAILABLE:
        db.discard_session()
        if request.method != "POST":
            raise  # the error page for an outage (errors.py)
        notice = _(
            "We could not save your answers just now. They are all still here: please press “Send” again."
        )
        page = send_again(url_for("link.kiosk", token=token), notice)
        return _no_store((page, 503, {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])}))


@bp.route("/k/<token>/danke")
def kiosk_thanks(token: str):
    """Thank the young person, then back to an empty form for the next one: static/js/kiosk.js counts
    KIOSK_RESET_SECONDS down (it can be stopped) and replaces the history entry, so that Back leads to no
    filled form; without JavaScript the "Next person" link. No <meta refresh>: it fails WCAG 2.2.1."""
    try:
        link = _active_link(token)
    except KioskEnded as error:
        return ended(error)
    offer = _offer_of(link)
    page = render_template(
        "link/kiosk_thanks.html",
        offer=offer,
        loc=for_request(offer),
        form_url=url_for("link.kiosk", token=token),
        kiosk_home=url_for("link.kiosk", token=token),
        seconds=current_app.config["KIOSK_RESET_SECONDS"],
    )
    return _no_store(page)
