"""Small form pieces shared by several areas."""

from flask_babel import gettext as _
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxListField(SelectMultipleField):
    """A multiple choice rendered as a list of checkboxes, which works on every phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # Our own message: WTForms' German catalogue has this one only as a fuzzy entry.
        allowed = {str(choice.value) for choice in self.choices}
        if any(str(value) not in allowed for value in self.data or []):
            raise ValidationError(_("Not a valid choice."))


def choices_from(labels: dict) -> list[SelectChoice]:
    """Turn an {enum member: label} table into WTForms choices keyed by the member's value."""
    return [SelectChoice(member.value, label) for member, label in labels.items()]


class AtLeastOne:
    """Require at least one ticked box."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message)
