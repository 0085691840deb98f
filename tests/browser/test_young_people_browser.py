"""Issue 12, young people, in real Chromium: the question on the first screen of a phone, the language
picker without JavaScript, points left, clearing a choice, read-aloud only with a voice, the link to keep."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factories import ALL_OPTIONAL, create_test_offer, offer_code, question_ids
from participation.answers.models import Answer
from participation.enums import QuestionKind
from participation.extensions import db
from phone import PHONE

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 640}}

# A browser with an Arabic voice only, and speech recorded instead of spoken.
ARABIC_VOICE_ONLY = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => [{lang: "ar-SA", name: "Arabic"}], addEventListener: () => {},
  speak: u => window.__spoken.push({text: u.text, lang: u.lang}), cancel: () => {}}});
"""


@pytest.mark.parametrize("language", ["de", "ar"])
def test_first_question_is_on_the_first_screen_of_a_small_phone(browser, live_server, public_world, language):
    context = browser.new_context(**SMALL_PHONE)
    context.add_cookies([{"name": "lang", "value": language, "url": live_server}])
    page = context.new_page()
    page.goto(f"{live_server}/q/{public_world.open_code}")
    legend = page.locator("legend").first
    expect(legend).to_be_visible()
    box = legend.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640, box
    question = page.locator("fieldset").first.bounding_box()  # and its choices, too
    assert question["y"] + question["height"] <= 640, question
    expect(page.locator(".asker")).to_be_in_viewport()  # who asks and until when, above it
    context.close()


def test_language_can_be_switched_without_javascript(browser, live_server, public_world):
    context = browser.new_context(**SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/q/{public_world.open_code}")
    arabic = page.get_by_role("link", name="العربية")
    expect(arabic).to_be_hidden()  # folded away, so that the question fits
    page.locator(".langs summary").tap()
    arabic.tap()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("صيف في النادي")
    expect(page.locator(".langs summary")).to_contain_text("العربية")
    context.close()


def test_points_left_while_sharing_out_points(page, live_app, live_server):
    code = offer_code(live_app, create_test_offer(live_app))
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"{live_server}/q/{code}")
    counter = page.locator(".points-left")
    texts = counter.get_attribute("data-left").split("|")
    expect(counter).to_have_text(texts[3])  # 3 points, none given yet
    page.get_by_role("spinbutton", name="WLAN").fill("2")
    expect(counter).to_have_text(texts[1])
    page.get_by_role("spinbutton", name="Möbel").fill("1")
    expect(counter).to_have_text(texts[0])
    page.get_by_role("spinbutton", name="Möbel").fill("3")
    expect(counter).to_have_text(counter.get_attribute("data-over"))
    expect(counter).to_have_class("hint points-left error")
    page.get_by_role("button", name="Absenden").tap()  # the server still checks the total
    expect(page.locator("#summary")).to_contain_text("Du hast 5 Punkte verteilt")
    assert errors == []


def test_points_left_stays_hidden_without_javascript(browser, live_app, live_server):
    code = offer_code(live_app, create_test_offer(live_app))
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/q/{code}")
    expect(page.locator(".points-left")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_an_optional_choice_can_be_taken_back(browser, live_app, live_server, javascript):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    code, ids = offer_code(live_app, offer_id), question_ids(live_app, offer_id)
    single = ids[QuestionKind.single][0]
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server}/q/{code}")
    page.get_by_role("radio", name="Abends").tap()
    page.locator(f"label.choice:has(input[name=q{single}][value=''])").tap()  # "no answer"
    expect(page.get_by_role("radio", name="Abends")).not_to_be_checked()
    page.locator("label.choice", has_text="sehr gut").tap()
    page.get_by_role("button", name="Absenden").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danke")
    with live_app.app_context():
        assert [a.question_id for a in db.session.scalars(select(Answer))] == [ids[QuestionKind.smiley][0]]
    context.close()


def test_read_aloud_stays_hidden_without_a_voice(browser, live_server, public_world):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    for path in (f"/q/{public_world.open_code}", f"/q/{public_world.results_code}"):
        page.goto(live_server + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # time for a voiceschanged event, if one comes
        has_voices = page.evaluate("speechSynthesis.getVoices().length > 0")
        buttons = page.locator("button[data-read]")
        assert buttons.count() > 0
        for n in range(buttons.count()):
            if has_voices:  # a desktop Chromium may have voices: then German ones at least
                break
            expect(buttons.nth(n)).to_be_hidden()
    assert errors == []
    context.close()


def test_read_aloud_shows_only_where_the_browser_has_a_voice(browser, live_server, public_world):
    context = browser.new_context(**PHONE)
    context.add_init_script(ARABIC_VOICE_ONLY)
    page = context.new_page()
    page.goto(f"{live_server}/sprache/ar?next=/q/{public_world.open_code}")
    buttons = page.locator("button[data-read]")
    expect(buttons.nth(0)).to_be_visible()  # the translated first question: Arabic, there is a voice
    expect(buttons.nth(1)).to_be_hidden()  # the untranslated German question: no German voice
    buttons.nth(0).tap()
    assert "كيف تجد النادي؟" in page.evaluate("window.__spoken")[0]["text"]
    page.goto(f"{live_server}/sprache/de?next=/q/{public_world.open_code}")
    expect(page.locator("button[data-read]").first).to_be_hidden()  # German page, no German voice
    context.close()


def test_thank_you_page_copies_the_link_to_keep(browser, live_app, live_server):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    code = offer_code(live_app, offer_id)
    context = browser.new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto(f"{live_server}/q/{code}")
    page.locator("label.choice", has_text="sehr gut").tap()
    page.get_by_role("button", name="Absenden").tap()
    link = page.locator("#results-link")
    expect(link).to_contain_text(f"/q/{code}")  # the link as text, to read out or write down
    share = page.locator("#share-link")
    expect(share).to_be_visible()
    if page.evaluate("!navigator.share"):  # desktop Chromium: the clipboard; phones: the share sheet
        share.tap()
        expect(page.locator("#share-status")).not_to_be_empty()
        assert page.evaluate("navigator.clipboard.readText()") == link.evaluate("a => a.href")
    context.close()
