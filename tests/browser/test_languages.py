"""Arabic on a 360 px phone, read-aloud, and the answer page's weight in every language, in real Chromium."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect
from sqlalchemy import func, select

from factories import PAGE_BUDGET_BYTES as BUDGET_BYTES
from factories import PAGE_MAX_REQUESTS as MAX_REQUESTS
from participation.answers.models import Submission
from participation.extensions import db
from participation.i18n import LANGUAGE_NAMES, catalogue_paths
from phone import PHONE

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Records what the page asks the browser to say instead of sending it to a speech engine (none in CI),
# with an Arabic and a German voice (the buttons show only for a language the browser has a voice for).
SPEECH_RECORDER = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => [{lang: "ar-SA"}, {lang: "de-DE"}], addEventListener: () => {},
  speak: u => window.__spoken.push({text: u.text, lang: u.lang}), cancel: () => {}}});
"""


def arabic(msgid: str) -> str:
    with open(catalogue_paths()["ar"], "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}[msgid]


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_phone_user_switches_to_arabic_and_answers(page, live_app, live_server, public_world):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto(f"{live_server}/q/{public_world.open_code}")
    page.locator(".langs summary").tap()  # the closed language list (issue 12)
    page.get_by_role("link", name="العربية").tap()  # the switcher: a plain link, in the language's own name

    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("صيف في النادي")
    expect(page.locator(".note")).to_have_text(arabic("Some parts of this page are only in German so far."))
    expect(page.locator('legend span[lang="de"]').first).to_have_text(
        "Wann kommst du?"
    )  # untranslated, marked
    assert no_sideways_scrolling(page)

    # mirrored: the radio sits at the right edge of its label, the text to its left
    first = page.locator("label.choice", has_text="Abends")
    box, radio = first.bounding_box(), first.locator("input").bounding_box()
    assert radio["x"] > box["x"] + box["width"] / 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-answer-form-ar.png"), full_page=True)

    page.locator("label.choice", has_text=arabic("very good")).tap()
    page.get_by_role("radio", name="Abends").tap()
    page.get_by_role("button", name=arabic("Send")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(arabic("Thank you! Your answer has arrived."))
    expect(html).to_have_attribute("dir", "rtl")
    assert hosts == {"127.0.0.1"}
    with live_app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Submission)
                .where(Submission.offer_id == public_world.open_id)
            )
            == 1
        )


@pytest.mark.parametrize("width", [320, 640])
def test_no_sideways_scrolling_at_320_px_or_200_percent_zoom(browser, live_server, public_world, width):
    # 200 % zoom of a 640 px wide window leaves 320 CSS pixels, like the narrowest phone
    context = browser.new_context(
        viewport={"width": width, "height": 700}, device_scale_factor=640 // width, locale="ar"
    )
    page = context.new_page()
    for path in (f"/q/{public_world.open_code}", f"/q/{public_world.results_code}", "/angebote/"):
        page.goto(live_server + path)
        assert no_sideways_scrolling(page), path
    context.close()


def test_read_aloud_speaks_each_part_in_its_language(browser, live_server, public_world):
    context = browser.new_context(**PHONE)
    context.add_init_script(SPEECH_RECORDER)
    page = context.new_page()
    page.goto(f"{live_server}/sprache/ar?next=/q/{public_world.open_code}")
    buttons = page.get_by_role("button", name=arabic("Read aloud"))
    expect(buttons.first).to_be_visible()
    buttons.nth(0).tap()  # the translated first question
    spoken = page.evaluate("window.__spoken")
    assert spoken[0] == {"text": spoken[0]["text"], "lang": "ar"} and "كيف تجد النادي؟" in spoken[0]["text"]
    assert arabic("very good") in spoken[0]["text"]  # the choices are read too
    page.evaluate("window.__spoken = []")
    buttons.nth(1).tap()  # untranslated question and options: read in German, not with an Arabic voice
    assert page.evaluate("window.__spoken") == [{"text": "Wann kommst du? Morgens Abends", "lang": "de"}]

    page.goto(f"{live_server}/q/{public_world.results_code}")
    page.get_by_role("button", name=arabic("Read aloud")).first.tap()
    assert any("Wir bauen eine Kletterwand." in part["text"] for part in page.evaluate("window.__spoken"))
    context.close()


def test_without_javascript_no_read_aloud_button_and_the_form_still_works(
    browser, live_app, live_server, public_world
):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/q/{public_world.open_code}")
    expect(page.locator("button[data-read]").first).to_be_hidden()
    page.locator("label.choice", has_text="sehr gut").tap()
    page.get_by_role("button", name="Absenden").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danke")
    context.close()


@pytest.mark.parametrize("language", list(LANGUAGE_NAMES))
def test_answer_page_weight_in_every_language(browser, live_server, public_world, language):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    # the cookie the switcher sets, without loading a page first: the measurement starts with an empty cache
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(f"{live_server}/q/{public_world.open_code}", wait_until="networkidle")
    sizes = [request.sizes() for request in responses]
    transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
    hosts = {urlsplit(request.url).hostname for request in responses}
    print(f"answer page [{language}]: {len(responses)} requests, {transferred} B transferred")
    assert hosts == {"127.0.0.1"}
    assert len(responses) <= MAX_REQUESTS
    assert transferred <= BUDGET_BYTES
    html = next(r for r in responses if r.resource_type == "document")
    assert html.response().header_value("content-encoding") == "gzip"
    context.close()
