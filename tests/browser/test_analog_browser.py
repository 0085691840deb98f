"""A youth worker types in a Punktabfrage from the flipchart on a phone without JavaScript; the dots count
in the offer's results, marked as analog, and a mistake is kept in the form with its message."""

from playwright.sync_api import expect

from factories import ALL_OPTIONAL, PASSWORD, create_test_offer, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user
from participation.enums import QuestionKind
from participation.extensions import db
from participation.roles import Role
from participation.timeutil import local_today
from phone import log_in


def test_a_punktabfrage_typed_in_on_a_phone_counts_marked_as_analog(browser, live_app, live_server):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    single, (morning, evening) = question_ids(live_app, offer_id)[QuestionKind.single]
    with live_app.app_context():
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[db.session.get(Organisation, 1)],
        )
        db.session.commit()
        today = local_today().isoformat()
    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 740}, java_script_enabled=False, is_mobile=True
    )
    phone = context.new_page()
    log_in(phone, live_server, "fachkraft@example.org")
    phone.goto(f"{live_server}/team/angebote/{offer_id}")
    phone.get_by_role("link", name="Analoge Ergebnisse eintragen").click()
    phone.get_by_label("Methode").select_option("dots")
    phone.get_by_label("Zahl der Teilnehmenden").fill("12")
    phone.get_by_label("Durchgeführt am").fill(today)
    phone.locator(f"#q{single}_o{morning}").fill("9")
    phone.locator(f"#q{single}_o{evening}").fill("7")  # 16 for 12 people: refused, and kept
    phone.get_by_role("button", name="Analoge Ergebnisse speichern").click()
    expect(phone.locator("main")).to_contain_text("mehr als die 12 Teilnehmenden")
    expect(phone.locator(f"#q{single}_o{morning}")).to_have_value("9")
    phone.locator(f"#q{single}_o{evening}").fill("3")
    phone.get_by_role("button", name="Analoge Ergebnisse speichern").click()
    main = phone.locator("main")
    expect(main).to_contain_text("Analoge Ergebnisse gespeichert")
    expect(main).to_contain_text("davon 9 analog")
    expect(main).to_contain_text("Analog 12")  # the participants by channel
    wide = phone.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 361)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30))"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, wide[:8]
    context.close()
