import re

import pytest
from sqlalchemy import select

from factories import in_english
from participation.accounts.models import Organisation
from participation.accounts.services import find_user
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.roles import Role


@pytest.fixture
def admin(make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")


def test_admin_creates_organisation_and_staff_account(app, client, admin, login):
    response = client.post(
        "/team/admin/organisationen", data={"name": "Schule am See", "kind": "school", "is_active": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
        assert (organisation.name, organisation.kind) == ("Schule am See", OrganisationKind.school)
    response = client.post(
        "/team/admin/konten/neu",
        data={
            "email": "neu@example.org",
            "role": "youth_worker",
            "organisations": [str(organisation.id)],
            "is_active": "y",
            "password": "ein langes passwort",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = find_user("neu@example.org")
        assert user.role is Role.youth_worker and [o.name for o in user.organisations] == ["Schule am See"]
    client.post("/team/logout")
    assert login("neu@example.org", "ein langes passwort").status_code == 302


def test_duplicate_names_and_addresses_are_reported(app, client, admin):
    client.post("/team/admin/organisationen", data={"name": "Treff", "kind": "youth_club"})
    response = client.post("/team/admin/organisationen", data={"name": "treff", "kind": "youth_club"})
    assert "Es gibt bereits" in response.get_data(as_text=True)
    response = client.post(
        "/team/admin/konten/neu",
        data={"email": "admin@example.org", "role": "planner", "password": "ein langes passwort"},
    )
    assert "Es gibt bereits" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "kein-at", "role": "planner", "password": "ein langes passwort"}, "valid e-mail address"),
        ({"email": "x@example.org", "role": "planner", "password": "kurz"}, "10"),
        ({"email": "x@example.org", "role": "planner"}, "Password"),
        (
            {"email": "x@example.org", "role": "king", "password": "ein langes passwort"},
            "Please choose a role.",
        ),
    ],
)
def test_account_form_validates(app, client, admin, form, message):
    in_english(client)
    response = client.post("/team/admin/konten/neu", data=form)
    assert response.status_code == 200
    assert message.lower() in response.get_data(as_text=True).lower()
    with app.app_context():
        assert find_user("x@example.org") is None


def test_admin_edits_and_deactivates(app, client, admin, make_organisation, make_user):
    organisation_id = make_organisation("Alt")
    make_user("w@example.org", Role.youth_worker, [organisation_id])
    with app.app_context():
        user_id = find_user("w@example.org").id
    client.post(f"/team/admin/organisationen/{organisation_id}", data={"name": "Neu", "kind": "amt"})
    client.post(f"/team/admin/konten/{user_id}", data={"email": "w@example.org", "role": "planner"})
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        assert (organisation.name, organisation.kind, organisation.is_active) == (
            "Neu",
            OrganisationKind.amt,
            False,
        )
        user = find_user("w@example.org")
        assert user.role is Role.planner and not user.is_active_account and user.organisations == []


def test_edit_pages_show_what_is_stored(app, client, admin, make_organisation, make_user):
    organisation_id = make_organisation("Schule Nord", OrganisationKind.school)
    make_user("p@example.org", Role.planner, [organisation_id])
    with app.app_context():
        user_id = find_user("p@example.org").id
    page = client.get(f"/team/admin/organisationen/{organisation_id}").get_data(as_text=True)
    assert 'value="Schule Nord"' in page and '<option selected value="school">' in page
    page = client.get(f"/team/admin/konten/{user_id}").get_data(as_text=True)
    assert '<option selected value="planner">' in page
    checked = re.findall(r'<input (checked )?id="(organisations|moderated)-0"[^>]*value="(\d+)"', page)
    assert checked == [
        ("checked ", "organisations", str(organisation_id)),
        ("", "moderated", str(organisation_id)),
    ]


def test_admin_cannot_lock_themselves_out(app, client, admin):
    with app.app_context():
        own_id = find_user("admin@example.org").id
    response = client.post(
        f"/team/admin/konten/{own_id}",
        data={"email": "admin@example.org", "role": "planner", "is_active": "y"},
    )
    assert "eigenen" in response.get_data(as_text=True)
    with app.app_context():
        assert find_user("admin@example.org").role is Role.admin


def test_new_organisation_and_account_can_start_deactivated(app, client, admin):
    client.post("/team/admin/organisationen", data={"name": "Später", "kind": "amt"})
    client.post(
        "/team/admin/konten/neu",
        data={"email": "spaeter@example.org", "role": "planner", "password": "ein langes passwort"},
    )
    with app.app_context():
        assert db.session.scalar(select(Organisation.is_active).where(Organisation.name == "Später")) is False
        assert find_user("spaeter@example.org").is_active_account is False


def test_names_differing_only_in_case_clash_on_every_database(app, client, admin):
    client.post("/team/admin/organisationen", data={"name": "Ökotreff", "kind": "youth_club"})
    response = client.post("/team/admin/organisationen", data={"name": "ökotreff", "kind": "youth_club"})
    assert "Es gibt bereits" in response.get_data(as_text=True)


def test_account_with_an_unusual_address_can_still_be_edited(app, client, admin, runner):
    runner.invoke(args=["create-admin", "root@localhost", "--password", "long enough pw"])
    with app.app_context():
        user_id = find_user("root@localhost").id
    response = client.post(
        f"/team/admin/konten/{user_id}",
        data={"role": "admin", "is_active": "y", "password": "another long pw"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert find_user("root@localhost").check_password("another long pw")
