"""The TOTP second factor, end to end: enrolment through the QR code (decoded here as a phone would),
login with a code, codes that work once, recovery codes, and who must have it."""

import base64
import io
import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import zxingcpp
from PIL import Image

from factories import PASSWORD
from participation.accounts.models import Organisation
from participation.accounts.services import create_user, find_user, set_moderator_rights
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.roles import Role


@pytest.fixture
def strict_app(app_with):
    """The production setting: the second factor required for admins and moderators."""
    return app_with(SECOND_FACTOR_REQUIRED=True)


def _account(app, email, role, moderates=False):
    with app.app_context():
        organisations = []
        if moderates:
            organisations = [Organisation(name=f"Treff {email}", kind=OrganisationKind.youth_club)]
            db.session.add_all(organisations)
        user = create_user(email=email, password=PASSWORD, role=role, organisations=organisations)
        db.session.flush()
        if moderates:
            set_moderator_rights(user, {organisations[0].id})
        db.session.commit()


def _log_in(client, email):
    return client.post("/team/login", data={"email": email, "password": PASSWORD})


def _enrol(client) -> tuple[str, list[str]]:
    """Scan the enrolment QR code like an authenticator app, confirm a code, return the secret and codes."""
    page = client.get("/team/zweiter-faktor").get_data(as_text=True)
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    uri = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data))))[0].text
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp" and "Mitreden" in parts.path
    secret = parse_qs(parts.query)["secret"][0]
    assert secret in page  # also readable for typing in by hand
    wrong = client.post("/team/zweiter-faktor", data={"code": "000000"})
    assert "stimmt nicht" in wrong.get_data(as_text=True)
    done = client.post("/team/zweiter-faktor", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


@pytest.mark.parametrize(
    ("role", "moderates", "required"),
    [
        (Role.admin, False, True),
        (Role.youth_worker, True, True),
        (Role.youth_worker, False, False),
        (Role.planner, False, False),
    ],
)
def test_admins_and_moderators_must_set_it_up(strict_app, role, moderates, required):
    _account(strict_app, "staff@example.org", role, moderates)
    client = strict_app.test_client()
    _log_in(client, "staff@example.org")
    response = client.get("/team/")
    if required:
        assert response.status_code == 302 and response.headers["Location"].endswith("/team/zweiter-faktor")
    else:
        assert response.status_code == 200


def test_enrolment_login_codes_once_and_recovery_codes(strict_app, monkeypatch):
    _account(strict_app, "admin@example.org", Role.admin)
    client = strict_app.test_client()
    _log_in(client, "admin@example.org")
    secret, recovery = _enrol(client)
    assert client.get("/team/").status_code == 200
    client.post("/team/logout")

    # The password alone no longer logs in: the code step follows.
    step = _log_in(client, "admin@example.org")
    assert step.headers["Location"].startswith("/team/login/code")
    assert client.get("/team/").status_code == 302
    assert "stimmt nicht" in client.post("/team/login/code", data={"code": "123456"}).get_data(as_text=True)
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the next one: the enrolment used the current one
    assert client.post("/team/login/code", data={"code": code}).status_code == 302
    assert client.get("/team/").status_code == 200
    client.post("/team/logout")

    # The same code a second time (read over a shoulder): refused.
    _log_in(client, "admin@example.org")
    assert "stimmt nicht" in client.post("/team/login/code", data={"code": code}).get_data(as_text=True)
    # A recovery code works once.
    assert client.post("/team/login/code", data={"code": recovery[0]}).status_code == 302
    client.post("/team/logout")
    _log_in(client, "admin@example.org")
    assert "stimmt nicht" in client.post("/team/login/code", data={"code": recovery[0]}).get_data(
        as_text=True
    )
    assert client.post("/team/login/code", data={"code": recovery[1].upper()}).status_code == 302


def test_the_code_step_alone_opens_nothing(strict_app):
    _account(strict_app, "admin@example.org", Role.admin)
    client = strict_app.test_client()
    assert client.get("/team/login/code").headers["Location"].endswith("/team/login")
    assert (
        client.post("/team/login/code", data={"code": "123456"}).headers["Location"].endswith("/team/login")
    )


def test_wrong_codes_are_limited_like_passwords(strict_app):
    _account(strict_app, "admin@example.org", Role.admin)
    client = strict_app.test_client()
    _log_in(client, "admin@example.org")
    _secret, _codes = _enrol(client)
    client.post("/team/logout")
    _log_in(client, "admin@example.org")
    statuses = [client.post("/team/login/code", data={"code": "000000"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_an_admin_switches_a_lost_second_factor_off(strict_app):
    _account(strict_app, "admin@example.org", Role.admin)
    _account(strict_app, "mod@example.org", Role.youth_worker, moderates=True)
    phone = strict_app.test_client()
    _log_in(phone, "mod@example.org")
    _enrol(phone)
    admin = strict_app.test_client()
    _log_in(admin, "admin@example.org")
    _enrol(admin)
    with strict_app.app_context():
        user = find_user("mod@example.org")
        user_id, organisation_id = user.id, user.organisations[0].id
    page = admin.get(f"/team/admin/konten/{user_id}").get_data(as_text=True)
    assert "Zweiten Faktor abschalten" in page
    admin.post(
        f"/team/admin/konten/{user_id}",
        data={
            "role": "youth_worker",
            "is_active": "y",
            "organisations": str(organisation_id),
            "moderated": str(organisation_id),
            "reset_second_factor": "y",
        },
    )
    with strict_app.app_context():
        user = find_user("mod@example.org")
        assert user.totp_secret is None and user.recovery_codes == []
    assert phone.get("/team/").status_code == 302  # the lost phone's session ended
    fresh = strict_app.test_client()
    _log_in(fresh, "mod@example.org")
    assert fresh.get("/team/").headers["Location"].endswith("/team/zweiter-faktor")


def test_a_second_factor_someone_set_up_is_always_asked_for(app, client, make_user, login):
    make_user("planner@example.org", Role.planner)  # not required for planners, and not in the demo
    login("planner@example.org")
    assert "Zweiten Faktor einrichten" in client.get("/team/passwort").get_data(as_text=True)
    _enrol(client)
    client.post("/team/logout")
    assert login("planner@example.org").headers["Location"].startswith("/team/login/code")
    assert client.get("/team/").status_code == 302


def test_codes_in_other_digits_are_read_and_odd_digits_refused_without_an_error(strict_app):
    """A phone with an Arabic or Persian keyboard types ١٢٣٤٥٦; "²" or "①" count as digits to Python
    but are none: a clear "wrong code", never a 500."""
    _account(strict_app, "admin@example.org", Role.admin)
    client = strict_app.test_client()
    _log_in(client, "admin@example.org")
    secret, _codes = _enrol(client)
    client.post("/team/logout")
    _log_in(client, "admin@example.org")
    for odd in ("²²²²²²", "①②③④⑤⑥", "１２３４５６"[:5] + "²"):
        response = client.post("/team/login/code", data={"code": odd})
        assert response.status_code == 200 and "stimmt nicht" in response.get_data(as_text=True), odd
    code = pyotp.TOTP(secret).at(time.time() + 30)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert client.post("/team/login/code", data={"code": arabic}).status_code == 302
