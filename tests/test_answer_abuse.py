"""Numbers that a script cannot stuff, and answers that staff cannot tie to one young person."""

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from factories import ALL_OPTIONAL, create_test_offer, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import find_user, set_moderator_rights
from participation.answers.models import Answer, Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import Role
from participation.timeutil import current_hour, local_today

SCHOOL = "10.1.2.3"


def phone(app, address=SCHOOL):
    """A fresh browser (no cookie) behind a network address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def submissions(app, offer_id) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).select_from(Submission).where(Submission.offer_id == offer_id)
        )


@pytest.fixture
def open_offer(app, make_organisation):
    organisation = make_organisation("Jugendclub Ost")
    offer_id = create_test_offer(app, organisation_id=organisation, questions=ALL_OPTIONAL)
    ids = question_ids(app, offer_id)
    return {
        "id": offer_id,
        "code": offer_code(app, offer_id),
        "organisation": organisation,
        "smiley": f"q{ids[QuestionKind.smiley][0]}",
        "text": f"q{ids[QuestionKind.text][0]}",
    }


def test_a_class_of_30_behind_one_school_address_gets_through_in_a_minute(app, open_offer):
    for pupil in range(30):
        response = phone(app).post(
            f"/q/{open_offer['code']}", data={open_offer["smiley"]: "4", open_offer["text"]: f"Idee {pupil}"}
        )
        assert response.status_code == 302, pupil
    assert submissions(app, open_offer["id"]) == 30


def test_a_stuffing_script_is_slowed_and_nothing_typed_is_lost(app, open_offer, caplog):
    caplog.set_level(logging.DEBUG)
    statuses = []
    for number in range(200):  # a fresh cookie each time, as in the audit
        response = phone(app).post(
            f"/q/{open_offer['code']}", data={open_offer["smiley"]: "5", open_offer["text"]: f"Spam {number}"}
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            page = response.get_data(as_text=True)
            assert f"Spam {number}" in page and "warte eine Minute" in page  # the form again, answers kept
            assert response.headers["Retry-After"] == "60"
    assert statuses.count(302) == 60 and statuses.count(429) == 140  # ANSWER_LIMITS: 60 per minute
    assert submissions(app, open_offer["id"]) == 60
    # Another school and another offer are not affected.
    assert (
        phone(app, "10.9.9.9").post(f"/q/{open_offer['code']}", data={open_offer["smiley"]: "3"}).status_code
        == 302
    )
    other = create_test_offer(app, questions=ALL_OPTIONAL)
    smiley = f"q{question_ids(app, other)[QuestionKind.smiley][0]}"
    assert phone(app).post(f"/q/{offer_code(app, other)}", data={smiley: "3"}).status_code == 302
    # The address is in no table and no log line.
    with app.app_context():
        dump = "\n".join(
            str(row)
            for table in db.metadata.sorted_tables
            for row in db.session.execute(text(f"SELECT * FROM {table.name}"))
        )
    assert SCHOOL not in dump and SCHOOL not in caplog.text


def _burst(app, offer_id, recent, earlier_hours):
    """recent answers in this hour, and two per hour in each of earlier_hours before."""
    hour = current_hour()
    with app.app_context():
        rows = [Submission(offer_id=offer_id, created_at=hour) for _ in range(recent)]
        for back in range(2, 2 + earlier_hours):
            rows += [Submission(offer_id=offer_id, created_at=hour - timedelta(hours=back)) for _ in range(2)]
        db.session.add_all(rows)
        db.session.commit()


def test_a_burst_far_above_the_usual_rate_is_flagged_to_staff_and_planners(
    app, client, make_user, login, open_offer
):
    make_user("worker@example.org", Role.youth_worker, [open_offer["organisation"]])
    make_user("planner@example.org", Role.planner)
    quiet = create_test_offer(app, organisation_id=open_offer["organisation"], title="Ruhiges Angebot")
    _burst(app, open_offer["id"], recent=60, earlier_hours=10)
    _burst(app, quiet, recent=12, earlier_hours=10)  # a normal workshop hour
    login("worker@example.org")
    flagged = client.get(f"/team/angebote/{open_offer['id']}").get_data(as_text=True)
    assert "Ungewöhnlich viele Antworten" in flagged and "60 Antworten in einer Stunde" in flagged
    assert "Ungewöhnlich viele Antworten" not in client.get(f"/team/angebote/{quiet}").get_data(as_text=True)
    client.post("/team/logout")
    login("planner@example.org")
    dashboard = client.get("/team/planung/").get_data(as_text=True)
    assert "Ungewöhnlich viele Antworten" in dashboard
    assert "Sommer im Jugendtreff" in dashboard.split("Ungewöhnlich viele Antworten", 1)[1]
    assert (
        "Ruhiges Angebot" not in dashboard.split("Ungewöhnlich viele Antworten", 1)[1].split("</section>")[0]
    )


def _answers_table(page: str) -> list[str]:
    return re.findall(r"<td>(\d+)</td>", page[page.index('id="answers"') :])


def test_staff_see_figures_in_batches_of_five_while_the_offer_is_open(
    app, client, make_user, login, open_offer
):
    make_user("worker@example.org", Role.youth_worker, [open_offer["organisation"]])
    login("worker@example.org")
    url = f"/team/angebote/{open_offer['id']}"
    for _ in range(4):
        phone(app).post(f"/q/{open_offer['code']}", data={open_offer["smiley"]: "5"})
    before = client.get(url).get_data(as_text=True)
    assert "4 junge Menschen haben geantwortet" in before
    assert set(_answers_table(before)) == {"0"}  # nothing shown until five have answered
    phone(app).post(f"/q/{open_offer['code']}", data={open_offer["smiley"]: "1"})
    five = client.get(url).get_data(as_text=True)
    assert '<td><span aria-hidden="true">😄</span> sehr gut</td><td>4</td>' in five
    # The sixth child scans: the page before and after is the same but for the count.
    phone(app).post(f"/q/{open_offer['code']}", data={open_offer["smiley"]: "3"})
    six = client.get(url).get_data(as_text=True)
    assert _answers_table(six) == _answers_table(five)
    assert "6 junge Menschen haben geantwortet" in six and "1 weitere Antwort" in six
    with app.app_context():  # once answering has ended, everything shows
        db.session.get(Offer, open_offer["id"]).ends_on = local_today() - timedelta(days=1)
        db.session.commit()
    closed = client.get(url).get_data(as_text=True)
    assert '<td><span aria-hidden="true">😐</span> geht so</td><td>1</td>' in closed


def test_free_text_for_staff_without_the_moderator_right_is_approved_text_only(
    app, client, make_user, login, open_offer
):
    make_user("plain@example.org", Role.youth_worker, [open_offer["organisation"]])
    make_user("mod@example.org", Role.youth_worker, [open_offer["organisation"]])
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {open_offer["organisation"]})
        db.session.commit()
    for number in range(5):
        phone(app).post(f"/q/{open_offer['code']}", data={open_offer["text"]: f"Wunsch Nummer {number}"})
    url = f"/team/angebote/{open_offer['id']}"
    login("mod@example.org")
    moderator_page = client.get(url).get_data(as_text=True)
    assert all(f"Wunsch Nummer {n}" in moderator_page for n in range(5))
    keys = re.findall(r'href="/team/moderation/([^"]+)"', moderator_page)
    assert len(keys) == 5 and all(len(k) >= 16 and not k.isdigit() for k in keys)
    with app.app_context():
        first = db.session.scalar(select(Answer.id).where(Answer.text.is_not(None)).order_by(Answer.id))
    assert client.get(f"/team/moderation/{first}").status_code == 404  # no sequential ids any more
    assert client.post(
        "/team/moderation/entscheiden", data={"single": f"approve:{keys[0]}", "reason": "other"}
    )
    client.post("/team/logout")
    login("plain@example.org")
    plain_page = client.get(url).get_data(as_text=True)
    shown = [n for n in range(5) if f"Wunsch Nummer {n}" in plain_page]
    assert len(shown) == 1  # only the approved one
    assert "/team/moderation/" not in plain_page.split('id="answers"', 1)[1].replace(
        'href="/team/moderation/"', ""
    )


def test_free_text_order_says_nothing_about_arrival(app, client, make_user, login, open_offer):
    make_user("mod@example.org", Role.youth_worker, [open_offer["organisation"]])
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {open_offer["organisation"]})
        db.session.commit()
    for number in range(10):
        phone(app).post(f"/q/{open_offer['code']}", data={open_offer["text"]: f"Text {number:02d}"})
    login("mod@example.org")
    orders = set()
    for _ in range(8):
        page = client.get(f"/team/angebote/{open_offer['id']}").get_data(as_text=True)
        orders.add(tuple(re.findall(r"Text (\d\d)", page)))
        assert not re.search(r"\d\d:\d\d", page.split('id="answers"', 1)[1])  # no times next to texts
    assert len(orders) > 1


def test_a_deactivated_organisation_is_read_only_for_its_youth_workers(
    app, client, make_user, login, open_offer
):
    make_user("mod@example.org", Role.youth_worker, [open_offer["organisation"]])
    make_user("admin@example.org", Role.admin)
    draft = create_test_offer(app, organisation_id=open_offer["organisation"], publish=False)
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {open_offer["organisation"]})
        db.session.get(Organisation, open_offer["organisation"]).is_active = False
        db.session.commit()
    login("mod@example.org")
    page = client.get(f"/team/angebote/{draft}")
    assert page.status_code == 200 and "deaktiviert" in page.get_data(as_text=True)
    urls = app.url_map.bind("mitreden.test")
    refused = 0
    for rule in app.url_map.iter_rules():
        if (
            "offer_id" not in rule.arguments
            or "POST" not in rule.methods
            or not rule.rule.startswith("/team/angebote")
        ):
            continue
        values = {
            "offer_id": draft,
            "question_id": question_ids(app, draft)[QuestionKind.smiley][0],
            "language": "ar",
            "entry_id": 1,  # any: the organisation check comes first
            "kiosk_id": 1,  # refused before the kiosk link is looked up
        }
        url = urls.build(rule.endpoint, {k: values[k] for k in rule.arguments})
        assert client.post(url, data={}).status_code == 403, rule.endpoint
        refused += 1
    assert refused >= 9
    assert client.get("/team/moderation/").status_code == 200
    assert client.post("/team/moderation/entscheiden", data={"action": "approve"}).status_code == 403
    client.post("/team/logout")
    login("admin@example.org")  # administrators may still act, e.g. to publish a Rückmeldung
    assert client.post(f"/team/angebote/{draft}/veroeffentlichen").status_code == 302


def test_the_moderation_queue_holds_back_an_unfinished_batch_too(app, client, make_user, login, open_offer):
    make_user("mod@example.org", Role.youth_worker, [open_offer["organisation"]])
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {open_offer["organisation"]})
        db.session.commit()
    login("mod@example.org")
    for number in range(6):
        phone(app).post(f"/q/{open_offer['code']}", data={open_offer["text"]: f"Idee Nummer {number}"})
    queue = client.get("/team/moderation/").get_data(as_text=True)
    assert [n for n in range(6) if f"Idee Nummer {n}" in queue] == [0, 1, 2, 3, 4]  # the sixth waits
    with app.app_context():
        db.session.get(Offer, open_offer["id"]).ends_on = local_today() - timedelta(days=1)
        db.session.commit()
    assert "Idee Nummer 5" in client.get("/team/moderation/").get_data(as_text=True)  # answering ended
