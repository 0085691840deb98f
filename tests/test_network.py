"""Issue 14: the public network page and the organisations' Stadtbezirk and public contact."""

from sqlalchemy import select

from factories import create_test_offer, offer_code, question_ids
from participation.accounts.models import Organisation
from participation.answers.models import Answer, Submission
from participation.audit.models import AuditEvent
from participation.enums import OrganisationKind, QuestionKind
from participation.extensions import db
from participation.roles import Role


def _profile(app, organisation_id, **values):
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        for key, value in values.items():
            setattr(organisation, key, value)
        db.session.commit()


def test_network_shows_active_organisations_with_stadtbezirk_contact_and_open_offers(
    app, client, make_organisation
):
    club = make_organisation("Jugendclub Grünau", OrganisationKind.youth_club)
    _profile(
        app,
        club,
        stadtbezirk="6",
        contact_email="info@club.example",
        contact_phone="0341 123456",
        website="https://club.example",
    )
    make_organisation("Oberschule Nord", OrganisationKind.school)
    gone = make_organisation("Alter Treff", OrganisationKind.youth_club)
    _profile(app, gone, is_active=False)
    open_id = create_test_offer(app, club, title="Skatepark Grünau")
    create_test_offer(app, club, publish=False, title="Geheimer Entwurf")
    page = client.get("/netzwerk/").get_data(as_text=True)
    assert "Jugendclub Grünau" in page and "Oberschule Nord" in page
    assert "Alter Treff" not in page  # only active organisations
    assert "West" in page  # Stadtbezirk 6
    assert 'href="mailto:info@club.example"' in page and 'href="tel:0341123456"' in page
    assert 'href="https://club.example"' in page
    assert f'href="/angebote/{offer_code(app, open_id)}"' in page and "Skatepark Grünau" in page
    assert "Geheimer Entwurf" not in page


def test_network_shows_no_personal_data_of_young_people(app, client, make_organisation, make_user):
    club = make_organisation("Jugendclub Ost")
    make_user("fachkraft.privat@example.org", Role.youth_worker, [club])
    offer_id = create_test_offer(app, club)
    text_question = question_ids(app, offer_id)[QuestionKind.text][0]
    with app.app_context():
        answer = Answer(question_id=text_question, text="Ich heiße Mia")
        db.session.add(Submission(offer_id=offer_id, ortsteil_code="62", answers=[answer]))
        db.session.commit()
    page = client.get("/netzwerk/").get_data(as_text=True)
    assert "Mia" not in page and "fachkraft.privat@example.org" not in page
    assert "@" not in page.split("<main")[1].split("</main>")[0]  # no address the organisation did not give


def test_admin_edits_stadtbezirk_and_contact_with_validation_and_audit(
    app, client, make_user, login, make_organisation
):
    club = make_organisation("Jugendclub Süd")
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    client.get("/sprache/en")
    form = client.get(f"/team/admin/organisationen/{club}").get_data(as_text=True)
    assert 'name="stadtbezirk"' in form and 'name="contact_email"' in form and 'name="website"' in form
    base = {"name": "Jugendclub Süd", "kind": "youth_club", "is_active": "y"}
    bad = client.post(
        f"/team/admin/organisationen/{club}",
        data={
            **base,
            "stadtbezirk": "99",
            "contact_email": "kein",
            "contact_phone": "ruf an",
            "website": "javascript:alert(1)",
        },
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "Please choose a Stadtbezirk." in text and "valid e-mail address" in text
    assert "phone number with digits" in text and "starting with https://" in text
    with app.app_context():
        assert db.session.get(Organisation, club).website == ""
    good = client.post(
        f"/team/admin/organisationen/{club}",
        data={
            **base,
            "stadtbezirk": "3",
            "contact_email": "hallo@sued.example",
            "contact_phone": "+49 341 1",
            "website": "https://sued.example/jugend",
        },
    )
    assert good.status_code == 302
    with app.app_context():
        organisation = db.session.get(Organisation, club)
        assert (organisation.stadtbezirk, organisation.contact_email, organisation.website) == (
            "3",
            "hallo@sued.example",
            "https://sued.example/jugend",
        )
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "organisation.change")).one()
        assert "stadtbezirk" in event.detail and "website" in event.detail
    log = client.get("/team/admin/protokoll").get_data(as_text=True)
    assert "Stadtbezirk, public e-mail address, public phone number, website" in log


def test_a_youth_worker_cannot_change_the_profile(app, client, worker):
    assert (
        client.post(f"/team/admin/organisationen/{worker}", data={"website": "https://x.example"}).status_code
        == 403
    )
