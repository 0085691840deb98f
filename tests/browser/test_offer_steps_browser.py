"""A youth worker on a phone without JavaScript: the preview cannot be sent, and closing an offer needs
a second, deliberate tap on a page that says what happens. The results sheet fits one A4 page."""

import re

from playwright.sync_api import expect

from factories import ALL_OPTIONAL, PASSWORD, create_test_offer, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user
from participation.answers.models import Answer, Submission
from participation.enums import OfferStatus, QuestionKind
from participation.extensions import db
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.results.services import OutcomeFields, save_outcome
from participation.roles import Role
from phone import log_in


def test_preview_and_confirmed_close_without_javascript(browser, live_app, live_server):
    draft = create_test_offer(live_app, publish=False)
    with live_app.app_context():
        open_offer = create_test_offer(live_app, organisation_id=1)
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[db.session.get(Organisation, 1)],
        )
        db.session.commit()
    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 740}, java_script_enabled=False, is_mobile=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "fachkraft@example.org")

    phone.goto(f"{live_server}/team/angebote/{draft}")
    phone.get_by_role("link", name="Vorschau").click()
    expect(phone.locator(".preview")).to_contain_text("kann von hier nicht abgeschickt werden")
    expect(phone.get_by_role("button", name="Absenden")).to_be_disabled()
    phone.get_by_role("link", name="العربية").click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.goto(f"{live_server}/team/angebote/{open_offer}")
    phone.get_by_role("link", name="Jetzt beenden …").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("jetzt beenden?")
    phone.get_by_role("link", name="Abbrechen").click()  # changing one's mind costs nothing
    with live_app.app_context():
        assert db.session.get(Offer, open_offer).status is OfferStatus.open
    phone.get_by_role("link", name="Jetzt beenden …").click()
    phone.get_by_role("button", name="Ja, jetzt beenden").click()
    expect(phone.locator("main")).to_contain_text("Beendet")
    with live_app.app_context():
        assert db.session.get(Offer, open_offer).status is OfferStatus.closed
    context.close()


def test_the_results_sheet_prints_on_one_a4_page(browser, live_app, live_server):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    code, ids = offer_code(live_app, offer_id), question_ids(live_app, offer_id)
    with live_app.app_context():
        for n in range(24):
            db.session.add(
                Submission(
                    offer_id=offer_id,
                    answers=[Answer(question_id=ids[QuestionKind.smiley][0], value=1 + n % 5)],
                )
            )
        offer = db.session.get(Offer, offer_id)
        offer_services.close(offer, actor=None)
        save_outcome(
            offer,
            OutcomeFields(
                decision="Wir bauen die Kletterwand im Mai.", next_steps="Der Bauhof bestellt die Teile."
            ),
            actor=None,
        )
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[offer.organisation],
        )
        db.session.commit()
    context = browser.new_context(locale="de-DE")
    desk = context.new_page()
    log_in(desk, live_server, "fachkraft@example.org")
    desk.goto(f"{live_server}/team/angebote/{offer_id}/aushang")
    expect(desk.locator("h1")).to_have_text("Sommer im Jugendtreff")
    assert desk.locator("img.qr").evaluate("img => img.naturalWidth") > 0  # the QR code loaded
    pdf = desk.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"{pages} pages for {code}"
    context.close()
