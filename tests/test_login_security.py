"""Staff accounts that resist attack: login limits and lockout, sessions that can be ended, cookies and
headers behind TLS, and passwords that are not guessable."""

import pytest
from sqlalchemy import select

from factories import PASSWORD, csrf_token_from
from participation.accounts.models import User
from participation.accounts.services import create_user, find_user
from participation.audit.models import AuditEvent
from participation.auth import sessions
from participation.extensions import db
from participation.roles import Role

WRONG = "not the password at all"
LOCKED = "Zu viele Versuche"


def wrong_login(client, email):
    return client.post("/team/login", data={"email": email, "password": WRONG})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app, client, make_user):
    make_user("worker@example.org")
    for _ in range(5):
        response = wrong_login(client, "worker@example.org")
        assert response.status_code == 200 and "falsch" in response.get_data(as_text=True)
    locked = client.post("/team/login", data={"email": "worker@example.org", "password": PASSWORD})
    assert locked.status_code == 429 and LOCKED in locked.get_data(as_text=True)
    assert client.get("/team/").status_code == 302  # not logged in
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        user = find_user("worker@example.org")
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)).all()
    assert actions == ["login.failure"] * 5 + ["login.lockout"]
    assert all(WRONG not in e.detail and PASSWORD not in e.detail for e in events)


def test_the_lockout_looks_the_same_whether_the_account_exists_or_not(app, client, make_user):
    make_user("worker@example.org")
    pages = {}
    for email in ("worker@example.org", "nobody@example.org"):
        for _ in range(5):
            wrong_login(client, email)
        response = wrong_login(client, email)
        assert response.status_code == 429
        pages[email] = response.get_data(as_text=True).replace(email, "")
    assert pages["worker@example.org"] == pages["nobody@example.org"]


def test_the_account_limit_counts_only_failures(client, make_user, login):
    make_user("worker@example.org")
    for _ in range(4):
        wrong_login(client, "worker@example.org")
    for _ in range(10):  # a shared office tablet: many good logins never lock anyone out
        assert login("worker@example.org").status_code == 302
        client.post("/team/logout")
    assert wrong_login(client, "worker@example.org").status_code == 200  # the fifth failure


def test_one_address_trying_many_accounts_is_stopped(app, client):
    limit = 30  # LOGIN_LIMITS_PER_ADDRESS: 30 per 15 minutes
    for number in range(limit):
        assert wrong_login(client, f"guess{number}@example.org").status_code == 200
    assert wrong_login(client, "another@example.org").status_code == 429
    other_office = app.test_client()
    other_office.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert wrong_login(other_office, "another@example.org").status_code == 200


def test_login_clears_the_session_and_rotates_the_csrf_token(csrf_app):
    with csrf_app.app_context():
        create_user(email="worker@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[])
        db.session.commit()
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/team/login").get_data(as_text=True))
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        before = session["csrf_token"]
    client.post(
        "/team/login", data={"email": "worker@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert client.get("/team/").status_code == 200
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != before


def _cookie(client) -> str:
    return client.get_cookie("session", domain="mitreden.test").value


def _with_cookie(app, value):
    other = app.test_client()
    other.set_cookie("session", value, domain="mitreden.test")
    return other


@pytest.mark.parametrize("how", ["logout", "logout everywhere", "own password", "admin password"])
def test_a_copied_cookie_stops_working(app, client, make_user, login, how):
    make_user("worker@example.org")
    make_user("admin@example.org", Role.admin)
    login("worker@example.org")
    copied = _cookie(client)
    assert _with_cookie(app, copied).get("/team/").status_code == 200
    if how == "logout":
        client.post("/team/logout")
    elif how == "logout everywhere":
        client.post("/team/ueberall-abmelden")
    elif how == "own password":
        new = "lila Wolken über Grünau"
        response = client.post("/team/passwort", data={"current": PASSWORD, "new": new, "repeat": new})
        assert response.status_code == 302
        assert client.get("/team/").status_code == 200  # this device stays logged in
    else:
        admin = app.test_client()
        admin.post("/team/login", data={"email": "admin@example.org", "password": PASSWORD})
        with app.app_context():
            user_id = find_user("worker@example.org").id
        data = {"role": "youth_worker", "is_active": "y", "password": "neue Stifte im Jugendtreff"}
        assert admin.post(f"/team/admin/konten/{user_id}", data=data).status_code == 302
    assert _with_cookie(app, copied).get("/team/").status_code == 302


@pytest.mark.parametrize("change", ["deactivated and reactivated", "new role"])
def test_account_changes_end_its_sessions(app, client, make_user, login, change):
    make_user("worker@example.org")
    make_user("admin@example.org", Role.admin)
    login("worker@example.org")
    copied = _cookie(client)
    admin = app.test_client()
    admin.post("/team/login", data={"email": "admin@example.org", "password": PASSWORD})
    with app.app_context():
        user_id = find_user("worker@example.org").id
    if change == "new role":
        admin.post(f"/team/admin/konten/{user_id}", data={"role": "planner", "is_active": "y"})
    else:
        admin.post(f"/team/admin/konten/{user_id}", data={"role": "youth_worker"})
        admin.post(f"/team/admin/konten/{user_id}", data={"role": "youth_worker", "is_active": "y"})
    with app.app_context():
        assert find_user("worker@example.org").is_active
    assert _with_cookie(app, copied).get("/team/").status_code == 302


class Clock:
    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


@pytest.mark.parametrize(
    ("steps", "logged_in"),
    [
        ([29 * 60], True),  # 29 minutes idle
        ([31 * 60], False),  # 31 minutes idle: the idle timeout (30)
        ([25 * 60] * 28, True),  # active all day: 11 h 40 min
        ([25 * 60] * 30, False),  # 12 h 30 min after login: the absolute lifetime (12 h)
    ],
)
def test_idle_timeout_and_absolute_lifetime(client, make_user, login, monkeypatch, steps, logged_in):
    clock = Clock(1_800_000_000)
    monkeypatch.setattr(sessions, "time", clock)
    make_user("worker@example.org")
    login("worker@example.org")
    for step in steps:
        clock.now += step
        response = client.get("/team/")
    assert (response.status_code == 200) is logged_in
    if not logged_in:
        assert "/team/login" in response.headers["Location"]


def test_session_limits_are_configurable(app_with, monkeypatch):
    clock = Clock(1_800_000_000)
    monkeypatch.setattr(sessions, "time", clock)
    app = app_with(STAFF_IDLE_MINUTES=2, SECOND_FACTOR_REQUIRED=False)
    with app.app_context():
        create_user(email="w@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[])
        db.session.commit()
    client = app.test_client()
    client.post("/team/login", data={"email": "w@example.org", "password": PASSWORD})
    clock.now += 90
    assert client.get("/team/").status_code == 200
    clock.now += 150
    assert client.get("/team/").status_code == 302


def test_behind_tls_cookies_are_secure_and_hsts_is_sent(app_with):
    app = app_with(PUBLIC_BASE_URL="https://mitreden.leipzig.de")
    with app.app_context():
        create_user(email="w@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[])
        db.session.commit()
    client = app.test_client()
    response = client.get("/team/login", base_url="https://mitreden.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    login = client.post(
        "/team/login", data={"email": "w@example.org", "password": PASSWORD}, base_url="https://mitreden.test"
    )
    cookie = login.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_without_tls_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("          ", "Leerzeichen"),
        ("   spaces around   ", "Leerzeichen"),
        ("aaaaaaaaaa", "zu leicht"),
        ("passwort12", "zu leicht"),
        ("leipzig2026", "zu leicht"),
        ("kurz", "mindestens 10"),
    ],
)
def test_weak_passwords_are_refused_on_both_account_forms(app, client, make_user, login, password, message):
    make_user("admin@example.org", Role.admin)
    make_user("worker@example.org")
    login("admin@example.org")
    new = client.post(
        "/team/admin/konten/neu",
        data={"email": "neu@example.org", "role": "youth_worker", "is_active": "y", "password": password},
    )
    assert new.status_code == 200 and message in new.get_data(as_text=True)
    with app.app_context():
        user = find_user("worker@example.org")
        user_id, old_hash = user.id, user.password_hash
    edit = client.post(
        f"/team/admin/konten/{user_id}", data={"role": "youth_worker", "is_active": "y", "password": password}
    )
    assert edit.status_code == 200 and message in edit.get_data(as_text=True)
    with app.app_context():
        assert find_user("neu@example.org") is None
        assert find_user("worker@example.org").password_hash == old_hash


def test_staff_change_their_own_password(app, client, make_user, login):
    make_user("worker@example.org")
    login("worker@example.org")
    page = client.get("/team/passwort").get_data(as_text=True)
    assert "Neues Passwort" in page
    strong = "Bananenbrot mit Zimt am Freitag"
    wrong = client.post("/team/passwort", data={"current": WRONG, "new": strong, "repeat": strong})
    assert "nicht Ihr aktuelles Passwort" in wrong.get_data(as_text=True)
    new = "Regenbogen über dem Kanal"
    assert (
        client.post("/team/passwort", data={"current": PASSWORD, "new": new, "repeat": new}).status_code
        == 302
    )
    client.post("/team/logout")
    assert login("worker@example.org").status_code == 200  # the old one no longer works
    assert login("worker@example.org", new).status_code == 302


def test_a_password_set_by_an_admin_must_be_changed_at_first_login(app, client, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    chosen = "Fahrradwerkstatt am Mittwoch"
    client.post(
        "/team/admin/konten/neu",
        data={"email": "neu@example.org", "role": "youth_worker", "is_active": "y", "password": chosen},
    )
    client.post("/team/logout")
    assert login("neu@example.org", chosen).status_code == 302
    for page in ("/team/", "/team/moderation/", "/team/angebote/neu"):
        response = client.get(page)
        assert response.status_code == 302 and response.headers["Location"].endswith("/team/passwort")
    own = "Kakao im Jugendclub Ost"
    client.post("/team/passwort", data={"current": chosen, "new": own, "repeat": own})
    assert client.get("/team/").status_code == 200
    with app.app_context():
        assert not db.session.scalar(select(User).where(User.email == "neu@example.org")).must_change_password
