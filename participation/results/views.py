"""Staff write the Rückmeldung of a closed offer and publish its results at the public link."""

from functools import partial

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.auth.decorators import role_required
from participation.offers.access import apply_to_offer, managed_offer, offer_action
from participation.results import services
from participation.results.forms import OutcomeForm
from participation.roles import OFFER_MANAGERS

bp = Blueprint("results", __name__, url_prefix="/team/angebote")

OUTCOME_SAVED = _l("Rückmeldung saved.")
OUTCOME_REFUSED = {services.NotClosed: _l("The Rückmeldung can be written once the offer has closed.")}
RESULTS_PUBLISHED = _l("Results published. The QR code now leads to them.")
PUBLISH_REFUSED = {
    services.NotClosed: _l("Results can be published once the offer has closed."),
    services.OutcomeMissing: _l("Please write the Rückmeldung first."),
}


@bp.route("/<int:offer_id>/rueckmeldung", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def outcome(offer_id: int):
    """Write the Rückmeldung: what was decided, next steps, who, by when."""
    offer = managed_offer(offer_id)
    form = OutcomeForm(obj=offer.outcome)
    if form.validate_on_submit():
        fields = services.OutcomeFields(
            decision=form.decision.data,
            next_steps=form.next_steps.data or "",
            responsible=form.responsible.data or "",
            due_on=form.due_on.data,
            message=form.message.data or "",
        )
        save = partial(services.save_outcome, offer, fields, actor=current_user)
        return apply_to_offer(offer, save, OUTCOME_SAVED, OUTCOME_REFUSED)
    return render_template("results/outcome.html", offer=offer, form=form)


@bp.route("/<int:offer_id>/ergebnisse-veroeffentlichen", methods=["POST"])
@role_required(OFFER_MANAGERS)
def publish(offer_id: int):
    """Publish the Rückmeldung and the results at the offer's public link."""
    return offer_action(offer_id, services.publish_results, RESULTS_PUBLISHED, PUBLISH_REFUSED)
