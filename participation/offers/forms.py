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
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from participation.answers.codes import MAX_CARDS
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
    LEVEL_HINTS,
    LEVEL_LABELS,
    QUESTION_KIND_LABELS,
    choices_from,
)
from participation.places import grouped_by_stadtbezirk, ortsteile
from participation.timeutil import local_today

MAX_OPTIONS = 20
MAX_POINTS = 20


class OptionLinesField(TextAreaField):
    """A question's options, one per line; from a question it shows the labels of its options."""

    def process_data(self, value):
        if isinstance(value, list):
            value = "\n".join(option.label for option in value)
        super().process_data(value)


def _choice_list(label, choices, missing, invalid, **kwargs) -> CheckboxListField:
    return CheckboxListField(
        label, choices=choices, validators=[AtLeastOne(missing)], invalid_choice_message=invalid, **kwargs
    )


def options_problem(labels: list[str]):
    """What is wrong with a choice question's options (a lazy message), or None. The question form and
    the Methodenkoffer's question lines both ask this: a method's questions become an offer's."""
    if len(labels) < 2:
        return _l("Please give at least two options.")
    if len(labels) > MAX_OPTIONS:
        return _l("Please give at most %(n)d options.", n=MAX_OPTIONS)
    if any(len(label) > 120 for label in labels):
        return _l("Each option may have at most 120 characters.")
    if len({label.casefold() for label in labels}) != len(labels):
        return _l("Each option must be different.")
    return None


def _date(label, missing, invalid) -> DateField:
    """A required date field with its messages (the offer form and reopening share them)."""
    return DateField(label, validators=[InputRequired(missing)], invalid_value_message=invalid)


def _outcome_due_on() -> DateField:
    return _date(
        _l("Results will be fed back by"),
        _l("The date for feeding back results is missing."),
        _l("The date for feeding back results is not a valid date."),
    )


class OfferForm(FlaskForm):
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        choices=[],
        invalid_choice_message=_l("Please choose one of your organisations."),
        invalid_value_message=_l("Please choose one of your organisations."),
    )
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Please give the offer a title.")),
            Length(max=120, message=_l("The title may have at most %(max)d characters.")),
        ],
        description=_l("Short and clear, e.g. “What should our youth club offer in summer?”"),
    )
    description = CleanedHtmlField(
        _l("Short description"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("The description may have at most %(max)d characters.")),
        ],
        description=_l(
            "Plain text; a blank line starts a new paragraph. Simple HTML is allowed: "
            "bold, italic, lists and links."
        ),
    )
    format = EnumSelectField(
        _l("Format or method"),
        choices=choices_from(FORMAT_LABELS),
        invalid_choice_message=_l("Please choose a format."),
    )
    level = EnumRadioField(
        _l("Participation level"),
        choices=choices_from(LEVEL_LABELS),
        invalid_choice_message=_l("Please choose a participation level."),
    )
    level_hints = {member.value: hint for member, hint in LEVEL_HINTS.items()}
    age_groups = _choice_list(
        _l("Target age groups"),
        choices_from(AGE_GROUP_LABELS),
        _l("Please choose at least one age group."),
        _l("Please choose the age groups from the list."),
    )
    ortsteile = _choice_list(
        _l("Districts (Ortsteile)"),
        [SelectChoice(o.code, o.name, optgroup=o.stadtbezirk_name) for o in ortsteile().values()],
        _l("Please choose at least one district, or a whole Stadtbezirk."),
        _l("Please choose the districts from the list."),
    )
    # "Whole Stadtbezirk" shortcuts: ticking one adds all its Ortsteile (on the server, so without JS too).
    stadtbezirke = CheckboxListField(
        _l("Whole Stadtbezirk"),
        choices=[
            SelectChoice(members[0].stadtbezirk_code, name) for name, members in grouped_by_stadtbezirk()
        ],
        invalid_choice_message=_l("Please choose the Stadtbezirke from the list."),
    )
    goals = _choice_list(
        _l("Strategic goals (IJHP)"),
        choices_from(GOAL_LABELS),
        _l("Please choose at least one goal."),
        _l("Please choose the goals from the list."),
        default=[Goal.participation.value],
    )
    decision_scope = TextAreaField(
        _l("What can be decided?"),
        validators=[
            DataRequired(_l("Please say what the answers can change.")),
            Length(max=1000, message=_l("This text may have at most %(max)d characters.")),
        ],
        description=_l("Say honestly what the young people's answers can change, and who decides."),
    )
    starts_on = _date(
        _l("Start date"), _l("The start date is missing."), _l("The start date is not a valid date.")
    )
    ends_on = _date(_l("End date"), _l("The end date is missing."), _l("The end date is not a valid date."))
    outcome_due_on = _outcome_due_on()
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        # A ticked "whole Stadtbezirk" adds all of its Ortsteile, in official order.
        bezirke = set(self.stadtbezirke.data or ())
        if bezirke:
            chosen = set(self.ortsteile.data or ()) | {
                o.code for o in ortsteile().values() if o.stadtbezirk_code in bezirke
            }
            self.ortsteile.data = [code for code in ortsteile() if code in chosen] + sorted(
                chosen - set(ortsteile())  # unknown codes stay, so that the field reports them
            )
        return super().validate(extra_validators)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must not be before the start date."))

    def validate_outcome_due_on(self, field):
        if field.data and self.ends_on.data and field.data < self.ends_on.data:
            raise ValidationError(_l("Results can only be fed back after the end date."))


# Which question kinds use which of the form's extra fields (the template groups and hides them by this).
KINDS_WITH_OPTIONS = tuple(k.value for k in QuestionKind if k.has_options)
KINDS_WITH_POINTS = (QuestionKind.dots.value,)


class QuestionForm(FlaskForm):
    points_max = MAX_POINTS
    kinds_with_options = KINDS_WITH_OPTIONS
    kinds_with_points = KINDS_WITH_POINTS
    kind = EnumSelectField(
        _l("Kind of question"),
        choices=choices_from(QUESTION_KIND_LABELS),
        invalid_choice_message=_l("Please choose a kind of question."),
    )
    prompt = StringField(
        _l("Question"),
        validators=[
            DataRequired(_l("Please write the question.")),
            Length(max=300, message=_l("The question may have at most %(max)d characters.")),
        ],
    )
    is_required = BooleanField(_l("Answer required"))
    points = IntegerField(
        _l("Points per person (dot voting)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_POINTS, message=_l("Please give between %(min)d and %(max)d points.")),
        ],
        invalid_value_message=_l("Please give the points as a whole number."),
    )
    options = OptionLinesField(
        _l("Options, one per line"),
        validators=[Optional(), Length(max=MAX_OPTIONS * 121, message=_l("The options are too long."))],
        description=_l("For single choice, multiple choice and dot voting."),
    )
    submit = SubmitField(_l("Save question"))

    def option_labels(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    @staticmethod
    def kind_names(kinds: tuple[str, ...]) -> str:
        """The labels of the given kinds, for the note on a group of fields ("only for: …")."""
        return ", ".join(str(QUESTION_KIND_LABELS[QuestionKind(kind)]) for kind in kinds)

    def validate(self, extra_validators=None) -> bool:
        # Fields the chosen kind does not use are cleared, not checked: a hidden or left-over value
        # (options typed before switching to "yes or no") must neither block saving nor be stored.
        if self.kind.data not in KINDS_WITH_POINTS:
            self.points.data, self.points.raw_data, self.points.process_errors = None, [], []
        if self.kind.data not in KINDS_WITH_OPTIONS:
            self.options.data, self.options.raw_data = "", []
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
        if problem := options_problem(self.option_labels()):
            raise ValidationError(problem)


class ReopenForm(FlaskForm):
    """Reopen answering after it ended: until when, and the (possibly later) Rückmeldung date."""

    ends_on = _date(
        _l("Answers are accepted until"),
        _l("The new end date is missing."),
        _l("The end date is not a valid date."),
    )
    outcome_due_on = _outcome_due_on()

    def __init__(self, *args, starts_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on

    def validate_ends_on(self, field):
        if field.data and field.data < local_today():
            raise ValidationError(_l("The new end date must be today or later."))
        if field.data and self.starts_on and field.data < self.starts_on:
            raise ValidationError(_l("The end date must not be before the start date."))

    def validate_outcome_due_on(self, field):
        if field.data and self.ends_on.data and field.data < self.ends_on.data:
            raise ValidationError(_l("The Rückmeldung cannot be due before answering ends."))


class CardsForm(FlaskForm):
    """How many one-time code cards to print (an offer where everyone counts once)."""

    count = IntegerField(
        _l("Number of cards"),
        validators=[
            InputRequired(_l("Please say how many cards to print.")),
            NumberRange(
                min=1, max=MAX_CARDS, message=_l("Please print between %(min)d and %(max)d cards at a time.")
            ),
        ],
        invalid_value_message=_l("Please give the number of cards as a whole number."),
        render_kw={"min": 1, "max": MAX_CARDS, "inputmode": "numeric"},
    )


class KioskForm(FlaskForm):
    """A kiosk link for a shared tablet: its name (where the device stands) and how long it works."""

    name = StringField(
        _l("Name of the device"),
        description=_l("Where it is used, e.g. “Tablet Treff Grünau”. Only the team sees it."),
        validators=[
            DataRequired(_l("Please give the kiosk link a name.")),
            Length(max=80, message=_l("At most 80 characters.")),
        ],
    )
    days = IntegerField(
        _l("Valid for (days)"),
        description=_l("From 1 to 30 days. You can end it earlier at any time."),
        invalid_value_message=_l("Please enter the number of days as a whole number, e.g. 7."),
        validators=[
            InputRequired(_l("Please give the number of days.")),
            NumberRange(min=1, max=30, message=_l("From 1 to 30 days.")),
        ],
    )
