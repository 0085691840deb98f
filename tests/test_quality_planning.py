"""Issue 14: planners see the quality checklist per offer and in aggregate, and Ortsteile without offers."""

from datetime import timedelta

import pytest

from factories import count_statements, create_test_offer, in_english
from participation.accounts.models import Organisation
from participation.accounts.services import find_user
from participation.extensions import db
from participation.moderation.kinderschutz import organisations_without_contact
from participation.offers import quality
from participation.offers.models import Offer
from participation.planning.filters import PlanningFilters
from participation.planning.services import dashboard, ortsteile_without_offers
from participation.planning.tables import build_tables
from participation.roles import Role
from participation.timeutil import local_today


@pytest.fixture
def planner(make_user, login):
    make_user("planer@example.org", Role.planner)
    login("planer@example.org")


def _board(app):
    with app.test_request_context():
        return dashboard(PlanningFilters.from_args({}, local_today()), today=local_today(), minimum=5)


def _tick(app, offer_id, keys):
    with app.app_context():
        quality.set_ticks(db.session.get(Offer, offer_id), keys, actor=None)
        db.session.commit()


@pytest.fixture(autouse=True)
def _staff_pages_in_english(client):
    """These tests read the staff pages' English wording (the German catalogue has them too)."""
    in_english(client)


def test_aggregate_next_to_the_loop_closing_rate(app, make_organisation):
    organisation = make_organisation()
    full, _empty = create_test_offer(app, organisation), create_test_offer(app, organisation)
    create_test_offer(app, organisation, publish=False)  # a draft does not count
    _tick(app, full, quality.TICKABLE)
    board = _board(app)
    assert board.quality.offers == 2
    # full: 9 of 10 (languages open); empty: 2 of 10 (scope, date)
    assert round(board.quality.average_rate, 3) == round((0.9 + 0.2) / 2, 3)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        tables = {t.name: t for t in build_tables(board)}
        rows = dict((str(row[0]), row[1]) for row in tables["kennzahlen"].rows)
        per_point = {str(row[0]): row[1:] for row in tables["qualitaet"].rows}
    assert rows["Quality checklist: average completion (%)"] == 55.0
    assert rows["Offers with every checklist point met"] == 0
    assert per_point["Taking part is voluntary"] == [1, 2, 50.0]


def test_dashboard_shows_completion_per_offer_and_in_aggregate(app, client, planner, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), title="Skatepark Ost")
    _tick(app, offer_id, ["voluntary", "early"])
    client.get("/sprache/en")
    page = client.get("/team/planung/").get_data(as_text=True)
    assert "quality checklist met" in page and "40.0 %" in page
    row = page.split("Skatepark Ost</a>")[1].split("</tr>")[0]
    assert "4 of 10" in row
    assert "Quality checklist of the offers in the period" in page
    report = client.get("/team/planung/bericht").get_data(as_text=True)
    assert "Quality checklist of the offers in the period" in report
    assert "Ortsteile without a participation offer" in report
    csv = client.get("/team/planung/export/qualitaet.csv").get_data(as_text=True)
    assert "Taking part is voluntary;1;1" in csv


def test_ortsteile_without_an_open_or_recent_offer(app, make_organisation):
    with app.app_context():
        today = local_today()
    organisation = make_organisation()
    create_test_offer(app, organisation, ortsteil_codes=["62"])  # open now
    old = create_test_offer(app, organisation, ortsteil_codes=["00"])
    create_test_offer(app, organisation, publish=False, ortsteil_codes=["01"])  # a draft offers nothing
    with app.app_context():
        offer = db.session.get(Offer, old)
        offer.starts_on, offer.ends_on = today - timedelta(days=500), today - timedelta(days=400)
        offer.outcome_due_on = today - timedelta(days=390)
        db.session.commit()
        missing = {o.code for o in ortsteile_without_offers(today)}
    assert "62" not in missing and "00" in missing and "01" in missing
    assert len(missing) == 62

    inactive = make_organisation("Geschlossener Club")
    create_test_offer(app, inactive, ortsteil_codes=["10"])
    with app.app_context():
        db.session.get(Organisation, inactive).is_active = False
        db.session.commit()
        assert "10" in {o.code for o in ortsteile_without_offers(today)}


def test_the_dashboard_reads_the_checklists_in_a_constant_number_of_queries(app, client, planner):
    """The languages point needs each offer's translations: read for all offers at once, not per offer
    (a city has hundreds of offers in a period)."""
    for _ in range(2):
        create_test_offer(app)
    few = count_statements(app, lambda: client.get("/team/planung/"))
    for _ in range(6):
        create_test_offer(app)
    many = count_statements(app, lambda: client.get("/team/planung/"))
    assert many == few, (few, many)


def test_organisations_without_a_kinderschutz_contact_are_found_in_one_query(
    app, make_organisation, make_user
):
    def name_contacts(first, count):
        for n in range(first, first + count):
            organisation_id = make_organisation(f"Treff {n}")
            email = make_user(f"kontakt{n}@example.org", Role.youth_worker, [organisation_id])
            with app.app_context():
                organisation = db.session.get(Organisation, organisation_id)
                organisation.child_protection_contact_id = find_user(email).id
                db.session.commit()

    def run():
        with app.app_context():
            assert organisations_without_contact() == []

    name_contacts(0, 2)
    few = count_statements(app, run)
    name_contacts(2, 5)
    assert count_statements(app, run) == few == 1
