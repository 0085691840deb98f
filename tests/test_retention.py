"""Data that expires: after the retention period raw free text and per-answer rows go, while published
results, participant counts and approved quotes look exactly the same as before."""

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from factories import ALL_OPTIONAL, create_test_offer, offer_code, publish_results_now, question_ids
from participation.accounts.services import find_user
from participation.answers.analog import AnalogData, create_entry
from participation.answers.models import Answer, KeptTallies, ParticipationCount, Submission
from participation.audit.models import AuditEvent
from participation.enums import QuestionKind, RejectReason, ReviewState
from participation.extensions import db
from participation.moderation import services as moderation
from participation.offers.models import Offer
from participation.offers.retention import due_offers, next_purge_date, purge
from participation.roles import Role
from participation.timeutil import local_today

DAYS = 365


def answer(app, offer_id, n) -> dict:
    ids = question_ids(app, offer_id)
    single, multiple, dots = ids[QuestionKind.single], ids[QuestionKind.multiple], ids[QuestionKind.dots]
    return {
        f"q{ids[QuestionKind.smiley][0]}": str(1 + n % 5),
        f"q{single[0]}": str(single[1][n % 2]),
        f"q{multiple[0]}": [str(o) for o in multiple[1][: 1 + n % 3]],
        f"q{ids[QuestionKind.yes_no][0]}": str(n % 2),
        f"q{dots[0]}-o{dots[1][n % 3]}": "2",
        f"q{ids[QuestionKind.text][0]}": f"Idee {n}: mehr Bänke",
        "age_group": ["10-13", "14-17"][n % 2],
        "ortsteil": ["62", "63"][n % 2],
    }


@pytest.fixture
def finished(app, make_organisation, make_user):
    """An offer with 12 answers, some free text approved (one redacted), some rejected, results published."""
    organisation = make_organisation()
    make_user("mod@example.org", Role.youth_worker, [organisation])
    offer_id = create_test_offer(app, organisation, questions=ALL_OPTIONAL)
    code = offer_code(app, offer_id)
    for n in range(12):
        assert app.test_client().post(f"/q/{code}", data=answer(app, offer_id, n)).status_code == 302
    with app.app_context():
        actor = find_user("mod@example.org")
        texts = db.session.scalars(select(Answer).where(Answer.text.is_not(None)).order_by(Answer.id)).all()
        moderation.approve(texts[0], actor=actor)
        moderation.approve(texts[1], actor=actor, removed={0})  # "[entfernt] 1: mehr Bänke"
        moderation.reject(texts[2], actor=actor, reason=RejectReason.off_topic, note="zitiert: Idee 2")
        db.session.commit()
    publish_results_now(app, offer_id)
    return offer_id, code


def without_tokens(page: str) -> str:
    """A page without its CSRF tokens: they carry the second they were made in."""
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', page)


def pages(app, client, offer_id, code) -> dict[str, str]:
    """What young people, staff and planners see of the offer, and the command line's JSON."""
    staff = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    return {
        "results": without_tokens(app.test_client().get(f"/q/{code}").get_data(as_text=True)),
        "planner": without_tokens(client.get(f"/team/planung/angebote/{offer_id}").get_data(as_text=True)),
        # the staff page's tallies (its free texts are the raw ones, which the purge removes)
        "tallies": re.findall(
            r"<table>.*?</table>",
            staff[staff.index('<h2 id="answers"') : staff.index('<h2 id="analog"')],
            re.S,
        ),
        "json": app.test_cli_runner().invoke(args=["results", code]).output,
    }


def test_published_results_look_the_same_after_the_purge(app, client, finished, make_user, login):
    offer_id, code = finished
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    with app.app_context():  # issue 13: a show of hands joins the numbers, and stays after the purge
        offer = db.session.get(Offer, offer_id)
        smiley = next(q for q in offer.questions if q.kind is QuestionKind.smiley)
        counts = {(smiley.id, None, 5): 6, (smiley.id, None, 4): 2}
        create_entry(offer, AnalogData("hands", 8, offer.starts_on, counts), actor=None)
        db.session.commit()
    before = pages(app, client, offer_id, code)
    assert "Idee 0: mehr Bänke" in before["results"] and "[entfernt] 1: mehr Bänke" in before["results"]
    assert "20" in before["results"] and "8 analog" in before["results"]
    assert '"participants": 20' in before["json"]
    with app.app_context():
        run = purge(local_today() + timedelta(days=DAYS), DAYS)
        db.session.commit()
    after = pages(app, client, offer_id, code)
    assert after == before
    assert run.offers == [offer_id] and run.total.quotes_kept == 2 and run.total.texts_removed == 12
    with app.app_context():
        left = db.session.scalars(select(Answer)).all()
        assert [(a.text, a.review_state, a.review_note) for a in left] == [
            (None, ReviewState.approved, None),
            (None, ReviewState.approved, None),
        ]  # only the two quotes, as published, without the young people's own words
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 12  # who took part, coarse
        assert db.session.scalar(select(func.sum(ParticipationCount.n))) == 20  # the planners' rollup
        assert (
            db.session.scalar(
                select(func.count()).select_from(Submission).where(Submission.form_id.is_not(None))
            )
            == 0
        )
        assert db.session.get(KeptTallies, offer_id) is not None
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "data.purge"))
        assert event.detail.startswith("1 offers, ") and "2 quotes kept" in event.detail
        assert "Idee" not in event.detail


def test_only_offers_past_the_retention_period_are_purged(app, make_organisation):
    organisation = make_organisation()
    published = create_test_offer(app, organisation, questions=ALL_OPTIONAL)
    never = create_test_offer(app, organisation, questions=ALL_OPTIONAL)
    running = create_test_offer(app, organisation, questions=ALL_OPTIONAL, ends_in=400, outcome_in=450)
    for offer_id in (published, never, running):
        code = offer_code(app, offer_id)
        assert app.test_client().post(f"/q/{code}", data=answer(app, offer_id, 1)).status_code == 302
    publish_results_now(app, published)
    with app.app_context():
        today = local_today()
    with app.app_context():  # ten days later: "never" ended by its date, nobody closed it, no results
        offer = db.session.get(Offer, never)
        offer.starts_on, offer.ends_on, offer.outcome_due_on = (
            today - timedelta(days=n) for n in (20, 10, 5)
        )
        db.session.commit()
    with app.app_context():
        assert due_offers(today + timedelta(days=DAYS - 11), DAYS) == []
        assert [o.id for o in due_offers(today + timedelta(days=DAYS - 10), DAYS)] == [
            never
        ]  # ended 10 days ago
        assert {o.id for o in due_offers(today + timedelta(days=DAYS), DAYS)} == {never, published}
        assert next_purge_date(today, DAYS) == today + timedelta(days=DAYS - 10)
        purge(today + timedelta(days=DAYS), DAYS)
        db.session.commit()
        assert [o.id for o in due_offers(today + timedelta(days=400 + DAYS + 1), DAYS)] == [running]
        texts = db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
        assert texts == ["Idee 1: mehr Bänke"]  # the running offer's answer is untouched


def test_purge_command_dry_run_changes_nothing_and_the_run_is_logged(app, runner, finished):
    app.config["RETENTION_DAYS"] = 0
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "Would purge: 1 offers" in dry.output
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(Answer).where(Answer.text.is_not(None))) == 12
        )
        assert (
            db.session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "data.purge")
            )
            == 0
        )
    done = runner.invoke(args=["purge"])
    assert "Purged: 1 offers" in done.output and done.exit_code == 0
    again = runner.invoke(args=["purge"])
    assert "Purged: 0 offers" in again.output  # once purged, never again


def test_admins_see_the_retention_setting_and_the_next_date(app, client, finished, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    page = client.get("/team/admin/aufbewahrung").get_data(as_text=True)
    assert "365 Tage" in page and "nie" in page
    assert re.search(r"Nächste Löschung</dt><dd>\d+\. \w+ \d{4}", page)
    app.config["RETENTION_DAYS"] = 0
    app.test_cli_runner().invoke(args=["purge"])
    page = client.get("/team/admin/aufbewahrung").get_data(as_text=True)
    assert "1 offers, " in page and "nichts wartet" in page
    assert json.loads(app.test_cli_runner().invoke(args=["results", offer_code(app, finished[0])]).output)
