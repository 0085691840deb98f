import pyotp
import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from factories import PASSWORD
from participation.accounts.models import User
from participation.accounts.services import create_user, find_user
from participation.auth import second_factor
from participation.config import Defaults
from participation.extensions import db
from participation.roles import Role


def test_login_and_logout(client, make_user, login):
    make_user("worker@example.org")
    response = login("Worker@Example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/team/"
    assert client.get("/team/").status_code == 200
    client.post("/team/logout")
    assert client.get("/team/").status_code == 302


def test_wrong_password_gives_a_clear_message(client, make_user, login):
    make_user("worker@example.org")
    response = login("worker@example.org", "wrong password")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort" in response.get_data(as_text=True)
    assert client.get("/team/").status_code == 302


def test_deactivated_account_cannot_log_in(app, client, make_user, login):
    make_user("old@example.org")
    with app.app_context():
        find_user("old@example.org").is_active_account = False
        db.session.commit()
    assert login("old@example.org").status_code == 200
    assert client.get("/team/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/%09/evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_redirects_only_to_local_pages(client, make_user, target):
    make_user("worker@example.org")
    response = client.post(
        f"/team/login?next={target}", data={"email": "worker@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/team/"


def test_login_goes_back_to_the_page_asked_for(client, make_user):
    make_user("worker@example.org")
    response = client.post(
        "/team/login?next=/team/angebote/neu", data={"email": "worker@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/team/angebote/neu"


def test_control_characters_in_staff_forms_are_rejected(client, make_user):
    make_user("worker@example.org")
    response = client.post("/team/login", data={"email": "worker@example.org\x00", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/team/").status_code == 302


def test_passwords_are_hashed(app, make_user):
    make_user("worker@example.org")
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert PASSWORD not in stored and stored.startswith("scrypt:")


def test_production_hashes_passwords_and_recovery_codes_at_full_scrypt_cost(app_with):
    app = app_with(PASSWORD_HASH_METHOD=Defaults.PASSWORD_HASH_METHOD)  # the tests lower the cost
    with app.app_context():
        user = create_user(email="admin@example.org", password=PASSWORD, role=Role.admin, organisations=[])
        secret = pyotp.random_base32()
        codes = second_factor.confirm(user, secret, pyotp.TOTP(secret).now())
        db.session.commit()
        assert user.password_hash.startswith("scrypt:32768:8:1$")  # Werkzeug's default, N = 2**15
        assert len(user.recovery_codes) == len(codes) == second_factor.RECOVERY_CODES
        assert all(r.code_hash.startswith("scrypt:32768:8:1$") for r in user.recovery_codes)
    client = app.test_client()
    response = client.post("/team/login", data={"email": "admin@example.org", "password": PASSWORD})
    assert response.headers["Location"].startswith("/team/login/code")


def test_a_password_hashed_at_another_cost_still_logs_in(app, client, make_user, login):
    """Changing PASSWORD_HASH_METHOD locks nobody out: a check reads the cost from the stored hash."""
    make_user("worker@example.org")
    with app.app_context():
        find_user("worker@example.org").password_hash = generate_password_hash(PASSWORD, "scrypt:2048:8:1")
        db.session.commit()
    assert login("worker@example.org").headers["Location"] == "/team/"
    assert client.get("/team/").status_code == 200


def test_create_admin_command(app, runner):
    result = runner.invoke(
        args=["create-admin", "chef@example.org"], input="long enough pw\nlong enough pw\n"
    )
    assert result.exit_code == 0, result.output
    assert "chef@example.org" in result.output
    with app.app_context():
        assert find_user("chef@example.org").role is Role.admin
    again = runner.invoke(args=["create-admin", "chef@example.org", "--password", "long enough pw"])
    assert again.exit_code != 0 and "exists" in again.output


def test_create_admin_refuses_short_password(app, runner):
    result = runner.invoke(args=["create-admin", "chef@example.org", "--password", "short"])
    assert result.exit_code != 0 and "10" in result.output
    with app.app_context():
        assert find_user("chef@example.org") is None
