"""No staff form falls back on WTForms' generic messages ("This field is required.", "Not a valid choice.",
"Not a valid date value."): every message says which field it is about and what is expected."""

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField
from wtforms.fields.choices import SelectFieldBase
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange

import participation

NEEDS_MESSAGE = (DataRequired, InputRequired, Email, NumberRange)


def _form_classes():
    for module in pkgutil.walk_packages(participation.__path__, "participation."):
        if module.name.endswith(".forms") or module.name == "participation.fields":
            importlib.import_module(module.name)
    seen, todo = [], list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in seen if c.__module__.startswith("participation.")]


def _fields(cls):
    for name in dir(cls):
        value = getattr(cls, name, None)
        if isinstance(value, UnboundField):
            yield name, value


FIELDS = [
    pytest.param(field, id=f"{cls.__name__}.{name}")
    for cls in _form_classes()
    for name, field in _fields(cls)
]


def test_the_guard_sees_the_forms():
    names = {p.id.split(".")[0] for p in FIELDS}
    assert {"OfferForm", "QuestionForm", "LoginForm", "OutcomeForm", "UserForm", "DecisionForm"} <= names


@pytest.mark.parametrize("field", FIELDS)
def test_every_message_is_specific(field):
    validators = field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else [])
    for validator in validators:
        if isinstance(validator, NEEDS_MESSAGE):
            assert validator.message, f"{type(validator).__name__} without its own message"
    if issubclass(field.field_class, SelectFieldBase):
        assert field.kwargs.get("invalid_choice_message"), "a choice without its own 'not a valid choice'"
    if issubclass(field.field_class, (DateField, IntegerField)):
        assert field.kwargs.get("invalid_value_message"), "a date or number without its own message"
