"""Form fields and validators shared by several areas, and the empty form behind POST buttons.

The choice fields take a model's own values when a form edits an object (``Form(obj=model)``): enum
members become their values, related rows their ids.
"""

import enum

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from participation.sanitize import editable_text


def _form_value(value):
    """What a choice field holds for a model value: an enum member's value, a row's id, else the value."""
    if isinstance(value, enum.Enum):
        return value.value
    return getattr(value, "id", value)


class EnumSelectField(SelectField):
    """A select over an enum's values (choices from labels.choices_from)."""

    def process_data(self, value):
        super().process_data(_form_value(value))


class EnumRadioField(RadioField):
    """Radio buttons over an enum's values."""

    def process_data(self, value):
        super().process_data(_form_value(value))


class CheckboxListField(SelectMultipleField):
    """A multiple choice rendered as a list of checkboxes, which works on every phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value):
        super().process_data([_form_value(v) for v in value] if value is not None else None)

    def pre_validate(self, form):
        # Our own message: WTForms' German catalogue has this one only as a fuzzy entry.
        allowed = {str(choice.value) for choice in self.choices}
        if any(str(value) not in allowed for value in self.data or []):
            raise ValidationError(self.invalid_choice_message or _("Not a valid choice."))


class CleanedHtmlField(TextAreaField):
    """A text area for text that is stored cleaned (sanitize.clean_html): it shows the stored text as the
    youth worker typed it, with blank lines instead of simple paragraphs."""

    def process_data(self, value):
        super().process_data(editable_text(value) if value else value)


class AtLeastOne:
    """Require at least one ticked box."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message)


class EmptyForm(FlaskForm):
    """Carries only the CSRF token, for POST buttons (publish, close, logout)."""
