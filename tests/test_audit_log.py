"""The audit log reads as sentences with names and titles, filters by action, account and period, and
records changes to organisations and accounts (never a password)."""

from datetime import timedelta

from sqlalchemy import select

from factories import PASSWORD, create_test_offer
from participation.accounts.models import Organisation
from participation.accounts.services import find_user
from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.roles import Role
from participation.timeutil import end_of_local_day, local_today, utcnow

EN = {"Accept-Language": "en"}


def log_page(client, query=""):
    return client.get(f"/team/admin/protokoll{query}", headers=EN).get_data(as_text=True)


def test_sentences_name_the_account_and_the_offer(app, client, make_user, login, make_organisation):
    make_user("anna@example.org", Role.admin)
    login("anna@example.org")
    offer_id = create_test_offer(app, make_organisation(), publish=False, title="Blitzlicht <Treff>")
    client.post(f"/team/angebote/{offer_id}/veroeffentlichen")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.offer_id == offer_id))
    page = log_page(client)
    assert (
        f'anna@example.org published the offer <a href="/team/angebote/{offer_id}">'
        "„Blitzlicht &lt;Treff&gt;“</a>." in page
    )
    assert "anna@example.org logged in." in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert f"#{offer_id}" not in rows and "offer.publish" not in rows and "login.success" not in rows


def test_organisation_and_account_changes_are_logged_without_passwords(app, client, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    client.post(
        "/team/admin/organisationen", data={"name": "Schule am See", "kind": "school", "is_active": "y"}
    )
    with app.app_context():
        school = db.session.scalar(select(Organisation.id).where(Organisation.name == "Schule am See"))
    client.post(
        f"/team/admin/organisationen/{school}",
        data={"name": "Schule am Teich", "kind": "school", "is_active": "y"},
    )
    secret = "ein sehr langes geheimnis"
    client.post(
        "/team/admin/konten/neu",
        data={
            "email": "neu@example.org",
            "role": "youth_worker",
            "organisations": [str(school)],
            "is_active": "y",
            "password": secret,
        },
    )
    new_id = None
    with app.app_context():
        new_id = find_user("neu@example.org").id
    client.post(
        f"/team/admin/konten/{new_id}", data={"role": "planner", "is_active": "y", "password": secret + "!"}
    )
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        actions = [e.action for e in events]
        assert {"organisation.create", "organisation.change", "account.create", "account.change"} <= set(
            actions
        )
        assert not any("geheimnis" in e.detail for e in events)
    page = log_page(client)
    assert "admin@example.org created the organisation „Schule am Teich“." in page
    assert "admin@example.org changed the organisation „Schule am Teich“: name." in page
    assert "admin@example.org created the account neu@example.org with the role Youth worker." in page
    assert (
        "admin@example.org changed the account neu@example.org: "
        "role Planner, organisations, password set anew." in page
    )
    assert "geheimnis" not in page


def test_own_password_change_is_logged(app, client, make_user, login):
    make_user("w@example.org", Role.youth_worker)
    login("w@example.org")
    new = "ein ganz neues passwort"
    client.post("/team/passwort", data={"current": PASSWORD, "new": new, "repeat": new})
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password.change_own"))
        assert event is not None and event.detail == ""


def test_filters_by_action_account_and_period(app, client, make_user, login):
    make_user("admin@example.org", Role.admin)
    make_user("w@example.org", Role.youth_worker)
    login("admin@example.org")
    client.post("/team/admin/organisationen", data={"name": "Alt", "kind": "amt", "is_active": "y"})
    with app.app_context():
        alt = db.session.scalar(select(Organisation.id).where(Organisation.name == "Alt"))
        old = AuditEvent(
            action="organisation.create",
            actor_id=find_user("admin@example.org").id,
            detail=f"organisation={alt}",
            created_at=utcnow() - timedelta(days=40),
        )
        db.session.add(old)
        db.session.commit()
        worker_id = find_user("w@example.org").id
    client.post("/team/logout")
    login("w@example.org")
    client.post("/team/logout")
    login("admin@example.org")

    only_created = log_page(client, "?action=organisation.create")
    assert only_created.count("created the organisation") == 2 and "logged in" not in only_created
    only_worker = log_page(client, f"?account={worker_id}")
    assert (
        "w@example.org logged in." in only_worker
        and "admin@example.org" not in only_worker.split("<tbody>")[1]
    )
    with app.app_context():
        today = local_today()  # the filter's days are the city's: after 23:00 UTC it is tomorrow there
    recent = log_page(
        client,
        f"?action=organisation.create&von={(today - timedelta(days=7)).isoformat()}&bis={today.isoformat()}",
    )
    assert recent.count("created the organisation") == 1
    old_only = log_page(client, f"?action=organisation.create&bis={(today - timedelta(days=30)).isoformat()}")
    assert old_only.count("created the organisation") == 1


def test_the_period_counts_the_citys_calendar_days(app, client, make_user, login):
    """Half past midnight in Leipzig is still the day before in UTC: the event belongs to the Leipzig day."""
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    with app.app_context():
        day = local_today() - timedelta(days=10)
        just_after_midnight = end_of_local_day(day - timedelta(days=1)) + timedelta(minutes=30)
        assert just_after_midnight.date() == day - timedelta(days=1)  # in UTC: the day before
        db.session.add(
            AuditEvent(
                action="organisation.create",
                actor_id=find_user("admin@example.org").id,
                detail="organisation=0",
                created_at=just_after_midnight,
            )
        )
        db.session.commit()
    action = "?action=organisation.create"
    assert log_page(client, f"{action}&von={day}&bis={day}").count("created the organisation") == 1
    before = day - timedelta(days=1)
    assert log_page(client, f"{action}&von={before}&bis={before}").count("created the organisation") == 0


def test_bad_filters_get_clear_messages(client, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    response = client.get(
        "/team/admin/protokoll?action=drop.table&account=abc&von=2026-13-45&bis=gestern", headers=EN
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose an action from the list." in page
    assert "Choose an account from the list." in page
    assert page.count("Enter a date as YYYY-MM-DD, for example 2026-12-01.") == 2
    assert "logged in." in page  # the bad filters filter nothing
    swapped = log_page(client, "?von=2026-12-01&bis=2026-11-01")
    assert "The end of the period is before its start." in swapped


def test_create_admin_on_the_command_line_is_logged(app, runner, client, login):
    result = runner.invoke(args=["create-admin", "erste@example.org", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    login("erste@example.org")
    page = log_page(client, "?action=account.create")
    assert "The system created the account erste@example.org with the role Administrator." in page
