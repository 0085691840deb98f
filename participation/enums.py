"""The product's fixed lists. Columns store a member's *name*; labels.py says how each reads."""

import enum


class OfferFormat(enum.Enum):
    online_survey = "online_survey"
    smiley_feedback = "smiley_feedback"
    dot_voting = "dot_voting"
    idea_collection = "idea_collection"
    workshop = "workshop"


class ParticipationLevel(enum.Enum):
    information = "information"
    consultation = "consultation"
    co_decision = "co_decision"
    self_determination = "self_determination"


class AgeGroup(enum.Enum):
    age_6_9 = "6-9"
    age_10_13 = "10-13"
    age_14_17 = "14-17"
    age_18_27 = "18-27"


class Goal(enum.Enum):
    """The five strategic goals of Leipzig's integrated child and youth services plan (IJHP)."""

    participation = "participation"
    inclusion = "inclusion"
    equal_opportunities = "equal_opportunities"
    families = "families"
    child_protection = "child_protection"


class OfferStatus(enum.Enum):
    draft = "draft"
    open = "open"
    closed = "closed"


class Channel(enum.Enum):
    """How an answer reached us: a phone through the QR code or link, a shared kiosk device, a
    one-time code from a printed card, or an analog method typed in by staff. Staff and planners see
    it; public results never do."""

    qr = "qr"
    kiosk = "kiosk"
    code = "code"
    analog = "analog"


class QuestionKind(enum.Enum):
    smiley = "smiley"
    single = "single"
    multiple = "multiple"
    yes_no = "yes_no"
    dots = "dots"
    text = "text"

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.single, QuestionKind.multiple, QuestionKind.dots)


class ReviewState(enum.Enum):
    """Where a free-text answer stands in pre-moderation."""

    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    concern = "concern"  # a Kinderschutz concern: in its own queue, never published (moderation.concern)


class ConcernStatus(enum.Enum):
    """Where a Kinderschutz case stands (participation.moderation.concern); new until someone looks."""

    new = "new"
    seen = "seen"
    consulted = "consulted"
    closed = "closed"


class RejectReason(enum.Enum):
    personal_data = "personal_data"
    insult = "insult"
    off_topic = "off_topic"
    spam = "spam"
    other = "other"


class OrganisationKind(enum.Enum):
    traeger = "traeger"
    amt = "amt"
    school = "school"
    youth_club = "youth_club"
    other = "other"
