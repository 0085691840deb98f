"""Every model in one import, for Alembic and `flask shell`."""

from participation.admin.models import Organisation, OrganisationKind
from participation.auth.models import Role, User, memberships
from participation.feedback.models import Answer, Submission
from participation.offers.models import (
    AgeGroup,
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

__all__ = [
    "AgeGroup", "Answer", "Goal", "Offer", "OfferAgeGroup", "OfferFormat", "OfferGoal", "OfferOrtsteil",
    "OfferStatus", "Option", "Organisation", "OrganisationKind", "ParticipationLevel", "Question",
    "QuestionKind", "Role", "Submission", "User", "memberships",
]
