"""Every model in one import, for Alembic and `flask shell`."""

from participation.admin.models import Organisation, OrganisationKind
from participation.audit.models import AuditEvent
from participation.auth.models import Role, User, memberships
from participation.feedback.models import Answer, RejectReason, ReviewState, Submission
from participation.offers.models import (
    AgeGroup,
    ContentTranslation,
    Goal,
    Offer,
    OfferAgeGroup,
    OfferFormat,
    OfferGoal,
    OfferOrtsteil,
    OfferStatus,
    Option,
    ParticipationLevel,
    Question,
    QuestionKind,
)
from participation.planning.models import FocusArea, ParticipationCount
from participation.results.models import Outcome

__all__ = [
    "AgeGroup", "Answer", "AuditEvent", "ContentTranslation", "FocusArea", "Outcome", "ParticipationCount", "RejectReason", "ReviewState", "Goal", "Offer", "OfferAgeGroup", "OfferFormat", "OfferGoal", "OfferOrtsteil",
    "OfferStatus", "Option", "Organisation", "OrganisationKind", "ParticipationLevel", "Question",
    "QuestionKind", "Role", "Submission", "User", "memberships",
]
