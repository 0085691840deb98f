"""The kiosk on a shared tablet (/k/<token>): the answer form for one child after another, stored with
the channel kiosk, limited per kiosk link, and stopped at once when revoked or expired. And the staff
side on the offer page: create (the link shown once, with a QR code), list with state, revoke."""

import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlalchemy import func, select

from factories import (
    ALL_OPTIONAL,
    close_offer,
    create_test_offer,
    csrf_token_from,
    full_answer,
    in_english,
    offer_code,
    publish_results_now,
    question_ids,
)
from participation.answers import kiosk
from participation.answers.models import KioskLink, Submission
from participation.audit.models import AuditEvent
from participation.enums import Channel, QuestionKind
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import Role
from participation.timeutil import utcnow

# New strings: the German comes with the catalogue, so these tests read the English msgids.
ENDED = "This tablet link has ended."
ASK = "Please ask the person from the team."


def make_kiosk(app, offer_id, name="Tablet Treff Grünau", days=7) -> str:
    with app.app_context():
        created = kiosk.create(db.session.get(Offer, offer_id), name=name, days=days, actor=None)
        db.session.commit()
        return created.token


def end_kiosk(app, token, how="revoke"):
    with app.app_context():
        link = db.session.scalar(select(KioskLink).where(KioskLink.token_hash == kiosk.token_hash(token)))
        if how == "revoke":
            kiosk.revoke(link, actor=None)
        else:
            link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()


def channels(app, offer_id) -> list[Channel]:
    with app.app_context():
        return db.session.scalars(select(Submission.channel).where(Submission.offer_id == offer_id)).all()


@pytest.fixture
def tablet(app):
    offer_id = create_test_offer(app)
    token = make_kiosk(app, offer_id)
    return {"offer_id": offer_id, "token": token, "url": f"/k/{token}", "ids": question_ids(app, offer_id)}


def test_kiosk_form_posts_to_itself_and_keeps_nothing_in_the_browser(client, tablet):
    response = client.get(tablet["url"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'action="{tablet["url"]}"' in page
    assert 'autocomplete="off"' in page
    assert f'class="brand" href="{tablet["url"]}"' in page  # a tap on the name keeps the tablet here
    assert response.headers["Cache-Control"] == "no-store"
    assert "Sommer im Jugendtreff" in page


def test_second_child_gets_an_empty_form_not_already_answered(app, client, tablet):
    first = client.post(tablet["url"], data=full_answer(tablet["ids"]))
    assert first.status_code == 303
    assert first.headers["Location"].endswith(f"{tablet['url']}/danke")
    with client.session_transaction() as session:
        assert "answered" not in session  # the browser's "answered" flag is neither set nor read
    again = client.get(tablet["url"]).get_data(as_text=True)
    assert "schon geantwortet" not in again and "Mehr Kicker bitte" not in again
    assert "checked" not in again.split("<details", 1)[0]
    assert client.post(tablet["url"], data=full_answer(tablet["ids"])).status_code == 303
    assert channels(app, tablet["offer_id"]) == [Channel.kiosk, Channel.kiosk]


def test_kiosk_ignores_the_browsers_answered_flag(app, client, tablet):
    code = offer_code(app, tablet["offer_id"])
    client.post(f"/q/{code}", data=full_answer(tablet["ids"]))  # this browser answered by QR before
    assert "schon geantwortet" in client.get(f"/q/{code}").get_data(as_text=True)
    assert "schon geantwortet" not in client.get(tablet["url"]).get_data(as_text=True)
    assert client.post(tablet["url"], data=full_answer(tablet["ids"])).status_code == 303
    assert sorted(c.value for c in channels(app, tablet["offer_id"])) == ["kiosk", "qr"]


def test_thanks_page_counts_down_to_an_empty_form(app, client, tablet):
    in_english(client)
    response = client.get(f"{tablet['url']}/danke")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    seconds = app.config["KIOSK_RESET_SECONDS"]
    # No <meta http-equiv="refresh">: an automatic move that cannot be stopped fails WCAG 2.2.1 (axe).
    assert 'http-equiv="refresh"' not in page
    assert f'data-seconds="{seconds}"' in page and "Stop the countdown" in page
    assert "Next person" in page and f'href="{tablet["url"]}"' in page
    assert re.search(rf'id="kiosk-countdown"[^>]*>{seconds}<', page)
    assert "/q/" not in page  # no "keep this link": it is not this child's phone
    assert f'class="brand" href="{tablet["url"]}"' in page


def test_invalid_answers_come_back_kept_and_post_to_the_kiosk(app, client, tablet):
    form = {**full_answer(tablet["ids"]), f"q{tablet['ids'][QuestionKind.smiley][0]}": ""}
    response = client.post(tablet["url"], data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mehr Kicker bitte" in page and f'action="{tablet["url"]}"' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert channels(app, tablet["offer_id"]) == []


def test_the_same_form_is_stored_once(app, client, tablet):
    form_id = re.search(r'name="form_id" value="([^"]+)"', client.get(tablet["url"]).get_data(as_text=True))
    data = {**full_answer(tablet["ids"]), "form_id": form_id.group(1)}
    assert client.post(tablet["url"], data=data).status_code == 303
    assert client.post(tablet["url"], data=data).status_code == 303  # a double tap is thanked again
    assert channels(app, tablet["offer_id"]) == [Channel.kiosk]


def test_csrf_is_checked_and_a_failure_keeps_the_answers(csrf_app):
    offer_id = create_test_offer(csrf_app)
    token = make_kiosk(csrf_app, offer_id)
    client = csrf_app.test_client()
    page = client.get(f"/k/{token}").get_data(as_text=True)
    answers = full_answer(question_ids(csrf_app, offer_id))
    refused = client.post(f"/k/{token}", data=answers)
    assert refused.status_code == 400 and "Mehr Kicker bitte" in refused.get_data(as_text=True)
    assert f'action="/k/{token}"' in refused.get_data(as_text=True)
    assert (
        client.post(f"/k/{token}", data={**answers, "csrf_token": csrf_token_from(page)}).status_code == 303
    )
    assert channels(csrf_app, offer_id) == [Channel.kiosk]


def test_rate_limit_is_per_kiosk_link_not_per_address(app_with):
    app = app_with(KIOSK_LIMITS="3 per minute")
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    smiley = f"q{question_ids(app, offer_id)[QuestionKind.smiley][0]}"
    busy, other = make_kiosk(app, offer_id, "Tablet 1"), make_kiosk(app, offer_id, "Tablet 2")
    statuses = []
    for number in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number}"  # a new address does not help
        response = client.post(
            f"/k/{busy}",
            data={smiley: "3", f"q{question_ids(app, offer_id)[QuestionKind.text][0]}": f"Kind {number}"},
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            page = response.get_data(as_text=True)
            assert f"Kind {number}" in page and "checked" in page  # every answer kept
            assert f'action="/k/{busy}"' in page
    assert statuses == [303, 303, 303, 429, 429]
    assert app.test_client().post(f"/k/{other}", data={smiley: "3"}).status_code == 303
    # The offer's own link counts per address as before, untouched by the kiosk.
    code = offer_code(app, offer_id)
    assert app.test_client().post(f"/q/{code}", data={smiley: "3"}).status_code == 302
    assert len(channels(app, offer_id)) == 5


@pytest.mark.parametrize("how", ["revoke", "expire"])
def test_an_ended_kiosk_stops_at_once(app, client, tablet, how):
    in_english(client)
    assert client.get(tablet["url"]).status_code == 200
    end_kiosk(app, tablet["token"], how)
    for response in (
        client.get(tablet["url"]),
        client.get(f"{tablet['url']}/danke"),
        client.post(tablet["url"], data=full_answer(tablet["ids"])),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 410
        assert ENDED in page and ASK in page
        assert response.headers["Cache-Control"] == "no-store"
    assert "Your answers were not saved." in page  # the POST says plainly that the answers were not saved
    assert channels(app, tablet["offer_id"]) == []


def test_an_unknown_kiosk_link_is_404_with_the_same_words(client):
    in_english(client)
    response = client.get("/k/nicht-da-gibt-es-nicht")
    assert response.status_code == 404 and ENDED in response.get_data(as_text=True)
    assert client.get("/k/" + "x" * 300).status_code == 404


def test_a_closed_offer_shows_closed_on_the_kiosk(app, client, tablet):
    close_offer(app, tablet["offer_id"])
    response = client.get(tablet["url"])
    assert "Dieses Angebot ist beendet" in response.get_data(as_text=True)
    assert 'name="form_id"' not in response.get_data(as_text=True)
    assert client.post(tablet["url"], data=full_answer(tablet["ids"])).status_code == 200
    assert channels(app, tablet["offer_id"]) == []


def test_public_results_never_show_the_channel(app, client, tablet):
    ids = question_ids(app, tablet["offer_id"])
    for _number in range(6):
        client.post(tablet["url"], data=full_answer(ids))
    publish_results_now(app, tablet["offer_id"])
    page = client.get(f"/q/{offer_code(app, tablet['offer_id'])}").get_data(as_text=True)
    assert "Ergebnis" in page
    assert "kiosk" not in page.lower() and "tablet" not in page.lower()


# The staff side, on the offer page.


@pytest.fixture
def staff_offer(app, worker):
    return create_test_offer(app, organisation_id=worker)


def test_youth_worker_creates_a_kiosk_link_shown_once_with_a_qr_code(app, client, staff_offer):
    in_english(client)
    form = client.get(f"/team/angebote/{staff_offer}/kiosk/neu").get_data(as_text=True)
    assert 'value="7"' in form  # KIOSK_DAYS
    response = client.post(
        f"/team/angebote/{staff_offer}/kiosk/neu", data={"name": "Tablet Treff Grünau", "days": "7"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    token = re.search(r"/k/([A-Za-z0-9_-]{20,})", page).group(1)
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code for setting up the tablet
    with app.app_context():
        link = db.session.scalar(select(KioskLink))
        assert link.name == "Tablet Treff Grünau" and link.token_hash == kiosk.token_hash(token)
        assert token not in link.token_hash
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "kiosk.create"))
        assert audit.offer_id == staff_offer
    detail = client.get(f"/team/angebote/{staff_offer}").get_data(as_text=True)
    assert "Tablet Treff Grünau" in detail and "active until" in detail
    assert token not in detail  # the secret is shown only once
    assert client.get(f"/k/{token}").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "days": "7"}, "name"),
        ({"name": "Tablet", "days": "31"}, "30"),
        ({"name": "Tablet", "days": "0"}, "30"),
        ({"name": "Tablet", "days": "viele"}, "whole number"),
        ({"name": "x" * 81, "days": "7"}, "80"),
    ],
)
def test_kiosk_form_validates(app, client, staff_offer, data, message):
    in_english(client)
    response = client.post(f"/team/angebote/{staff_offer}/kiosk/neu", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KioskLink)) == 0


def test_no_kiosk_for_a_closed_offer(app, client, staff_offer):
    close_offer(app, staff_offer)
    response = client.post(f"/team/angebote/{staff_offer}/kiosk/neu", data={"name": "Tablet", "days": "7"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KioskLink)) == 0


def test_revoking_on_the_offer_page_ends_the_tablet_at_once(app, client, staff_offer):
    in_english(client)
    token = make_kiosk(app, staff_offer)
    tablet = app.test_client()
    assert tablet.get(f"/k/{token}").status_code == 200
    with app.app_context():
        link_id = db.session.scalar(select(KioskLink.id))
    detail = client.get(f"/team/angebote/{staff_offer}").get_data(as_text=True)
    assert f'action="/team/angebote/{staff_offer}/kiosk/{link_id}/beenden"' in detail
    response = client.post(f"/team/angebote/{staff_offer}/kiosk/{link_id}/beenden")
    assert response.status_code == 302
    assert tablet.get(f"/k/{token}").status_code == 410
    detail = client.get(f"/team/angebote/{staff_offer}").get_data(as_text=True)
    assert "ended on" in detail and "End now" not in detail
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.startswith("kiosk."))
        ).all()
        assert actions == ["kiosk.create", "kiosk.revoke"]


def test_another_offers_kiosk_link_cannot_be_revoked_through_this_offer(app, client, staff_offer, worker):
    other = create_test_offer(app, organisation_id=worker)
    token = make_kiosk(app, other)
    with app.app_context():
        link_id = db.session.scalar(select(KioskLink.id))
    assert client.post(f"/team/angebote/{staff_offer}/kiosk/{link_id}/beenden").status_code == 404
    assert app.test_client().get(f"/k/{token}").status_code == 200


def test_audit_log_reads_kiosk_sentences(app, client, make_user, staff_offer):
    token = make_kiosk(app, staff_offer)
    end_kiosk(app, token)
    make_user("admin@example.org", Role.admin)
    client.post("/team/logout")
    client.post("/team/login", data={"email": "admin@example.org", "password": "correct horse battery"})
    in_english(client)
    page = client.get("/team/admin/protokoll").get_data(as_text=True)
    assert "created the kiosk link" in page and "revoked the kiosk link" in page


def test_the_access_log_never_holds_a_kiosk_token(monkeypatch, tmp_path):
    """gunicorn logs each request's path (deploy/gunicorn.conf.py): a kiosk link's token is cut out."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # the config file would set it
    conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"))
    logger = conf["MaskedLogger"](Config())
    path = "/k/Geheim-Token_123/danke"
    response = SimpleNamespace(status="200 OK", response_length=10, headers=[], sent=10)
    request = SimpleNamespace(headers=[], method="GET", path=path, query="", uri=path, version=(1, 1))
    environ = {"RAW_URI": path, "PATH_INFO": path, "REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1"}
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    assert atoms["U"] == "/k/…/danke" and "Geheim" not in atoms["r"]
    assert conf["logger_class"] is conf["MaskedLogger"]
