"""The Methodenkoffer: seeding, filters, an offer made from a method, admin editing, public pages, usage."""

import json
from importlib import resources

import pytest
from sqlalchemy import select

from factories import create_test_offer, csrf_token_from, in_english, offer_fields
from participation.accounts.models import Organisation
from participation.enums import OfferFormat, OfferStatus, ParticipationLevel, QuestionKind
from participation.extensions import db
from participation.methods import services
from participation.methods.models import Method
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.roles import Role


@pytest.fixture
def seeded(app):
    with app.app_context():
        services.seed_methods()
        db.session.commit()


def test_the_seed_file_has_twelve_complete_methods_written_by_us():
    data = json.loads(resources.files("participation.data").joinpath("methods_de.json").read_text("utf-8"))
    assert "own words" in data["source"]
    assert len(data["methods"]) >= 12
    levels = {level.value for level in ParticipationLevel}
    for item in data["methods"]:
        assert item["aim"] and len(item["steps"]) >= 3 and item["inclusion"], item["slug"]
        assert item["level"] in levels and OfferFormat(item["format"])
        assert item["age_min"] <= item["age_max"] and item["group_min"] <= item["group_max"]
        for question in item["questions"]:
            kind = QuestionKind(question["kind"])
            assert question["prompt"]
            assert bool(question.get("options")) == kind.has_options, (item["slug"], question)


def test_seeding_is_idempotent_and_keeps_an_admins_edit(app_ctx):
    assert services.seed_methods() >= 12
    method = services.by_slug("blitzlicht")
    method.name = "Blitzlicht (unsere Fassung)"
    db.session.flush()
    assert services.seed_methods() == 0
    assert services.by_slug("blitzlicht").name == "Blitzlicht (unsere Fassung)"


def test_filters_by_age_group_size_time_and_level(app_ctx):
    services.seed_methods()
    f = services.MethodFilters
    small_children = {m.slug for m in services.methods(f(age=5))}
    assert small_children == {"kinderkonferenz"}
    short = services.methods(f(minutes=15))
    assert short and all(m.duration_minutes <= 15 for m in short)
    big = services.methods(f(group=500))
    assert {m.slug for m in big} == {"online-umfrage"}
    assert {m.slug for m in services.methods(f(level=ParticipationLevel.self_determination))} == {
        "open-space"
    }
    assert f.from_args({"age": "abc", "group": "-3", "minutes": "9" * 30, "level": "x"}) == f()


def test_create_offer_from_a_method_takes_format_level_and_questions(app_ctx, make_organisation):
    services.seed_methods()
    organisation = db.session.get(Organisation, make_organisation("Treff Süd"))
    method = services.by_slug("punktabfrage")
    offer = services.create_offer_from(method, organisation=organisation, created_by=None)
    assert offer.status is OfferStatus.draft and offer.method_id == method.id
    assert offer.format is OfferFormat.dot_voting and offer.level is ParticipationLevel.co_decision
    [question] = offer.questions
    assert question.kind is QuestionKind.dots and question.points == 3
    assert [o.label for o in question.options] == ["Idee 1", "Idee 2", "Idee 3", "Idee 4"]


def test_youth_worker_filters_and_makes_an_offer_from_a_method(client, worker, seeded, app):
    page = client.get("/team/methoden?age=5").get_data(as_text=True)
    assert "Kinderkonferenz" in page and "Jugendforum" not in page
    detail = client.get("/team/methoden/zukunftswerkstatt").get_data(as_text=True)
    assert "Kritikphase" in detail and 'lang="de"' in detail
    assert "Create an offer from this method" in detail or "Angebot aus dieser Methode" in detail
    assert "/zukunftswerkstatt/bearbeiten" not in detail  # no admin link for a youth worker
    response = client.post("/team/methoden/zukunftswerkstatt/angebot", data={"organisation_id": worker})
    assert response.status_code == 302 and "/bearbeiten" in response.headers["Location"]
    with app.app_context():
        offer = db.session.scalar(select(Offer).order_by(Offer.id.desc()))
        assert offer.method.slug == "zukunftswerkstatt" and len(offer.questions) == 3
        offer_id = offer.id
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "Was stört dich am meisten?" in page and "Zukunftswerkstatt" in page


def test_a_draft_from_a_method_cannot_go_online_before_the_form_is_filled_in(client, worker, seeded, app):
    """The draft has the method's questions but no audience, districts, goals or decision scope yet."""
    in_english(client)
    client.post("/team/methoden/blitzlicht/angebot", data={"organisation_id": worker})
    with app.app_context():
        offer_id = db.session.scalar(select(Offer.id).order_by(Offer.id.desc()))
    confirm = client.get(f"/team/angebote/{offer_id}/veroeffentlichen").get_data(as_text=True)
    assert "what can be decided" in confirm and "the age groups" in confirm
    assert "Yes, publish" not in confirm and "Back to the offer to fill it in" in confirm
    token = csrf_token_from(confirm)
    page = client.post(
        f"/team/angebote/{offer_id}/veroeffentlichen", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Please fill in before publishing: what can be decided, the age groups, the districts" in page
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.status is OfferStatus.draft and offer.opened_at is None
        offer_services.update_offer(offer, offer_fields(format=offer.format, level=offer.level))
        offer_services.publish(offer, actor=None)
        assert offer.status is OfferStatus.open


def test_a_foreign_organisation_is_refused(client, worker, seeded, app, make_organisation):
    foreign = make_organisation("Fremder Treff")
    response = client.post("/team/methoden/blitzlicht/angebot", data={"organisation_id": foreign})
    assert response.status_code == 302 and response.headers["Location"].endswith("/team/methoden/blitzlicht")
    with app.app_context():
        assert db.session.scalar(select(Offer)) is None


def test_only_admins_add_and_edit_methods(client, worker, seeded, make_user, login):
    assert client.get("/team/methoden/neu").status_code == 403
    assert client.post("/team/methoden/blitzlicht/bearbeiten", data={"name": "X"}).status_code == 403
    make_user("admin@example.org", Role.admin)
    client.post("/team/logout")
    login("admin@example.org")
    assert "Kritikphase" in client.get("/team/methoden/zukunftswerkstatt/bearbeiten").get_data(as_text=True)


VALID = {
    "name": "Wunschbaum",
    "slug": "wunschbaum",
    "aim": "Wünsche an einen Baum hängen.",
    "age_min": "6",
    "age_max": "12",
    "group_min": "3",
    "group_max": "30",
    "duration_minutes": "20",
    "materials": "Zweige\nKarten",
    "steps": "Baum aufstellen\nWünsche schreiben\nVorlesen",
    "format": "idea_collection",
    "level": "consultation",
    "inclusion": "Malen erlaubt",
    "question_lines": "text | Was wünschst du dir?\ndots 2 | Welcher Wunsch zuerst? | Eis; Kino; Zoo",
}


def test_admin_form_validates_on_the_server_in_german(client, seeded, make_user, login, app):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    bad = {**VALID, "slug": "blitzlicht", "age_max": "3", "question_lines": "dots | Wohin? | nur eins"}
    response = client.post("/team/methoden/neu", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Zeile 1" in page or "Line 1" in page
    assert "youngest" in page or "jüngste" in page.lower()
    response = client.post("/team/methoden/neu", data=VALID)
    assert response.status_code == 302
    with app.app_context():
        method = services.by_slug("wunschbaum")
        assert method.questions[1] == {
            "kind": "dots",
            "prompt": "Welcher Wunsch zuerst?",
            "options": ["Eis", "Kino", "Zoo"],
            "points": 2,
        }
    response = client.post("/team/methoden/neu", data=VALID)  # the same address twice
    assert response.status_code == 422
    edited = client.post("/team/methoden/wunschbaum/bearbeiten", data={**VALID, "name": "Wunschbaum neu"})
    assert edited.status_code == 302
    assert "Wunschbaum neu" in client.get("/methoden/wunschbaum").get_data(as_text=True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("ja; Ja", "Each option must be different."),
        ("ja; " + "x" * 121, "Each option may have at most 120 characters."),
        ("; ".join(f"Idee {n}" for n in range(21)), "Please give at most 20 options."),
        ("nur eins", "Please give at least two options."),
    ],
)
def test_method_questions_are_checked_like_the_offer_form_checks_them(
    client, make_user, login, options, message
):
    """A method's questions become an offer's questions: what the question form refuses, the method form
    refuses too (and says so), instead of a draft that cannot be stored."""
    in_english(client)
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    response = client.post(
        "/team/methoden/neu", data={**VALID, "question_lines": f"single | Was? | {options}"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f"Line 1: {message}" in page


def test_public_pages_need_no_login_and_mark_german_content(client, seeded):
    page = client.get("/methoden/?level=co_decision").get_data(as_text=True)
    assert "Punktabfrage" in page and "Blitzlicht" not in page
    assert "/team/" not in page.split("<main", 1)[1]  # no staff links on the public page
    client.get("/sprache/en")
    detail = client.get("/methoden/fotostreifzug")
    html = detail.get_data(as_text=True)
    assert detail.status_code == 200
    assert '<ol lang="de" dir="ltr">' in html and "Bildrechte" in html
    assert client.get("/methoden/gibt-es-nicht").status_code == 404
    assert 'href="/methoden/"' in client.get("/angebote/").get_data(as_text=True)


def test_planners_see_which_methods_are_used_where(client, seeded, app, make_user, login, make_organisation):
    organisation = make_organisation("Treff Nord")
    offer_id = create_test_offer(app, organisation_id=organisation, ortsteil_codes=["00", "10"])
    with app.app_context():
        db.session.get(Offer, offer_id).method_id = services.by_slug("ideenwand").id
        db.session.commit()
        columns, rows = services.usage()
        top = rows[0]
        assert top.method.slug == "ideenwand" and top.total == 1 and sum(top.by_stadtbezirk.values()) == 2
    make_user("planer@example.org", Role.planner)
    login("planer@example.org")
    page = client.get("/team/methoden/nutzung").get_data(as_text=True)
    assert "Ideenwand" in page and columns[0] in page


def test_a_copied_offer_keeps_its_method(app_ctx, make_organisation):
    from participation.offers.services import copy_offer

    services.seed_methods()
    organisation = db.session.get(Organisation, make_organisation("Treff West"))
    offer = services.create_offer_from(
        services.by_slug("blitzlicht"), organisation=organisation, created_by=None
    )
    assert copy_offer(offer, created_by=None).method_id == offer.method_id
    assert isinstance(offer.method, Method)


def test_method_text_is_escaped_on_every_page(client, seeded, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    evil = {**VALID, "name": "<script>alert(1)</script>", "aim": '<img src=x onerror="alert(1)">'}
    assert client.post("/team/methoden/neu", data=evil).status_code == 302
    for path in ("/methoden/", "/methoden/wunschbaum", "/team/methoden", "/team/methoden/wunschbaum"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)" in page


def test_seed_command_adds_the_methods_once(app, runner):
    first = runner.invoke(args=["methods", "seed"])
    assert first.exit_code == 0 and first.output.startswith("12 methods added")
    assert runner.invoke(args=["methods", "seed"]).output.startswith("0 methods added, 12")


def test_planning_dashboard_links_the_usage_table(client, make_user, login):
    make_user("planer@example.org", Role.planner)
    login("planer@example.org")
    assert 'href="/team/methoden/nutzung"' in client.get("/team/planung/").get_data(as_text=True)


def test_filters_read_the_digits_of_an_arabic_or_persian_keyboard(client, seeded):
    """١٢ and ۱۲ are twelve, as a phone keyboard in Arabic or Persian types them; ² is no number."""

    def main(query: str) -> str:
        return client.get(f"/methoden/?age={query}").get_data(as_text=True).split("<main", 1)[1]

    twelve = main("12")
    assert 'value="12"' in twelve and main("١٢") == twelve and main("۱۲") == twelve
    assert client.get("/methoden/?age=²").status_code == 200
