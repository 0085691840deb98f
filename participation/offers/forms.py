"""The youth workers' forms for an offer and its questions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from participation.enums import Goal, QuestionKind
from participation.fields import (
    AtLeastOne,
    CheckboxListField,
    CleanedHtmlField,
    EnumRadioField,
    EnumSelectField,
)
from participation.labels import (
    AGE_GROUP_LABELS,
    FORMAT_LABELS,
    GOAL_LABELS,
    LEVEL_LABELS,
    QUESTION_KIND_LABELS,
    choices_from,
)
from participation.places import ortsteile
from participation.timeutil import local_today

MAX_OPTIONS = 20
MAX_POINTS = 20


class OptionLinesField(TextAreaField):
    """A question's options, one per line; from a question it shows the labels of its options."""

    def process_data(self, value):
        if isinstance(value, list):
            value = "\n".join(option.label for option in value)
        super().process_data(value)


class OfferForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("Short and clear, e.g. “What should our youth club offer in summer?”"),
    )
    description = CleanedHtmlField(
        _l("Short description"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "Plain text; a blank line starts a new paragraph. Simple HTML is allowed: "
            "bold, italic, lists and links."
        ),
    )
    format = EnumSelectField(_l("Format or method"), choices=choices_from(FORMAT_LABELS))
    level = EnumRadioField(_l("Participation level"), choices=choices_from(LEVEL_LABELS))
    age_groups = CheckboxListField(
        _l("Target age groups"),
        choices=choices_from(AGE_GROUP_LABELS),
        validators=[AtLeastOne(_l("Please choose at least one age group."))],
    )
    ortsteile = CheckboxListField(
        _l("Districts (Ortsteile)"),
        choices=[SelectChoice(o.code, o.name, optgroup=o.stadtbezirk_name) for o in ortsteile().values()],
        validators=[AtLeastOne(_l("Please choose at least one district."))],
    )
    goals = CheckboxListField(
        _l("Strategic goals (IJHP)"),
        choices=choices_from(GOAL_LABELS),
        default=[Goal.participation.value],
        validators=[AtLeastOne(_l("Please choose at least one goal."))],
    )
    decision_scope = TextAreaField(
        _l("What can be decided?"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l("Say honestly what the young people's answers can change, and who decides."),
    )
    starts_on = DateField(_l("Start date"), validators=[DataRequired()])
    ends_on = DateField(_l("End date"), validators=[DataRequired()])
    outcome_due_on = DateField(_l("Results will be fed back by"), validators=[DataRequired()])
    submit = SubmitField(_l("Save"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must not be before the start date."))

    def validate_outcome_due_on(self, field):
        if field.data and self.ends_on.data and field.data < self.ends_on.data:
            raise ValidationError(_l("Results can only be fed back after the end date."))


class QuestionForm(FlaskForm):
    points_max = MAX_POINTS
    kind = EnumSelectField(_l("Kind of question"), choices=choices_from(QUESTION_KIND_LABELS))
    prompt = StringField(_l("Question"), validators=[DataRequired(), Length(max=300)])
    is_required = BooleanField(_l("Answer required"))
    points = IntegerField(
        _l("Points per person (dot voting)"), validators=[Optional(), NumberRange(min=1, max=MAX_POINTS)]
    )
    options = OptionLinesField(
        _l("Options, one per line"),
        validators=[Optional(), Length(max=MAX_OPTIONS * 121)],
        description=_l("For single choice, multiple choice and dot voting."),
    )
    submit = SubmitField(_l("Save question"))

    def option_labels(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked after the fields: the Optional() validator on points stops its chain when it is empty.
        if self.kind.data == QuestionKind.dots.value and self.points.data is None and not self.points.errors:
            self.points.errors.append(_l("Please say how many points each person can give."))
            return False
        return valid

    def validate_options(self, field):
        if (
            self.kind.data not in {k.value for k in QuestionKind}
            or not QuestionKind(self.kind.data).has_options
        ):
            return  # an unknown kind is reported by the kind field itself
        labels = self.option_labels()
        if len(labels) < 2:
            raise ValidationError(_l("Please give at least two options."))
        if len(labels) > MAX_OPTIONS:
            raise ValidationError(_l("Please give at most %(n)d options.", n=MAX_OPTIONS))
        if any(len(label) > 120 for label in labels):
            raise ValidationError(_l("Each option may have at most 120 characters."))
        if len({label.casefold() for label in labels}) != len(labels):
            raise ValidationError(_l("Each option must be different."))


class ReopenForm(FlaskForm):
    """Reopen answering after it ended: until when, and the (possibly later) Rückmeldung date."""

    ends_on = DateField(
        _l("Answers are accepted until"), validators=[DataRequired(_l("Please enter the new end date."))]
    )
    outcome_due_on = DateField(
        _l("Results will be fed back by"),
        validators=[DataRequired(_l("Please enter the date of the Rückmeldung."))],
    )

    def validate_ends_on(self, field):
        if field.data and field.data < local_today():
            raise ValidationError(_l("The new end date must be today or later."))

    def validate_outcome_due_on(self, field):
        if field.data and self.ends_on.data and field.data < self.ends_on.data:
            raise ValidationError(_l("The Rückmeldung cannot be due before answering ends."))
