"""A youth worker on a phone without JavaScript: the preview cannot be sent, and closing an offer needs
a second, deliberate tap on a page that says what happens."""

from playwright.sync_api import expect

from factories import PASSWORD, create_test_offer
from participation.accounts.models import Organisation
from participation.accounts.services import create_user
from participation.enums import OfferStatus
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import Role


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
    phone.goto(f"{live_server}/team/login")
    phone.get_by_label("E-Mail-Adresse").fill("fachkraft@example.org")
    phone.get_by_label("Passwort").fill(PASSWORD)
    phone.get_by_role("button", name="Anmelden").click()

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
