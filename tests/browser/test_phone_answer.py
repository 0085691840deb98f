"""A young person answers every question kind on a 360 px phone by tapping."""

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect
from sqlalchemy import func, select

from factories import create_test_offer, offer_code
from participation.answers.models import Answer, Submission
from participation.extensions import db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_phone_user_answers_every_kind(page, live_app, live_server):
    offer_id = create_test_offer(live_app)
    code = offer_code(live_app, offer_id)
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))

    page.goto(f"{live_server}/q/{code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sommer im Jugendtreff")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling

    for box in page.locator("label.choice, button[type=submit], textarea, select").all():
        if box.is_visible():
            assert box.bounding_box()["height"] >= 44, box.inner_text()

    page.locator("label.choice", has_text="sehr gut").tap()  # the face with its text label
    expect(page.get_by_role("radio", name="sehr gut")).to_be_checked()
    page.get_by_role("radio", name="Abends").tap()
    page.get_by_role("checkbox", name="Kicker").tap()
    page.get_by_role("checkbox", name="Kochen").tap()
    page.get_by_role("radio", name="Ja").tap()
    page.get_by_role("spinbutton", name="WLAN").fill("2")
    page.get_by_role("spinbutton", name="Ausflüge").fill("1")
    page.get_by_role("textbox", name="Deine Antwort").fill("Mehr Musik im Treff")
    page.get_by_text("Über dich").tap()
    page.get_by_role("radio", name="10 bis 13 Jahre").tap()
    page.get_by_label("Wo wohnst du?").select_option(label="Grünau-Mitte")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-answer-form.png"), full_page=True)

    page.get_by_role("button", name="Absenden").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danke")
    expect(page.locator("main")).to_contain_text(f"/q/{code}")
    page.screenshot(path=str(ARTIFACTS / "phone-thanks.png"), full_page=True)
    assert hosts == {"127.0.0.1"}

    with live_app.app_context():
        submission = db.session.scalar(select(Submission))
        assert submission.ortsteil_code == "62" and submission.age_group.value == "10-13"
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 8

    page.goto(f"{live_server}/q/{code}")
    expect(page.locator("main")).to_contain_text("Du hast schon geantwortet")


def test_phone_user_sees_errors_and_keeps_answers(page, live_app, live_server):
    code = offer_code(live_app, create_test_offer(live_app))
    page.goto(f"{live_server}/q/{code}")
    page.get_by_role("radio", name="Abends").tap()
    page.get_by_role("spinbutton", name="WLAN").fill("3")
    page.get_by_role("spinbutton", name="Möbel").fill("3")
    page.get_by_role("button", name="Absenden").tap()
    summary = page.locator("#summary")
    expect(summary).to_contain_text("Beantworte bitte diese Frage.")
    expect(summary).to_contain_text("Du hast 6 Punkte verteilt")
    expect(page.get_by_role("radio", name="Abends")).to_be_checked()
    expect(page.get_by_role("spinbutton", name="WLAN")).to_have_value("3")
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_two_taps_on_a_slow_connection_store_the_answer_once(page, live_app, live_server):
    offer_id = create_test_offer(live_app)
    code = offer_code(live_app, offer_id)
    page.goto(f"{live_server}/q/{code}")
    page.locator("label.choice", has_text="sehr gut").tap()
    page.get_by_role("textbox", name="Deine Antwort").fill("Zweimal getippt")
    network = page.context.new_cdp_session(page)  # a bad mobile connection: a second per round trip
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1000, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    # Tap, and 0.4 s later, as nothing seems to happen, tap again (from the page itself: Playwright's
    # own taps would politely wait for the first send to finish).
    page.evaluate("""() => { const send = document.querySelector("button[type=submit]");
                             send.click(); setTimeout(() => send.click(), 400); }""")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danke", timeout=15000)
    page.wait_for_timeout(2500)  # let a second send arrive, if there was one
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
        texts = select(func.count()).select_from(Answer).where(Answer.text == "Zweimal getippt")
        assert db.session.scalar(texts) == 1
