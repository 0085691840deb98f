"""The offer and question forms on a 360 px phone: short, grouped, only what a kind needs."""

import os
import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from factories import PASSWORD, create_test_offer
from participation.accounts.services import create_organisation, create_user
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import Role
from phone import log_in

SHOTS = os.environ.get("OFFER_FORM_SHOTS")  # a folder: save a screenshot of the form (for the notes)


def _log_in(page, live_app, live_server):
    with live_app.app_context():
        organisation = create_organisation(name="Jugendclub Grünau", kind=OrganisationKind.youth_club)
        create_user(
            email="fachkraft@example.org",
            password=PASSWORD,
            role=Role.youth_worker,
            organisations=[organisation],
        )
        db.session.commit()
    log_in(page, live_server, "fachkraft@example.org")


def test_offer_form_height_on_a_phone(page, live_app, live_server):
    _log_in(page, live_app, live_server)
    page.goto(f"{live_server}/team/angebote/neu")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"offer form height at 360 px: {height} px")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "offerform.png"), full_page=True)
    assert height < 3600  # was 5,855 px with 63 open checkboxes


def test_a_whole_stadtbezirk_on_a_phone(page, live_app, live_server):
    _log_in(page, live_app, live_server)
    page.goto(f"{live_server}/team/angebote/neu")
    lindenau = page.get_by_role("checkbox", name="Lindenau", exact=True)
    expect(lindenau).to_be_hidden()  # folded
    page.locator("summary", has_text="Alt-West").tap()
    whole = page.get_by_role("checkbox", name=re.compile("Alt-West"))
    whole.tap()
    expect(lindenau).to_be_checked()
    expect(page.get_by_role("checkbox", name="Leutzsch")).to_be_checked()
    lindenau.tap()  # one off again: the shortcut follows and is no longer ticked
    expect(whole).not_to_be_checked()
    lindenau.tap()
    expect(whole).to_be_checked()
    page.get_by_label("Titel").fill("Sommer im Westen")
    page.locator("label.choice", has_text="Anhörung").tap()
    page.locator("label.choice", has_text="14 bis 17").tap()
    page.get_by_label("Was kann entschieden werden?").fill("Die Ausflugsziele.")
    today = date.today()
    page.get_by_label("Startdatum").fill(today.isoformat())
    page.get_by_label("Enddatum").fill((today + timedelta(days=7)).isoformat())
    page.get_by_label("Rückmeldung zu den Ergebnissen bis").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Speichern").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Frage")
    with live_app.app_context():
        (offer,) = db.session.query(Offer).all()
        assert offer.ortsteil_codes == ["70", "71", "72", "73", "74", "75"]


def test_the_error_summary_leads_to_the_field(page, live_app, live_server):
    _log_in(page, live_app, live_server)
    page.goto(f"{live_server}/team/angebote/neu")
    page.get_by_role("button", name="Speichern").tap()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.tap()
    expect(page.get_by_label("Titel")).to_be_focused()


def test_the_question_form_shows_only_what_the_kind_needs(page, live_app, live_server):
    _log_in(page, live_app, live_server)
    offer_id = create_test_offer(live_app, organisation_id=1, publish=False, questions=[])
    page.goto(f"{live_server}/team/angebote/{offer_id}/fragen/neu")
    options, points = (
        page.get_by_label("Antwortmöglichkeiten, eine pro Zeile"),
        page.get_by_label("Punkte pro Person (Punktabfrage)"),
    )
    kind = page.get_by_label("Fragetyp")
    for value, shows_options, shows_points in [
        ("smiley", False, False),
        ("single", True, False),
        ("dots", True, True),
        ("yes_no", False, False),
        ("text", False, False),
        ("multiple", True, False),
    ]:
        kind.select_option(value)
        expect(options).to_be_visible() if shows_options else expect(options).to_be_hidden()
        expect(points).to_be_visible() if shows_points else expect(points).to_be_hidden()
