"""One offer from a young person's answer to the published results, at the same link, on a phone."""

from pathlib import Path

from playwright.sync_api import expect

from factories import ALL_OPTIONAL, PASSWORD, create_test_offer, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user, set_moderator_rights
from participation.answers.models import Answer, Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.roles import Role
from phone import log_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_answer_moderate_feed_back_and_see_results(browser, page, live_app, live_server):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    code, ids = offer_code(live_app, offer_id), question_ids(live_app, offer_id)
    with live_app.app_context():
        offer_org = db.session.get(Organisation, 1)
        worker = create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[offer_org],
        )
        set_moderator_rights(worker, {offer_org.id})
        for _ in range(4):  # other young people, so that the results pass the small-group threshold
            db.session.add(
                Submission(
                    offer_id=offer_id, answers=[Answer(question_id=ids[QuestionKind.smiley][0], value=4)]
                )
            )
        db.session.commit()

    # 1. a young person answers on the phone, with a free-text idea
    page.goto(f"{live_server}/q/{code}")
    page.locator("label.choice", has_text="sehr gut").tap()
    page.get_by_role("textbox", name="Deine Antwort").fill("Ein Trampolin wäre super")
    page.get_by_role("button", name="Absenden").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danke")

    # 2. the youth worker moderates by keyboard, closes the offer and writes the Rückmeldung (desktop)
    staff = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    log_in(desk, live_server, "fachkraft@example.org")
    desk.goto(f"{live_server}/team/moderation/")
    expect(desk.locator(".mod-item")).to_contain_text("Ein Trampolin wäre super")
    desk.keyboard.press("j")
    desk.keyboard.press("a")
    expect(desk.locator("main")).to_contain_text("Nichts zu moderieren")
    desk.goto(f"{live_server}/team/angebote/{offer_id}")
    desk.get_by_role("link", name="Jetzt beenden …").click()  # a confirmation page first, no one-tap close
    expect(desk.get_by_role("heading", level=1)).to_contain_text("jetzt beenden?")
    desk.get_by_role("button", name="Ja, jetzt beenden").click()
    desk.get_by_role("link", name="Rückmeldung schreiben").click()
    desk.get_by_label("Was wurde entschieden").fill("Wir kaufen ein Trampolin für den Hof.")
    desk.get_by_label("Wer kümmert sich darum?").fill("Team Jugendtreff")
    desk.get_by_role("button", name="Rückmeldung speichern").click()
    desk.get_by_role("link", name="Ergebnisse veröffentlichen …").click()
    expect(desk.locator("main")).to_contain_text("kann nicht rückgängig gemacht werden")
    desk.get_by_role("button", name="Ja, Ergebnisse veröffentlichen").click()
    expect(desk.locator("main")).to_contain_text("Ergebnisse veröffentlicht")
    staff.close()

    # 3. the same link on the same phone now shows the Rückmeldung and the results
    page.goto(f"{live_server}/q/{code}")
    main = page.locator("main")
    expect(main).to_contain_text("Wir kaufen ein Trampolin für den Hof.")
    expect(main).to_contain_text("5 junge Menschen haben mitgemacht")
    expect(main).to_contain_text("Ein Trampolin wäre super")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-results.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
