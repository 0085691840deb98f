"""Headers, host names, CSRF without a Referer, route ids, spreadsheet formulas and invisible characters."""

import csv
import importlib
import io
import sys
from datetime import date, timedelta

import pytest
import zxingcpp
from flask import request
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select

from factories import ALL_OPTIONAL, close_offer, create_test_offer, csrf_token_from, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user
from participation.answers.models import Answer
from participation.enums import OrganisationKind, QuestionKind
from participation.extensions import db
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.planning.views import TABLE_NAMES
from participation.roles import Role

BASE = "https://mitreden.leipzig.de"
FORMULA = '=HYPERLINK("https://evil.example","klick")'


@pytest.fixture
def admin(make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")


def test_staff_pages_and_exports_are_never_stored(app, client, admin, make_offer):
    offer_id = make_offer()
    pages = [
        "/team/",
        f"/team/angebote/{offer_id}",
        "/team/moderation/",
        "/team/admin/konten",
        "/team/planung/",
        "/team/planung/export/ortsteile.csv",
        "/team/planung/export/ortsteile.xlsx",
        f"/team/angebote/{offer_id}/plakat",
        "/team/login",
    ]
    for page in pages:
        assert client.get(page).headers.get("Cache-Control") == "no-store", page
    assert client.get("/angebote/").headers.get("Cache-Control") != "no-store"


def test_every_page_forbids_powerful_browser_features(client, make_offer):
    for page in ("/", f"/q/{offer_code(client.application, make_offer())}", "/team/login", "/healthz"):
        policy = client.get(page).headers["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.fixture
def public_app(app_with):
    return app_with(PUBLIC_BASE_URL=BASE)


def test_external_links_and_qr_codes_use_the_public_address_whatever_the_host(public_app):
    offer_id = create_test_offer(public_app, questions=ALL_OPTIONAL)
    code = offer_code(public_app, offer_id)
    evil = public_app.test_client()
    headers = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    feed = evil.get("/angebote/feed.atom", headers=headers).get_data(as_text=True)
    assert f"{BASE}/angebote/" in feed and "evil.example" not in feed
    smiley = question_ids(public_app, offer_id)[QuestionKind.smiley][0]
    evil.post(f"/q/{code}", data={f"q{smiley}": "4"}, headers=headers)
    thanks = evil.get(f"/q/{code}/danke", headers=headers).get_data(as_text=True)
    assert f"{BASE}/q/{code}" in thanks and "evil.example" not in thanks
    png = evil.get(f"/q/{code}/qr.png", headers=headers).data
    assert zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text == f"{BASE}/q/{code}"
    assert f"{BASE}/q/{code}".encode() not in evil.get(f"/q/{code}/qr.svg").data  # paths, not text
    with public_app.app_context():
        create_user(
            email="a@example.org", password="correct horse battery", role=Role.admin, organisations=[]
        )
        db.session.commit()
    evil.post(
        "/team/login", data={"email": "a@example.org", "password": "correct horse battery"}, headers=headers
    )
    poster = evil.get(f"/team/angebote/{offer_id}/plakat", headers=headers).get_data(as_text=True)
    assert f"{BASE}/q/{code}" in poster and "evil.example" not in poster


def test_wsgi_ignores_x_forwarded_host_and_uses_the_forwarded_address_only_for_limits(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTICIPATION_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PARTICIPATION_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/app.sqlite")
    sys.modules.pop("wsgi", None)
    wsgi = importlib.import_module("wsgi")
    sys.modules.pop("wsgi", None)
    seen = []
    wsgi.app.before_request(lambda: seen.append(request.remote_addr))
    with wsgi.app.app_context():
        db.create_all()
    client = wsgi.app.test_client()
    feed = client.get(
        "/angebote/feed.atom", headers={"Host": "mitreden.example.org", "X-Forwarded-Host": "evil.example"}
    ).get_data(as_text=True)
    assert "mitreden.example.org" in feed and "evil.example" not in feed
    client.get("/", headers={"X-Forwarded-For": "10.7.7.7"})
    assert seen[-1] == "10.7.7.7"


def _https_form(app, code):
    client = app.test_client()
    page = client.get(f"/q/{code}", base_url="https://mitreden.test").get_data(as_text=True)
    return client, csrf_token_from(page)


def test_answering_over_https_works_without_a_referer(csrf_app):
    offer_id = create_test_offer(csrf_app, questions=ALL_OPTIONAL)
    code = offer_code(csrf_app, offer_id)
    smiley = question_ids(csrf_app, offer_id)[QuestionKind.smiley][0]
    client, token = _https_form(csrf_app, code)
    response = client.post(
        f"/q/{code}",
        data={f"q{smiley}": "4", "csrf_token": token},
        base_url="https://mitreden.test",
        headers={"Sec-Fetch-Site": "same-origin"},  # what a browser sends; no Referer at all
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/danke")


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "same-site"}],
)
def test_a_cross_site_answer_form_comes_back_empty_and_unsaved(csrf_app, headers):
    offer_id = create_test_offer(csrf_app, questions=ALL_OPTIONAL)
    code = offer_code(csrf_app, offer_id)
    text_q = question_ids(csrf_app, offer_id)[QuestionKind.text][0]
    client, token = _https_form(csrf_app, code)
    response = client.post(
        f"/q/{code}",
        data={f"q{text_q}": "Eingeschleust", "csrf_token": token},
        base_url="https://mitreden.test",
        headers=headers,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Eingeschleust" not in page and "anderen Webseite" in page
    with csrf_app.app_context():
        assert db.session.scalar(select(Answer).where(Answer.text == "Eingeschleust")) is None


def test_an_expired_token_from_our_own_page_keeps_the_answers(csrf_app):
    offer_id = create_test_offer(csrf_app, questions=ALL_OPTIONAL)
    code = offer_code(csrf_app, offer_id)
    text_q = question_ids(csrf_app, offer_id)[QuestionKind.text][0]
    client = csrf_app.test_client()
    response = client.post(
        f"/q/{code}",
        data={f"q{text_q}": "Mein Wunsch", "csrf_token": "old"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 400 and "Mein Wunsch" in response.get_data(as_text=True)


def test_cross_site_staff_forms_are_refused(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/team/login").get_data(as_text=True))
    response = client.post(
        "/team/login",
        data={"email": "a@example.org", "password": "x", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_every_int_route_answers_404_for_ids_no_database_can_hold(app, client, admin):
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [name for name in rule.arguments if f"<int:{name}>" in rule.rule]
        if not ints:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", "9" * 20).replace(f"<{name}>", "ar")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert client.open(url, method=method).status_code == 404, (rule.rule, method)
            checked += 1
    assert checked >= 20
    assert client.get(f"/team/angebote/{2**31 - 1}").status_code == 404  # the largest id: simply not there


def test_csv_and_xlsx_never_carry_a_formula(app, client, admin, runner):
    with app.app_context():
        organisation = Organisation(name=FORMULA, kind=OrganisationKind.youth_club)
        db.session.add(organisation)
        db.session.commit()
        organisation_id = organisation.id
    offer_id = create_test_offer(
        app,
        organisation_id=organisation_id,
        questions=[offer_services.QuestionFields(QuestionKind.yes_no, "=1+1 oder?")],
        title="@SUM(A1:A9)",
    )
    close_offer(app, offer_id)
    output = runner.invoke(args=["results", offer_code(app, offer_id), "--format", "csv"]).output
    cells = [cell for row in csv.reader(io.StringIO(output)) for cell in row]
    assert "'=1+1 oder?" in cells and not any(cell.startswith(("=", "+", "@")) for cell in cells)
    for name in TABLE_NAMES:
        text = client.get(f"/team/planung/export/{name}.csv").get_data(as_text=True)
        assert not any(c.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(text)) for c in row), (
            name
        )
        book = load_workbook(io.BytesIO(client.get(f"/team/planung/export/{name}.xlsx").data))
        for sheet in book.worksheets:
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), name


def test_bidi_overrides_and_zero_width_characters_are_stripped(app, client, worker):
    today = date.today()
    sneaky = "Sommer\u202efest\u200b im \u2066Park\u2069"
    response = client.post(
        "/team/angebote/neu",
        data={
            "organisation_id": str(worker),
            "title": sneaky,
            "format": "dot_voting",
            "level": "co_decision",
            "age_groups": ["10-13"],
            "ortsteile": ["70"],
            "goals": ["participation"],
            "decision_scope": "Ihr entscheidet\u202e mit.",
            "starts_on": (today - timedelta(days=1)).isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(),
            "outcome_due_on": (today + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.scalar(select(Offer))
        assert (offer.title, offer.decision_scope) == ("Sommerfest im Park", "Ihr entscheidet mit.")
    offer_id = offer.id
    client.post(
        f"/team/angebote/{offer_id}/fragen/neu",
        data={"kind": "single", "prompt": "Wo\u200b?", "options": "Park\u202e\nHof"},
    )
    with app.app_context():
        question = db.session.get(Offer, offer_id).questions[0]
        assert question.prompt == "Wo?" and [o.label for o in question.options] == ["Park", "Hof"]
