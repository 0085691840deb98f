"""The moderator's form: a reason for rejecting and a note for the team."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from participation.labels import CONCERN_STATUS_CHOICES, REJECT_REASON_LABELS, choices_from


class NoteForm(FlaskForm):
    """Acting on an answer already decided (withdraw it, move it to the Kinderschutz queue): a note only,
    since its page shows no reason for rejecting."""

    note = TextAreaField(_l("Note (for the team, never public)"), validators=[Optional(), Length(max=300)])


class DecisionForm(NoteForm):
    """One or several moderation decisions; the answers and words come as plain form lists."""

    reason = SelectField(
        _l("Reason for rejecting"),
        choices=choices_from(REJECT_REASON_LABELS),
        invalid_choice_message=_l("Please choose a reason for rejecting."),
    )


class ConcernStatusForm(FlaskForm):
    """Where a Kinderschutz case stands, with a note (kept with the case, never in the audit log)."""

    status = SelectField(
        _l("Status"),
        choices=choices_from(CONCERN_STATUS_CHOICES),
        invalid_choice_message=_l("Please choose a status."),
    )
    note = TextAreaField(
        _l("Add to the note (what was done, who was consulted; no names of young people)"),
        filters=[lambda text: text.replace("\r\n", "\n") if text else text],  # browsers count CRLF as 1
        validators=[Optional(), Length(max=500, message=_l("Please write at most 500 characters."))],
    )
