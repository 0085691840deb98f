"""Administrators manage organisations and staff accounts, and read the audit log."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from participation.accounts import services
from participation.accounts.models import Organisation, User
from participation.admin import services as audited
from participation.admin.audit_log import AuditFilterForm, describe
from participation.admin.forms import EditUserForm, OrganisationForm, UserForm
from participation.audit.services import last_event, recent_events
from participation.auth.decorators import role_required
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.offers.retention import due_offers, lingering_concerns, next_purge_date
from participation.roles import ADMINS, Role
from participation.timeutil import local_today

bp = Blueprint("admin", __name__, url_prefix="/team/admin")


def _save_organisation(form: OrganisationForm, organisation: Organisation | None = None) -> bool:
    """Create (or change) an organisation from the form and commit; False when the name is taken."""
    values = {
        "name": form.name.data,
        "kind": OrganisationKind(form.kind.data),
        "is_active": form.is_active.data,
        "actor": current_user,
        "profile": services.OrganisationProfile(  # issue 14: shown on the network page
            stadtbezirk=form.stadtbezirk.data or None,
            contact_email=form.contact_email.data or "",
            contact_phone=form.contact_phone.data or "",
            website=form.website.data or "",
        ),
    }
    try:
        if organisation is None:
            audited.create_organisation(**values)
        else:
            audited.update_organisation(organisation, **values)
    except services.OrganisationExists:
        form.name.errors.append(_("An organisation with this name exists already."))
        return False
    db.session.commit()
    return True


@bp.route("/organisationen", methods=["GET", "POST"])
@role_required(ADMINS)
def organisations():
    """List organisations and create a new one."""
    form = OrganisationForm()
    if form.validate_on_submit() and _save_organisation(form):
        flash(_("Organisation created."), "success")
        return redirect(url_for(".organisations"))
    return render_template("admin/organisations.html", form=form, organisations=services.all_organisations())


@bp.route("/organisationen/<int:organisation_id>", methods=["GET", "POST"])
@role_required(ADMINS)
def edit_organisation(organisation_id: int):
    """Rename, re-classify or deactivate an organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit() and _save_organisation(form, organisation):
        flash(_("Changes saved."), "success")
        return redirect(url_for(".organisations"))
    return render_template("admin/organisation.html", form=form, organisation=organisation)


def _user_form(form_class=UserForm, **data) -> UserForm:
    form = form_class(**data)
    choices = [SelectChoice(o.id, o.name) for o in services.all_organisations()]
    form.organisations.choices = choices
    form.moderated.choices = choices
    return form


def _account_fields(form: UserForm) -> services.AccountFields:
    reset = getattr(form, "reset_second_factor", None)  # only on the edit form
    return services.AccountFields(
        role=Role(form.role.data),
        organisations=[db.session.get(Organisation, oid) for oid in form.organisations.data],
        moderated=set(form.moderated.data),
        is_active=form.is_active.data,
        password=form.password.data or None,
        reset_second_factor=bool(reset and reset.data),
    )


@bp.route("/konten")
@role_required(ADMINS)
def users():
    """List staff accounts."""
    return render_template("admin/users.html", users=services.all_users())


@bp.route("/konten/neu", methods=["GET", "POST"])
@role_required(ADMINS)
def new_user():
    """Create a staff account."""
    form = _user_form()
    if form.validate_on_submit():
        try:
            audited.open_account(form.email.data, _account_fields(form), actor=current_user)
        except services.PasswordRequired:
            form.password.errors.append(_("Please set a password."))
        except services.AccountExists:
            form.email.errors.append(_("An account with this e-mail address exists already."))
        else:
            db.session.commit()
            flash(_("Account created."), "success")
            return redirect(url_for(".users"))
    return render_template("admin/user.html", form=form, account=None)


@bp.route("/konten/<int:user_id>", methods=["GET", "POST"])
@role_required(ADMINS)
def edit_user(user_id: int):
    """Change a staff account's role, organisations, activity or password."""
    account = db.get_or_404(User, user_id)
    form = _user_form(EditUserForm, obj=account, moderated=sorted(services.moderator_rights(account)))
    if form.validate_on_submit():
        try:
            audited.change_account(account, _account_fields(form), actor=current_user)
        except services.SelfLockout:
            flash(_("You cannot remove your own administrator rights or deactivate yourself."), "error")
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for(".users"))
    return render_template("admin/user.html", form=form, account=account)


@bp.route("/aufbewahrung")
@role_required(ADMINS)
def retention():
    """How long answers are kept, when the next ones go, and what the last purge removed."""
    days = current_app.config["RETENTION_DAYS"]
    today = local_today()
    return render_template(
        "admin/retention.html",
        days=days,
        concern_days=current_app.config["CONCERN_RETENTION_DAYS"],  # issue 14: Kinderschutz
        lingering=lingering_concerns(today, current_app.config["CONCERN_RETENTION_DAYS"]),
        next_date=next_purge_date(today, days),
        due=len(due_offers(today, days)),
        last=last_event("data.purge"),
    )


@bp.route("/protokoll")
@role_required(ADMINS)
def audit_log():
    """Who moderated, published or changed what, and when, in sentences; filters by action, account and
    period (no copies of young people's text)."""
    form = AuditFilterForm(formdata=request.args)
    events = recent_events(request.args.get("seite"), **form.wanted())
    return render_template(
        "admin/audit_log.html", form=form, events=events, lines=describe(events.items), args=form.as_args()
    )
