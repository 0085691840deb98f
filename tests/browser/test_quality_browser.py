"""Issue 14 in Chromium: a youth worker ticks the quality checklist on a phone (no JavaScript), the public
offer page shows young people what is promised, and a planner sees the completion; axe finds nothing."""

from playwright.sync_api import expect

from factories import PASSWORD, create_test_offer, offer_code
from participation.accounts.models import Organisation
from participation.accounts.services import create_user
from participation.extensions import db
from participation.roles import Role
from phone import log_in, violations


def test_ticked_on_a_phone_promised_in_public_and_counted_for_planners(browser, live_app, live_server):
    offer_id = create_test_offer(live_app, title="Skatepark im Park")
    code = offer_code(live_app, offer_id)
    with live_app.app_context():
        organisation = db.session.get(Organisation, 1)
        organisation.stadtbezirk, organisation.contact_email = "6", "info@treff.example.org"
        create_user(
            email="fk@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[organisation]
        )
        create_user(email="pl@example.org", password=PASSWORD, role=Role.planner, organisations=[])
        db.session.commit()

    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 740}, java_script_enabled=False, is_mobile=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "fk@example.org")
    phone.goto(f"{live_server}/team/angebote/{offer_id}#qualitaet")
    expect(phone.locator("#quality-completion")).to_contain_text("2")  # scope and date: known already
    for key in ("voluntary", "age_appropriate", "early"):
        box = phone.locator(f"#q-{key}")
        box.scroll_into_view_if_needed()
        phone.locator(f"label[for=q-{key}]").click()  # the whole label is the touch target
        expect(box).to_be_checked()
    assert phone.locator("label[for=q-early]").bounding_box()["height"] >= 44
    phone.locator("form.quality button[type=submit]").click()
    expect(phone).to_have_url(f"{live_server}/team/angebote/{offer_id}#qualitaet")
    expect(phone.locator("#quality-completion")).to_contain_text("5")
    expect(phone.locator("#q-early")).to_be_checked()
    expect(phone.locator("#q-resources")).not_to_be_checked()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
    checked = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True)
    staff = checked.new_page()  # axe needs JavaScript
    log_in(staff, live_server, "fk@example.org")
    staff.goto(f"{live_server}/team/angebote/{offer_id}")
    assert violations(staff) == []
    checked.close()

    young = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = young.new_page()
    page.goto(f"{live_server}/angebote/{code}")
    expect(page.locator("#promises-heading")).to_be_visible()
    expect(page.locator("ul.promises li")).to_have_count(3)
    expect(page.locator("dl.facts")).to_contain_text("Was kann entschieden werden")
    assert violations(page) == []
    page.goto(f"{live_server}/netzwerk/")
    expect(page.locator("main")).to_contain_text("info@treff.example.org")
    expect(page.locator(f'main a[href="/angebote/{code}"]')).to_be_visible()
    assert violations(page) == []
    young.close()

    desk = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    planner = desk.new_page()
    log_in(planner, live_server, "pl@example.org")
    planner.goto(f"{live_server}/team/planung/")
    expect(planner.locator("#kpi-quality strong")).to_have_text("50,0 %")  # 5 of 10 points
    row = planner.locator("#angebote tr", has_text="Skatepark im Park")
    expect(row).to_contain_text("5")
    expect(planner.locator("#t-ohne-angebot")).to_be_visible()
    assert violations(planner) == []
    desk.close()
