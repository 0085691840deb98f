"""Staff write the Rückmeldung of a closed offer and publish its results at the public link."""

from functools import partial

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from participation.answers.staff_view import staff_answers
from participation.answers.tallies import participant_count
from participation.auth.decorators import role_required
from participation.offers.access import Confirmation, apply_to_offer, managed_offer, offer_action
from participation.results import exports, services
from participation.results.forms import OutcomeForm
from participation.results.public import public_results
from participation.roles import OFFER_MANAGERS
from participation.timeutil import local_today

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


def _confirm_publish(offer) -> Confirmation:
    minimum = current_app.config["MIN_GROUP_SIZE"]
    participants = participant_count(offer.id)
    warnings = []
    if participants < minimum:
        warnings.append(
            ngettext(
                "Only %(num)d young person answered, fewer than %(minimum)d: to protect them, the results "
                "page will show no numbers at all, only your Rückmeldung.",
                "Only %(num)d young people answered, fewer than %(minimum)d: to protect them, the results "
                "page will show no numbers at all, only your Rückmeldung.",
                participants,
                minimum=minimum,
            )
        )
    return Confirmation(
        _("Publish the results of “%(title)s”?", title=offer.title),
        [
            _("The link and the QR code then show your Rückmeldung and the results to everyone."),
            _("This cannot be undone, and the offer can no longer be reopened."),
            _("You can still correct the Rückmeldung later; the page then says when it was updated."),
        ],
        _("Yes, publish the results"),
        warnings=warnings,
    )


@bp.route("/<int:offer_id>/ergebnisse-veroeffentlichen", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def publish(offer_id: int):
    """Publish the Rückmeldung and the results at the offer's public link, after a confirmation page
    that warns when too few answered for any numbers to be shown."""
    return offer_action(
        offer_id, services.publish_results, RESULTS_PUBLISHED, PUBLISH_REFUSED, _confirm_publish
    )


@bp.route("/<int:offer_id>/zahlen.<fmt>")
@role_required(OFFER_MANAGERS)
def download(offer_id: int, fmt: str):
    """The offer's tallies as CSV or XLSX, as far as the offer page shows them."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    offer = managed_offer(offer_id)
    if offer.is_draft:
        abort(404)
    today = local_today()
    answers = staff_answers(offer, current_user, today)
    headers = {
        "Content-Disposition": f'attachment; filename="mitreden-{offer.code}-{today.isoformat()}.{fmt}"'
    }
    if fmt == "csv":
        return Response(exports.as_csv(offer, answers, today), mimetype="text/csv", headers=headers)
    return Response(
        exports.as_xlsx(offer, answers, today),
        headers=headers,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/<int:offer_id>/aushang")
@role_required(OFFER_MANAGERS)
def sheet(offer_id: int):
    """A printable A4 sheet for the youth club's wall: the Rückmeldung, the protected results (as the
    public page shows them) and the QR code to the results."""
    offer = managed_offer(offer_id)
    # Only once answering has ended (a reopened offer's live figures would show each new answer).
    if offer.outcome is None or offer.phase_on(local_today()) != "closed":
        abort(404)
    results = public_results(offer, minimum=current_app.config["MIN_GROUP_SIZE"])
    return render_template("results/sheet.html", offer=offer, results=results)
