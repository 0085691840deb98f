from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from participation.feedback.models import RejectReason
from participation.forms import choices_from

REASON_LABELS = {
    RejectReason.personal_data: _l("Contains personal data"),
    RejectReason.insult: _l("Insulting or hurtful"),
    RejectReason.off_topic: _l("Not about this offer"),
    RejectReason.spam: _l("Spam or nonsense"),
    RejectReason.other: _l("Other reason"),
}


class DecisionForm(FlaskForm):
    """One or several moderation decisions; the answers and words come as plain form lists."""

    reason = SelectField(_l("Reason for rejecting"), choices=choices_from(REASON_LABELS))
    note = TextAreaField(_l("Note (for the team, never public)"), validators=[Optional(), Length(max=300)])

FLAG_LABELS = {
    "phone": _l("phone number"),
    "email": _l("e-mail address"),
    "address": _l("street address"),
    "social": _l("social media"),
    "url": _l("link"),
    "insult": _l("insult"),
}
