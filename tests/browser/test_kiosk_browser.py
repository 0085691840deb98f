"""A shared tablet in the youth club: child after child answers on one kiosk link, the thank-you page
counts down back to an empty form (or, without JavaScript, "Next person" does), Back never shows the last
child's answers, and revoking the link on the offer page ends the tablet's next page. Prints the measured
reset time (tap on Send → empty form)."""

import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from factories import PASSWORD, create_test_offer
from participation.accounts.services import create_user
from participation.answers import kiosk
from participation.answers.models import Answer, Submission
from participation.enums import Channel
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import Role

# English: the kiosk's new words get their German with the catalogue; these tests must not depend on it.
TABLET = {
    "viewport": {"width": 800, "height": 1280},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
}


def answer(tablet, face: str, wish: str, text: str) -> None:
    tablet.get_by_role("radio", name=face, exact=True).tap()
    tablet.get_by_role("checkbox", name=wish).tap()
    tablet.get_by_role("textbox", name="Your answer").fill(text)


def assert_empty_form(tablet) -> None:
    expect(tablet.locator("form textarea")).to_have_value("")
    assert tablet.locator("form input:checked").count() == 0
    for box in tablet.locator("form input[type=number]").all():
        assert box.input_value() == ""


def test_two_children_on_one_tablet_then_the_link_is_revoked(browser, live_app, live_server):
    offer_id = create_test_offer(live_app)
    with live_app.app_context():
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[db.session.get(Offer, offer_id).organisation],
        )
        db.session.commit()
    seconds = live_app.config["KIOSK_RESET_SECONDS"]

    staff = browser.new_context(locale="en-GB").new_page()
    staff.goto(f"{live_server}/team/login")
    staff.get_by_label("E-mail address").fill("fachkraft@example.org")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"{live_server}/team/angebote/{offer_id}")
    staff.get_by_role("link", name="New kiosk link").click()
    staff_found = {"new": axe_violations(Axe(), staff)}
    staff.get_by_label("Name of the device").fill("Tablet Treff Grünau")
    staff.get_by_role("button", name="Create kiosk link").click()
    expect(staff.get_by_role("img", name="QR code of the kiosk link")).to_be_visible()
    staff_found["created"] = axe_violations(Axe(), staff)
    assert {name: v for name, v in staff_found.items() if v} == {}
    kiosk_url = staff.locator("p.link a").get_attribute("href")
    assert "/k/" in kiosk_url

    tablet = browser.new_context(**TABLET).new_page()
    tablet.goto(kiosk_url)
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 800
    answer(tablet, "very good", "Kicker", "Kind eins wünscht sich Kicker")
    sent = time.monotonic()
    tablet.get_by_role("button", name="Send").tap()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Thank you")
    expect(tablet.locator("#kiosk-countdown")).to_have_text(str(seconds - 1), timeout=3000)  # it counts
    expect(tablet.locator("form textarea")).to_be_visible(timeout=(seconds + 5) * 1000)
    reset = time.monotonic() - sent
    assert tablet.url == kiosk_url
    assert_empty_form(tablet)
    print(f"\nkiosk reset: KIOSK_RESET_SECONDS={seconds}, tap on Send to empty form {reset:.2f} s")
    assert seconds <= reset < seconds + 3

    answer(tablet, "bad", "Musik", "Kind zwei mag Musik")
    tablet.get_by_role("button", name="Send").tap()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Thank you")
    tablet.get_by_role("link", name="Next person").tap()
    expect(tablet.locator("form textarea")).to_be_visible()
    assert_empty_form(tablet)

    # Back, as far as the history goes: never a filled form, never a child's words.
    steps = 0
    while tablet.go_back() is not None:
        steps += 1
        tablet.wait_for_load_state()
        assert "Kind eins" not in tablet.content() and "Kind zwei" not in tablet.content()
        if tablet.locator("form textarea").count():
            assert_empty_form(tablet)
    assert steps >= 1
    print(f"kiosk history: {steps} step(s) back, every one without answers")

    with live_app.app_context():
        assert db.session.scalars(select(Submission.channel)).all() == [Channel.kiosk, Channel.kiosk]
        texts = set(db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))))
        assert texts == {"Kind eins wünscht sich Kicker", "Kind zwei mag Musik"}

    tablet.goto(kiosk_url)
    staff.goto(f"{live_server}/team/angebote/{offer_id}")
    expect(staff.locator("#kiosk-links")).to_contain_text("Tablet Treff Grünau")
    staff.get_by_role("button", name="End now").click()
    expect(staff.locator("#kiosk-links")).to_contain_text("ended on")
    tablet.reload()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("This tablet link has ended.")
    expect(tablet.locator("main")).to_contain_text("Please ask the person from the team.")


def test_without_javascript_next_person_brings_the_empty_form(browser, live_app, live_server):
    offer_id = create_test_offer(live_app)
    with live_app.app_context():
        token = kiosk.create(db.session.get(Offer, offer_id), name="Tablet", days=7, actor=None).token
        db.session.commit()
    tablet = browser.new_context(**TABLET, java_script_enabled=False).new_page()
    tablet.goto(f"{live_server}/k/{token}")
    answer(tablet, "good", "Kochen", "Ohne Skript")
    tablet.get_by_role("button", name="Send").tap()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Thank you")
    expect(tablet.locator("#kiosk-timer")).to_be_hidden()  # no countdown that would not count
    tablet.get_by_role("link", name="Next person").tap()
    expect(tablet.locator("form textarea")).to_be_visible()
    assert_empty_form(tablet)
    while tablet.go_back() is not None:
        tablet.wait_for_load_state()
        assert "Ohne Skript" not in tablet.content()
        if tablet.locator("form textarea").count():
            assert_empty_form(tablet)


def test_the_countdown_can_be_stopped_and_kiosk_pages_pass_axe(browser, live_app, live_server):
    offer_id = create_test_offer(live_app)
    with live_app.app_context():
        token = kiosk.create(db.session.get(Offer, offer_id), name="Tablet", days=7, actor=None).token
        db.session.commit()
    live_app.config["KIOSK_RESET_SECONDS"] = 3
    tablet = browser.new_context(**TABLET).new_page()
    blocked = []
    tablet.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    found = {}
    tablet.goto(f"{live_server}/k/{token}")
    found["form"] = axe_violations(Axe(), tablet)
    answer(tablet, "okay", "Musik", "Lese noch")
    tablet.get_by_role("button", name="Send").tap()
    expect(tablet.locator("#kiosk-countdown")).to_be_visible()
    found["thanks"] = axe_violations(Axe(), tablet)
    tablet.get_by_role("button", name="Stop the countdown").tap()
    expect(tablet.locator("#kiosk-timer")).to_be_hidden()
    tablet.wait_for_timeout(4000)  # longer than the 3 seconds: it stays
    assert tablet.url.endswith("/danke")
    tablet.get_by_role("link", name="Next person").tap()
    assert_empty_form(tablet)
    tablet.goto(f"{live_server}/k/nicht-da")
    found["ended"] = axe_violations(Axe(), tablet)
    assert {name: v for name, v in found.items() if v} == {}
    assert blocked == []


def axe_violations(axe, page) -> list[str]:
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
    results = axe.run(
        page, options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]
