"""Administrators name each organisation's Kinderschutz contact (issue 14), on the organisation's page.

Its routes live on the admin blueprint (imported by the app factory, like link.kiosk_views)."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from participation.accounts.models import Organisation, User
from participation.admin.views import bp
from participation.auth.decorators import role_required
from participation.extensions import db
from participation.moderation import kinderschutz
from participation.roles import ADMINS


class ContactForm(FlaskForm):
    contact = SelectField(
        _l("Kinderschutz contact"),
        description=_l(
            "Reads the Kinderschutz queue of this organisation: answers that suggest a child may be in "
            "danger. Without a contact only administrators see them."
        ),
        invalid_choice_message=_l("Please choose a member of the organisation."),
    )


def contact_form(organisation: Organisation, **kwargs) -> ContactForm:
    form = ContactForm(**kwargs)
    form.contact.choices = [("", _("nobody named"))] + [
        (str(user.id), user.email) for user in kinderschutz.contact_choices(organisation)
    ]
    if "formdata" in kwargs and kwargs["formdata"] is None:
        form.contact.data = str(organisation.child_protection_contact_id or "")
    return form


@bp.app_context_processor
def _contact_form():
    return {"kinderschutz_contact_form": lambda organisation: contact_form(organisation, formdata=None)}


@bp.route("/organisationen/<int:organisation_id>/kinderschutz", methods=["POST"])
@role_required(ADMINS)
def child_protection_contact(organisation_id: int):
    """Name (or clear) the organisation's Kinderschutz contact."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = contact_form(organisation)
    if not form.validate_on_submit():
        for error in form.contact.errors or [_("Please try again.")]:
            flash(str(error), "error")
        return redirect(url_for(".edit_organisation", organisation_id=organisation.id))
    contact = db.session.get(User, int(form.contact.data)) if form.contact.data else None
    if contact is not None and contact not in kinderschutz.contact_choices(organisation):
        abort(400)
    kinderschutz.set_contact(organisation, contact, actor=current_user)
    db.session.commit()
    flash(_("Kinderschutz contact saved."), "success")
    return redirect(url_for(".edit_organisation", organisation_id=organisation.id))
