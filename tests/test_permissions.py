"""Every staff route: anonymous users go to the login page, the wrong role gets 403."""

import pytest

from factories import create_test_offer, question_ids
from participation.accounts.services import find_user, set_moderator_rights
from participation.extensions import db
from participation.roles import Role

STAFF_BLUEPRINTS = ("offers", "admin", "results", "moderation", "planning")
ALLOWED = {
    "offers": {"youth_worker", "admin"},
    "admin": {"admin"},
    "results": {"youth_worker", "admin"},
    "moderation": {"youth_worker", "admin"},
    "planning": {"planner", "admin"},
    "planning.focus_areas": {"admin"},
}
HOME = "offers.index"  # the staff start page: every staff role may see it


def staff_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in STAFF_BLUEPRINTS]


def build_url(rule, ids):
    url = rule.rule
    for name in rule.arguments - {"name", "fmt", "language"}:
        url = url.replace(f"<int:{name}>", str(ids[name]))
    return url.replace("<name>", "ortsteile").replace("<fmt>", "csv").replace("<language>", "ar")


@pytest.fixture
def world(app, make_organisation, make_user):
    own = make_organisation("Eigener Treff")
    other = make_organisation("Fremder Treff")
    offer_id = create_test_offer(app, organisation_id=own, publish=False)
    foreign_offer = create_test_offer(app, organisation_id=other, publish=False)
    question_id = next(iter(question_ids(app, offer_id).values()))[0]
    foreign_question = next(iter(question_ids(app, foreign_offer).values()))[0]
    answer_id, foreign_answer = (text_answer(app, oid) for oid in (offer_id, foreign_offer))
    make_user("worker@example.org", Role.youth_worker, [own])
    make_user("other@example.org", Role.youth_worker, [other])
    make_user("planner@example.org", Role.planner)
    make_user("admin@example.org", Role.admin)
    with (
        app.app_context()
    ):  # the worker moderates their own organisation, so only the foreign answer is off-limits
        set_moderator_rights(find_user("worker@example.org"), {own})
        db.session.commit()
    return {
        "own": {
            "offer_id": offer_id,
            "question_id": question_id,
            "organisation_id": own,
            "user_id": 1,
            "answer_id": answer_id,
        },
        "foreign": {
            "offer_id": foreign_offer,
            "question_id": foreign_question,
            "organisation_id": other,
            "user_id": 1,
            "answer_id": foreign_answer,
        },
    }


def text_answer(app, offer_id):
    """Store one free-text answer directly (the offer is a draft here) and return its id."""
    from participation.answers.models import Answer, Submission
    from participation.enums import QuestionKind, ReviewState

    text_question = question_ids(app, offer_id)[QuestionKind.text][0]
    with app.app_context():
        answer = Answer(question_id=text_question, text="Hallo", review_state=ReviewState.pending)
        db.session.add(Submission(offer_id=offer_id, answers=[answer]))
        db.session.commit()
        return answer.id


def requests_for(rule):
    methods = rule.methods - {"HEAD", "OPTIONS"}
    return sorted(methods)


def test_there_are_staff_routes(app):
    assert len(staff_rules(app)) >= 15


def test_anonymous_users_are_sent_to_login(app, client, world):
    for rule in staff_rules(app):
        for method in requests_for(rule):
            response = client.open(build_url(rule, world["own"]), method=method)
            assert response.status_code == 302, rule.endpoint
            assert "/team/login" in response.headers["Location"], rule.endpoint


@pytest.mark.parametrize(
    "email,role",
    [
        ("worker@example.org", "youth_worker"),
        ("planner@example.org", "planner"),
        ("admin@example.org", "admin"),
    ],
)
def test_wrong_role_gets_403(app, client, login, world, email, role):
    login(email)
    checked = 0
    for rule in staff_rules(app):
        allowed = ALLOWED.get(rule.endpoint, ALLOWED[rule.endpoint.split(".")[0]])
        if role in allowed or rule.endpoint == HOME:
            continue
        for method in requests_for(rule):
            response = client.open(build_url(rule, world["own"]), method=method)
            assert response.status_code == 403, (rule.endpoint, method)
            checked += 1
    assert checked > 0 or role == "admin"


def test_youth_worker_of_another_organisation_gets_403(app, client, login, world):
    login("worker@example.org")
    for rule in staff_rules(app):
        if not {"offer_id", "answer_id"} & rule.arguments:
            continue
        for method in requests_for(rule):
            response = client.open(build_url(rule, world["foreign"]), method=method)
            assert response.status_code == 403, (rule.endpoint, method)


def test_question_of_another_offer_is_404(client, login, world):
    login("worker@example.org")
    url = f"/team/angebote/{world['own']['offer_id']}/fragen/{world['foreign']['question_id']}"
    assert client.get(url).status_code == 404


def test_every_staff_role_reaches_the_start_page(client, login, world):
    for email in ("worker@example.org", "planner@example.org", "admin@example.org"):
        login(email)
        assert client.get("/team/").status_code == 200
        client.post("/team/logout")
