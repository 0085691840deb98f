import html
import logging
import re
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from factories import ALL_OPTIONAL, create_test_offer, offer_code, question_ids
from participation.accounts.services import find_user, set_moderator_rights
from participation.answers.models import Answer, Submission
from participation.audit.models import AuditEvent
from participation.enums import QuestionKind, RejectReason, ReviewState
from participation.extensions import db
from participation.moderation import services
from participation.offers.models import Offer
from participation.roles import Role

# Five: the queue shows an open offer's free text in batches of five (answers.staff_view).
TEXTS = [
    "Mehr Kicker bitte",
    "ruf mich an 0176 1234567",
    "du arschloch",
    "Längere Öffnungszeiten",
    "Mehr Musik",
]


@pytest.fixture
def world(app, make_organisation, make_user):
    own, other = make_organisation("Treff Ost"), make_organisation("Treff West")
    offer_id = create_test_offer(app, organisation_id=own, questions=ALL_OPTIONAL)
    make_user("mod@example.org", Role.youth_worker, [own])
    make_user("plain@example.org", Role.youth_worker, [own])
    make_user("west@example.org", Role.youth_worker, [other])
    make_user("admin@example.org", Role.admin)
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {own})
        set_moderator_rights(find_user("west@example.org"), {other})
        db.session.commit()
    code, text_q = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    for text in TEXTS:
        assert app.test_client().post(f"/q/{code}", data={f"q{text_q}": text}).status_code == 302
    with app.app_context():
        ids = {a.text: a.id for a in db.session.scalars(select(Answer))}
    return {"offer_id": offer_id, "code": code, "answers": ids}


def key(app, answer_id):
    """The random review key in the moderation URL of an answer."""
    with app.app_context():
        return db.session.get(Answer, answer_id).review_key


def state(app, answer_id):
    with app.app_context():
        answer = db.session.get(Answer, answer_id)
        return answer.review_state, answer.published_text


def test_free_text_waits_for_moderation(app, world):
    assert all(state(app, i) == (ReviewState.pending, None) for i in world["answers"].values())


def test_queue_shows_flags_with_highlighted_spans(client, login, world):
    login("mod@example.org")
    page = client.get("/team/moderation/").get_data(as_text=True)
    for text in ("Mehr Kicker bitte", "Längere Öffnungszeiten"):
        assert text in page
    assert "<mark" in page and ">0176 1234567</mark>" in page and ">arschloch</mark>" in page


@pytest.mark.parametrize("email", ["west@example.org", "plain@example.org"])
def test_staff_without_the_right_see_and_do_nothing(app, client, login, world, email):
    login(email)
    page = client.get("/team/moderation/").get_data(as_text=True)
    assert "Mehr Kicker bitte" not in page
    answer_id = world["answers"]["Mehr Kicker bitte"]
    assert client.get(f"/team/moderation/{key(app, answer_id)}").status_code == 403
    assert (
        client.post(f"/team/moderation/{key(app, answer_id)}", data={"action": "approve"}).status_code == 403
    )
    client.post(
        "/team/moderation/entscheiden", data={"single": f"approve:{key(app, answer_id)}", "reason": "other"}
    )
    assert state(app, answer_id) == (ReviewState.pending, None)


def test_planner_has_no_queue(client, login, make_user, world):
    make_user("planner@example.org", Role.planner)
    login("planner@example.org")
    assert client.get("/team/moderation/").status_code == 403


def test_bulk_approve_skips_flagged_answers(app, client, login, world):
    login("mod@example.org")
    ids = world["answers"]
    response = client.post(
        "/team/moderation/entscheiden",
        data={"action": "approve", "reason": "other", "answer_keys": [key(app, i) for i in ids.values()]},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert state(app, ids["Mehr Kicker bitte"]) == (ReviewState.approved, "Mehr Kicker bitte")
    assert state(app, ids["Längere Öffnungszeiten"])[0] is ReviewState.approved
    assert state(app, ids["du arschloch"])[0] is ReviewState.pending
    assert state(app, ids["ruf mich an 0176 1234567"])[0] is ReviewState.pending


def test_bulk_reject_with_reason_and_no_copy_in_the_log(app, client, login, world):
    login("mod@example.org")
    target = world["answers"]["du arschloch"]
    client.post(
        "/team/moderation/entscheiden",
        data={"action": "reject", "reason": "insult", "answer_keys": [key(app, target)]},
    )
    with app.app_context():
        answer = db.session.get(Answer, target)
        assert answer.review_state is ReviewState.rejected and answer.reject_reason is RejectReason.insult
        events = db.session.scalars(select(AuditEvent)).all()
        rejected = [e for e in events if e.action == "answer.reject"]
        assert rejected and rejected[0].answer_id == target and rejected[0].actor.email == "mod@example.org"
        assert all("arschloch" not in e.detail for e in events)


def test_flagged_answer_is_redacted_before_approval(app, client, login, world):
    login("mod@example.org")
    target = world["answers"]["ruf mich an 0176 1234567"]
    page = client.get(f"/team/moderation/{key(app, target)}").get_data(as_text=True)
    # the words of the phone number are ticked already
    assert 'name="remove" value="6" checked' in page and 'name="remove" value="8" checked' in page
    response = client.post(
        f"/team/moderation/{key(app, target)}",
        data={"action": "approve", "reason": "other", "remove": ["6", "8"]},
    )
    assert response.status_code == 302
    assert state(app, target) == (ReviewState.approved, "ruf mich an [entfernt]")
    with app.app_context():
        actions = [
            e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.answer_id == target))
        ]
    assert actions == ["answer.redact", "answer.approve"]


def test_flagged_answer_needs_redaction_or_a_note(app, client, login, world):
    login("mod@example.org")
    target = world["answers"]["du arschloch"]
    client.post(f"/team/moderation/{key(app, target)}", data={"action": "approve", "reason": "other"})
    assert state(app, target)[0] is ReviewState.pending
    client.post(
        f"/team/moderation/{key(app, target)}",
        data={"action": "approve_anyway", "reason": "other", "note": ""},
    )
    assert state(app, target)[0] is ReviewState.pending
    client.post(
        f"/team/moderation/{key(app, target)}",
        data={
            "action": "approve_anyway",
            "reason": "other",
            "note": "Zitat aus einem Songtext, bewusst freigegeben",
        },
    )
    assert state(app, target) == (ReviewState.approved, "du arschloch")


def test_admin_moderates_every_organisation(app, client, login, world):
    login("admin@example.org")
    assert "Mehr Kicker bitte" in client.get("/team/moderation/").get_data(as_text=True)


def test_redact_merges_neighbouring_words():
    text = "ich heiße Lena Meier und wohne in der Eisenbahnstraße 12"
    words = services.tokens(text)
    removed = {i for i, w in enumerate(words) if w in {"Lena", "Meier", "Eisenbahnstraße", "12"}}
    assert services.redact(text, removed) == "ich heiße [entfernt] und wohne in der [entfernt]"
    assert services.redact(text, set()) == text


def test_admin_gives_the_moderator_right_in_the_ui(app, client, login, world):
    login("admin@example.org")
    with app.app_context():
        plain = find_user("plain@example.org")
        user_id, org_id = plain.id, plain.organisations[0].id
    client.post(
        f"/team/admin/konten/{user_id}",
        data={
            "role": "youth_worker",
            "is_active": "y",
            "organisations": [str(org_id)],
            "moderated": [str(org_id)],
        },
    )
    with app.app_context():
        assert services.moderated_organisation_ids(find_user("plain@example.org")) == {org_id}


def test_a_decision_made_meanwhile_by_someone_else_wins(app, world):
    """Two moderators on the same answer: the second decision fails instead of overwriting the first."""
    target = world["answers"]["Mehr Kicker bitte"]

    with app.app_context():
        services.reject(
            db.session.get(Answer, target), actor=find_user("mod@example.org"), reason=RejectReason.insult
        )
        db.session.commit()
        stale = db.session.get(Answer, target)
        set_committed_value(stale, "review_state", ReviewState.pending)  # as loaded before the rejection
        with pytest.raises(services.NotPending):
            services.approve(stale, actor=find_user("admin@example.org"))
        db.session.rollback()
    assert state(app, target) == (ReviewState.rejected, None)


def test_an_approved_answer_can_be_withdrawn_with_a_note(app, client, login, world):
    login("mod@example.org")
    target = world["answers"]["Mehr Kicker bitte"]
    client.post(
        "/team/moderation/entscheiden", data={"single": f"approve:{key(app, target)}", "reason": "other"}
    )
    assert state(app, target)[0] is ReviewState.approved
    client.post(f"/team/moderation/{key(app, target)}", data={"action": "withdraw", "note": ""})
    assert state(app, target)[0] is ReviewState.approved
    client.post(
        f"/team/moderation/{key(app, target)}",
        data={"action": "withdraw", "note": "Die Person hat um Löschung gebeten"},  # what the page sends
    )
    assert state(app, target) == (ReviewState.rejected, None)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.withdraw"))
        assert event.detail == "note given"  # the note itself is not copied into the log


def test_staff_without_any_moderator_right_get_403_on_decisions(client, login, world):
    login("plain@example.org")
    response = client.post(
        "/team/moderation/entscheiden",
        data={"action": "approve", "reason": "other", "answer_keys": ["12345678"]},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"single": "approve:²"},
        {"answer_keys": ["²", "99999999999999999999", ""]},
        {"action": "approve", "answer_keys": ["abc"]},
        {"action": "dance"},
    ],
)
def test_odd_form_values_never_cause_a_server_error(client, login, world, data):
    login("mod@example.org")
    response = client.post("/team/moderation/entscheiden", data={"reason": "other", **data})
    assert response.status_code == 302


def test_reject_without_a_note_field(app, client, login, world):
    login("mod@example.org")
    target = world["answers"]["du arschloch"]
    response = client.post(
        f"/team/moderation/{key(app, target)}", data={"action": "reject", "reason": "insult"}
    )
    assert response.status_code == 302
    assert state(app, target)[0] is ReviewState.rejected


def test_redaction_keeps_punctuation_and_refuses_to_publish_nothing(app, world):
    text = "ruf 0176 1234567! danke"
    words = services.tokens(text)
    assert services.redact(text, {words.index("0176"), words.index("1234567")}) == "ruf [entfernt]! danke"
    target = world["answers"]["du arschloch"]
    with app.app_context():
        answer = db.session.get(Answer, target)
        everything = {i for i, w in enumerate(services.tokens(answer.text)) if not w.isspace()}
        with pytest.raises(services.NothingLeft):
            services.approve(answer, actor=find_user("mod@example.org"), removed=everything)


def test_redaction_of_a_long_text_is_stored_whole(app, world):
    target = world["answers"]["Mehr Kicker bitte"]
    with app.app_context():
        answer = db.session.get(Answer, target)
        answer.text = " ".join(["x", "y"] * 125)[:499]
        db.session.flush()
        removed = {i for i, w in enumerate(services.tokens(answer.text)) if w == "x"}
        services.approve(answer, actor=find_user("mod@example.org"), removed=removed)
        db.session.commit()
        assert len(db.session.get(Answer, target).published_text) > 1000


def test_the_staff_log_names_decisions_and_accounts_never_the_text(app, client, login, world, caplog):
    caplog.set_level(logging.INFO, logger="participation")
    login("mod@example.org")
    flagged, plain = world["answers"]["ruf mich an 0176 1234567"], world["answers"]["Mehr Kicker bitte"]
    note = "Nummer 0176 1234567 stand drin"
    client.post(
        f"/team/moderation/{key(app, flagged)}",
        data={"action": "reject", "reason": "personal_data", "note": note},
    )
    client.post(
        "/team/moderation/entscheiden", data={"single": f"approve:{key(app, plain)}", "reason": "other"}
    )
    lines = [r.getMessage() for r in caplog.records if r.name == "participation.audit.services"]
    with app.app_context():
        moderator = find_user("mod@example.org").id
    assert (
        f"answer.reject by account {moderator} (offer {world['offer_id']}, answer {flagged}) personal_data"
        in lines
    )
    assert any(line.startswith(f"answer.approve by account {moderator}") for line in lines)
    assert not any(text in caplog.text for text in (*TEXTS, note, "0176"))


@pytest.mark.parametrize(
    ("single", "action", "ticked", "expected"),
    [
        ("approve:k12", "", [], ("approve", ["k12"])),  # a row's own button
        ("reject:k7", "approve", ["k1", "k2"], ("reject", ["k7"])),  # the row's button wins over the ticks
        ("", "reject", ["k3", "", "k4"], ("reject", ["k3", "k4"])),  # ticked rows, empty ones left out
        ("", "approve", [], None),  # nothing ticked
        ("", "delete", ["k3"], None),  # not a queue action
        ("approve:", "", ["k5"], ("approve", ["k5"])),
    ],
)
def test_bulk_choice_reads_the_queue_buttons(single, action, ticked, expected):
    assert services.bulk_choice(single, action, ticked) == expected


def second_offer(app, world, texts):
    """Another offer of the same organisation, with the given free texts."""
    with app.app_context():
        organisation_id = db.session.get(Offer, world["offer_id"]).organisation_id
    offer_id = create_test_offer(
        app, organisation_id=organisation_id, questions=ALL_OPTIONAL, title="Ferienprogramm"
    )
    code, text_q = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    for text in texts:
        assert app.test_client().post(f"/q/{code}", data={f"q{text_q}": text}).status_code == 302
    return offer_id


def shown_texts(page: str) -> list[str]:
    return re.findall(r'<span id="answer-[\w-]+-text" dir="auto">(.*?)</span>', page)


def test_queue_filters_by_offer_with_a_count_per_offer(app, client, login, world):
    # six answers: only the first five (a complete batch) are shown while the offer is open
    other = second_offer(app, world, ["Zelten", "Kanu", "Klettern", "Baden", "Grillen", "Nachtwanderung"])
    login("mod@example.org")
    page = client.get("/team/moderation/").get_data(as_text=True)
    assert "Alle Angebote" in page or "All offers" in page
    assert f'<option value="{other}">Ferienprogramm (5)</option>' in page
    assert len(shown_texts(page)) == 10
    page = client.get(f"/team/moderation/?offer={other}").get_data(as_text=True)
    assert f'<option value="{other}" selected>' in page
    assert sorted(shown_texts(page)) == sorted(["Zelten", "Kanu", "Klettern", "Baden", "Grillen"])
    assert "Nachtwanderung" not in page  # the sixth, of an incomplete batch, stays hidden here too


def test_queue_sorts_oldest_or_newest_first(app, client, login, world):
    login("mod@example.org")
    with app.app_context():
        for n, answer in enumerate(db.session.scalars(select(Answer).order_by(Answer.id))):
            submission = db.session.get(Submission, answer.submission_id)
            submission.created_at = datetime(2026, 1, 1, 10 + n)
        db.session.commit()
    oldest = shown_texts(client.get("/team/moderation/").get_data(as_text=True))
    assert [html.unescape(t) for t in oldest][0] == "Mehr Kicker bitte"
    newest = shown_texts(client.get("/team/moderation/?order=newest").get_data(as_text=True))
    assert newest == oldest[::-1]


@pytest.mark.parametrize("query", ["?offer=abc", "?offer=99999", "?offer=²", "?order=random", "?order="])
def test_odd_queue_filters_show_the_whole_queue(client, login, world, query):
    login("mod@example.org")
    response = client.get(f"/team/moderation/{query}")
    assert response.status_code == 200
    assert len(shown_texts(response.get_data(as_text=True))) == 5


def test_another_organisations_offer_cannot_be_filtered_for(app, client, login, world):
    login("west@example.org")
    page = client.get(f"/team/moderation/?offer={world['offer_id']}").get_data(as_text=True)
    assert shown_texts(page) == [] and "Mehr Kicker bitte" not in page


def test_a_decision_returns_to_the_filtered_queue(app, client, login, world):
    other = second_offer(app, world, ["Zelten", "Kanu", "Klettern", "Baden", "Grillen"])
    login("mod@example.org")
    with app.app_context():
        zelten = db.session.scalar(select(Answer.review_key).where(Answer.text == "Zelten"))
    response = client.post(
        "/team/moderation/entscheiden",
        data={"single": f"approve:{zelten}", "reason": "other", "offer": str(other), "order": "newest"},
    )
    assert response.headers["Location"] == f"/team/moderation/?offer={other}&order=newest"


def test_each_answer_has_its_own_reject_reason(app, client, login, world):
    login("mod@example.org")
    page = client.get("/team/moderation/").get_data(as_text=True)
    ids = world["answers"]
    insult, phone, music = ids["du arschloch"], ids["ruf mich an 0176 1234567"], ids["Mehr Musik"]
    assert f'name="reason-{key(app, insult)}"' in page and page.count('name="reason-') == 5
    # a row's own button with its own reason
    client.post(
        "/team/moderation/entscheiden",
        data={
            "single": f"reject:{key(app, insult)}",
            "reason": "other",
            f"reason-{key(app, insult)}": "insult",
        },
    )
    # ticked rows: each its own reason where one was chosen, else the one at the top
    client.post(
        "/team/moderation/entscheiden",
        data={
            "action": "reject",
            "reason": "off_topic",
            "answer_keys": [key(app, phone), key(app, music)],
            f"reason-{key(app, phone)}": "personal_data",
            f"reason-{key(app, music)}": "",
        },
    )
    with app.app_context():
        reasons = {i: db.session.get(Answer, i).reject_reason for i in (insult, phone, music)}
    assert reasons == {
        insult: RejectReason.insult,
        phone: RejectReason.personal_data,
        music: RejectReason.off_topic,
    }


def test_a_flagged_answers_approve_button_is_disabled_and_explained(client, login, world):
    login("mod@example.org")
    page = client.get("/team/moderation/").get_data(as_text=True)
    assert re.search(r'value="approve:[\w-]+" disabled aria-describedby="answer-[\w-]+-flags"', page)


def test_every_young_persons_text_has_its_own_direction(app, client, login, world):
    login("mod@example.org")
    assert len(shown_texts(client.get("/team/moderation/").get_data(as_text=True))) == 5
    target = world["answers"]["ruf mich an 0176 1234567"]
    page = client.get(f"/team/moderation/{key(app, target)}").get_data(as_text=True)
    assert '<ul class="checks words" dir="auto">' in page
    offer_page = client.get(f"/team/angebote/{world['offer_id']}").get_data(as_text=True)
    assert '<span dir="auto">Mehr Kicker bitte</span>' in offer_page


def test_punctuation_gets_no_checkbox_of_its_own():
    text = "Ruf an: 0176 1234567!!! ... und (bitte) schnell – danke :)"
    words = services.tokens(text)
    assert services.word_choices(text) == [
        (words.index("Ruf"), "Ruf"),
        (words.index("an"), "an:"),
        (words.index("0176"), "0176"),
        (words.index("1234567"), "1234567!!! ..."),
        (words.index("und"), "und"),
        (words.index("(bitte"), "(bitte)"),
        (words.index("schnell"), "schnell –"),
        (words.index("danke"), "danke :)"),
    ]
    assert services.word_choices("... hallo") == [(None, "..."), (4, "hallo")]


def test_the_review_page_ticks_words_only(app, client, login, world):
    login("mod@example.org")
    target = world["answers"]["Mehr Musik"]
    with app.app_context():
        db.session.get(Answer, target).text = "Mehr Musik !!! bitte."
        db.session.commit()
    page = client.get(f"/team/moderation/{key(app, target)}").get_data(as_text=True)
    assert page.count('name="remove"') == 3
    assert '<label for="w2">Musik !!!</label>' in page and '<label for="w8">bitte.</label>' in page
    # a punctuation-only token sent anyway is not removed
    client.post(
        f"/team/moderation/{key(app, target)}",
        data={"action": "approve", "reason": "other", "remove": ["4", "2"]},
    )
    assert state(app, target) == (ReviewState.approved, "Mehr [entfernt] !!! bitte.")


def test_staff_offer_page_shows_the_redacted_text_and_the_original_only_when_moderating(
    app, client, login, world
):
    target = world["answers"]["ruf mich an 0176 1234567"]
    login("mod@example.org")
    client.post(
        f"/team/moderation/{key(app, target)}",
        data={"action": "approve", "reason": "other", "remove": ["6", "8"]},
    )
    assert state(app, target) == (ReviewState.approved, "ruf mich an [entfernt]")
    offer_page = client.get(f"/team/angebote/{world['offer_id']}").get_data(as_text=True)
    assert "ruf mich an [entfernt]" in offer_page and "0176" not in offer_page
    review = client.get(f"/team/moderation/{key(app, target)}").get_data(as_text=True)
    assert "ruf mich an [entfernt]" in review and "ruf mich an 0176 1234567" in review
    login("plain@example.org")  # staff without the moderator right: the published quote only
    offer_page = client.get(f"/team/angebote/{world['offer_id']}").get_data(as_text=True)
    assert "ruf mich an [entfernt]" in offer_page and "0176" not in offer_page


MULTILINGUAL = [
    "رقمي ٠١٧٦١٢٣٤٥٦٧",
    "ты идиот",
    "schreibt mir: lena punkt schmidt at gmail punkt com",
    "Ich wohne Am Markt 5",
    "auf dem Marktplatz war es laut",
]


def test_queue_highlights_personal_data_and_insults_in_every_language(
    app, client, login, make_organisation, make_user
):
    own = make_organisation("Treff Mitte")
    offer_id = create_test_offer(app, organisation_id=own, questions=ALL_OPTIONAL)
    make_user("mod@example.org", Role.youth_worker, [own])
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {own})
        db.session.commit()
    code, text_q = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    for text in MULTILINGUAL:
        assert app.test_client().post(f"/q/{code}", data={f"q{text_q}": text}).status_code == 302
    login("mod@example.org")
    page = html.unescape(client.get("/team/moderation/").get_data(as_text=True))
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", page)
    assert "٠١٧٦١٢٣٤٥٦٧" in marked
    assert "идиот" in marked
    assert "lena punkt schmidt at gmail punkt com" in marked
    assert "Markt 5" in " ".join(marked)
    assert "auf dem Marktplatz war es laut" in page and not any("Marktplatz" in m for m in marked)
