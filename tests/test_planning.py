"""Planner dashboard: indicators against hand-computed values, protection, exports, map, permissions."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from factories import (
    ALL_OPTIONAL,
    add_people,
    close_offer,
    create_test_offer,
    offer_code,
    question_ids,
    script_sources,
)
from participation.accounts.services import find_user
from participation.answers.counts import rebuild_counts
from participation.answers.models import ParticipationCount, Submission
from participation.audit.models import AuditEvent
from participation.enums import AgeGroup, OfferFormat, QuestionKind
from participation.extensions import db
from participation.offers.models import Offer
from participation.places import ortsteile
from participation.planning.areas import focus_area_codes, set_focus_areas
from participation.planning.filters import PlanningFilters
from participation.planning.geo import build_map, map_shapes, packaged_geojson
from participation.planning.models import FocusArea
from participation.planning.services import dashboard
from participation.planning.tables import build_tables
from participation.roles import Role
from participation.timeutil import UTC, local_today


def board(app, **args):
    with app.test_request_context():
        filters = PlanningFilters.from_args(args, local_today())
        return dashboard(filters, today=local_today(), minimum=5)


def set_dates(app, offer_id, **values):
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for name, value in values.items():
            setattr(offer, name, value)
        db.session.commit()


def test_empty_city_gives_zeros_and_no_rates(app):
    result = board(app)
    i = result.indicators
    assert (i.offers_opened, i.open_now, i.closed, i.results_published, i.participants) == (0, 0, 0, 0, 0)
    assert result.loop.rate is None and result.loop.on_time_rate is None and result.loop.median_days is None
    assert len(result.ortsteile) == 63 and all(r.participants == 0 for r in result.ortsteile)
    assert len(result.stadtbezirke) == 10


def test_indicators_against_hand_computed_values(app, make_organisation):
    org = make_organisation()
    with app.app_context():
        today = local_today()
    open_now = create_test_offer(app, org, ortsteil_codes=["62"])  # open, started yesterday
    # Ended 20 days ago without anyone pressing "close"; results 5 days after the end, 3 days late.
    late = create_test_offer(app, org, starts_in=-40, ends_in=-20, outcome_in=-18)
    set_dates(
        app,
        late,
        results_published_on=today - timedelta(days=15),
        results_published_at=datetime.now(UTC) - timedelta(days=15),
    )
    # Closed early by a click 10 days ago; results 2 days later, on time.
    on_time = create_test_offer(app, org, starts_in=-30, ends_in=-5, outcome_in=10)
    close_offer(app, on_time)
    set_dates(
        app,
        on_time,
        closed_on=today - timedelta(days=10),
        results_published_on=today - timedelta(days=8),
        results_published_at=datetime.now(UTC) - timedelta(days=8),
    )
    # Ended 3 days ago, no results yet.
    create_test_offer(app, org, starts_in=-20, ends_in=-3, outcome_in=20)
    create_test_offer(app, org, publish=False)  # a draft counts nowhere
    add_people(app, open_now, 7, ortsteil="62", age=AgeGroup.age_10_13)
    add_people(app, late, 6, ortsteil="63")
    i = board(app).indicators
    assert i.offers_opened == 4  # created within the last 12 months, drafts excluded
    assert i.open_now == 1
    assert i.closed == 3
    assert i.results_published == 2
    assert i.participants == 13
    loop = board(app).loop
    # the third ended offer's Rückmeldung is not due yet: it counts as pending, not as a failure
    assert (loop.closed, loop.due, loop.published, loop.on_time, loop.pending) == (3, 2, 2, 1, 1)
    assert loop.rate == 1.0 and loop.on_time_rate == 0.5
    assert loop.median_days == 3.5  # (20 - 15) = 5 days and (10 - 8) = 2 days


def test_period_filter(app, make_organisation):
    org = make_organisation()
    old = create_test_offer(app, org, starts_in=-400, ends_in=-380, outcome_in=-370)
    set_dates(app, old, opened_at=datetime.now(UTC) - timedelta(days=400))
    add_people(app, old, 9, days_ago=390)
    assert board(app).indicators.participants == 0 and board(app).indicators.offers_opened == 0
    with app.app_context():
        month = (local_today() - timedelta(days=390)).strftime("%Y-%m")
    older = board(app, von=month, bis=month)
    assert older.indicators.participants == 9 and older.indicators.offers_opened in (0, 1)


def test_offer_filters(app, make_organisation):
    org = make_organisation()
    a = create_test_offer(app, org, ortsteil_codes=["62"], format=OfferFormat.dot_voting)
    b = create_test_offer(app, org, ortsteil_codes=["00"], age_groups=[AgeGroup.age_6_9])
    add_people(app, a, 6)
    add_people(app, b, 8)
    assert board(app, stadtbezirk="6").indicators.participants == 6
    assert board(app, ortsteil="00").indicators.participants == 8
    assert board(app, format="dot_voting").indicators.participants == 6
    assert board(app, age_group="6-9").indicators.participants == 8
    assert board(app, org_kind="school").indicators.participants == 0
    assert board(app, ortsteil="XX", format="nonsense").indicators.participants == 14  # ignored


def test_reach_per_ortsteil_and_residents(app, make_organisation):
    org = make_organisation()
    offer = create_test_offer(app, org, ortsteil_codes=["62"])
    add_people(app, offer, 20, ortsteil="62")
    add_people(app, offer, 6)
    result = board(app)
    grunau = next(r for r in result.ortsteile if r.code == "62")
    assert grunau.participants == 20 and grunau.offers == 1
    assert grunau.per_1000 == round(1000 * 20 / grunau.residents, 1)
    assert grunau.per_1000_under15 == round(1000 * 20 / grunau.under15_estimate, 1)
    assert next(r for r in result.stadtbezirke if r.code == "6").participants == 20
    assert result.not_stated == 6


def test_small_cells_are_protected_also_against_their_stadtbezirk(app, make_organisation):
    org = make_organisation()
    offer = create_test_offer(app, org, ortsteil_codes=["62"])
    add_people(app, offer, 20, ortsteil="62")
    add_people(app, offer, 2, ortsteil="63")  # 2 in Grünau-Siedlung: a small group
    add_people(app, offer, 8)
    result = board(app)
    cells = {r.code: r.participants for r in result.ortsteile}
    assert cells["63"] == "small"
    # West shows 22: so Grünau-Mitte (20) must be hidden too, or 22 - 20 would give the 2 away
    assert cells["62"] == "hidden"
    west = next(r for r in result.stadtbezirke if r.code == "6")
    assert west.participants == 22 and west.per_1000 is not None
    assert next(r for r in result.ortsteile if r.code == "62").per_1000 is None


def test_schwerpunktraeume_compared_with_the_rest(app, make_organisation):
    org = make_organisation()
    inside = create_test_offer(app, org, ortsteil_codes=["21"])
    outside = create_test_offer(app, org, ortsteil_codes=["00"])
    add_people(app, inside, 12, ortsteil="21")
    add_people(app, outside, 7, ortsteil="00")
    with app.app_context():
        db.session.add_all([FocusArea(ortsteil_code="21"), FocusArea(ortsteil_code="22")])
        db.session.commit()
    result = board(app)
    focus, rest = result.focus
    assert (focus.offers, focus.participants) == (1, 12) and (rest.offers, rest.participants) == (1, 7)
    people = {code: o for code, o in ortsteile().items()}
    assert focus.residents > 0 and "21" in result.focus_codes and people


def test_distributions_and_trend(app, make_organisation):
    org = make_organisation()
    offer = create_test_offer(app, org, format=OfferFormat.workshop, age_groups=[AgeGroup.age_14_17])
    add_people(app, offer, 6, age=AgeGroup.age_14_17)
    result = board(app)
    assert dict(result.formats)["Workshop oder Veranstaltung"] == 1
    assert dict(result.target_age_groups)["14 bis 17 Jahre"] == 1
    assert dict(result.goals)["Kinder und Jugendliche beteiligen"] == 1
    assert dict(result.participants_by_age)["14 bis 17 Jahre"] == 6
    assert result.trend[-1][1:] == (1, 6) and len(result.trend) == 12


def test_rollup_follows_every_answer(app, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), questions=ALL_OPTIONAL)
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    for n in range(3):
        app.test_client().post(
            f"/q/{code}",
            data={
                f"q{ids[QuestionKind.smiley][0]}": "4",
                "ortsteil": "62",
                "age_group": "10-13" if n else "",
            },
        )
    with app.app_context():
        live = sorted(
            db.session.execute(
                select(ParticipationCount.age_group, ParticipationCount.ortsteil_code, ParticipationCount.n)
            ).all()
        )
        rebuild_counts()
        rebuilt = sorted(
            db.session.execute(
                select(ParticipationCount.age_group, ParticipationCount.ortsteil_code, ParticipationCount.n)
            ).all()
        )
        assert live == rebuilt == [("", "62", 1), ("age_10_13", "62", 2)]


@pytest.fixture
def planner(make_user, login):
    make_user("planner@example.org", Role.planner)
    login("planner@example.org")


def test_dashboard_page_map_and_tables(app, client, planner, make_organisation):
    offer = create_test_offer(app, make_organisation(), ortsteil_codes=["62"])
    add_people(app, offer, 9, ortsteil="62")
    page = client.get("/team/planung/").get_data(as_text=True)
    codes = set(re.findall(r'data-code="(\d\d)"', page))
    assert codes == set(ortsteile())
    assert 'aria-label="Grünau-Mitte: 9"' in page and "<title>Grünau-Mitte: 9</title>" in page
    assert "Datenlizenz Deutschland" in page and "Schätzung" in page
    assert script_sources(page) == ["/static/js/map.js"]  # no inline script: only the map's names on focus


def square(code, *rings):
    return {"properties": {"OT": code}, "geometry": {"coordinates": list(rings)}}


def test_map_projection_and_simplification_on_a_small_fixture():
    # Two squares of 0.01° side at the equator (no squeeze): 600 SVG units across both.
    left = [[0, 0], [0.005, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]  # a redundant point on one edge
    right = [[0.01, 0], [0.02, 0], [0.02, 0.01], [0.01, 0.01], [0.01, 0]]
    island = [[0.015, 0.004], [0.016, 0.004], [0.016, 0.005], [0.015, 0.004]]
    shapes = build_map({"features": [square("01", left), square("02", right, island)]})
    assert (shapes["width"], shapes["height"]) == (600.0, 300.0)
    assert shapes["paths"] == {
        "01": "M0.0,300.0L300.0,300.0L300.0,0.0L0.0,0.0L0.0,300.0Z",  # the point on the edge is gone
        "02": "M300.0,300.0L600.0,300.0L600.0,0.0L300.0,0.0L300.0,300.0Z"
        "M450.0,180.0L480.0,180.0L480.0,150.0L450.0,180.0Z",  # a second ring is added to the same path
    }
    assert build_map({"features": [square("01", left), square("02", right)]}, only={"02"})[
        "paths"
    ].keys() == {"02"}


def test_map_file_is_built_from_the_packaged_boundaries():
    shapes = map_shapes()
    assert set(shapes["paths"]) == set(ortsteile())  # all 63 Ortsteile, nothing else
    sample = {"00", "31", "63"}  # rebuilding three keeps the test fast; the frame still comes from all 63
    rebuilt = build_map(packaged_geojson(), only=sample)
    assert (rebuilt["width"], rebuilt["height"]) == (shapes["width"], shapes["height"])
    assert rebuilt["paths"] == {code: shapes["paths"][code] for code in sample}


def test_csv_export(app, client, planner, make_organisation):
    offer = create_test_offer(app, make_organisation(), ortsteil_codes=["62"])
    add_people(app, offer, 9, ortsteil="62")
    add_people(app, offer, 2, ortsteil="63")
    response = client.get("/team/planung/export/ortsteile.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode(
        "utf-8-sig"
    )  # for German spreadsheets: BOM, ";" (tests/test_planning_usability.py)
    rows = {r["Name"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows[ortsteile()["63"].name]["Teilnehmende"] == "< 5"
    assert rows["Grünau-Mitte"]["Teilnehmende"] == "verdeckt"
    assert rows["Zentrum"]["Teilnehmende"] == "0"


def test_xlsx_export_reads_back_with_types_filters_and_sources(app, client, planner, make_organisation):
    offer = create_test_offer(app, make_organisation(), ortsteil_codes=["62"])
    add_people(app, offer, 12, ortsteil="62")
    response = client.get("/team/planung/export/ortsteile.xlsx?stadtbezirk=6")
    book = load_workbook(io.BytesIO(response.data))
    data, meta = book.worksheets
    header = [c.value for c in data[1]]
    assert header[:3] == ["Name", "Angebote", "Teilnehmende"]
    grunau = next(row for row in data.iter_rows(min_row=2, values_only=True) if row[0] == "Grünau-Mitte")
    assert grunau[1] == 1 and grunau[2] == 12 and isinstance(grunau[3], float)
    settings = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert settings["Stadtbezirk"] == "West"  # names, not codes
    assert "Datenlizenz Deutschland" in settings["Quellen"]


def test_every_table_exports(app, client, planner):
    for table in build_tables(board(app)):
        for fmt in ("csv", "xlsx"):
            assert client.get(f"/team/planung/export/{table.name}.{fmt}").status_code == 200, table.name
    assert client.get("/team/planung/export/nothing.csv").status_code == 404


def test_printable_report(client, planner):
    page = client.get("/team/planung/bericht?stadtbezirk=6").get_data(as_text=True)
    assert (
        re.search(r"/static/css/report\.[0-9a-f]{10}\.css", page)
        and "Jugendhilfeausschuss" in page
        and "data-code=" in page
    )


def test_planner_sees_any_offer_only_aggregated(app, client, planner, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), questions=ALL_OPTIONAL)
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    for n in range(6):
        app.test_client().post(
            f"/q/{code}",
            data={f"q{ids[QuestionKind.smiley][0]}": "5", f"q{ids[QuestionKind.text][0]}": f"geheim {n}"},
        )
    live = client.get(f"/team/planung/angebote/{offer_id}").get_data(as_text=True)
    assert "6 junge" not in live  # no live numbers while young people are still answering
    close_offer(app, offer_id)
    page = client.get(f"/team/planung/angebote/{offer_id}").get_data(as_text=True)
    assert "6 junge Menschen" in page and "geheim" not in page  # unapproved text never shown
    assert client.get(f"/team/angebote/{offer_id}").status_code == 403  # no access to the staff page


def test_admin_sets_schwerpunktraeume(app, client, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    client.post("/team/planung/schwerpunktraeume", data={"ortsteile": ["21", "22", "99"]})
    with app.app_context():
        assert sorted(db.session.scalars(select(FocusArea.ortsteil_code))) == ["21", "22"]


def test_focus_areas_are_set_as_a_whole_and_logged(app, make_user):
    make_user("admin@example.org", Role.admin)
    with app.app_context():
        admin = find_user("admin@example.org")
        assert set_focus_areas({"21", "22", "99"}, actor=admin) == ["21", "22"]
        assert set_focus_areas({"63"}, actor=admin) == ["63"]
        db.session.commit()
        assert focus_area_codes() == ["63"]
        events = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "focus_areas.set")
        ).all()
        assert events == ["21,22", "63"]


def test_seed_synthetic_is_reproducible(app, runner):
    first = runner.invoke(args=["seed-synthetic", "--offers", "20", "--answers", "300", "--seed", "7"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        submissions = db.session.scalar(select(func.count()).select_from(Submission))
        total = db.session.scalar(select(func.sum(ParticipationCount.n)))
        spread = db.session.execute(
            select(Submission.offer_id, func.count())
            .group_by(Submission.offer_id)
            .order_by(Submission.offer_id)
        ).all()
        offsets = [n for _, n in spread]
        assert submissions == total == 300 and len(spread) > 5
        assert date.today()
    assert "300 submissions" in first.output
    assert offsets  # spread over many offers, heavy-tailed


@pytest.mark.parametrize(
    "query",
    [
        "von=2026-13",
        "von=0000-01&bis=9999-12",
        "bis=99999-01",
        "von=²⁰²⁶-01",
        "von=2026-1-1",
        "measure=everything",
        "seite=x",
    ],
)
def test_odd_query_strings_never_break_the_dashboard(client, planner, query):
    assert client.get(f"/team/planung/?{query}").status_code == 200
    assert client.get(f"/team/planung/export/kennzahlen.csv?{query}").status_code == 200


def test_period_swaps_when_reversed(app):
    result = board(app, von="2026-05", bis="2026-01")
    assert (result.filters.von, result.filters.bis) == ("2026-01", "2026-05") and len(result.trend) == 5


def test_schwerpunktraeume_rows_never_give_a_small_ortsteil_away(app, make_organisation):
    """The reviewer's case: the rest of the city follows from the total, so both rows must go."""
    org = make_organisation()
    offer = create_test_offer(app, org, ortsteil_codes=["00"])
    for code, n in {"00": 2, "01": 3, "02": 50, "10": 3, "11": 2, "12": 50}.items():
        add_people(app, offer, n, ortsteil=code)
    with app.app_context():
        db.session.add_all(FocusArea(ortsteil_code=c) for c in ("00", "10", "11"))
        db.session.commit()
    focus, rest = board(app).focus
    assert focus.participants == "hidden" and rest.participants == "hidden"


def test_a_withheld_stadtbezirk_shows_no_zeros_for_its_ortsteile(app, make_organisation):
    offer = create_test_offer(app, make_organisation(), ortsteil_codes=["62"])
    add_people(app, offer, 3, ortsteil="62")
    add_people(app, offer, 9)
    result = board(app)
    west = {r.code: r.participants for r in result.ortsteile if r.code.startswith("6")}
    assert set(west.values()) == {None}  # not "0" for the others, which would point at 62
