"""Creating, editing and publishing offers and their questions. Services flush, views commit."""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from participation.admin.models import Organisation
from participation.audit.services import record
from participation.auth.models import Role, User
from participation.extensions import db
from participation.feedback.models import Submission
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
from participation.offers import translations
from participation.text import clean_html, strip_control
from participation.timeutil import local_today, utcnow

# No 0/o, 1/l/i: the code is read off posters and typed by hand.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 8
CODE_PATTERN = re.compile(r"[a-z0-9]{4,16}")  # what a code in a URL may look like (older codes included)


class QuestionsLocked(Exception):
    """The offer's questions may no longer change (it is published or has answers)."""


class InvalidTransition(Exception):
    """The offer cannot move to the requested status from its current one."""


class NoQuestions(Exception):
    """An offer without questions cannot be published."""


@dataclass
class OfferFields:
    """Everything a youth worker fills in about an offer."""

    title: str
    description: str
    format: OfferFormat
    level: ParticipationLevel
    age_groups: list[AgeGroup]
    ortsteil_codes: list[str]
    goals: list[Goal]
    decision_scope: str
    starts_on: date
    ends_on: date
    feedback_due_on: date


@dataclass
class QuestionFields:
    """Everything a youth worker fills in about a question."""

    kind: QuestionKind
    prompt: str
    is_required: bool = False
    points: int | None = None
    options: list[str] | None = None


def generate_code() -> str:
    """Return an unused, random, unguessable short code."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(select(exists().where(Offer.code == code))):
            return code


def normalise_code(code: str) -> str:
    """Codes are typed by hand: accept upper case and stray spaces."""
    return code.strip().lower()


def create_offer(*, organisation: Organisation, created_by: User | None, fields: OfferFields) -> Offer:
    """Create a draft offer with a fresh public code."""
    offer = Offer(code=generate_code(), organisation=organisation, created_by_id=created_by and created_by.id,
                  status=OfferStatus.draft)
    _apply(offer, fields)
    db.session.add(offer)
    db.session.flush()
    return offer


def update_offer(offer: Offer, fields: OfferFields) -> None:
    """Change an offer's description fields (its questions are handled separately)."""
    if offer.status is OfferStatus.closed:
        raise InvalidTransition(offer)
    _apply(offer, fields)
    db.session.flush()


def _apply(offer: Offer, fields: OfferFields) -> None:
    offer.title = strip_control(fields.title).strip()
    offer.description = clean_html(fields.description)  # the one sanitiser; rendered through |clean_html
    offer.format = fields.format
    offer.level = fields.level
    offer.decision_scope = strip_control(fields.decision_scope).strip()
    offer.starts_on, offer.ends_on, offer.feedback_due_on = fields.starts_on, fields.ends_on, fields.feedback_due_on
    offer.age_group_rows = [OfferAgeGroup(age_group=g) for g in dict.fromkeys(fields.age_groups)]
    offer.ortsteil_rows = [OfferOrtsteil(ortsteil_code=c) for c in dict.fromkeys(fields.ortsteil_codes)]
    offer.goal_rows = [OfferGoal(goal=g) for g in dict.fromkeys(fields.goals)]


def offers_for(user: User) -> list[Offer]:
    """Return the offers a staff member manages, newest first."""
    query = select(Offer).options(selectinload(Offer.organisation)).order_by(Offer.created_at.desc(), Offer.id.desc())
    if user.role is not Role.admin:
        org_ids = [o.id for o in user.organisations]
        query = query.where(Offer.organisation_id.in_(org_ids))
    return list(db.session.scalars(query))


def participant_count(offer: Offer) -> int:
    """Return how many young people have answered the offer."""
    return db.session.scalar(select(func.count()).select_from(Submission).where(Submission.offer_id == offer.id))


def questions_locked(offer: Offer) -> bool:
    """Questions change only in a draft without answers, so collected answers keep their meaning."""
    return offer.status is not OfferStatus.draft or participant_count(offer) > 0


def _check_unlocked(offer: Offer) -> None:
    if questions_locked(offer):
        raise QuestionsLocked(offer)


def add_question(offer: Offer, fields: QuestionFields) -> Question:
    """Append a question to a draft offer."""
    _check_unlocked(offer)
    question = Question(offer=offer, position=len(offer.questions))
    _apply_question(question, fields)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: Question, fields: QuestionFields) -> None:
    """Edit a question of a draft offer; options are replaced as a whole."""
    _check_unlocked(question.offer)
    _apply_question(question, fields)
    db.session.flush()


def _apply_question(question: Question, fields: QuestionFields) -> None:
    question.kind = fields.kind
    question.prompt = fields.prompt.strip()
    question.is_required = fields.is_required
    question.points = fields.points if fields.kind is QuestionKind.dots else None
    labels = fields.options if fields.kind.has_options else []
    if question.id is not None:  # the options are replaced: their translations go with them
        translations.forget(question.offer_id, [f"o{option.id}" for option in question.options])
    question.options = [Option(position=i, label=label.strip()) for i, label in enumerate(labels or [])]


def delete_question(question: Question) -> None:
    """Remove a question from a draft offer and close the gap in the order."""
    offer = question.offer
    _check_unlocked(offer)
    translations.forget(offer.id, [f"q{question.id}", *(f"o{option.id}" for option in question.options)])
    offer.questions.remove(question)
    for position, remaining in enumerate(offer.questions):
        remaining.position = position
    db.session.flush()


def move_question(question: Question, step: int) -> None:
    """Move a question up (-1) or down (+1) in a draft offer."""
    offer = question.offer
    _check_unlocked(offer)
    questions = list(offer.questions)
    index = questions.index(question)
    target = index + step
    if not 0 <= target < len(questions):
        return
    questions[index], questions[target] = questions[target], questions[index]
    for position, q in enumerate(questions):
        q.position = position
    db.session.flush()
    db.session.expire(offer, ["questions"])


def publish(offer: Offer, *, actor: User | None) -> None:
    """Open a draft for answers; its questions are locked from now on."""
    if offer.status is not OfferStatus.draft:
        raise InvalidTransition(offer)
    if not offer.questions:
        raise NoQuestions(offer)
    offer.status = OfferStatus.open
    offer.opened_at = utcnow()
    record("offer.publish", actor=actor, offer_id=offer.id)
    db.session.flush()


def close(offer: Offer, *, actor: User | None) -> None:
    """Stop accepting answers."""
    if offer.status is not OfferStatus.open:
        raise InvalidTransition(offer)
    offer.status = OfferStatus.closed
    offer.closed_at = utcnow()
    offer.closed_on = min(local_today(), offer.ends_on)
    record("offer.close", actor=actor, offer_id=offer.id)
    db.session.flush()


def phase(offer: Offer, today: date) -> str:
    """Say what a visitor sees today: 'draft', 'upcoming', 'open' or 'closed'.

    An open offer whose end date has passed counts as closed, so a forgotten "close" click
    never keeps a form open longer than the poster promised.
    """
    if offer.status is OfferStatus.draft:
        return "draft"
    if offer.status is OfferStatus.closed or today > offer.ends_on:
        return "closed"
    if today < offer.starts_on:
        return "upcoming"
    return "open"


def where_tagged(query, *, ortsteil: str = "", stadtbezirk: str = "", age_group: str = "", goal: str = "",
                 format: str = ""):
    """Narrow an offer query by tags (URL values; empty means any). Used by the directory and planning."""
    if ortsteil:
        query = query.where(exists().where(OfferOrtsteil.offer_id == Offer.id, OfferOrtsteil.ortsteil_code == ortsteil))
    if stadtbezirk:  # the first digit of an Ortsteil code is its Stadtbezirk
        query = query.where(exists().where(OfferOrtsteil.offer_id == Offer.id,
                                           OfferOrtsteil.ortsteil_code.startswith(stadtbezirk)))
    if age_group:
        query = query.where(exists().where(OfferAgeGroup.offer_id == Offer.id,
                                           OfferAgeGroup.age_group == AgeGroup(age_group)))
    if goal:
        query = query.where(exists().where(OfferGoal.offer_id == Offer.id, OfferGoal.goal == Goal(goal)))
    if format:
        query = query.where(Offer.format == OfferFormat(format))
    return query


def public_offer_query(code: str):
    """Select the offer with this code if anyone may see it: published, of an active organisation."""
    return (select(Offer).join(Organisation, Organisation.id == Offer.organisation_id)
            .where(Offer.code == code, Offer.status != OfferStatus.draft, Organisation.is_active))
