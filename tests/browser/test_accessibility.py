"""axe-core (from axe-playwright-python) in real Chromium: no WCAG 2.0/2.1/2.2 A or AA violation."""

import pytest
from playwright.sync_api import expect

from factories import PASSWORD, offer_fields
from participation.accounts.services import create_user
from participation.extensions import db
from participation.roles import Role
from phone import choose_language, log_in, violations, watch_policy


@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_pages_have_no_wcag_violations(page, live_server, public_world, language):
    blocked = watch_policy(page)
    choose_language(page, live_server, language)
    w = public_world
    found = {}
    for path in (
        f"/q/{w.open_code}",
        f"/q/{w.results_code}",
        "/angebote/",
        f"/angebote/{w.open_code}",
        f"/angebote/{w.results_code}",
        "/datenschutz",
        "/netzwerk/",
        "/",
        "/gibt-es-nicht",
    ):
        page.goto(live_server + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        found[path] = violations(page)

    page.goto(f"{live_server}/q/{w.open_code}")
    page.locator("button[type=submit]").click()  # nothing answered: the form comes back with errors
    expect(page.locator("#summary")).to_be_visible()
    found["form with errors"] = violations(page)

    page.locator("fieldset").first.locator("label.choice").first.click()
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/q/{w.open_code}/danke")
    found["thank-you"] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    assert blocked == []


def test_staff_pages_have_no_wcag_violations(browser, live_app, live_server, public_world):
    with live_app.app_context():
        create_user(email="admin@example.org", password=PASSWORD, role=Role.admin, organisations=[])

        db.session.commit()
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked = watch_policy(page)
    page.goto(f"{live_server}/team/login")
    found = {"login": violations(page)}
    page.get_by_label("E-Mail-Adresse").fill("admin@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    offer = public_world.open_id
    for path in (
        "/team/",
        f"/team/angebote/{offer}",
        f"/team/angebote/{offer}/uebersetzung/ar",
        f"/team/angebote/{offer}/bearbeiten",
        "/team/angebote/neu",
        "/team/moderation/",
        "/team/planung/",
        f"/team/planung/angebote/{public_world.results_id}",
        "/team/admin/organisationen",
        "/team/admin/organisationen/1",  # issue 14: with its Kinderschutz contact
        "/team/kinderschutz/",  # issue 14
        "/team/admin/konten",
        "/team/admin/protokoll",
        "/team/admin/protokoll?action=nichts&von=kaputt",  # filter errors
        "/team/admin/konten/neu",
        f"/team/angebote/{offer}/plakat",
        "/team/planung/bericht",
        f"/team/angebote/{offer}/schliessen",
        f"/team/angebote/{offer}/vorschau",
        f"/team/angebote/{offer}/vorschau?sprache=ar",
        f"/team/angebote/{public_world.results_id}/aushang",
    ):
        page.goto(live_server + path)
        expect(page.locator("h1")).to_be_visible()
        found[path] = violations(page)
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
    assert blocked == []


def test_the_check_finds_real_problems(page, live_server, public_world):
    """Guard against silently empty checks: break the page on purpose and expect findings."""
    blocked = watch_policy(page)
    page.goto(f"{live_server}/q/{public_world.open_code}")
    page.evaluate("""() => {
      document.querySelector("main").insertAdjacentHTML("afterbegin",
        '<img src="/static/none.png"><p style="color:#bbb;background:#fff">faint</p><input type="text">');
      document.documentElement.removeAttribute("lang");
      const style = Object.assign(document.createElement("style"), {textContent: "p{color:red}"});
      document.head.appendChild(style);
    }""")
    found = " ".join(violations(page))
    for rule in ("image-alt", "color-contrast", "label", "html-has-lang"):
        assert rule in found
    assert blocked  # the inline <style> was refused by the Content Security Policy


def test_method_pages_have_no_wcag_violations(browser, live_app, live_server):
    """The Methodenkoffer (issue 14): public pages in German and Arabic, staff pages with a form error."""
    from participation.accounts.services import create_organisation
    from participation.enums import OrganisationKind
    from participation.methods.services import by_slug, create_offer_from, seed_methods
    from participation.offers.services import publish, update_offer

    with live_app.app_context():
        seed_methods()
        organisation = create_organisation(name="Treff Methoden", kind=OrganisationKind.youth_club)
        create_user(email="admin@example.org", password=PASSWORD, role=Role.admin, organisations=[])
        offer = create_offer_from(by_slug("ideenwand"), organisation=organisation, created_by=None)
        update_offer(offer, offer_fields(format=offer.format, level=offer.level))  # what the form asks
        publish(offer, actor=None)
        db.session.commit()
        offer_id = offer.id
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked = watch_policy(page)
    found = {}
    for language in ("de", "ar"):
        choose_language(page, live_server, language)
        for path in ("/methoden/", "/methoden/?age=8&level=co_decision", "/methoden/zukunftswerkstatt"):
            page.goto(live_server + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            found[f"{language} {path}"] = violations(page)
    choose_language(page, live_server, "de")
    log_in(page, live_server, "admin@example.org")
    for path in (
        "/team/methoden",
        "/team/methoden/punktabfrage",
        "/team/methoden/neu",
        "/team/methoden/punktabfrage/bearbeiten",
        "/team/methoden/nutzung",
        f"/team/angebote/{offer_id}",
    ):
        page.goto(live_server + path)
        expect(page.locator("h1")).to_be_visible()
        found[path] = violations(page)
    page.goto(f"{live_server}/team/methoden/neu")
    page.locator("main form button[type=submit]").click()  # nothing filled in: the errors come back
    expect(page.locator("#summary")).to_be_visible()
    found["method form with errors"] = violations(page)
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
    assert blocked == []
