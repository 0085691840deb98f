"""Administrators manage organisations and staff accounts."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from participation.admin import services
from participation.admin.forms import KIND_LABELS, ROLE_LABELS, EditUserForm, OrganisationForm, UserForm
from participation.admin.models import Organisation, OrganisationKind
from participation.audit.services import recent_events
from participation.auth.decorators import role_required
from participation.auth.models import Role, User
from participation.extensions import db
from participation.text import page_number

bp = Blueprint("admin", __name__, url_prefix="/team/admin")


@bp.context_processor
def labels():
    return {"KIND_LABELS": KIND_LABELS, "ROLE_LABELS": ROLE_LABELS}


@bp.route("/organisationen", methods=["GET", "POST"])
@role_required("admin")
def organisations():
    """List organisations and create a new one."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            services.create_organisation(name=form.name.data, kind=OrganisationKind(form.kind.data),
                                         is_active=form.is_active.data)
        except services.OrganisationExists:
            form.name.errors.append(_("An organisation with this name exists already."))
        else:
            db.session.commit()
            flash(_("Organisation created."), "success")
            return redirect(url_for(".organisations"))
    return render_template("admin/organisations.html", form=form, organisations=services.all_organisations())


@bp.route("/organisationen/<int:organisation_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_organisation(organisation_id: int):
    """Rename, re-classify or deactivate an organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(data={"name": organisation.name, "kind": organisation.kind.value,
                                  "is_active": organisation.is_active})
    if form.validate_on_submit():
        try:
            services.update_organisation(organisation, name=form.name.data, kind=OrganisationKind(form.kind.data),
                                         is_active=form.is_active.data)
        except services.OrganisationExists:
            form.name.errors.append(_("An organisation with this name exists already."))
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for(".organisations"))
    return render_template("admin/organisation.html", form=form, organisation=organisation)


def _user_form(data: dict | None = None, form_class=UserForm) -> UserForm:
    form = form_class(data=data)
    choices = [SelectChoice(o.id, o.name) for o in services.all_organisations()]
    form.organisations.choices = choices
    form.moderated.choices = choices
    return form


def _chosen_organisations(form: UserForm) -> list[Organisation]:
    return [db.session.get(Organisation, oid) for oid in form.organisations.data]


@bp.route("/konten")
@role_required("admin")
def users():
    """List staff accounts."""
    return render_template("admin/users.html", users=services.all_users())


@bp.route("/konten/neu", methods=["GET", "POST"])
@role_required("admin")
def new_user():
    """Create a staff account."""
    form = _user_form()
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("Please set a password."))
        else:
            try:
                user = services.create_user(email=form.email.data, password=form.password.data,
                                            role=Role(form.role.data), organisations=_chosen_organisations(form),
                                            is_active=form.is_active.data)
                services.set_moderator_rights(user, set(form.moderated.data))
            except services.AccountExists:
                form.email.errors.append(_("An account with this e-mail address exists already."))
            else:
                db.session.commit()
                flash(_("Account created."), "success")
                return redirect(url_for(".users"))
    return render_template("admin/user.html", form=form, account=None)


@bp.route("/konten/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int):
    """Change a staff account's role, organisations, activity or password."""
    account = db.get_or_404(User, user_id)
    form = _user_form({"role": account.role.value, "is_active": account.is_active_account,
                       "organisations": [o.id for o in account.organisations],
                       "moderated": sorted(services.moderator_rights(account))}, EditUserForm)
    if form.validate_on_submit():
        if account.id == current_user.id and (form.role.data != Role.admin.value or not form.is_active.data):
            flash(_("You cannot remove your own administrator rights or deactivate yourself."), "error")
            return render_template("admin/user.html", form=form, account=account)
        services.update_user(account, role=Role(form.role.data), organisations=_chosen_organisations(form),
                             is_active=form.is_active.data, password=form.password.data or None)
        services.set_moderator_rights(account, set(form.moderated.data))
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for(".users"))
    return render_template("admin/user.html", form=form, account=account)


@bp.route("/protokoll")
@role_required("admin")
def audit_log():
    """Who moderated or published what, and when (no copies of young people's text)."""
    page = page_number(request.args.get("seite"))
    events, total = recent_events(page=page)
    return render_template("admin/audit_log.html", events=events, page=page, pages=max(1, -(-total // 50)))
