"""Kinderschutz end to end in Chromium: a child writes a concerning text and sees where to find help; the
organisation's Kinderschutz contact finds it in the Kinderschutz queue with the guide, sets "consulted"
with a note; the text shows up nowhere public and not in the moderation queue."""

from playwright.sync_api import expect

from factories import ALL_OPTIONAL, PASSWORD, create_test_offer, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user, set_moderator_rights
from participation.answers.models import Answer, Submission
from participation.answers.services import review_key
from participation.enums import QuestionKind, ReviewState
from participation.extensions import db
from participation.roles import Role
from phone import log_in, violations

CONCERN = "Ich hab Angst nach Hause zu gehen, mein Stiefvater schlägt mich"


def test_a_concern_reaches_the_contact_and_nobody_else(browser, live_app, live_server):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    code = offer_code(live_app, offer_id)
    with live_app.app_context():
        organisation = db.session.get(Organisation, 1)
        contact = create_user(
            email="kontakt@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[organisation],
        )
        moderator = create_user(
            email="mod@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[organisation]
        )
        set_moderator_rights(moderator, {organisation.id})
        organisation.child_protection_contact_id = contact.id
        text_q = question_ids(live_app, offer_id)[QuestionKind.text][0]
        for text in ("Mehr Kicker", "Längere Öffnungszeiten", "Mehr Musik", "Ein Kino-Abend"):
            answer = Answer(
                question_id=text_q, text=text, review_state=ReviewState.pending, review_key=review_key()
            )
            db.session.add(Submission(offer_id=offer_id, answers=[answer]))
        db.session.commit()  # with the child's answer, the first batch of five is complete and shown

    child = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    phone = child.new_page()
    phone.goto(f"{live_server}/q/{code}")
    expect(phone.locator(".help-box")).to_contain_text("116 111")
    phone.locator("textarea").first.fill(CONCERN)
    phone.get_by_role("button", name="Absenden").click()
    expect(phone).to_have_url(f"{live_server}/q/{code}/danke")
    help_box = phone.locator(".help-box")
    expect(help_box).to_be_visible()
    expect(help_box.get_by_role("link", name="krisenchat.de")).to_have_attribute(
        "href", "https://krisenchat.de"
    )
    expect(help_box.get_by_role("link", name="jugendnotmail.de")).to_be_visible()
    assert violations(phone) == []  # the thank-you page with the help box, on a phone

    staff = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = staff.new_page()
    log_in(page, live_server, "kontakt@example.org")
    page.get_by_role("navigation", name="Mitarbeitende").get_by_role("link", name="Kinderschutz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kinderschutz")
    guide = page.locator(".guide")
    expect(guide).to_contain_text("Schutzkonzept")
    expect(guide).to_contain_text("insoweit erfahrene Fachkraft, § 8a SGB VIII")
    expect(guide).to_contain_text("lässt sich nicht ermitteln")
    case = page.locator(".mod-item", has_text=CONCERN)
    expect(case).to_contain_text("neu")
    case.get_by_label("Status").select_option(label="Fachkraft beraten")
    case.get_by_label("Notiz").fill(
        "Mit der insoweit erfahrenen Fachkraft beraten, Gruppengespräch am Freitag."
    )
    case.get_by_role("button", name="Stand speichern").click()
    expect(page.get_by_text("Stand gespeichert.")).to_be_visible()
    case = page.locator(".mod-item", has_text=CONCERN)
    expect(case.locator(".concern-status")).to_have_text("Fachkraft beraten")
    expect(case).to_contain_text("Gruppengespräch am Freitag")
    assert violations(page) == []  # the queue with a case, its guide and its journal
    page.screenshot(path="/tmp/kinderschutz_queue.png", full_page=True)
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, live_server, "mod@example.org")
    expect(
        page.get_by_role("navigation", name="Mitarbeitende").get_by_role("link", name="Kinderschutz")
    ).to_have_count(0)
    page.goto(f"{live_server}/team/moderation/")
    expect(page.locator("main")).not_to_contain_text("Stiefvater")
    page.goto(f"{live_server}/team/angebote/{offer_id}")
    expect(page.locator("main")).not_to_contain_text("Stiefvater")
    assert page.goto(f"{live_server}/team/kinderschutz/").status == 403

    for path in (f"/q/{code}", "/angebote/", f"/angebote/{code}"):
        phone.goto(live_server + path)
        expect(phone.locator("main")).not_to_contain_text("Stiefvater")
    child.close()
    staff.close()
