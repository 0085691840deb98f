"""What a staff password must be: long, without surrounding spaces, and not guessable. Guessability is
zxcvbn's estimate (it knows common passwords, names, keyboard patterns and the person's own details)."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" for an online attack with throttling


class WeakPassword(ValueError):
    """The password was refused; str() says why, in the user's language."""


def password_problem(password: str, inputs: tuple[str, ...] = ()) -> str | None:
    """Why password would be refused, or None. inputs: the account's own words (its e-mail address)."""
    if password != password.strip():
        return _l("Please do not start or end the password with a space.")
    if len(password) < MIN_LENGTH:
        return _l("The password needs at least %(n)d characters.", n=MIN_LENGTH)
    if zxcvbn(password, user_inputs=[*inputs, "mitreden", "leipzig"])["score"] < MIN_SCORE:
        return _l("This password is too easy to guess. Longer, with unusual words, is safer.")
    return None


def check_password(password: str, inputs: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword if password is refused."""
    problem = password_problem(password, inputs)
    if problem is not None:
        raise WeakPassword(str(problem))


class StrongPassword:
    """A form validator for password_problem(); other_field: the form field with the e-mail address."""

    def __init__(self, other_field: str | None = None):
        self.other_field = other_field

    def __call__(self, form, field):
        if not field.data:
            return
        other = getattr(form, self.other_field, None) if self.other_field else None
        email = (other.data or "") if other is not None else ""
        problem = password_problem(field.data, tuple(part for part in email.split("@") if part))
        if problem is not None:
            raise ValidationError(problem)
