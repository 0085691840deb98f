"""A class vote with one-time codes in Chromium (issue 13): the youth worker switches it on and prints a
sheet of cards (10 per A4 page); a child types the code from a card and answers; a second child with the
same code is refused with the answers kept. All without JavaScript on the phones."""

import re

from playwright.sync_api import expect

from factories import PASSWORD, create_test_offer, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user
from participation.answers.models import Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.roles import Role
from phone import log_in


def test_print_cards_and_answer_once_with_a_code(browser, live_app, live_server):
    offer_id = create_test_offer(live_app, publish=False)
    code, ids = offer_code(live_app, offer_id), question_ids(live_app, offer_id)
    with live_app.app_context():
        offer = db.session.get(Offer, offer_id)
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[db.session.get(Organisation, offer.organisation_id)],
        )
        db.session.commit()
    desk = browser.new_context(locale="de-DE", java_script_enabled=False).new_page()
    log_in(desk, live_server, "fachkraft@example.org")
    desk.goto(f"{live_server}/team/angebote/{offer_id}")
    desk.locator('form[action$="/einmal-codes"] button').click()  # switched on while a draft
    with live_app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.requires_code
        offer_services.publish(offer, actor=None)
        db.session.commit()
    desk.goto(f"{live_server}/team/angebote/{offer_id}#codes")
    desk.locator("#count").fill("12")
    desk.locator('form[action$="/karten"] button').click()
    cards = desk.locator("li.card")
    expect(cards).to_have_count(12)
    for n in range(12):
        assert cards.nth(n).locator("img.qr").evaluate("img => img.naturalWidth") > 0  # every QR code drawn
    typed = [text.strip() for text in desk.locator("li.card .code").all_inner_texts()]
    assert all(re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4}", t) for t in typed) and len(set(typed)) == 12
    pdf = desk.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 2  # 10 cards on the first page, 2 on the next

    smiley = f"q{ids[QuestionKind.smiley][0]}"
    for number in range(2):  # two children; the second first types the first one's code
        phone = browser.new_context(locale="de-DE", java_script_enabled=False).new_page()
        phone.goto(f"{live_server}/q/{code}")
        expect(phone.locator("textarea")).to_have_count(0)  # no form without a code
        phone.locator("#karte").fill(typed[0].lower().replace(" ", "-"))  # typed as it comes
        phone.locator("#karte").press("Enter")
        if number == 1:
            expect(phone.locator("#karte-err")).to_be_visible()  # used already: refused before answering
            expect(phone.locator("textarea")).to_have_count(0)
            phone.locator("#karte").fill(typed[1])
            phone.locator("#karte").press("Enter")
        phone.locator(f'input[name="{smiley}"][value="4"]').check()
        phone.locator("textarea").first.fill("Mehr Bänke")
        phone.get_by_role("button", name="Absenden").click()
        expect(phone).to_have_url(re.compile(rf"/q/{code}/danke$"))
        phone.context.close()
    with live_app.app_context():
        assert db.session.query(Submission).filter_by(offer_id=offer_id).count() == 2
    desk.goto(f"{live_server}/team/angebote/{offer_id}")
    expect(desk.locator("#codes ~ p.lead").first).to_contain_text(re.compile(r"2\D+12"))
