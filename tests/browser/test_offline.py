"""Answering without a connection, in Chromium: the network is switched off and on with Playwright
(which takes the service worker offline too). The service worker is static/js/sw.js."""

import re
import time

import pytest
from playwright.sync_api import Error, expect
from sqlalchemy import select

from factories import ALL_OPTIONAL, create_test_offer, offer_code
from participation.answers import kiosk
from participation.answers.models import Submission
from participation.enums import Channel
from participation.extensions import db
from participation.offers.models import Offer

FORM_ID = re.compile(r"[A-Za-z0-9_-]{22}")


def stored_form_ids(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Submission.form_id).order_by(Submission.id)))


def open_with_worker(page, url: str) -> None:
    """Load the answer form online and wait until the worker runs and keeps a copy of the form."""
    page.goto(url)
    for _ in range(100):
        if page.evaluate(
            "navigator.serviceWorker.ready.then(r => !!r.active)"
            " && caches.match(location.pathname).then(Boolean)"
        ):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker did not keep the form")


def answer(page, words: str) -> None:
    page.locator("label.choice", has_text="sehr gut").tap()
    page.get_by_role("textbox", name="Deine Antwort").fill(words)
    page.get_by_role("button", name="Absenden").tap()


def test_three_answers_given_offline_are_each_stored_once_after_reconnecting(
    page, context, live_app, live_server
):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    code = offer_code(live_app, offer_id)
    open_with_worker(page, f"{live_server}/q/{code}")
    state = page.locator("#offline-state")
    saved_text = state.get_attribute("data-saved")

    context.set_offline(True)
    form_ids = []
    for n in range(3):
        form_ids.append(page.input_value('input[name="form_id"]'))
        answer(page, f"Mehr Bänke, sagt Person {n + 1}")
        expect(state).to_be_visible()
        expect(state).to_contain_text(saved_text)
        expect(page.get_by_role("textbox", name="Deine Antwort")).to_have_value("")  # the next person's form
        expect(page.get_by_role("radio", name="sehr gut")).not_to_be_checked()
        assert FORM_ID.fullmatch(page.input_value('input[name="form_id"]'))
    assert len(set(form_ids)) == 3 and all(FORM_ID.fullmatch(i) for i in form_ids)
    assert stored_form_ids(live_app) == []  # nothing reached the server yet
    page.goto(f"{live_server}/q/{code}")  # the kiosk's next person: the form from the device
    expect(state).to_contain_text("3")
    assert page.input_value('input[name="form_id"]') not in form_ids

    context.set_offline(False)
    reconnected = time.monotonic()
    expect(state).to_have_text(state.get_attribute("data-sent"), timeout=30_000)
    flush_seconds = time.monotonic() - reconnected
    print(
        f"offline: 3 answers queued, {len(stored_form_ids(live_app))} stored,"
        f" flushed {flush_seconds:.2f} s after reconnecting"
    )
    assert stored_form_ids(live_app) == form_ids  # exactly these three, oldest first
    assert (
        page.evaluate(
            "new Promise(done => { const open = indexedDB.open('mitreden-offline');"
            " open.onsuccess = () => {"
            " const r = open.result.transaction('queue').objectStore('queue').count();"
            " r.onsuccess = () => done(r.result); }; })"
        )
        == 0
    )  # nothing kept on the device after sending


def test_one_form_sent_twice_offline_is_stored_once(page, context, live_app, live_server):
    code = offer_code(live_app, create_test_offer(live_app, questions=ALL_OPTIONAL))
    open_with_worker(page, f"{live_server}/q/{code}")
    context.set_offline(True)
    page.locator("label.choice", has_text="sehr gut").tap()
    # A double tap: the very same form (one form id) reaches the worker twice.
    page.evaluate(
        "() => { const body = new URLSearchParams(new FormData(document.querySelector('main form')));"
        " return Promise.all([1, 2].map(() => fetch(location.pathname, {method: 'POST', body})"
        ".then(r => r.text()))); }"
    )
    page.goto(f"{live_server}/q/{code}")
    state = page.locator("#offline-state")
    expect(state).to_contain_text("2")
    context.set_offline(False)
    expect(state).to_have_text(state.get_attribute("data-sent"), timeout=30_000)
    assert len(stored_form_ids(live_app)) == 1


def test_staff_pages_are_never_served_by_the_worker(page, context, live_app, live_server):
    code = offer_code(live_app, create_test_offer(live_app, questions=ALL_OPTIONAL))
    open_with_worker(page, f"{live_server}/q/{code}")
    page.goto(f"{live_server}/team/login")  # online: the staff login, fetched as ever
    kept = page.evaluate(
        "caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))"
        ".then(all => all.flat().map(r => new URL(r.url).pathname))"
    )
    pages = [path for path in kept if not path.startswith("/static/")]
    assert pages == [f"/q/{code}"] and len(kept) > 1  # the form and its files, no staff page
    page.goto(f"{live_server}/q/{code}")
    context.set_offline(True)
    staff = context.new_page()
    with pytest.raises(Error, match="ERR_INTERNET_DISCONNECTED"):
        staff.goto(f"{live_server}/team/login")  # no copy of a staff page anywhere on the device
    page.reload()
    expect(page.get_by_role("button", name="Absenden")).to_be_visible()  # the answer form: from the device
    assert page.evaluate(
        "navigator.serviceWorker.getRegistrations().then(rs => rs.map(r => new URL(r.scope).pathname))"
    ) == ["/q/"]


def test_an_answer_the_server_refuses_is_dropped_with_a_message(page, context, live_app, live_server):
    code = offer_code(live_app, create_test_offer(live_app, questions=ALL_OPTIONAL))
    open_with_worker(page, f"{live_server}/q/{code}")
    context.set_offline(True)
    page.get_by_role("button", name="Absenden").tap()  # nothing answered: offline, nobody can check it
    state = page.locator("#offline-state")
    expect(state).to_contain_text(state.get_attribute("data-saved"))
    context.set_offline(False)
    expect(state).to_contain_text(state.get_attribute("data-refused"), timeout=30_000)
    expect(state).to_contain_text(state.get_attribute("data-sent"))
    page.wait_for_timeout(500)  # the message stays after the worker has forgotten the answer
    expect(state).to_contain_text(state.get_attribute("data-refused"))
    assert stored_form_ids(live_app) == []


def test_answers_saved_before_the_browser_lost_its_session_are_still_sent(
    page, context, live_app, live_server
):
    code = offer_code(live_app, create_test_offer(live_app, questions=ALL_OPTIONAL))
    open_with_worker(page, f"{live_server}/q/{code}")
    context.set_offline(True)
    answer(page, "Ein Kicker")
    state = page.locator("#offline-state")
    expect(state).to_contain_text(state.get_attribute("data-saved"))
    context.clear_cookies()  # the tablet's browser was closed overnight: its CSRF token fits no session
    context.set_offline(False)
    expect(state).to_have_text(state.get_attribute("data-sent"), timeout=30_000)
    assert len(stored_form_ids(live_app)) == 1


def test_a_kiosk_tablet_keeps_answers_offline_and_sends_each_once(page, context, live_app, live_server):
    """The tablet on the youth club's counter, for an afternoon without a connection."""
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    with live_app.app_context():
        tablet = kiosk.create(db.session.get(Offer, offer_id), name="Tablet Treff", days=1, actor=None)
        db.session.commit()
        token = tablet.token
    open_with_worker(page, f"{live_server}/k/{token}")
    state = page.locator("#offline-state")
    context.set_offline(True)
    form_ids = []
    for n in range(3):
        form_ids.append(page.input_value('input[name="form_id"]'))
        answer(page, f"Ein Kicker, sagt Person {n + 1}")
        expect(state).to_contain_text(state.get_attribute("data-saved"))
        expect(page.get_by_role("textbox", name="Deine Antwort")).to_have_value("")
    assert len(set(form_ids)) == 3 and stored_form_ids(live_app) == []
    context.set_offline(False)
    expect(state).to_have_text(state.get_attribute("data-sent"), timeout=30_000)
    with live_app.app_context():
        rows = db.session.execute(
            select(Submission.form_id, Submission.channel).order_by(Submission.id)
        ).all()
    assert rows == [(form_id, Channel.kiosk) for form_id in form_ids]


def test_the_form_is_kept_on_the_device_only_with_its_files(page, context, live_app, live_server):
    """A phone that loses its connection right after the form was kept still shows the form whole,
    with its styles and its script (which tells how many answers wait)."""
    code = offer_code(live_app, create_test_offer(live_app, questions=ALL_OPTIONAL))
    page.goto(f"{live_server}/q/{code}")
    # Watch the cache from the moment the worker starts: the first time the form is there, are its files?
    files, kept = page.evaluate(
        """async () => {
          for (;;) {
            const copy = await caches.match(location.pathname);
            if (copy) {
              const files = [...(await copy.text()).matchAll(/(?:src|href)="(\\/static\\/[^"]+)"/g)]
                .map(m => m[1]);
              return [files, await Promise.all(files.map(f => caches.match(f).then(Boolean)))];
            }
            await new Promise(next => setTimeout(next, 0));
          }
        }"""
    )
    assert any(f.endswith(".css") for f in files) and any(f.endswith(".js") for f in files)
    assert all(kept), dict(zip(files, kept, strict=True))
    context.set_offline(True)
    answer(page, "Mehr Bänke")
    state = page.locator("#offline-state")
    expect(state).to_contain_text("1")  # the kept script runs on the kept form: it counts what waits
    assert page.evaluate("getComputedStyle(document.body).margin") != "8px"  # the kept styles apply
