"""Loading offers for a request: public_offer() for everyone, managed_offer() for staff (the role check
is @role_required), and offer_action() for the status changes of an offer, each behind a confirmation
page that says what will happen."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import contains_eager, selectinload
from wtforms.fields.choices import SelectChoice

from participation.accounts.models import Organisation, User
from participation.accounts.services import all_organisations
from participation.extensions import db
from participation.fields import EmptyForm
from participation.guards import UNSAFE_METHODS
from participation.offers.models import Offer, Question
from participation.offers.services import CODE_PATTERN, normalise_code, public_offer_query
from participation.roles import ADMINS


def organisation_choices(user: User) -> list[SelectChoice]:
    """The organisation select of a new offer: the active organisations the user may make offers for
    (all for administrators, else their own)."""
    organisations: list[Organisation] = all_organisations() if user.has_role(ADMINS) else user.organisations
    return [SelectChoice(o.id, o.name) for o in organisations if o.is_active]


def public_offer(code: str, *, with_questions: bool = False) -> Offer:
    """Load a published offer of an active organisation by its code (as typed), with its questions and
    options (3 queries) or without (1 query), always with its organisation, or answer 404."""
    code = normalise_code(code)
    if not CODE_PATTERN.fullmatch(code):
        abort(404)  # also keeps control characters away from the database
    query = public_offer_query(code).options(contains_eager(Offer.organisation))  # its name is on the page
    if with_questions:
        query = query.options(selectinload(Offer.questions).selectinload(Question.options))
    offer = db.session.scalar(query)
    if offer is None:
        abort(404)
    return offer


def managed_offer(offer_id: int) -> Offer:
    """Load an offer the current user manages: 404 if missing, 403 if another organisation's, and 403
    for every change (any POST) to an offer of a deactivated organisation, which is read-only."""
    offer = db.get_or_404(Offer, offer_id)
    if not current_user.can_manage(offer.organisation_id):
        abort(403)
    if request.method in UNSAFE_METHODS and not current_user.can_change(offer.organisation):
        abort(403)
    return offer


def apply_to_offer(
    offer: Offer, call: Callable[[], object], success: str, refusals: dict[type[Exception], object]
):
    """Run a service call on an offer: commit and say so, or say why the service refused; back to it.
    A refusal is a message, or a function of the error that words it (say what is missing)."""
    try:
        call()
    except tuple(refusals) as error:
        message = refusals[type(error)]
        flash(str(message(error) if callable(message) else message), "error")  # lazy strings are not callable
    else:
        db.session.commit()
        flash(str(success), "success")
    return redirect(url_for("offers.detail", offer_id=offer.id))


@dataclass
class Confirmation:
    """What a confirmation page says before a step that cannot simply be taken back (no JavaScript)."""

    heading: str
    consequences: list[str]  # what will happen, one sentence each
    button: str
    warnings: list[str] = field(default_factory=list)  # shown first, e.g. "no numbers will be shown"
    blockers: list[str] = field(default_factory=list)  # why the step would be refused: then no button
    danger: bool = False  # the step destroys something: a red button


def confirmation_page(offer: Offer, confirmation: Confirmation, form=None, status: int = 200):
    """Render the confirmation page; form: the form with the step's own fields (else just a token)."""
    return (
        render_template(
            "offers/confirm.html", offer=offer, confirmation=confirmation, form=form or EmptyForm()
        ),
        status,
    )


def offer_action(
    offer_id: int,
    action: Callable,
    success: str,
    refusals: dict[type[Exception], str],
    confirm: Callable[[Offer], Confirmation],
):
    """A status change of a managed offer: GET shows confirm(offer), the confirmed POST runs
    action(offer, actor=current user) through apply_to_offer()."""
    offer = managed_offer(offer_id)
    if request.method == "GET":
        return confirmation_page(offer, confirm(offer))
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("offers.detail", offer_id=offer.id))
    return apply_to_offer(offer, partial(action, offer, actor=current_user), success, refusals)
