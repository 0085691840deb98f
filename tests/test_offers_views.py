import io
import re
from datetime import date, timedelta

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from factories import ALL_KINDS, count_statements, create_test_offer, in_english, offer_code
from participation.enums import OfferStatus
from participation.extensions import db
from participation.offers.models import Offer, Question
from participation.qr import qr_png, qr_svg


def offer_form(org_id, **overrides):
    today = date.today()
    form = {
        "organisation_id": str(org_id),
        "title": "Neuer Bolzplatz",
        "description": "Wie soll er werden?",
        "format": "dot_voting",
        "level": "co_decision",
        "age_groups": ["10-13", "14-17"],
        "ortsteile": ["70", "71"],
        "goals": ["participation", "inclusion"],
        "decision_scope": "Ihr entscheidet über die Ausstattung.",
        "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=10)).isoformat(),
        "outcome_due_on": (today + timedelta(days=20)).isoformat(),
    }
    form.update(overrides)
    return form


def the_offer(app) -> Offer:
    return db.session.scalar(select(Offer))


def test_youth_worker_creates_offer_with_all_fields(app, client, worker):
    page = client.get("/team/angebote/neu").get_data(as_text=True)
    assert "Kinder und Jugendliche beteiligen" in page and "Grünau" in page  # goal default and picker
    assert page.index(">Alt-West</legend>") < page.index("Lindenau")  # grouped by Stadtbezirk
    response = client.post("/team/angebote/neu", data=offer_form(worker))
    assert response.status_code == 302
    with app.app_context():
        offer = the_offer(app)
        assert offer.status is OfferStatus.draft and offer.organisation_id == worker
        assert offer.ortsteil_codes == ["70", "71"]
        assert [g.value for g in offer.goals] == ["participation", "inclusion"]
        assert [g.value for g in offer.age_groups] == ["10-13", "14-17"]


GENERIC = (
    "Dieses Feld wird benötigt",
    "Keine gültige Auswahl",
    "This field is required",
    "Not a valid choice",
    "Not a valid date value",
    "Not a valid integer value",
)
FORM = '<form method="post" novalidate>'


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Please give the offer a title."),
        ("title", "x" * 121, "The title may have at most 120 characters."),
        ("decision_scope", "", "Please say what the answers can change."),
        ("age_groups", [], "Please choose at least one age group."),
        ("ortsteile", [], "Please choose at least one district, or a whole Stadtbezirk."),
        ("ortsteile", ["99"], "Please choose the districts from the list."),
        ("stadtbezirke", ["77"], "Please choose the Stadtbezirke from the list."),
        ("format", "hackathon", "Please choose a format."),
        ("format", "", "Please choose a format."),
        ("level", "", "Please choose a participation level."),
        ("starts_on", "morgen", "The start date is not a valid date."),
        ("ends_on", "", "The end date is missing."),
        ("outcome_due_on", "", "The date for feeding back results is missing."),
        ("ends_on", "2000-01-01", "The end date must not be before the start date."),
        ("organisation_id", "999", "Please choose one of your organisations."),
        ("organisation_id", "x", "Please choose one of your organisations."),
    ],
)
def test_offer_form_names_the_field_and_what_is_expected(app, client, worker, field, value, message):
    in_english(client)
    response = client.post("/team/angebote/neu", data=offer_form(worker, **{field: value}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert not any(generic.lower() in page.lower() for generic in GENERIC)
    with app.app_context():
        assert the_offer(app) is None


def test_offer_form_errors_are_summarised_at_the_top_with_links(client, worker):
    in_english(client)
    page = client.post(
        "/team/angebote/neu", data=offer_form(worker, title="", ends_on="", level="", ortsteile=[])
    ).get_data(as_text=True)
    summary = page[page.index('<div class="summary"') : page.index(FORM)]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert '<a href="#title">Please give the offer a title.</a>' in summary
    assert '<a href="#ends_on">The end date is missing.</a>' in summary
    assert '<a href="#level-0">Please choose a participation level.</a>' in summary
    assert '<a href="#ortsteile">' in summary
    # every link leads to an element of the form
    for target in ("title", "ends_on", "level-0", "ortsteile"):
        assert f'id="{target}"' in page[page.index(FORM) :]
    assert "<title>Please check" in page


def test_offer_form_without_errors_has_no_summary(client, worker):
    assert 'class="summary"' not in client.get("/team/angebote/neu").get_data(as_text=True)


def test_a_whole_stadtbezirk_chooses_all_its_ortsteile_without_javascript(app, client, worker):
    page = client.get("/team/angebote/neu").get_data(as_text=True)
    assert page.count('<details class="bezirk"') == 10 and page.count('name="stadtbezirke"') == 10
    # Alt-West (7) with Lindenau (70) from the list, plus one Ortsteil of Mitte
    response = client.post(
        "/team/angebote/neu", data=offer_form(worker, ortsteile=["00"], stadtbezirke=["7"])
    )
    assert response.status_code == 302
    with app.app_context():
        codes = the_offer(app).ortsteil_codes
    assert codes == ["00", "70", "71", "72", "73", "74", "75"]


def test_a_whole_stadtbezirk_alone_is_enough_and_shows_again_after_an_error(client, worker):
    page = client.post(
        "/team/angebote/neu", data=offer_form(worker, title="", ortsteile=[], stadtbezirke=["7"])
    ).get_data(as_text=True)
    for code in ("70", "75"):
        assert f'id="ot-{code}" name="ortsteile" value="{code}" checked' in page
    assert 'name="stadtbezirke" value="7" data-whole>' in page  # an action, never pre-ticked
    assert page.count('<details class="bezirk" open>') == 1  # the Bezirk with chosen Ortsteile is open


def test_each_participation_level_is_explained_in_one_line(client, worker):
    in_english(client)
    page = client.get("/team/angebote/neu").get_data(as_text=True)
    assert 'aria-describedby="level-2-hint"' in page
    assert 'id="level-2-hint">Young people decide together with adults, with a real say.</p>' in page
    assert page.count('class="choice-hinted"') == 4


def test_youth_worker_cannot_create_for_a_foreign_organisation(app, client, worker, make_organisation):
    foreign = make_organisation("Fremd")
    client.post("/team/angebote/neu", data=offer_form(foreign))
    with app.app_context():
        assert the_offer(app) is None


QUESTION_FORMS = [
    {"kind": "smiley", "prompt": "Wie war es?", "is_required": "y"},
    {"kind": "single", "prompt": "Welcher Tag?", "options": "Montag\nFreitag"},
    {"kind": "multiple", "prompt": "Was noch?", "options": "Tore\nBänke\nLicht"},
    {"kind": "yes_no", "prompt": "Kommst du?"},
    {"kind": "dots", "prompt": "Punkte verteilen", "points": "3", "options": "Tore\nNetz"},
    {"kind": "text", "prompt": "Deine Idee"},
]


def create_with_questions(client, organisation_id):
    location = client.post("/team/angebote/neu", data=offer_form(organisation_id)).headers["Location"]
    offer_id = int(location.split("/")[-3])
    for form in QUESTION_FORMS:
        assert client.post(f"/team/angebote/{offer_id}/fragen/neu", data=form).status_code == 302
    return offer_id


def test_questions_are_added_reordered_edited_and_deleted(app, client, worker):
    offer_id = create_with_questions(client, worker)
    with app.app_context():
        ids = [q.id for q in db.session.get(Offer, offer_id).questions]
    assert client.post(f"/team/angebote/{offer_id}/fragen/{ids[1]}/hoch").status_code == 302
    client.post(f"/team/angebote/{offer_id}/fragen/{ids[5]}/loeschen")
    client.post(
        f"/team/angebote/{offer_id}/fragen/{ids[2]}",
        data={"kind": "single", "prompt": "Welcher Abend?", "options": "Dienstag\nDonnerstag"},
    )
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert [q.id for q in offer.questions] == [ids[1], ids[0], ids[2], ids[3], ids[4]]
        edited = db.session.get(Question, ids[2])
        assert edited.prompt == "Welcher Abend?" and [o.label for o in edited.options] == [
            "Dienstag",
            "Donnerstag",
        ]
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert page.index("Welcher Tag?") < page.index("Wie war es?")
    form = client.get(f"/team/angebote/{offer_id}/fragen/{ids[2]}").get_data(as_text=True)
    assert '<option selected value="single">' in form and re.search(
        r">\s*Dienstag\s+Donnerstag</textarea>", form
    )


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "single", "prompt": "Nur eine?", "options": "A"}, "Please give at least two options."),
        ({"kind": "multiple", "prompt": "Doppelt?", "options": "A\na"}, "Each option must be different."),
        (
            {"kind": "dots", "prompt": "Punkte?", "options": "A\nB"},
            "Please say how many points each person can give.",
        ),
        (
            {"kind": "dots", "prompt": "Punkte?", "options": "A\nB", "points": "50"},
            "Please give between 1 and 20 points.",
        ),
        (
            {"kind": "dots", "prompt": "Punkte?", "options": "A\nB", "points": "drei"},
            "Please give the points as a whole number.",
        ),
        ({"kind": "poll", "prompt": "Was?"}, "Please choose a kind of question."),
        ({"kind": "text", "prompt": ""}, "Please write the question."),
    ],
)
def test_question_form_reports_bad_input(app, client, worker, form, message):
    offer_id = int(
        client.post("/team/angebote/neu", data=offer_form(worker)).headers["Location"].split("/")[-3]
    )
    in_english(client)
    response = client.post(f"/team/angebote/{offer_id}/fragen/neu", data=form)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    summary = page[page.index('<div class="summary"') : page.index(FORM)]
    assert f">{message}</a></li>" in summary
    assert not any(generic.lower() in page.lower() for generic in GENERIC)
    with app.app_context():
        assert db.session.get(Offer, offer_id).questions == []


@pytest.mark.parametrize(
    ("form", "points", "options"),
    [
        # options and points left over from another kind are neither checked nor stored
        ({"kind": "yes_no", "prompt": "Ja?", "options": "A", "points": "drei"}, None, []),
        ({"kind": "text", "prompt": "Was noch?", "options": "x" * 5000, "points": "99"}, None, []),
        ({"kind": "single", "prompt": "Welche?", "options": "A\nB", "points": "drei"}, None, ["A", "B"]),
        ({"kind": "dots", "prompt": "Punkte?", "options": "A\nB", "points": "3"}, 3, ["A", "B"]),
    ],
)
def test_question_form_ignores_fields_the_kind_does_not_use(app, client, worker, form, points, options):
    offer_id = int(
        client.post("/team/angebote/neu", data=offer_form(worker)).headers["Location"].split("/")[-3]
    )
    assert client.post(f"/team/angebote/{offer_id}/fragen/neu", data=form).status_code == 302
    with app.app_context():
        (question,) = db.session.get(Offer, offer_id).questions
        assert question.points == points and [o.label for o in question.options] == options


def test_question_form_groups_the_fields_by_the_kinds_that_use_them(client, worker):
    offer_id = int(
        client.post("/team/angebote/neu", data=offer_form(worker)).headers["Location"].split("/")[-3]
    )
    in_english(client)
    page = client.get(f"/team/angebote/{offer_id}/fragen/neu").get_data(as_text=True)
    assert 'data-kinds="single multiple dots"' in page and 'data-kinds="dots"' in page
    assert "Only for: Single choice, Multiple choice, Dot voting" in page
    assert "Only for: Dot voting" in page
    assert '<fieldset class="kind-group" data-kinds="dots">' in page  # shown without JavaScript
    assert 'data-kind-select=""' in page


def test_publish_gives_code_link_qr_and_poster(app, client, worker):
    offer_id = create_with_questions(client, worker)
    assert client.post(f"/team/angebote/{offer_id}/veroeffentlichen").status_code == 302
    code = offer_code(app, offer_id)
    detail = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert f"http://mitreden.test/q/{code}" in detail
    svg = client.get(f"/q/{code}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.get_data(as_text=True).lstrip().startswith("<")
    png = client.get(f"/q/{code}/qr.png")
    assert png.mimetype == "image/png"
    image = Image.open(io.BytesIO(png.data))
    assert image.width >= 1000
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == [f"http://mitreden.test/q/{code}"]
    poster = client.get(f"/team/angebote/{offer_id}/plakat").get_data(as_text=True)
    assert "Neuer Bolzplatz" in poster and f"http://mitreden.test/q/{code}" in poster
    assert (
        f"/q/{code}/qr.svg" in poster
        and "A4" in poster
        and re.search(r"/static/css/poster\.[0-9a-f]{10}\.css", poster)
    )
    assert "<style" not in poster  # the Content Security Policy allows no inline styles


def test_qr_svg_decodes_to_the_link(app, client, worker):
    svg = qr_svg("http://example.test/q/abc23456")
    assert "<path" in svg
    image = Image.open(io.BytesIO(qr_png("http://example.test/q/abc23456")))
    assert zxingcpp.read_barcodes(image)[0].text == "http://example.test/q/abc23456"


def test_published_questions_are_locked_in_the_ui(app, client, worker):
    offer_id = create_with_questions(client, worker)
    client.post(f"/team/angebote/{offer_id}/veroeffentlichen")
    with app.app_context():
        question_id = db.session.get(Offer, offer_id).questions[0].id
    response = client.post(
        f"/team/angebote/{offer_id}/fragen/{question_id}",
        data={"kind": "text", "prompt": "Geändert"},
        follow_redirects=True,
    )
    assert "gesperrt" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Question, question_id).prompt == "Wie war es?"


def test_publish_without_questions_is_refused(app, client, worker):
    offer_id = int(
        client.post("/team/angebote/neu", data=offer_form(worker)).headers["Location"].split("/")[-3]
    )
    response = client.post(f"/team/angebote/{offer_id}/veroeffentlichen", follow_redirects=True)
    assert "mindestens eine Frage" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Offer, offer_id).status is OfferStatus.draft


def test_tallies_and_free_text_arrive_for_staff(app, client, worker):
    offer_id = create_with_questions(client, worker)
    client.post(f"/team/angebote/{offer_id}/veroeffentlichen")
    code = offer_code(app, offer_id)
    with app.app_context():
        questions = db.session.get(Offer, offer_id).questions
        smiley, text = questions[0].id, questions[5].id
    young = app.test_client()
    young.post(f"/q/{code}", data={f"q{smiley}": "5", f"q{text}": "Flutlicht wäre toll"})
    for _ in range(4):
        app.test_client().post(f"/q/{code}", data={f"q{smiley}": "5"})
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "5 junge Menschen haben geantwortet" in page
    assert "Flutlicht wäre toll" not in page  # this youth worker has no moderator right: approved text only
    assert (
        '<td><span aria-hidden="true">😄</span> sehr gut</td><td>5</td>' in page
    )  # five "very good" smileys
    assert '<td><span aria-hidden="true">😐</span> geht so</td><td>0</td>' in page


def test_close_stops_answers(app, client, worker):
    offer_id = create_with_questions(client, worker)
    client.post(f"/team/angebote/{offer_id}/veroeffentlichen")
    client.post(f"/team/angebote/{offer_id}/schliessen")
    with app.app_context():
        assert db.session.get(Offer, offer_id).status is OfferStatus.closed
    assert "beendet" in client.get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)


def test_edit_offer_details(app, client, worker):
    offer_id = int(
        client.post("/team/angebote/neu", data=offer_form(worker)).headers["Location"].split("/")[-3]
    )
    page = client.get(f"/team/angebote/{offer_id}/bearbeiten").get_data(as_text=True)
    assert 'value="Neuer Bolzplatz"' in page and 'value="70" checked' in page
    assert '<option selected value="dot_voting">' in page and 'checked id="level-2"' in page  # co-decision
    assert 'type="checkbox" value="inclusion"' in page and re.search(r'checked [^>]*value="inclusion"', page)
    assert re.search(r">\s*Wie soll er werden\?</textarea>", page)  # as typed, not the stored <p>…</p>
    client.post(f"/team/angebote/{offer_id}/bearbeiten", data=offer_form(worker, title="Bolzplatz Nord"))
    with app.app_context():
        assert db.session.get(Offer, offer_id).title == "Bolzplatz Nord"


def test_the_staff_offer_page_reads_questions_and_options_in_a_constant_number_of_queries(
    app, client, worker
):
    """Options come with their questions (one query for all), however many choice questions there are."""
    few = create_test_offer(app, organisation_id=worker, questions=ALL_KINDS[:2])
    many = create_test_offer(app, organisation_id=worker, questions=ALL_KINDS * 3)
    counts = [count_statements(app, lambda o=o: client.get(f"/team/angebote/{o}")) for o in (few, many)]
    assert counts[0] == counts[1], counts
