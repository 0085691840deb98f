"""A realistic, reproducible synthetic data set for benchmarks: many offers, up to millions of answers."""

import random
import secrets
import time as clock
from datetime import date, datetime, time, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import func, insert, select, text

from participation.accounts.models import Organisation
from participation.answers.counts import rebuild_counts
from participation.answers.models import Answer, Submission
from participation.enums import (
    AgeGroup,
    Goal,
    OfferFormat,
    OfferStatus,
    OrganisationKind,
    ParticipationLevel,
    QuestionKind,
)
from participation.extensions import db
from participation.offers.models import Offer, OfferAgeGroup, OfferGoal, OfferOrtsteil, Option, Question
from participation.offers.services import CODE_ALPHABET, CODE_LENGTH
from participation.places import population
from participation.sql import lift_statement_timeout
from participation.timeutil import UTC, local_today

CHUNK = 20_000
ORGANISATIONS = 40


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def seed_synthetic(*, offers: int, answers: int, seed: int, today: date) -> dict:
    """Add `offers` offers over the last two years and `answers` submissions spread over them."""
    lift_statement_timeout()  # bulk inserts of a million rows
    rng = random.Random(seed)
    people = population()
    codes = list(people)
    weights = [people[c].residents for c in codes]
    kinds = list(OrganisationKind)
    first_org = _next_id(Organisation)
    _insert(
        Organisation,
        [
            {
                "id": first_org + i,
                "name": f"Synthetischer Träger {seed}-{first_org + i}",
                "kind": rng.choice(kinds).name,
                "is_active": True,
                "created_at": datetime.now(UTC),
            }
            for i in range(ORGANISATIONS)
        ],
    )
    first_offer, first_question, first_option = _next_id(Offer), _next_id(Question), _next_id(Option)
    offer_rows, tag_rows, question_rows, option_rows, spans = [], ([], [], []), [], [], []
    used_codes = set(db.session.scalars(select(Offer.code)))
    for i in range(offers):
        offer_id = first_offer + i
        starts = today - timedelta(days=rng.randint(0, 730))
        ends = starts + timedelta(days=rng.randint(7, 60))
        due = ends + timedelta(days=rng.randint(14, 45))
        closed = ends < today
        published = closed and rng.random() < 0.7
        published_on = (
            min(today, ends + timedelta(days=max(1, int(rng.gammavariate(2, 12))))) if published else None
        )
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        while code in used_codes:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        used_codes.add(code)
        opened_at = datetime.combine(starts, time(9), tzinfo=UTC)
        offer_rows.append(
            {
                "id": offer_id,
                "code": code,
                "organisation_id": first_org + rng.randrange(ORGANISATIONS),
                "created_by_id": None,
                "title": f"Synthetisches Angebot {offer_id}",
                "description": "",
                "format": rng.choice(list(OfferFormat)).name,
                "level": rng.choice(list(ParticipationLevel)).name,
                "decision_scope": "Synthetische Daten für Messungen.",
                "starts_on": starts,
                "ends_on": ends,
                "outcome_due_on": due,
                "status": (OfferStatus.closed if closed else OfferStatus.open).name,
                "created_at": opened_at,
                "opened_at": opened_at,
                "closed_at": datetime.combine(ends, time(23), tzinfo=UTC) if closed else None,
                "closed_on": ends if closed else None,
                "results_published_at": datetime.combine(published_on, time(12), tzinfo=UTC)
                if published
                else None,
                "results_published_on": published_on,
            }
        )
        places = set(rng.choices(codes, weights, k=rng.choice([1, 1, 1, 2, 3])))
        groups = rng.sample(list(AgeGroup), rng.randint(1, 3))
        goals = {Goal.participation} | ({rng.choice(list(Goal))} if rng.random() < 0.4 else set())
        tag_rows[0].extend({"offer_id": offer_id, "ortsteil_code": c} for c in places)
        tag_rows[1].extend({"offer_id": offer_id, "age_group": g.name} for g in groups)
        tag_rows[2].extend({"offer_id": offer_id, "goal": g.name} for g in goals)
        smiley, choice = first_question + 2 * i, first_question + 2 * i + 1
        question_rows += [
            {
                "id": smiley,
                "offer_id": offer_id,
                "position": 0,
                "kind": QuestionKind.smiley.name,
                "prompt": "Wie fandest du es?",
                "is_required": True,
                "points": None,
            },
            {
                "id": choice,
                "offer_id": offer_id,
                "position": 1,
                "kind": QuestionKind.single.name,
                "prompt": "Was ist dir am wichtigsten?",
                "is_required": False,
                "points": None,
            },
        ]
        option_rows += [
            {"id": first_option + 3 * i + k, "question_id": choice, "position": k, "label": label}
            for k, label in enumerate(("Sport", "Kultur", "Treffpunkt"))
        ]
        spans.append((offer_id, starts, min(ends, today), list(places), groups, smiley, first_option + 3 * i))
    _insert(Offer, offer_rows)
    _insert(OfferOrtsteil, tag_rows[0])
    _insert(OfferAgeGroup, tag_rows[1])
    _insert(OfferGoal, tag_rows[2])
    _insert(Question, question_rows)
    _insert(Option, option_rows)

    # A few offers draw many young people, most draw a few (log-normal weights).
    popularity = [rng.lognormvariate(0, 1.2) for _ in spans]
    chosen = rng.choices(range(len(spans)), popularity, k=answers)
    first_submission, first_answer = _next_id(Submission), _next_id(Answer)
    submissions, answer_rows = [], []
    for n, index in enumerate(chosen):
        offer_id, starts, last, places, groups, smiley, option = spans[index]
        day = starts + timedelta(days=rng.randint(0, max(0, (last - starts).days)))
        submission_id = first_submission + n
        age = rng.choice(groups).name if rng.random() < 0.7 else None
        ortsteil = (
            (rng.choice(places) if rng.random() < 0.8 else rng.choices(codes, weights)[0])
            if rng.random() < 0.5
            else None
        )
        submissions.append(
            {
                "id": submission_id,
                "offer_id": offer_id,
                "age_group": age,
                "ortsteil_code": ortsteil,
                "created_at": datetime.combine(day, time(rng.randint(8, 20)), tzinfo=UTC),
            }
        )
        answer_rows.append(
            {
                "id": first_answer + 2 * n,
                "submission_id": submission_id,
                "question_id": smiley,
                "option_id": None,
                "value": rng.choice((2, 3, 4, 4, 5, 5)),
                "text": None,
            }
        )
        answer_rows.append(
            {
                "id": first_answer + 2 * n + 1,
                "submission_id": submission_id,
                "question_id": smiley + 1,
                "option_id": option + rng.randrange(3),
                "value": None,
                "text": None,
            }
        )
        if len(submissions) >= CHUNK:
            _insert(Submission, submissions)
            _insert(Answer, answer_rows)
            submissions, answer_rows = [], []
    _insert(Submission, submissions)
    _insert(Answer, answer_rows)
    _advance_sequences()
    rows = rebuild_counts()
    return {"offers": offers, "submissions": answers, "answers": 2 * answers, "rollup_rows": rows}


def _advance_sequences() -> None:
    """Explicit ids bypass PostgreSQL's sequences: move them past the new rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("organisations", "offers", "questions", "options", "submissions", "answers"):
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


@click.command("seed-synthetic")
@click.option("--offers", default=2000, show_default=True, help="How many offers to add.")
@click.option("--answers", default=1_000_000, show_default=True, help="How many submissions to add.")
@click.option("--seed", default=1, show_default=True, help="Random seed: the same seed gives the same data.")
@with_appcontext
def seed_synthetic_command(offers: int, answers: int, seed: int) -> None:
    """Add a realistic synthetic data set for benchmarks (never into a production database)."""
    started = clock.perf_counter()
    result = seed_synthetic(offers=offers, answers=answers, seed=seed, today=local_today())
    db.session.commit()
    click.echo(
        f"Added {result['offers']} offers, {result['submissions']} submissions, {result['answers']} "
        f"answers; {result['rollup_rows']} rollup rows; {clock.perf_counter() - started:.1f} s."
    )
