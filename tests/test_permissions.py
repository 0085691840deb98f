"""The authorization matrix: every staff route in app.url_map × every kind of visitor, against one table.

The table says, per endpoint, which roles may open it (the same role sets from participation.roles that
the view's @role_required carries, checked below) and what else it needs: nothing more, the offer's own
organisation, or the moderator right for it. A staff route missing from the table fails the test.
"""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from factories import create_test_offer, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import find_user, set_moderator_rights
from participation.answers import kiosk
from participation.answers.models import Answer, Submission
from participation.answers.services import review_key
from participation.enums import ReviewState
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import ADMINS, OFFER_MANAGERS, PLANNERS, STAFF, Role

ROLE, ORG, MODERATOR, ANY_MODERATOR = "role", "own organisation", "its moderator", "any moderator right"
CONTACT = "its Kinderschutz contact"  # named by admins per organisation (issue 14); not other youth workers
EXPECTED = {
    "offers.index": (STAFF, ROLE),
    "offers.new": (OFFER_MANAGERS, ROLE),
    **{
        f"offers.{name}": (OFFER_MANAGERS, ORG)
        for name in (
            "detail",
            "edit",
            "new_question",
            "edit_question",
            "delete_question",
            "move_up",
            "move_down",
            "publish",
            "close",
            "poster",
            "translate",
            "reopen",
            "copy",
            "delete",
            "preview",
            "new_analog",  # issue 13: analog results
            "edit_analog",
            "delete_analog",
            "one_time_codes",
            "print_cards",
            "new_kiosk",
            "revoke_kiosk",
            "quality_checklist",  # issue 14: quality checklist
        )
    },
    "results.outcome": (OFFER_MANAGERS, ORG),
    "results.publish": (OFFER_MANAGERS, ORG),
    "results.download": (OFFER_MANAGERS, ORG),
    "results.sheet": (OFFER_MANAGERS, ORG),
    "moderation.queue": (OFFER_MANAGERS, ROLE),
    "moderation.decide": (OFFER_MANAGERS, ANY_MODERATOR),
    "moderation.review": (OFFER_MANAGERS, MODERATOR),
    "planning.index": (PLANNERS, ROLE),
    "planning.report": (PLANNERS, ROLE),
    "planning.export": (PLANNERS, ROLE),
    "planning.offer": (PLANNERS, ROLE),
    "planning.focus_areas": (ADMINS, ROLE),
    **{
        f"admin.{name}": (ADMINS, ROLE)
        for name in (
            "organisations",
            "edit_organisation",
            "users",
            "new_user",
            "edit_user",
            "retention",
            "audit_log",
            "child_protection_contact",  # issue 14: Kinderschutz
        )
    },
    "kinderschutz.queue": (OFFER_MANAGERS, CONTACT),  # issue 14: the organisation's Kinderschutz contact
    "kinderschutz.case": (OFFER_MANAGERS, CONTACT),
    "methods.index": (STAFF, ROLE),  # issue 14: the Methodenkoffer
    "methods.detail": (STAFF, ROLE),
    "methods.create_offer": (OFFER_MANAGERS, ROLE),
    "methods.new": (ADMINS, ROLE),
    "methods.edit": (ADMINS, ROLE),
    "methods.usage": (PLANNERS, ROLE),
    "auth.password": (STAFF, ROLE),
    "auth.second_factor": (STAFF, ROLE),
    "auth.logout": (STAFF, ROLE),
    "auth.logout_everywhere": (STAFF, ROLE),
}
PUBLIC = {"auth.login", "auth.login_code"}  # /team pages for everyone: the way in
LAST = ("auth.logout_everywhere", "auth.logout")  # they end the session: checked at the end


@dataclass(frozen=True)
class Persona:
    name: str
    role: Role | None  # None: not logged in
    own_org: bool = False
    moderates_own: bool = False
    moderates_other: bool = False
    child_protection_contact: bool = False  # of the own organisation (issue 14)


PERSONAS = [
    Persona("anonymous", None),
    Persona("youth worker, own organisation, moderator", Role.youth_worker, True, True),
    Persona("youth worker, own organisation, no moderator right", Role.youth_worker, True),
    Persona(
        "youth worker, own organisation, Kinderschutz contact",
        Role.youth_worker,
        True,
        child_protection_contact=True,
    ),
    Persona("youth worker of another organisation (its moderator)", Role.youth_worker, moderates_other=True),
    Persona("youth worker without organisation", Role.youth_worker),
    Persona("planner", Role.planner),
    Persona("admin", Role.admin),
]


def may(persona: Persona, endpoint: str) -> bool:
    """What the table expects for this persona on this endpoint (own organisation's objects)."""
    roles, rule = EXPECTED[endpoint]
    if persona.role not in roles:
        return False
    if persona.role is Role.admin or rule == ROLE:
        return True
    if rule == ORG:
        return persona.own_org
    if rule == MODERATOR:
        return persona.moderates_own
    if rule == CONTACT:
        return persona.child_protection_contact
    return persona.moderates_own or persona.moderates_other  # ANY_MODERATOR


def staff_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/team") and r.endpoint not in PUBLIC]


@pytest.fixture
def world(app, make_organisation, make_user):
    """Two organisations, an open offer of the own one with a pending free-text answer, and an account
    for every persona."""
    own, other = make_organisation("Eigener Treff"), make_organisation("Fremder Treff")
    offer_id = create_test_offer(app, organisation_id=own)
    kinds = question_ids(app, offer_id)
    with app.app_context():
        text_question = next(qid for kind, (qid, _opts) in kinds.items() if kind.value == "text")
        answer = Answer(
            question_id=text_question, text="Hallo", review_state=ReviewState.pending, review_key=review_key()
        )
        db.session.add(Submission(offer_id=offer_id, answers=[answer]))
        db.session.commit()
        key = answer.review_key
        entry_id = _analog_entry(offer_id)
        kiosk_id = kiosk.create(db.session.get(Offer, offer_id), name="Tablet", days=7, actor=None).link.id
        db.session.commit()
    accounts = {}
    for number, persona in enumerate(PERSONAS):
        if persona.role is None:
            continue
        organisations = [own] if persona.own_org else [other] if persona.moderates_other else []
        email = make_user(f"persona{number}@example.org", persona.role, organisations)
        with app.app_context():
            user = find_user(email)
            set_moderator_rights(
                user, {own} if persona.moderates_own else {other} if persona.moderates_other else set()
            )
            if persona.child_protection_contact:
                db.session.get(Organisation, own).child_protection_contact_id = user.id
            db.session.commit()
            accounts[persona] = (email, user.id)
    values = {
        "offer_id": offer_id,
        "question_id": next(iter(kinds.values()))[0],
        "organisation_id": own,
        "review_key": key,
        "name": "ortsteile",
        "fmt": "csv",
        "language": "ar",
        "entry_id": entry_id,
        "kiosk_id": kiosk_id,
        "slug": "blitzlicht",
    }
    with app.app_context():  # issue 14: the Methodenkoffer's methods
        from participation.methods.services import seed_methods

        seed_methods()
        db.session.commit()
    return {"values": values, "accounts": accounts, "key": key}


def _analog_entry(offer_id: int) -> int:
    """An analog entry of the offer (issue 13), for the routes that correct or delete one."""
    from participation.answers.analog import AnalogData, create_entry

    offer = db.session.get(Offer, offer_id)
    entry = create_entry(offer, AnalogData("hands", 6, offer.starts_on), actor=None)
    db.session.commit()
    return entry.id


def test_every_staff_route_is_in_the_table_with_the_decorators_roles(app):
    endpoints = {rule.endpoint for rule in staff_rules(app)}
    assert endpoints == set(EXPECTED), "a staff route without an entry in EXPECTED, or the other way"
    for endpoint, (roles, _rule) in EXPECTED.items():
        assert app.view_functions[endpoint].required_roles == roles, endpoint


def _requests(app, values):
    """(endpoint, method, url) for every staff rule, those that end the session last."""
    urls = app.url_map.bind("mitreden.test")
    found = []
    for rule in staff_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            arguments = {name: values[name] for name in rule.arguments}
            found.append((rule.endpoint, method, urls.build(rule.endpoint, arguments, method=method)))
    return sorted(found, key=lambda r: (r[0] in LAST, LAST.index(r[0]) if r[0] in LAST else 0, r[0], r[1]))


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_authorization_matrix(app, client, login, world, persona):
    values = dict(world["values"])
    if persona.role is not None:
        email, user_id = world["accounts"][persona]
        login(email)
    values["user_id"] = next(uid for p, (_e, uid) in world["accounts"].items() if p.role is Role.planner)
    checked = []
    for endpoint, method, url in _requests(app, values):
        response = client.open(url, method=method, data={})
        location = response.headers.get("Location", "")
        if persona.role is None:
            assert response.status_code == 302 and "/team/login" in location, (endpoint, method)
        elif may(persona, endpoint):
            assert response.status_code < 500 and response.status_code != 403, (endpoint, method)
            assert endpoint in LAST or "/team/login" not in location, (endpoint, method)
        else:
            assert response.status_code == 403, (endpoint, method, response.status_code)
        checked.append(endpoint)
    assert set(checked) == set(EXPECTED)
    with app.app_context():  # nobody without the right decided on the answer, whatever they sent
        answer = db.session.scalar(select(Answer).where(Answer.review_key == world["key"]))
        if not (persona.moderates_own or persona.role is Role.admin):
            assert answer.review_state is ReviewState.pending


def test_cross_organisation_attempts_on_every_object_route(app, client, login, world, make_organisation):
    """The own organisation's moderator against another organisation's offer and answer: all 403."""
    foreign = make_organisation("Dritter Treff")
    foreign_offer = create_test_offer(app, organisation_id=foreign)
    email, _user_id = world["accounts"][PERSONAS[1]]
    login(email)
    values = {**world["values"], "offer_id": foreign_offer}
    values["question_id"] = next(iter(question_ids(app, foreign_offer).values()))[0]
    attempts = 0
    for endpoint, method, url in _requests(app, {**values, "user_id": 1}):
        if EXPECTED[endpoint][1] != ORG:
            continue
        assert client.open(url, method=method, data={}).status_code == 403, (endpoint, method)
        attempts += 1
    assert attempts >= 15


def test_question_of_another_offer_is_404(app, client, login, world):
    other_offer = create_test_offer(app, organisation_id=world["values"]["organisation_id"])
    foreign_question = next(iter(question_ids(app, other_offer).values()))[0]
    login(world["accounts"][PERSONAS[1]][0])
    url = f"/team/angebote/{world['values']['offer_id']}/fragen/{foreign_question}"
    assert client.get(url).status_code == 404


def test_every_staff_role_reaches_the_start_page(client, login, world):
    for email, _user_id in world["accounts"].values():
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
    "auth.password",
)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p.role], ids=lambda p: p.name)
def test_navigation_links_exactly_what_the_role_may_open(app, client, login, world, persona):
    login(world["accounts"][persona][0])
    nav = client.get("/team/").get_data(as_text=True).split("<nav", 2)[1]
    urls = app.url_map.bind("mitreden.test")
    shown = {endpoint for endpoint in NAV_ENDPOINTS if f'href="{urls.build(endpoint)}"' in nav}
    assert shown == {endpoint for endpoint in NAV_ENDPOINTS if persona.role in EXPECTED[endpoint][0]}
    for endpoint in shown:
        assert client.get(urls.build(endpoint)).status_code == 200
