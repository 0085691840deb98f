"""Every answer is stored exactly once: double taps, retries, replayed cookies and parallel sends of one
form store one submission, and each of them is thanked like the first."""

import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from factories import create_test_offer, csrf_token_from, offer_code, question_ids
from participation.answers import services
from participation.answers.models import Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.link import cache
from participation.offers.models import Offer


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Submission))


def form_id_from(page: str) -> str:
    return re.search(r'name="form_id" value="([^"]+)"', page).group(1)


def answer(app, offer_id) -> dict:
    ids = question_ids(app, offer_id)
    return {f"q{ids[QuestionKind.smiley][0]}": "4", f"q{ids[QuestionKind.text][0]}": "Mehr Bänke"}


def test_the_service_stores_one_form_once(app):
    offer_id = create_test_offer(app)
    data = answer(app, offer_id)
    with app.app_context():
        _store_three_times(offer_id, data)
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def _store_three_times(offer_id, data):
    offer = db.session.get(Offer, offer_id)
    parsed = services.parse_form(offer.questions, MultiDict(data))
    form_id = services.new_form_id()
    services.submit(offer, parsed, answered=set(), form_id=form_id)
    with pytest.raises(services.AlreadyStored):
        services.submit(offer, parsed, answered=set(), form_id=form_id)  # a retry with an old cookie
    with pytest.raises(services.AlreadyStored):
        services.submit(offer, parsed, answered={offer_id}, form_id=form_id)  # a retry with the new cookie
    services.submit(offer, parsed, answered=set(), form_id=services.new_form_id())  # another person
    db.session.commit()


def test_a_form_sent_twice_is_stored_once_and_thanked_twice(app, client, make_offer):
    offer_id = make_offer()
    code = offer_code(app, offer_id)
    page = client.get(f"/q/{code}").get_data(as_text=True)
    data = {**answer(app, offer_id), "form_id": form_id_from(page)}
    first = client.post(f"/q/{code}", data=data)
    again = client.post(f"/q/{code}", data=data)  # the same browser, its cookie now says "answered"
    replayed = app.test_client().post(f"/q/{code}", data=data)  # an old cookie (or none) sends it again
    for response in (first, again, replayed):
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/q/{code}/danke")
    assert stored(app) == 1
    other = client.get(f"/q/{code}").get_data(as_text=True)
    assert "schon geantwortet" in other  # a new form from the same browser is still "already answered"


def test_every_form_gets_its_own_id_also_from_the_page_cache(cached_app):
    offer_id = create_test_offer(cached_app)
    code = offer_code(cached_app, offer_id)
    pages = [
        cached_app.test_client().get(path).get_data(as_text=True) for path in (f"/q/{code}", f"/q/{code}")
    ]
    ids = [form_id_from(page) for page in pages]
    assert ids[0] != ids[1] and all(re.fullmatch(r"[A-Za-z0-9_-]{22}", i) for i in ids)
    assert cache.FORM_ID_SLOT not in pages[1] and cache.CSRF_SLOT not in pages[1]


def test_one_cache_entry_per_offer_and_language_however_the_code_is_typed(cached_app):
    code = offer_code(cached_app, create_test_offer(cached_app))
    for path in (f"/q/{code}", f"/q/{code.upper()}", f"/q/%20{code}%20", f"/q/{code[:4].upper()}{code[4:]}"):
        assert "<form" in cached_app.test_client().get(path).get_data(as_text=True)
    assert [key for key in cache.forms._pages if key[0] == code] == [(code, "de")]
    assert len(cache.forms._pages) == 1


def test_twenty_parallel_sends_of_one_form_store_one_answer(live_app, live_server):
    offer_id = create_test_offer(live_app)
    code = offer_code(live_app, offer_id)
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{live_server}/q/{code}").read().decode()
    body = urllib.parse.urlencode(
        {**answer(live_app, offer_id), "form_id": form_id_from(page), "csrf_token": csrf_token_from(page)}
    ).encode()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    landed, start = [], threading.Barrier(20)

    def send():
        request = urllib.request.Request(f"{live_server}/q/{code}", data=body, headers={"Cookie": cookie})
        start.wait()  # all twenty at once, as a phone retrying on a bad connection might
        landed.append(urllib.request.urlopen(request).geturl())

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(landed) == 20 and all(url.endswith(f"/q/{code}/danke") for url in landed)
    assert stored(live_app) == 1
