"""Every model in one import, for Alembic and `flask shell`."""

from participation.accounts.models import Organisation, User, memberships
from participation.answers.models import Answer, ParticipationCount, Submission
from participation.audit.models import AuditEvent
from participation.offers.models import (
    ContentTranslation,
    Offer,
    OfferAgeGroup,
    OfferGoal,
    OfferOrtsteil,
    Option,
    Question,
)
from participation.planning.models import FocusArea
from participation.results.models import Outcome

__all__ = [
    "Answer",
    "AuditEvent",
    "ContentTranslation",
    "FocusArea",
    "Offer",
    "OfferAgeGroup",
    "OfferGoal",
    "OfferOrtsteil",
    "Option",
    "Organisation",
    "Outcome",
    "ParticipationCount",
    "Question",
    "Submission",
    "User",
    "memberships",
]
