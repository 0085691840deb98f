"""Every staff route: anonymous users go to the login page, the wrong role gets 403."""

import pytest

from factories import create_test_offer, question_ids
from participation.accounts.services import find_user, set_moderator_rights
from participation.answers.models import Answer, Submission
from participation.enums import QuestionKind, ReviewState
from participation.extensions import db
from participation.roles import ADMINS, OFFER_MANAGERS, PLANNERS, STAFF, Role

STAFF_BLUEPRINTS = ("offers", "admin", "results", "moderation", "planning")
# The same role sets as the decorators and the navigation (participation.roles).
ALLOWED = {
    "offers": OFFER_MANAGERS,
    "offers.index": STAFF,  # the staff start page
    "admin": ADMINS,
    "results": OFFER_MANAGERS,
    "moderation": OFFER_MANAGERS,
    "planning": PLANNERS,
    "planning.focus_areas": ADMINS,
}
ACCOUNTS = {
    Role.youth_worker: "worker@example.org",
    Role.planner: "planner@example.org",
    Role.admin: "admin@example.org",
}


def allowed(endpoint: str) -> frozenset[Role]:
    return ALLOWED.get(endpoint, ALLOWED[endpoint.split(".")[0]])


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


@pytest.mark.parametrize("role", list(Role))
def test_wrong_role_gets_403(app, client, login, world, role):
    login(ACCOUNTS[role])
    checked = 0
    for rule in staff_rules(app):
        if role in allowed(rule.endpoint):
            continue
        for method in requests_for(rule):
            response = client.open(build_url(rule, world["own"]), method=method)
            assert response.status_code == 403, (rule.endpoint, method)
            checked += 1
    assert checked > 0 or role is Role.admin


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
    for email in ACCOUNTS.values():
        login(email)
        assert client.get("/team/").status_code == 200
        client.post("/team/logout")


NAV_ENDPOINTS = (
    "moderation.queue",
    "planning.index",
    "admin.organisations",
    "admin.users",
    "admin.audit_log",
    "planning.focus_areas",
)


@pytest.mark.parametrize("role", list(Role))
def test_navigation_links_exactly_what_the_role_may_open(app, client, login, world, role):
    login(ACCOUNTS[role])
    nav = client.get("/team/").get_data(as_text=True).split("<nav", 2)[1]
    urls = app.url_map.bind("mitreden.test")
    shown = {endpoint for endpoint in NAV_ENDPOINTS if f'href="{urls.build(endpoint)}"' in nav}
    assert shown == {endpoint for endpoint in NAV_ENDPOINTS if role in allowed(endpoint)}
    for endpoint in shown:
        assert client.get(urls.build(endpoint)).status_code == 200
