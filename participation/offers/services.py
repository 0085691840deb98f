"""Creating, editing and publishing offers and their questions. Services flush, views commit."""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import Organisation, User
from participation.answers.retention import is_forgotten
from participation.answers.tallies import participant_count
from participation.audit.services import record
from participation.enums import AgeGroup, Goal, OfferFormat, OfferStatus, ParticipationLevel, QuestionKind
from participation.extensions import db
from participation.offers import content_translations
from participation.offers.models import Offer, OfferAgeGroup, OfferGoal, OfferOrtsteil, Option, Question
from participation.roles import ADMINS
from participation.sanitize import clean_html, strip_control
from participation.timeutil import end_of_local_day, local_today, utcnow

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


class Incomplete(Exception):
    """A draft still lacks what the offer form requires (a draft made from a method starts so)."""

    def __init__(self, offer: Offer, missing: list[str]):
        super().__init__(offer)
        self.missing = missing


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
    outcome_due_on: date


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


# Typed between the characters of a code: spaces (the poster groups it in fours) and dashes of any kind.
CODE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise_code(code: str) -> str:
    """Codes are typed by hand: accept any case, spaces and dashes ("ABCD 2345", "abcd-2345")."""
    return CODE_SEPARATORS.sub("", code).lower()


def grouped_code(code: str) -> str:
    """The code as printed for typing: upper case in groups of four ("ABCD 2345")."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).upper()


def create_offer(*, organisation: Organisation, created_by: User | None, fields: OfferFields) -> Offer:
    """Create a draft offer with a fresh public code."""
    offer = Offer(
        code=generate_code(),
        organisation=organisation,
        created_by_id=created_by and created_by.id,
        status=OfferStatus.draft,
    )
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
    offer.starts_on, offer.ends_on, offer.outcome_due_on = (
        fields.starts_on,
        fields.ends_on,
        fields.outcome_due_on,
    )
    offer.age_group_rows = [OfferAgeGroup(age_group=g) for g in dict.fromkeys(fields.age_groups)]
    offer.ortsteil_rows = [OfferOrtsteil(ortsteil_code=c) for c in dict.fromkeys(fields.ortsteil_codes)]
    offer.goal_rows = [OfferGoal(goal=g) for g in dict.fromkeys(fields.goals)]


def offers_for(user: User) -> list[Offer]:
    """Return the offers a staff member manages, newest first."""
    query = (
        select(Offer)
        .options(selectinload(Offer.organisation))
        .order_by(Offer.created_at.desc(), Offer.id.desc())
    )
    if user.role not in ADMINS:
        org_ids = [o.id for o in user.organisations]
        query = query.where(Offer.organisation_id.in_(org_ids))
    return list(db.session.scalars(query))


def questions_locked(offer: Offer) -> bool:
    """Questions change only in a draft without answers, so collected answers keep their meaning."""
    return offer.status is not OfferStatus.draft or participant_count(offer.id) > 0


def check_unlocked(offer: Offer) -> None:
    """Raise QuestionsLocked unless the offer's questions may still change."""
    if questions_locked(offer):
        raise QuestionsLocked(offer)


def add_question(offer: Offer, fields: QuestionFields) -> Question:
    """Append a question to a draft offer."""
    check_unlocked(offer)
    question = Question(offer=offer, position=len(offer.questions))
    _apply_question(question, fields)
    db.session.add(question)
    db.session.flush()
    return question


def update_question(question: Question, fields: QuestionFields) -> None:
    """Edit a question of a draft offer; options are replaced as a whole."""
    check_unlocked(question.offer)
    _apply_question(question, fields)
    db.session.flush()


def _apply_question(question: Question, fields: QuestionFields) -> None:
    question.kind = fields.kind
    question.prompt = strip_control(fields.prompt).strip()
    question.is_required = fields.is_required
    question.points = fields.points if fields.kind is QuestionKind.dots else None
    labels = fields.options if fields.kind.has_options else []
    if question.id is not None:  # the options are replaced: their translations go with them
        content_translations.forget(question.offer_id, [f"o{option.id}" for option in question.options])
    question.options = [
        Option(position=i, label=strip_control(label).strip()) for i, label in enumerate(labels or [])
    ]


def delete_question(question: Question) -> None:
    """Remove a question from a draft offer and close the gap in the order."""
    offer = question.offer
    check_unlocked(offer)
    content_translations.forget(
        offer.id, [f"q{question.id}", *(f"o{option.id}" for option in question.options)]
    )
    offer.questions.remove(question)
    for position, remaining in enumerate(offer.questions):
        remaining.position = position
    db.session.flush()


def move_question(question: Question, step: int) -> None:
    """Move a question up (-1) or down (+1) in a draft offer."""
    offer = question.offer
    check_unlocked(offer)
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


def missing_for_publish(offer: Offer) -> list[str]:
    """The fields the offer form requires that a draft still lacks, as OfferFields names."""
    present = {
        "decision_scope": bool(offer.decision_scope.strip()),
        "age_groups": bool(offer.age_group_rows),
        "ortsteil_codes": bool(offer.ortsteil_rows),
        "goals": bool(offer.goal_rows),
    }
    return [name for name, there in present.items() if not there]


def publish(offer: Offer, *, actor: User | None) -> None:
    """Open a draft for answers; its questions are locked from now on."""
    if offer.status is not OfferStatus.draft:
        raise InvalidTransition(offer)
    if not offer.questions:
        raise NoQuestions(offer)
    if missing := missing_for_publish(offer):
        raise Incomplete(offer, missing)
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


def can_reopen(offer: Offer) -> bool:
    """Answering has ended, the results are not out, and the answers were not purged yet (the kept
    tallies of a purged offer could never count new answers, nor would they be purged again)."""
    return (
        not offer.results_published
        and offer.phase_on(local_today()) == "closed"
        and not is_forgotten(offer.id)
    )


def reopen(offer: Offer, *, ends_on: date, outcome_due_on: date, actor: User | None) -> None:
    """Take answers again after answering ended, until the results are published (a session ended too
    early, or a tap on "close" by mistake). Answers already given stay; the dates move as given."""
    if not can_reopen(offer):
        raise InvalidTransition(offer)
    if ends_on < local_today() or outcome_due_on < ends_on or ends_on < offer.starts_on:
        raise ValueError("reopening needs an end date from today on and a Rückmeldung date after it")
    offer.status, offer.closed_at, offer.closed_on = OfferStatus.open, None, None
    offer.ends_on, offer.outcome_due_on = ends_on, outcome_due_on
    record("offer.reopen", actor=actor, offer_id=offer.id, detail=ends_on.isoformat())
    db.session.flush()


def copy_offer(offer: Offer, *, created_by: User | None) -> Offer:
    """A new draft with the offer's details, questions and options (for a recurring Blitzlicht): same
    length of answering and of waiting for the Rückmeldung, starting today at the earliest. Answers,
    Rückmeldung and translations stay with the original."""
    starts_on = max(offer.starts_on, local_today())
    shift = starts_on - offer.starts_on
    suffix = " (Kopie)"
    fields = OfferFields(
        title=offer.title[: 120 - len(suffix)] + suffix,
        description=offer.description,
        format=offer.format,
        level=offer.level,
        age_groups=offer.age_groups,
        ortsteil_codes=offer.ortsteil_codes,
        goals=offer.goals,
        decision_scope=offer.decision_scope,
        starts_on=starts_on,
        ends_on=offer.ends_on + shift,
        outcome_due_on=offer.outcome_due_on + shift,
    )
    copy = create_offer(organisation=offer.organisation, created_by=created_by, fields=fields)
    copy.method_id = offer.method_id
    for question in offer.questions:
        add_question(
            copy,
            QuestionFields(
                kind=question.kind,
                prompt=question.prompt,
                is_required=question.is_required,
                points=question.points,
                options=[option.label for option in question.options] or None,
            ),
        )
    record("offer.copy", actor=created_by, offer_id=copy.id, detail=str(offer.id))
    db.session.flush()
    return copy


def delete_draft(offer: Offer, *, actor: User | None) -> None:
    """Delete a draft for good (it has no answers: only published offers take them)."""
    if not offer.is_draft:
        raise InvalidTransition(offer)
    record("offer.delete", actor=actor, offer_id=offer.id, detail=offer.title)
    db.session.delete(offer)
    db.session.flush()


def close_at_end(offer: Offer) -> None:
    """Record an open offer whose end date passed, though nobody pressed "close", as closed on that day."""
    if offer.status is OfferStatus.open:
        offer.status, offer.closed_at = OfferStatus.closed, end_of_local_day(offer.ends_on)
        offer.closed_on = offer.ends_on


def public_offer_query(code: str):
    """Select the offer with this code if anyone may see it: published, of an active organisation."""
    return (
        select(Offer)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.code == code, Offer.status != OfferStatus.draft, Organisation.is_active)
    )


@dataclass
class Timeliness:
    state: str  # "on_time", "late", "due" (not yet published, still in time) or "overdue"
    days: int  # days late or overdue, days left when due


def timeliness(offer: Offer, today: date) -> Timeliness:
    """Was (or is) the promised Rückmeldung date kept? Dates are compared in the city's time zone."""
    if offer.results_published_on is not None:
        late = (offer.results_published_on - offer.outcome_due_on).days
        return Timeliness("late", late) if late > 0 else Timeliness("on_time", 0)
    overdue = (today - offer.outcome_due_on).days
    return Timeliness("overdue", overdue) if overdue > 0 else Timeliness("due", -overdue)
