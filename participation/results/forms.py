from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class OutcomeForm(FlaskForm):
    """The Rückmeldung, written for young people: short sentences, no jargon."""

    decision = TextAreaField(
        _l("What was decided, or what will happen?"),
        validators=[DataRequired(_l("Please say what was decided.")), Length(max=2000)],
        description=_l("Write it so that a 10-year-old understands it."),
    )
    next_steps = TextAreaField(_l("Next steps"), validators=[Optional(), Length(max=2000)])
    responsible = StringField(_l("Who takes care of it?"), validators=[Optional(), Length(max=200)])
    due_on = DateField(
        _l("By when?"),
        validators=[Optional()],
        invalid_value_message=_l("“By when” is not a valid date."),
    )
    message = TextAreaField(
        _l("Anything else you want to tell the young people"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Save Rückmeldung"))
