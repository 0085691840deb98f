import re
import time
from functools import partial

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from factories import (
    ALL_KINDS,
    ALL_OPTIONAL,
    PASSWORD,
    count_statements,
    create_test_offer,
    csrf_token_from,
    full_answer,
    offer_code,
    question_ids,
    script_sources,
)
from participation.accounts.models import Organisation
from participation.answers.models import Answer, Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.offers import services
from participation.offers.models import Offer


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_form_shows_offer_and_every_question(client, app, make_offer):
    code = offer_code(app, make_offer())
    page = client.get(f"/q/{code}").get_data(as_text=True)
    assert "Sommer im Jugendtreff" in page
    assert "Ihr wählt drei Angebote aus." in page  # what can be decided
    for prompt in ("Wie gefällt dir der Treff?", "Wann kommst du?", "Verteile 3 Punkte", "Was noch?"):
        assert prompt in page
    assert "sehr gut" in page  # smileys carry text labels
    # The only scripts are optional: read-aloud (its buttons stay hidden by CSS without it) and the
    # "points left" counter of dot voting.
    assert script_sources(page) == ["/static/js/read-aloud.js", "/static/js/points.js"]
    read_buttons = re.findall(r"<button[^>]*data-read[^>]*>", page)
    assert len(read_buttons) == len(ALL_KINDS) and all('type="button" class="read' in b for b in read_buttons)


def test_code_is_case_insensitive(client, app, make_offer):
    code = offer_code(app, make_offer())
    assert client.get(f"/q/{code.upper()}").status_code == 200


def test_answer_every_kind_is_stored_and_thanked(client, app, make_offer):
    offer_id = make_offer()
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    response = client.post(f"/q/{code}", data=full_answer(ids))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/q/{code}/danke")
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Danke" in thanks and f"/q/{code}" in thanks
    with app.app_context():
        submission = db.session.scalar(select(Submission))
        assert submission.age_group.value == "10-13" and submission.ortsteil_code == "20"
        answers = db.session.scalars(select(Answer)).all()
        by_question = {}
        for answer in answers:
            by_question.setdefault(answer.question_id, []).append(answer)
    assert [a.value for a in by_question[ids[QuestionKind.smiley][0]]] == [4]
    assert [a.option_id for a in by_question[ids[QuestionKind.single][0]]] == [ids[QuestionKind.single][1][1]]
    assert [a.value for a in by_question[ids[QuestionKind.yes_no][0]]] == [1]
    assert len(by_question[ids[QuestionKind.multiple][0]]) == 2
    assert sorted(a.value for a in by_question[ids[QuestionKind.dots][0]]) == [1, 2]
    assert by_question[ids[QuestionKind.text][0]][0].text == "Mehr Kicker bitte"


def test_submission_time_is_kept_only_to_the_hour(client, app, make_offer):
    offer_id = make_offer()
    client.post(f"/q/{offer_code(app, offer_id)}", data=full_answer(question_ids(app, offer_id)))
    with app.app_context():
        created = db.session.scalar(select(Submission.created_at))
    assert (created.minute, created.second, created.microsecond) == (0, 0, 0)


def test_answers_have_exactly_the_columns_privacy_allows(app):
    """Any new column on what young people submit must be added here on purpose."""
    with app.app_context():
        columns = {
            table: {c["name"] for c in inspect(db.engine).get_columns(table)}
            for table in ("submissions", "answers")
        }
    assert columns == {
        # form_id: the random id of the rendered form, so that one form is stored once (linked to nothing)
        # channel: how it came (qr, kiosk, code, analog); analog_entry_id: typed in from a paper method.
        # Nothing ties an answer to a one-time code (tests/test_one_time_codes.py).
        "submissions": {
            "id",
            "offer_id",
            "age_group",
            "ortsteil_code",
            "created_at",
            "form_id",
            "channel",
            "analog_entry_id",
        },
        "answers": {
            "id",
            "submission_id",
            "question_id",
            "option_id",
            "value",
            "text",
            "review_state",
            "published_text",
            "reject_reason",
            "review_note",
            "reviewed_at",
            "review_key",  # free text: the random key of its moderation URL (linked to nothing)
        },
    }


def test_second_answer_from_same_browser_is_prevented_softly(client, app, make_offer):
    offer_id = make_offer()
    code, form = offer_code(app, offer_id), full_answer(question_ids(app, offer_id))
    client.post(f"/q/{code}", data=form)
    again = client.get(f"/q/{code}").get_data(as_text=True)
    assert "Du hast schon geantwortet" in again
    response = client.post(f"/q/{code}", data=form)
    assert response.status_code == 200
    assert count(app, Submission) == 1


def test_validation_error_keeps_every_answer(client, app, make_offer):
    offer_id = make_offer()
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    form = full_answer(ids)
    del form[f"q{ids[QuestionKind.smiley][0]}"]  # the required question
    response = client.post(f"/q/{code}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Beantworte bitte diese Frage." in page
    single_id, single_opts = ids[QuestionKind.single]
    assert f'name="q{single_id}" value="{single_opts[1]}" checked' in page
    assert "Mehr Kicker bitte</textarea>" in page
    dots_id, dots_opts = ids[QuestionKind.dots]
    assert f'name="q{dots_id}-o{dots_opts[0]}" inputmode="numeric" min="0" max="3" step="1" value="2"' in page
    assert 'value="20" selected' in page
    assert count(app, Submission) == 0


def _bad(ids, kind, value):
    qid, opts = ids[kind]
    return {f"q{ids[QuestionKind.smiley][0]}": "3", f"q{qid}": value}


BAD_INPUT = [
    (lambda ids: {**_bad(ids, QuestionKind.smiley, "9")}, "Wähl bitte eins der Gesichter aus."),
    (lambda ids: {**_bad(ids, QuestionKind.smiley, "abc")}, "Wähl bitte eins der Gesichter aus."),
    (lambda ids: {**_bad(ids, QuestionKind.single, "999999")}, "Wähl bitte eine der Antworten aus."),
    (
        lambda ids: {**_bad(ids, QuestionKind.single, str(ids[QuestionKind.multiple][1][0]))},
        "Wähl bitte eine der Antworten aus.",
    ),
    (
        lambda ids: {**_bad(ids, QuestionKind.multiple, "-1")},
        "Wähl bitte nur aus den Antworten, die hier stehen.",
    ),
    (lambda ids: {**_bad(ids, QuestionKind.yes_no, "2")}, "Wähl bitte Ja oder Nein."),
    (lambda ids: {**_bad(ids, QuestionKind.text, "x" * 501)}, "höchstens 500 Zeichen"),
    (
        lambda ids: {
            f"q{ids[QuestionKind.smiley][0]}": "3",
            f"q{ids[QuestionKind.dots][0]}-o{ids[QuestionKind.dots][1][0]}": "3",
            f"q{ids[QuestionKind.dots][0]}-o{ids[QuestionKind.dots][1][1]}": "2",
        },
        "nur 3",
    ),
    (
        lambda ids: {
            f"q{ids[QuestionKind.smiley][0]}": "3",
            f"q{ids[QuestionKind.dots][0]}-o{ids[QuestionKind.dots][1][0]}": "zwei",
        },
        "0 bis 3 Punkte",
    ),
    (lambda ids: {f"q{ids[QuestionKind.smiley][0]}": "3", "age_group": "99-100"}, "Altersgruppe"),
    (lambda ids: {f"q{ids[QuestionKind.smiley][0]}": "3", "ortsteil": "XX"}, "Ortsteil"),
]


def test_bad_input_gets_a_clear_message_and_stores_nothing(client, app, make_offer):
    offer_id = make_offer()
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    for build, message in BAD_INPUT:
        response = client.post(f"/q/{code}", data=build(ids))
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True)
    assert count(app, Submission) == 0 and count(app, Answer) == 0


def test_empty_form_asks_for_one_answer(client, app, make_offer):
    offer_id = make_offer(questions=ALL_OPTIONAL)
    response = client.post(f"/q/{offer_code(app, offer_id)}", data={})
    assert response.status_code == 422
    assert "mindestens eine Frage" in response.get_data(as_text=True)


def test_free_text_of_exactly_500_characters_is_accepted(client, app, make_offer):
    offer_id = make_offer(questions=ALL_OPTIONAL)
    ids = question_ids(app, offer_id)
    response = client.post(
        f"/q/{offer_code(app, offer_id)}", data={f"q{ids[QuestionKind.text][0]}": "ä" * 500}
    )
    assert response.status_code == 302


def test_unknown_code_and_draft_are_404(client, app, make_offer):
    assert client.get("/q/doesnotexist").status_code == 404
    draft = offer_code(app, make_offer(publish=False))
    assert client.get(f"/q/{draft}").status_code == 404
    assert client.post(f"/q/{draft}", data={}).status_code == 404
    assert client.get(f"/q/{draft}/qr.svg").status_code == 404


def test_closed_offer_says_closed_and_when_results_come(client, app, make_offer):
    offer_id = make_offer()
    ids = question_ids(app, offer_id)
    with app.app_context():
        services.close(db.session.get(Offer, offer_id), actor=None)
        db.session.commit()
    code = offer_code(app, offer_id)
    page = client.get(f"/q/{code}").get_data(as_text=True)
    assert "beendet" in page and "Ergebnisse" in page
    assert "<form" not in page.split("<main")[1]
    response = client.post(f"/q/{code}", data=full_answer(ids))
    assert "beendet" in response.get_data(as_text=True)
    assert count(app, Submission) == 0


def test_offer_past_its_end_date_is_closed(client, app, make_offer):
    offer_id = make_offer(starts_in=-10, ends_in=-1)
    assert "beendet" in client.get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)


def test_upcoming_offer_says_when_it_starts(client, app, make_offer):
    offer_id = make_offer(starts_in=2, ends_in=9, outcome_in=20)
    response = client.post(f"/q/{offer_code(app, offer_id)}", data={})
    assert "startet am" in response.get_data(as_text=True)
    assert count(app, Submission) == 0


def test_csrf_failure_keeps_the_answers(csrf_app):
    """A session lost while the form sat open must not cost the young person their answer."""
    offer_id = create_test_offer(csrf_app)
    code, ids = offer_code(csrf_app, offer_id), question_ids(csrf_app, offer_id)
    client = csrf_app.test_client()
    response = client.post(f"/q/{code}", data=full_answer(ids))  # no token: as after a lost session
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "noch da" in page
    assert "Mehr Kicker bitte</textarea>" in page
    retry = client.post(f"/q/{code}", data={**full_answer(ids), "csrf_token": csrf_token_from(page)})
    assert retry.status_code == 302
    assert count(csrf_app, Submission) == 1


def test_staff_form_without_token_is_rejected(csrf_app):
    response = csrf_app.test_client().post("/team/login", data={"email": "a@b.c", "password": PASSWORD})
    assert response.status_code == 400
    assert "Formular" in response.get_data(as_text=True)


def test_answer_page_runs_a_constant_number_of_queries(app, client, make_offer):
    small = offer_code(app, make_offer(questions=ALL_KINDS[:1]))
    large = offer_code(app, make_offer(questions=ALL_KINDS * 4))
    counts = [count_statements(app, lambda code=code: client.get(f"/q/{code}")) for code in (small, large)]
    assert counts[0] == counts[1] <= 4


def test_submitting_is_one_transaction_with_a_constant_number_of_statements(app, make_offer):
    counts, commits = [], []

    def committed(session):
        if not session.in_nested_transaction():  # the form id's savepoint is part of the one transaction
            commits.append(session)

    event.listen(Session, "after_commit", committed)
    try:
        for questions in (ALL_KINDS, ALL_KINDS * 4):
            offer_id = make_offer(questions=questions)
            code, kinds = offer_code(app, offer_id), question_ids(app, offer_id)
            with app.app_context():
                offer = db.session.get(Offer, offer_id)
                data = {
                    f"q{q.id}": "1" if q.kind in (QuestionKind.smiley, QuestionKind.yes_no) else "Idee"
                    for q in offer.questions
                    if q.kind in (QuestionKind.smiley, QuestionKind.yes_no, QuestionKind.text)
                }
            assert kinds  # every kind is there
            client = app.test_client()
            commits.clear()
            counts.append(count_statements(app, partial(client.post, f"/q/{code}", data=data)))
            assert len(commits) == 1  # everything of one answer is committed together, or nothing
    finally:
        event.remove(Session, "after_commit", committed)
    assert counts[0] == counts[1] <= 6  # load the offer (3), insert submission, answers, rollup (3)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


def test_form_left_open_for_hours_still_submits(csrf_app, monkeypatch):
    offer_id = create_test_offer(csrf_app)
    code, ids = offer_code(csrf_app, offer_id), question_ids(csrf_app, offer_id)
    client = csrf_app.test_client()
    token = csrf_token_from(client.get(f"/q/{code}").get_data(as_text=True))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 10 * 3600)  # ten hours later
    response = client.post(f"/q/{code}", data={**full_answer(ids), "csrf_token": token})
    assert response.status_code == 302
    assert count(csrf_app, Submission) == 1


JUNK = [
    {"q": "x"},
    {"q0": "1"},
    {"q-1": "1"},
    {"qabc": "1"},
    {"q1-o": "3"},
    {"q1-oX": "3"},
    {"age_group": "\x00"},
    {"ortsteil": "<script>alert(1)</script>"},
    {"csrf_token": "forged"},
]


def test_junk_input_never_causes_a_server_error(client, app, make_offer):
    offer_id = make_offer()
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    smiley = f"q{ids[QuestionKind.smiley][0]}"
    for junk in JUNK:
        response = client.post(f"/q/{code}", data={smiley: "3", **junk})
        assert response.status_code in (302, 422), junk
        with client.session_transaction() as session:
            session.clear()
    page = client.post(f"/q/{code}", data={smiley: "3", "ortsteil": "<script>alert(1)</script>"}).get_data(
        as_text=True
    )
    assert "<script>alert(1)</script>" not in page


def test_oversized_request_gets_a_friendly_page(client, app, make_offer):
    code = offer_code(app, make_offer())
    response = client.post(f"/q/{code}", data={"q1": "x" * (300 * 1024)})
    assert response.status_code == 413
    assert "zu lang" in response.get_data(as_text=True)


def test_offers_of_deactivated_organisations_are_not_public(client, app, make_offer):
    offer_id = make_offer()
    code = offer_code(app, offer_id)
    with app.app_context():
        organisation = db.session.get(Organisation, db.session.get(Offer, offer_id).organisation_id)
        organisation.is_active = False
        db.session.commit()
    assert client.get(f"/q/{code}").status_code == 404


def test_control_characters_in_text_are_removed_not_fatal(client, app, make_offer):
    offer_id = make_offer(questions=ALL_OPTIONAL)
    ids = question_ids(app, offer_id)
    response = client.post(
        f"/q/{offer_code(app, offer_id)}", data={f"q{ids[QuestionKind.text][0]}": "a\x00b\x07c"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Answer.text)) == "abc"


def test_control_characters_in_the_code_are_404(client):
    assert client.get("/q/abc%00def").status_code == 404
    assert client.get("/q/abc%0adef").status_code == 404


def test_csrf_failure_on_a_missing_draft_or_closed_offer_is_not_a_form(csrf_app):
    client = csrf_app.test_client()
    assert client.post("/q/doesnotexist", data={"q1": "1"}).status_code == 404
    draft = offer_code(csrf_app, create_test_offer(csrf_app, publish=False))
    assert client.post(f"/q/{draft}", data={"q1": "1"}).status_code == 404
    closed_id = create_test_offer(csrf_app)
    with csrf_app.app_context():
        services.close(db.session.get(Offer, closed_id), actor=None)
        db.session.commit()
    page = client.post(f"/q/{offer_code(csrf_app, closed_id)}", data={"q1": "1"}).get_data(as_text=True)
    assert "beendet" in page and "<textarea" not in page


def test_error_page_wiring_for_screen_readers(client, app, make_offer):
    """Every aria-describedby target exists, ids are unique, and each erroneous input is marked invalid."""

    offer_id = make_offer()
    ids = question_ids(app, offer_id)
    page = client.post(
        f"/q/{offer_code(app, offer_id)}", data={f"q{ids[QuestionKind.yes_no][0]}": "7", "ortsteil": "XX"}
    ).get_data(as_text=True)
    all_ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(all_ids) == len(set(all_ids))
    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        for target in described.split():
            assert target in all_ids, target
    smiley = f"q{ids[QuestionKind.smiley][0]}"
    assert re.search(
        rf'name="{smiley}" value="1"[^>]*aria-invalid="true" aria-describedby="{smiley}-err"', page
    )
    assert 'name="ortsteil" aria-invalid="true" aria-describedby="ortsteil-err"' in page
    assert "<title>Bitte prüfen:" in page
    assert f'href="#{smiley}"' in page  # the summary links to the question
