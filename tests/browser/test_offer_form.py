"""The youth worker's offer and question forms on a 360 px phone: short, grouped, and only what a kind needs."""

import os
from pathlib import Path

from playwright.sync_api import expect

from factories import PASSWORD
from participation.accounts.services import create_organisation, create_user
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.roles import Role

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
    page.goto(f"{live_server}/team/login")
    page.get_by_label("E-Mail-Adresse").fill("fachkraft@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_offer_form_height_on_a_phone(page, live_app, live_server):
    _log_in(page, live_app, live_server)
    page.goto(f"{live_server}/team/angebote/neu")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"offer form height at 360 px: {height} px")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "offerform.png"), full_page=True)
    assert height < 4000
