"""Every model in one import, for Alembic and `flask shell`."""

from participation.accounts.models import Organisation, RecoveryCode, User, memberships
from participation.answers.models import (
    AccessCode,
    AnalogCount,
    AnalogEntry,
    Answer,
    KeptTallies,
    KioskLink,
    ParticipationCount,
    Submission,
)
from participation.audit.models import AuditEvent
from participation.methods.models import Method
from participation.offers.models import (
    ContentTranslation,
    Offer,
    OfferAgeGroup,
    OfferGoal,
    OfferOrtsteil,
    OfferQualityTick,
    Option,
    Question,
)
from participation.planning.models import FocusArea
from participation.results.models import Outcome

__all__ = [
    "AccessCode",
    "AnalogCount",
    "AnalogEntry",
    "Answer",
    "KioskLink",
    "Method",
    "AuditEvent",
    "ContentTranslation",
    "FocusArea",
    "KeptTallies",
    "Offer",
    "OfferAgeGroup",
    "OfferGoal",
    "OfferOrtsteil",
    "OfferQualityTick",
    "Option",
    "Organisation",
    "Outcome",
    "ParticipationCount",
    "Question",
    "RecoveryCode",
    "Submission",
    "User",
    "memberships",
]
