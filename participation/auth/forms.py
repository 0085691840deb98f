"""The staff forms of login, the second factor and the own password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from participation.accounts.passwords import StrongPassword


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Please enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Please enter your password.")), Length(max=200)]
    )
    submit = SubmitField(_l("Log in"))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Please enter the code.")), Length(max=20)],
        description=_l("The six digits from your authenticator app, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Confirm"))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password.")), Length(max=200)],
    )
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please enter a new password.")), StrongPassword(), Length(max=200)],
        description=_l("At least 10 characters and hard to guess, e.g. four unusual words."),
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Please enter the new password again.")),
            EqualTo("new", message=_l("The two new passwords are not the same.")),
        ],
    )
    submit = SubmitField(_l("Change password"))
