from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from participation.admin.models import OrganisationKind
from participation.admin.services import MIN_PASSWORD_LENGTH
from participation.auth.models import Role
from participation.forms import CheckboxListField, choices_from

KIND_LABELS = {
    OrganisationKind.traeger: _l("Independent provider (Träger)"),
    OrganisationKind.amt: _l("Public office (Amt)"),
    OrganisationKind.school: _l("School"),
    OrganisationKind.youth_club: _l("Youth club"),
    OrganisationKind.other: _l("Other"),
}

ROLE_LABELS = {
    Role.youth_worker: _l("Youth worker"),
    Role.planner: _l("Planner"),
    Role.admin: _l("Administrator"),
}


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices_from(KIND_LABELS))
    is_active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=choices_from(ROLE_LABELS))
    organisations = CheckboxListField(_l("Organisations"), coerce=int, choices=[])
    moderated = CheckboxListField(_l("May moderate free text of"), coerce=int, choices=[],
                                  description=_l("Only for organisations the person belongs to."))
    is_active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(n)d characters. Leave empty to keep the current password.", n=MIN_PASSWORD_LENGTH),
    )
    submit = SubmitField(_l("Save"))


class EditUserForm(UserForm):
    """The address identifies the account and is not changed here."""

    email = None
