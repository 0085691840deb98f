"""Administrators' forms for organisations and staff accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional, Regexp

from participation.accounts.passwords import MIN_LENGTH, StrongPassword
from participation.fields import CheckboxListField, EnumSelectField
from participation.labels import ORGANISATION_KIND_LABELS, ROLE_LABELS, choices_from
from participation.places import grouped_by_stadtbezirk

STADTBEZIRKE = [(members[0].stadtbezirk_code, name) for name, members in grouped_by_stadtbezirk()]


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Please give the organisation a name.")), Length(max=200)]
    )
    kind = EnumSelectField(
        _l("Kind"),
        choices=choices_from(ORGANISATION_KIND_LABELS),
        invalid_choice_message=_l("Please choose a kind of organisation."),
    )
    is_active = BooleanField(_l("Active"), default=True)
    # issue 14: shown on the public network page (/netzwerk). The organisation's own address only.
    stadtbezirk = SelectField(
        _l("Stadtbezirk"),
        choices=[SelectChoice("", _l("not given"))]
        + [SelectChoice(code, name) for code, name in STADTBEZIRKE],
        validate_choice=False,
        invalid_choice_message=_l("Please choose a Stadtbezirk."),
        validators=[
            Optional(),
            AnyOf([code for code, _name in STADTBEZIRKE], _l("Please choose a Stadtbezirk.")),
        ],
    )
    contact_email = EmailField(
        _l("Public e-mail address of the organisation"),
        validators=[
            Optional(),
            Email(_l("Please enter a valid e-mail address, e.g. name@example.org.")),
            Length(max=254),
        ],
        description=_l(
            "Shown on the public network page: the organisation's own address, never a young person's."
        ),
    )
    contact_phone = StringField(
        _l("Public phone number of the organisation"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^\+?[0-9][0-9 ()/.-]{3,38}$",
                message=_l("Please enter a phone number with digits, spaces, +, /, - or brackets."),
            ),
        ],
    )
    website = StringField(
        _l("Website of the organisation"),
        validators=[
            Optional(),
            Length(max=200),
            Regexp(
                r"^https?://[^\s/$.?#<>\"'][^\s<>\"']*$",
                message=_l("Please enter a web address starting with https://."),
            ),
        ],
    )
    submit = SubmitField(_l("Save"))


class UserForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Please enter an e-mail address.")),
            Email(_l("Please enter a valid e-mail address, e.g. name@example.org.")),
            Length(max=254),
        ],
    )
    role = EnumSelectField(
        _l("Role"), choices=choices_from(ROLE_LABELS), invalid_choice_message=_l("Please choose a role.")
    )
    organisations = CheckboxListField(
        _l("Organisations"),
        coerce=int,
        choices=[],
        invalid_choice_message=_l("Please choose the organisations from the list."),
    )
    moderated = CheckboxListField(
        _l("May moderate free text of"),
        coerce=int,
        choices=[],
        description=_l("Only for organisations the person belongs to."),
        invalid_choice_message=_l("Please choose the organisations from the list."),
    )
    is_active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=_l("Please set a password.")),
            StrongPassword("email"),
            Length(max=200),
        ],
        description=_l(
            "Required for a new account: at least %(n)d characters and hard to guess. The person "
            "chooses their own at first login.",
            n=MIN_LENGTH,
        ),
    )
    submit = SubmitField(_l("Save"))


class EditUserForm(UserForm):
    """The address identifies the account and is not changed here; an empty password keeps the old one."""

    email = None
    password = PasswordField(
        _l("New password"),
        validators=[Optional(strip_whitespace=False), StrongPassword(), Length(max=200)],
        description=_l(
            "Leave empty to keep the current password. The person then chooses their own at next login."
        ),
    )
    reset_second_factor = BooleanField(
        _l("Switch the second factor off"),
        description=_l("For a lost phone: the person sets it up again at next login."),
    )
