"""A youth worker on a phone filters the Methodenkoffer, opens a method, makes an offer from it, fills in
the rest of the offer form and finds the method's questions already on the offer."""

from playwright.sync_api import expect

from factories import PASSWORD
from participation.accounts.services import create_organisation, create_user
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.methods.services import seed_methods
from participation.roles import Role
from phone import log_in


def test_a_youth_worker_makes_an_offer_from_a_method_on_a_phone(browser, live_app, live_server):
    with live_app.app_context():
        seed_methods()
        organisation = create_organisation(name="Jugendtreff Methoden", kind=OrganisationKind.youth_club)
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[organisation],
        )
        db.session.commit()
    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 740}, java_script_enabled=False, is_mobile=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "fachkraft@example.org")
    phone.locator("header nav a[href='/team/methoden']").click()
    main = phone.locator("main")
    expect(main).to_contain_text("Zukunftswerkstatt")
    phone.locator("form.filters summary").click()
    phone.locator("#m-age").fill("8")
    phone.locator("#m-minutes").fill("20")
    phone.locator("form.filters button[type=submit]").click()
    expect(phone).to_have_url(f"{live_server}/team/methoden?age=8&group=&minutes=20&level=")
    expect(main).to_contain_text("Punktabfrage")
    expect(main).not_to_contain_text("Zukunftswerkstatt")  # four hours: filtered out
    expect(main).not_to_contain_text("Jugendforum")  # from 12 years: filtered out
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    main.get_by_role("link", name="Punktabfrage").click()
    expect(main.locator("h1")).to_have_text("Punktabfrage")
    expect(main).to_contain_text("Klebepunkte")
    main.locator("form[action$='/angebot'] button[type=submit]").click()

    expect(phone).to_have_url(f"{live_server}/team/angebote/1/bearbeiten")  # the offer form, pre-filled
    expect(phone.locator("#title")).to_have_value("Punktabfrage")
    expect(phone.locator("#format")).to_have_value("dot_voting")
    expect(phone.locator("input[name=level][value=co_decision]")).to_be_checked()
    phone.locator("input[name=age_groups][value='10-13']").check()
    phone.locator("details.bezirk summary").first.click()
    phone.locator("input[name=ortsteile]").first.check()
    phone.locator("input[name=goals]").first.check()
    phone.locator("#decision_scope").fill("Ihr entscheidet, welche zwei Ideen wir im Sommer umsetzen.")
    main.locator("#submit").click()

    expect(phone).to_have_url(f"{live_server}/team/angebote/1")
    expect(main).to_contain_text("Welche Ideen sind dir am wichtigsten? Verteile deine Punkte.")
    expect(main).to_contain_text("Idee 4")
    expect(main.locator("a[href='/team/methoden/punktabfrage']")).to_have_text("Punktabfrage")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
