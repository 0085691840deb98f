"""One-time codes for an offer where everyone counts once (issue 13): printed cards, each code answers
once, nothing ties a code to its answer, and answers without a valid code are refused but kept."""

import io
import logging
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from sqlalchemy import func, inspect, select

from factories import create_test_offer, csrf_token_from, offer_code, question_ids
from participation.answers import codes
from participation.answers.models import AccessCode, Submission
from participation.audit.models import AuditEvent
from participation.enums import Channel, QuestionKind
from participation.extensions import db
from participation.offers import services as offer_services
from participation.offers.models import Offer

EN = {"Accept-Language": "en"}


def code_offer(app, **kwargs) -> int:
    offer_id = create_test_offer(app, **kwargs)
    with app.app_context():
        codes.set_required(db.session.get(Offer, offer_id), True, actor=None)
        db.session.commit()
    return offer_id


def make_codes(app, offer_id, count=3) -> list[str]:
    with app.app_context():
        made = codes.new_codes(db.session.get(Offer, offer_id), count, actor=None)
        db.session.commit()
        return made


def answer(app, offer_id) -> dict:
    ids = question_ids(app, offer_id)
    return {f"q{ids[QuestionKind.smiley][0]}": "4", f"q{ids[QuestionKind.text][0]}": "Mehr Bänke"}


def form_id_from(page: str) -> str:
    return re.search(r'name="form_id" value="([^"]+)"', page).group(1)


def stored(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(Submission)
        for name, value in where.items():
            query = query.where(getattr(Submission, name) == value)
        return db.session.scalar(query)


def used(app) -> tuple[int, int]:
    with app.app_context():
        offer_id = db.session.scalar(select(Offer.id).where(Offer.requires_code.is_(True)))
        return codes.usage(offer_id)


def send(client, code, card, data, **headers):
    page = client.get(f"/q/{code}?karte={urllib.parse.quote(card)}", headers=headers).get_data(as_text=True)
    return client.post(
        f"/q/{code}", data={**data, "karte": card, "form_id": form_id_from(page)}, headers=headers
    )


def test_only_a_hash_is_stored_and_a_code_answers_once(app, client):
    offer_id = code_offer(app)
    code = offer_code(app, offer_id)
    card, other = make_codes(app, offer_id, 2)
    with app.app_context():
        hashes = set(db.session.scalars(select(AccessCode.code_hash)))
    assert (
        card not in str(hashes) and len(hashes) == 2 and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    )
    assert re.fullmatch(r"[23456789abcdefghjkmnpqrstuvwxyz]{8}", card)
    copied = app.test_client()  # another device opened the same card's link before it was used
    early = copied.get(f"/q/{code}?karte={card}").get_data(as_text=True)
    first = send(client, code, card, answer(app, offer_id))
    assert first.status_code == 302 and first.headers["Location"].endswith(f"/q/{code}/danke")
    assert stored(app, channel=Channel.code) == 1 and used(app) == (1, 2)
    late = copied.get(f"/q/{code}?karte={card}", headers=EN).get_data(as_text=True)
    assert "This code has already been used" in late and "<textarea" not in late
    again = copied.post(
        f"/q/{code}",
        data={**answer(app, offer_id), "karte": card, "form_id": form_id_from(early)},
        headers=EN,
    )
    page = again.get_data(as_text=True)
    assert again.status_code == 422 and "This code has already been used" in page
    assert "Mehr Bänke" in page and 'name="karte"' in page  # the answers are kept, a box for another code
    assert stored(app) == 1
    # The same device, a second child with their own card: not "already answered", the code is the rule.
    second = send(client, code, f"{other[:4].upper()} {other[4:]}", answer(app, offer_id))
    assert second.status_code == 302 and stored(app) == 2 and used(app) == (2, 2)


def test_the_link_without_a_code_asks_for_it_and_refuses_answers_without_one(app, client):
    offer_id = code_offer(app)
    code = offer_code(app, offer_id)
    (card,) = make_codes(app, offer_id, 1)
    page = client.get(f"/q/{code}", headers=EN)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert 'name="karte"' in html and "code from your card" in html and "<textarea" not in html
    unknown = client.get(f"/q/{code}?karte=zzzz-zzzz", headers=EN).get_data(as_text=True)
    assert "We do not know this code" in unknown and "<textarea" not in unknown
    form = client.get(f"/q/{code}?karte={card[:4].upper()}-{card[4:]}")
    assert form.headers["Cache-Control"] == "no-store"
    assert f'name="karte" value="{card}"' in form.get_data(as_text=True)  # normalised, hidden in the form
    refused = client.post(f"/q/{code}", data=answer(app, offer_id), headers=EN)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "please type the code from your card" in html
    assert "Mehr Bänke" in html and 'value="4" checked' in html
    assert stored(app) == 0 and used(app) == (0, 1)
    wrong = client.post(f"/q/{code}", data={**answer(app, offer_id), "karte": "abcd2345"}, headers=EN)
    assert wrong.status_code == 422 and "We do not know this code" in wrong.get_data(as_text=True)
    typed = client.post(f"/q/{code}", data={**answer(app, offer_id), "karte": card.upper()})
    assert typed.status_code == 302 and stored(app) == 1


def test_a_code_of_another_offer_is_unknown_here(app, client):
    offer_id, other_id = code_offer(app), code_offer(app)
    (card,) = make_codes(app, other_id, 1)
    code = offer_code(app, offer_id)
    assert "<textarea" not in client.get(f"/q/{code}?karte={card}").get_data(as_text=True)
    response = client.post(f"/q/{code}", data={**answer(app, offer_id), "karte": card})
    assert response.status_code == 422 and stored(app) == 0


def test_the_same_form_sent_twice_is_thanked_twice_and_uses_its_code_once(app, client):
    offer_id = code_offer(app)
    code = offer_code(app, offer_id)
    card, _other = make_codes(app, offer_id, 2)
    page = client.get(f"/q/{code}?karte={card}").get_data(as_text=True)
    data = {**answer(app, offer_id), "karte": card, "form_id": form_id_from(page)}
    for sender in (client, client, app.test_client()):
        response = sender.post(f"/q/{code}", data=data)
        assert response.status_code == 302 and response.headers["Location"].endswith("/danke")
    assert stored(app) == 1 and used(app) == (1, 2)


def test_parallel_use_of_one_code_stores_exactly_one_answer(live_app, live_server):
    offer_id = code_offer(live_app)
    code = offer_code(live_app, offer_id)
    (card,) = make_codes(live_app, offer_id, 1)
    data = answer(live_app, offer_id)
    phones = []
    for _ in range(12):  # twelve phones, each its own session and form, one photocopied card
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{live_server}/q/{code}?karte={card}").read().decode()
        body = {**data, "karte": card, "form_id": form_id_from(page), "csrf_token": csrf_token_from(page)}
        phones.append((opener, urllib.parse.urlencode(body).encode()))
    results, start = [], threading.Barrier(len(phones))

    def post(opener, body):
        start.wait()
        try:
            results.append(opener.open(f"{live_server}/q/{code}", data=body).geturl())
        except urllib.error.HTTPError as error:
            results.append(error.code)

    threads = [threading.Thread(target=post, args=phone) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 12
    assert sum(1 for r in results if isinstance(r, str) and r.endswith("/danke")) == 1
    assert results.count(422) == 11
    assert stored(live_app) == 1 and used(live_app) == (1, 1)


@pytest.fixture
def sql_log_as_in_production():
    """SQLAlchemy logs statements only where its logger is enabled (echo); production's root logger is at
    WARNING, so it logs none. Kept so while a test turns the root logger up to DEBUG."""
    logger = logging.getLogger("sqlalchemy")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


def test_no_column_or_log_line_ties_a_code_to_its_answer(
    live_app, live_server, caplog, sql_log_as_in_production
):
    offer_id = code_offer(live_app)
    code = offer_code(live_app, offer_id)
    (card,) = make_codes(live_app, offer_id, 1)
    with live_app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("access_codes")}
        submission_columns = {c["name"] for c in inspect(db.engine).get_columns("submissions")}
        digest = codes.code_hash(card)
    assert columns == {"id", "offer_id", "code_hash", "used", "batch"}  # no time, no submission
    assert submission_columns == {
        "id",
        "offer_id",
        "age_group",
        "ortsteil_code",
        "created_at",
        "form_id",
        "channel",
        "analog_entry_id",
    }  # nothing of a code (the channel says "code", as for every card)
    # Every logger at every level, the server's request log included; SQL statements are not logged
    # in production (SQLALCHEMY_ECHO is off), so their logger stays as it is there.
    caplog.set_level(logging.DEBUG)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    typed = f"{card[:4].upper()}-{card[4:]}"
    page = opener.open(f"{live_server}/q/{code}?karte={typed}").read().decode()
    body = {
        **answer(live_app, offer_id),
        "karte": card,
        "form_id": form_id_from(page),
        "csrf_token": csrf_token_from(page),
    }
    landed = opener.open(f"{live_server}/q/{code}", data=urllib.parse.urlencode(body).encode()).geturl()
    assert landed.endswith("/danke") and stored(live_app) == 1
    for _ in range(50):  # the server logs a request after sending its response
        if sum("/q/" in r.getMessage() for r in caplog.records) >= 3:
            break
        time.sleep(0.05)
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert f"/q/{code}" in logged  # the request log was captured: its lines name the path only
    for secret in (card, card.upper(), typed, card[4:], digest):
        assert secret not in logged


def test_the_production_access_logs_never_hold_a_query_string():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    gunicorn = (root / "deploy" / "gunicorn.conf.py").read_text()
    assert '"path": "%(U)s"' in gunicorn and "%(r)s" not in gunicorn and "%(q)s" not in gunicorn
    nginx = (root / "deploy" / "nginx" / "mitreden.conf").read_text()
    assert '"path": "$uri"' in nginx and "$request_uri" not in nginx.split("log_format")[1].split(";")[0]


def test_switching_on_is_refused_once_answers_without_a_code_exist(app, client, worker):
    offer_id = create_test_offer(app, organisation_id=worker)
    code = offer_code(app, offer_id)
    client.application.test_client().post(f"/q/{code}", data=answer(app, offer_id))
    assert stored(app) == 1
    response = client.post(
        f"/team/angebote/{offer_id}/einmal-codes", data={"an": "1"}, headers=EN, follow_redirects=True
    )
    assert "already has answers given without a code" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Offer, offer_id).requires_code is False


def test_staff_switch_on_print_cards_and_see_how_many_were_used(app, client, worker):
    offer_id = create_test_offer(app, organisation_id=worker, publish=False)
    response = client.post(f"/team/angebote/{offer_id}/einmal-codes", data={"an": "1"})
    assert response.status_code == 302
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.requires_code
        offer_services.publish(offer, actor=None)
        db.session.commit()
        code = offer.code
    for count in ("0", "201", "abc", ""):
        refused = client.post(
            f"/team/angebote/{offer_id}/karten", data={"count": count}, follow_redirects=True
        )
        assert "error" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccessCode)) == 0
    sheet = client.post(f"/team/angebote/{offer_id}/karten", data={"count": "12"})
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    html = sheet.get_data(as_text=True)
    printed = re.findall(r'<p class="code">([A-Z0-9]{4} [A-Z0-9]{4})</p>', html)
    images = re.findall(r'<img class="qr" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(printed) == 12 == len(set(printed)) == len(images)
    urls = [decode_qr(image) for image in images]
    assert all(
        url == f"http://mitreden.test/q/{code}?karte={c.replace(' ', '').lower()}"
        for url, c in zip(urls, printed, strict=True)
    )
    phone = app.test_client()
    form = phone.get(urls[0].removeprefix("http://mitreden.test")).get_data(as_text=True)
    assert "<textarea" in form  # the card's QR code opens the answer form
    phone.post(
        f"/q/{code}", data={**answer(app, offer_id), "karte": printed[0], "form_id": form_id_from(form)}
    )
    client.post(f"/team/angebote/{offer_id}/karten", data={"count": "3"})  # print more: a new batch
    with app.app_context():
        assert sorted(db.session.scalars(select(AccessCode.batch).distinct())) == [1, 2]
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("codes.%"))).all()
        assert [(e.action, e.detail) for e in events] == [
            ("codes.require", ""),
            ("codes.print", "12"),
            ("codes.print", "3"),
        ]
    detail = client.get(f"/team/angebote/{offer_id}", headers=EN).get_data(as_text=True)
    assert "1 of 15 codes used" in detail
    assert client.post(f"/team/angebote/{offer_id}/einmal-codes", data={"an": "0"}).status_code == 302
    with app.app_context():
        assert db.session.get(Offer, offer_id).requires_code  # it has an answer: no switching off
    log = client.get("/team/admin/protokoll", headers=EN)
    assert log.status_code in (200, 403)


def decode_qr(encoded: str) -> str:
    """Draw the SVG's unit squares (SvgPathImage: "Mx,yH..V..H..z") and read it as a phone would."""
    import base64

    svg = base64.b64decode(encoded).decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y in re.findall(r"M(\d+),(\d+)H", svg):
        x, y = int(x), int(y)
        draw.rectangle([x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1], fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return zxingcpp.read_barcodes(Image.open(buffer))[0].text


def test_the_alphabet_is_the_offers_one():
    assert codes.CARD_ALPHABET == offer_services.CODE_ALPHABET


@pytest.mark.parametrize("count", [1, 200])
def test_the_number_of_cards_is_bounded(app, count):
    offer_id = code_offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert len(set(codes.new_codes(offer, count, actor=None))) == count
        with pytest.raises(ValueError):
            codes.new_codes(offer, 201, actor=None)


def test_a_code_offer_never_lands_in_the_shared_page_cache(cached_app):
    from participation.link import cache

    offer_id = code_offer(cached_app)
    code = offer_code(cached_app, offer_id)
    (card,) = make_codes(cached_app, offer_id, 1)
    phone = cached_app.test_client()
    assert 'name="karte"' in phone.get(f"/q/{code}").get_data(as_text=True)
    form = phone.get(f"/q/{code}?karte={card}").get_data(as_text=True)
    assert f'value="{card}"' in form
    other = cached_app.test_client().get(f"/q/{code}").get_data(as_text=True)
    assert card not in other and "<textarea" not in other  # no one else gets the card's form
    assert not [key for key in cache.forms._pages if key[0] == code]


def test_a_class_voting_by_code_raises_no_velocity_alarm(app):
    from participation.answers.velocity import bursts

    offer_id, other_id = code_offer(app), create_test_offer(app)
    with app.app_context():
        for channel, target in ((Channel.code, offer_id), (Channel.qr, other_id)):
            db.session.add_all(Submission(offer_id=target, channel=channel) for _ in range(45))
        db.session.commit()
        assert set(bursts([offer_id, other_id])) == {other_id}  # the same hour by QR code is flagged
