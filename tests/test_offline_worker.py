"""Answering without a connection: the service worker's route, what it may touch, and the page's part.

The worker itself is tested in Chromium (tests/browser/test_offline.py); here: how it is served, that
it handles only the answer forms of /q/ and /k/ (never /team), and that the answer page carries the
texts the worker and the page show in the young person's language."""

import gzip
import re
from pathlib import Path

from factories import offer_code

WORKER = Path(__file__).resolve().parents[1] / "static" / "js" / "sw.js"


def test_the_worker_is_served_from_the_root_as_javascript_that_is_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a new version reaches the devices at once
    assert "Service-Worker-Allowed" not in response.headers  # /q/ and /k/ lie below /, no wider scope
    assert response.get_data(as_text=True) == WORKER.read_text()


def test_the_worker_is_small():
    raw = WORKER.read_bytes()
    print(f"sw.js: {len(raw)} B raw, {len(gzip.compress(raw, 9))} B gzip")
    assert len(raw) < 12_000 and len(gzip.compress(raw, 9)) < 4000


def test_the_worker_handles_only_the_answer_forms_of_q_and_k():
    script = WORKER.read_text()
    pattern = re.search(r"var FORM_PAGE = /(.+)/;", script).group(1)
    form_page = re.compile(pattern.replace("\\/", "/"))
    for path in ("/q/AB12CD", "/k/x7Yz_token"):
        assert form_page.fullmatch(path), path
    for path in (
        "/team",
        "/team/",
        "/team/angebote/1",
        "/q/AB12CD/danke",
        "/q/AB12CD/qr.svg",
        "/",
        "/sprache/de",
    ):
        assert not form_page.fullmatch(path), path
    assert "/team" not in script.replace("never /team", "")


def test_the_answer_page_registers_the_worker_from_a_script_it_loads_already(app, client, make_offer):
    code = offer_code(app, make_offer())
    page = client.get(f"/q/{code}").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("read-aloud" in src for src in scripts) and not any("sw" in src for src in scripts)
    response = client.get(next(src for src in scripts if "read-aloud" in src))
    read_aloud = response.get_data(as_text=True)
    response.close()
    assert 'register("/sw.js"' in read_aloud and '"load"' in read_aloud


def test_the_answer_page_carries_the_offline_texts_in_its_language(app, client, make_offer):
    code = offer_code(app, make_offer())
    page = client.get(f"/q/{code}").get_data(as_text=True)
    state = re.search(r'<p id="offline-state"[^>]*></p>', page).group(0)
    assert " hidden" in state and 'role="status"' in state
    assert "data-saved=" in state and "data-sent=" in state
    waiting = re.search(r"data-waiting='([^']+)'", state).group(1)
    assert '"one"' in waiting and '"other"' in waiting and "%(num)d" in waiting


def test_a_queued_answer_from_a_shared_device_is_stored_after_the_first(app, client, make_offer):
    """The worker sends its queue with a header: answers saved on one device offline come from several
    people, so the browser's "already answered" note does not stop the second one."""
    from test_exactly_once import answer, form_id_from, stored

    offer_id = make_offer()
    code = offer_code(app, offer_id)
    page = client.get(f"/q/{code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    queued = {"Mitreden-Queued": "1"}
    first = {**answer(app, offer_id), "csrf_token": token, "form_id": form_id_from(page)}
    second = {**first, "form_id": "B" * 22}
    for data in (first, second, second):  # the second one twice: a double tap, stored once
        response = client.post(f"/q/{code}", data=data, headers=queued)
        assert response.status_code == 302 and response.headers["Location"].endswith("/danke")
    assert stored(app) == 2
    third = client.post(f"/q/{code}", data={**first, "form_id": "C" * 22})  # not from the queue
    assert "schon geantwortet" in third.get_data(as_text=True) and stored(app) == 2
