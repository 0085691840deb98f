"""Staff write the Rückmeldung of a closed offer and publish its results at the public link."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.auth.decorators import role_required
from participation.extensions import db
from participation.offers.access import managed_offer, offer_action
from participation.results import services
from participation.results.forms import OutcomeForm
from participation.roles import OFFER_MANAGERS

bp = Blueprint("results", __name__, url_prefix="/team/angebote")


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
        try:
            services.save_outcome(offer, fields, actor=current_user)
        except services.NotClosed:
            flash(_("The Rückmeldung can be written once the offer has closed."), "error")
        else:
            db.session.commit()
            flash(_("Rückmeldung saved."), "success")
        return redirect(url_for("offers.detail", offer_id=offer.id))
    return render_template("results/outcome.html", offer=offer, form=form)


@bp.route("/<int:offer_id>/ergebnisse-veroeffentlichen", methods=["POST"])
@role_required(OFFER_MANAGERS)
def publish(offer_id: int):
    """Publish the Rückmeldung and the results at the offer's public link."""
    return offer_action(
        offer_id,
        lambda offer: services.publish_results(offer, actor=current_user),
        {
            services.NotClosed: _("Results can be published once the offer has closed."),
            services.OutcomeMissing: _("Please write the Rückmeldung first."),
        },
        _("Results published. The QR code now leads to them."),
    )
