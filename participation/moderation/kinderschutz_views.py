"""The Kinderschutz queue's pages: for the organisation's designated contact and for administrators."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.auth.decorators import role_required
from participation.enums import ConcernStatus
from participation.extensions import db
from participation.labels import CONCERN_STATUS_CHOICES, CONCERN_STATUS_LABELS
from participation.moderation import kinderschutz
from participation.moderation.forms import ConcernStatusForm
from participation.roles import OFFER_MANAGERS

bp = Blueprint("kinderschutz", __name__, url_prefix="/team/kinderschutz")


@bp.app_context_processor
def _navigation():
    """Whether the staff navigation links the queue: for administrators and designated contacts."""

    def reads_kinderschutz_queue() -> bool:
        return current_user.is_authenticated and kinderschutz.contact_organisation_ids(current_user) != set()

    return {"reads_kinderschutz_queue": reads_kinderschutz_queue}


def _may_open_queue() -> None:
    if kinderschutz.contact_organisation_ids(current_user) == set():
        abort(403)


@bp.route("/")
@role_required(OFFER_MANAGERS)
def queue():
    """The concern answers of the organisations whose contact the user is, with the guide."""
    _may_open_queue()
    return _queue_page(ConcernStatusForm())


def _queue_page(form: ConcernStatusForm, refused: str | None = None, status: int = 200):
    """The queue; after a refused save the form comes back with what was typed, at its case."""
    return (
        render_template(
            "moderation/kinderschutz.html",
            cases=kinderschutz.cases(current_user),
            labels=CONCERN_STATUS_LABELS,
            choices=CONCERN_STATUS_CHOICES,
            form=form,
            refused=refused,
        ),
        status,
    )


@bp.route("/<string(minlength=8, maxlength=24):review_key>", methods=["POST"])
@role_required(OFFER_MANAGERS)
def case(review_key: str):
    """Set a case's status, with a note."""
    _may_open_queue()
    found = kinderschutz.find(review_key)
    if found is None:
        abort(404)
    answer, organisation_id = found
    if not kinderschutz.may_read(current_user, organisation_id):
        abort(403)
    form = ConcernStatusForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _queue_page(form, refused=review_key, status=422)
    try:
        kinderschutz.set_status(
            answer, status=ConcernStatus(form.status.data), note=form.note.data or "", actor=current_user
        )
    except kinderschutz.NoteRequired:
        flash(_("Please write a note: what was done, and who was consulted."), "error")
        return _queue_page(form, refused=review_key, status=422)
    db.session.commit()
    flash(_("Status saved."), "success")
    return redirect(url_for(".queue", _anchor=f"case-{review_key}"))
