"""The administrators' form for a method, and the youth worker's choice of organisation."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp, ValidationError

from participation.enums import QuestionKind
from participation.fields import EnumSelectField
from participation.labels import FORMAT_LABELS, LEVEL_LABELS, choices_from
from participation.offers.forms import options_problem
from participation.parsing import small_int

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_QUESTIONS = 12


def _number(label, low, high):
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Please enter a number.")),
            NumberRange(low, high, _l("Please enter a number from %(min)d to %(max)d.")),
        ],
        invalid_value_message=_l("Please enter a whole number."),
    )


def _text(label, required=True, max_length=4000, **kwargs):
    validators = [Length(max=max_length, message=_l("At most %(max)d characters, please."))]
    if required:
        validators.insert(0, DataRequired(_l("Please fill in this field.")))
    return TextAreaField(label, validators=validators, **kwargs)


def parse_questions(text: str) -> list[dict]:
    """One question per line: "kind | prompt | option; option" (points after the kind for dots: "dots 3")."""
    kinds = {k.value for k in QuestionKind}
    questions = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        head = parts[0].split()
        kind = head[0] if head else ""
        if kind not in kinds or len(parts) < 2 or not parts[1]:
            raise ValidationError(_l("Line %(line)d: write “kind | question | options”.", line=number))
        if len(parts[1]) > 300:
            raise ValidationError(_l("Line %(line)d: the question is too long.", line=number))
        question = {"kind": kind, "prompt": parts[1]}
        options = [o.strip() for o in (parts[2] if len(parts) > 2 else "").split(";") if o.strip()]
        if QuestionKind(kind).has_options:
            if problem := options_problem(options):
                raise ValidationError(_l("Line %(line)d: %(problem)s", line=number, problem=problem))
            question["options"] = options
        if kind == "dots":
            points = head[1] if len(head) > 1 else "3"
            if not 1 <= (small_int(points) or 0) <= 20:
                raise ValidationError(_l("Line %(line)d: points from 1 to 20.", line=number))
            question["points"] = small_int(points)
        questions.append(question)
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(_l("At most %(max)d questions, please.", max=MAX_QUESTIONS))
    return questions


def questions_text(questions: list[dict]) -> str:
    lines = []
    for q in questions:
        head = q["kind"] + (f" {q['points']}" if q.get("points") else "")
        parts = [head, q["prompt"]] + (["; ".join(q["options"])] if q.get("options") else [])
        lines.append(" | ".join(parts))
    return "\n".join(lines)


class MethodForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Please give the method a name.")),
            Length(max=120, message=_l("At most %(max)d characters, please.")),
        ],
    )
    slug = StringField(
        _l("Address (slug)"),
        validators=[
            DataRequired(_l("Please give the method an address.")),
            Length(max=60, message=_l("At most %(max)d characters, please.")),
            Regexp(SLUG, message=_l("Small letters, digits and dashes only, e.g. “ideenwand”.")),
        ],
        description=_l("Part of the public address: /methoden/<slug>."),
    )
    aim = _text(_l("Aim"))
    age_min = _number(_l("Youngest age"), 0, 99)
    age_max = _number(_l("Oldest age"), 0, 99)
    group_min = _number(_l("Smallest group"), 1, 10000)
    group_max = _number(_l("Largest group"), 1, 10000)
    duration_minutes = _number(_l("Duration in minutes"), 1, 10000)
    materials = _text(_l("Materials, one per line"), required=False)
    steps = _text(_l("Steps, one per line"))
    format = EnumSelectField(
        _l("Format of the offer"),
        choices=choices_from(FORMAT_LABELS),
        invalid_choice_message=_l("Please choose a format."),
    )
    level = EnumSelectField(
        _l("Participation level"),
        choices=choices_from(LEVEL_LABELS),
        invalid_choice_message=_l("Please choose a level."),
    )
    inclusion = _text(_l("Inclusion tips, one per line"), required=False)
    question_lines = _text(
        _l("Usual questions, one per line"),
        required=False,
        description=_l(
            "“kind | question | option; option”. Kinds: smiley, single, multiple, yes_no, dots (points after "
            "it: “dots 3”), text."
        ),
    )

    def validate_age_max(self, field):
        if self.age_min.data is not None and field.data is not None and field.data < self.age_min.data:
            raise ValidationError(_l("The oldest age cannot be below the youngest."))

    def validate_group_max(self, field):
        if self.group_min.data is not None and field.data is not None and field.data < self.group_min.data:
            raise ValidationError(_l("The largest group cannot be smaller than the smallest."))

    def validate_question_lines(self, field):
        self.parsed_questions = parse_questions(field.data)


class FromMethodForm(FlaskForm):
    organisation_id = SelectField(
        _l("For the organisation"),
        coerce=int,
        choices=[],
        invalid_choice_message=_l("Please choose one of your organisations."),
        invalid_value_message=_l("Please choose one of your organisations."),
    )
