"""Kinderschutz: a concerning free text goes to the organisation's Kinderschutz queue, never to the
moderation queue, never into results, quotes, exports or the staff offer page; only the organisation's
designated contact and administrators read it."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from factories import (
    ALL_OPTIONAL,
    create_test_offer,
    csrf_token_from,
    in_english,
    offer_code,
    publish_results_now,
    question_ids,
)
from participation.accounts.models import Organisation
from participation.accounts.services import find_user, set_moderator_rights
from participation.answers.models import Answer, ConcernCase
from participation.audit.models import AuditEvent
from participation.enums import ConcernStatus, QuestionKind, ReviewState
from participation.extensions import db
from participation.moderation.kinderschutz import set_status
from participation.roles import Role
from participation.timeutil import local_today

CONCERN = "Mein Vater schlägt mich, wenn er getrunken hat"
TEXTS = ["Mehr Kicker bitte", "Längere Öffnungszeiten", "Mehr Musik", "Ein Bolzplatz"]


@pytest.fixture
def world(app, make_organisation, make_user):
    own, other = make_organisation("Treff Ost"), make_organisation("Treff West")
    offer_id = create_test_offer(app, organisation_id=own, questions=ALL_OPTIONAL)
    make_user("kontakt@example.org", Role.youth_worker, [own])
    make_user("mod@example.org", Role.youth_worker, [own])
    make_user("plain@example.org", Role.youth_worker, [own])
    make_user("west@example.org", Role.youth_worker, [other])
    make_user("planner@example.org", Role.planner)
    make_user("admin@example.org", Role.admin)
    with app.app_context():
        set_moderator_rights(find_user("mod@example.org"), {own})
        db.session.get(Organisation, own).child_protection_contact_id = find_user("kontakt@example.org").id
        west = find_user("west@example.org")
        set_moderator_rights(west, {other})
        db.session.get(Organisation, other).child_protection_contact_id = west.id
        db.session.commit()
    code, text_q = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    for text in [*TEXTS, CONCERN]:
        assert app.test_client().post(f"/q/{code}", data={f"q{text_q}": text}).status_code == 302
    with app.app_context():
        concern = db.session.scalar(select(Answer).where(Answer.text == CONCERN))
        key = concern.review_key
    return {"offer_id": offer_id, "code": code, "key": key, "own": own}


def concern_answer(app) -> Answer:
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.text == CONCERN))
        db.session.expunge(answer)
        return answer


@pytest.fixture(autouse=True)
def _staff_pages_in_english(client):
    """These tests read the staff pages' English wording (the German catalogue has them too)."""
    in_english(client)


def test_a_concern_skips_the_moderation_queue_and_is_never_published(app, client, login, runner, world):
    assert concern_answer(app).review_state is ReviewState.concern
    login("mod@example.org")
    queue = client.get("/team/moderation/").get_data(as_text=True)
    assert "Mehr Kicker bitte" in queue and "schlägt" not in queue
    assert client.get(f"/team/moderation/{world['key']}").status_code == 404
    client.post("/team/moderation/entscheiden", data={"single": f"approve:{world['key']}"})
    client.post("/team/moderation/entscheiden", data={"action": "approve", "answer_keys": [world["key"]]})
    assert concern_answer(app).review_state is ReviewState.concern
    assert concern_answer(app).published_text is None

    with app.app_context():  # approve everything else, publish: the concern stays out of every result
        for answer in db.session.scalars(select(Answer).where(Answer.review_state == ReviewState.pending)):
            answer.review_state, answer.published_text = ReviewState.approved, answer.text
        db.session.commit()
    publish_results_now(app, world["offer_id"])
    staff_page = client.get(f"/team/angebote/{world['offer_id']}").get_data(as_text=True)
    assert "schlägt" not in staff_page and "Mehr Kicker bitte" in staff_page
    assert 'id="concern-count">1 answer in the Kinderschutz queue' in staff_page
    public = app.test_client().get(f"/q/{world['code']}").get_data(as_text=True)
    assert "Mehr Kicker bitte" in public and "schlägt" not in public
    csv = client.get(f"/team/angebote/{world['offer_id']}/zahlen.csv")
    xlsx = client.get(f"/team/angebote/{world['offer_id']}/zahlen.xlsx")
    assert csv.status_code == xlsx.status_code == 200
    assert "schlägt" not in csv.get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(xlsx.data)) as sheet:
        assert all("schlägt" not in sheet.read(name).decode("utf-8", "replace") for name in sheet.namelist())
    cli = runner.invoke(args=["results", world["code"]])
    assert cli.exit_code == 0 and "schlägt" not in cli.output
    assert "schlägt" not in runner.invoke(args=["results", world["code"], "--format", "csv"]).output


def test_only_the_contact_and_administrators_read_the_queue(app, client, login, world):
    for email, status in [
        ("kontakt@example.org", 200),
        ("admin@example.org", 200),
        ("mod@example.org", 403),
        ("plain@example.org", 403),
        ("planner@example.org", 403),
    ]:
        login(email)
        response = client.get("/team/kinderschutz/")
        assert response.status_code == status, email
        if status == 200:
            page = response.get_data(as_text=True)
            assert CONCERN in page
            assert "Schutzkonzept" in page and "insoweit erfahrene Fachkraft, § 8a SGB VIII" in page
            assert "cannot be traced" in page
            assert 'href="/team/kinderschutz/"' in client.get("/team/").get_data(as_text=True)
        else:
            assert 'href="/team/kinderschutz/"' not in client.get("/team/").get_data(as_text=True)
        client.post("/team/logout")
    login("west@example.org")  # the contact of another organisation: its own (empty) queue only
    assert CONCERN not in client.get("/team/kinderschutz/").get_data(as_text=True)
    refused = client.post(f"/team/kinderschutz/{world['key']}", data={"status": "seen"})
    assert refused.status_code == 403


def test_the_contact_sets_a_status_with_a_note_and_the_log_keeps_neither_text_nor_note(
    app, client, login, world
):
    login("kontakt@example.org")
    url = f"/team/kinderschutz/{world['key']}"
    without = client.post(url, data={"status": "consulted", "note": ""}, follow_redirects=True)
    assert "Please write a note" in without.get_data(as_text=True)
    assert client.post(url, data={"status": "nonsense"}).status_code == 422
    note = "Mit der insoweit erfahrenen Fachkraft am 1.12. beraten; Gruppengespräch geplant."
    page = client.post(url, data={"status": "consulted", "note": note}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Status saved." in text and note in text and "specialist consulted" in text
    with app.app_context():
        case = db.session.scalar(select(ConcernCase))
        assert case.status is ConcernStatus.consulted and case.note.endswith(f": {note}")
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("concern.%"))).all()
        assert [e.detail for e in events] == ["consulted"]
        assert all("schlägt" not in (e.detail or "") and "Fachkraft" not in (e.detail or "") for e in events)
    with app.app_context():
        day = local_today().isoformat()
    assert f"<li>{day}: {note}</li>" in text  # a dated journal entry
    closed = client.post(url, data={"status": "closed", "note": "Gespräch mit der Gruppe am 3.12."})
    assert closed.status_code == 302
    assert concern_answer(app).review_state is ReviewState.concern  # closing never publishes
    client.post(url, data={"status": "seen", "note": ""})  # back to seen, no entry: the journal stays
    with app.app_context():
        case = db.session.scalar(select(ConcernCase))
        assert case.note == f"{day}: {note}\n{day}: Gespräch mit der Gruppe am 3.12."
        assert case.status is ConcernStatus.seen
    refused = client.post(url, data={"status": "closed", "note": "x" * 501})
    assert refused.status_code == 422 and "x" * 501 in refused.get_data(as_text=True)  # what was typed stays
    crlf = "Zeile eins\r\n" * 45  # 495 characters as the browser counts them, 540 as sent
    assert client.post(url, data={"status": "consulted", "note": crlf}).status_code == 302


def test_the_help_box_is_on_free_text_pages_and_the_thank_you_page(app, world):
    young = app.test_client()
    form = young.get(f"/q/{world['code']}").get_data(as_text=True)
    assert 'href="tel:116111"' in form and 'href="https://krisenchat.de"' in form
    assert 'href="https://jugendnotmail.de"' in form
    text_q = question_ids(app, world["offer_id"])[QuestionKind.text][0]
    thanks = young.post(f"/q/{world['code']}", data={f"q{text_q}": "Hallo"}, follow_redirects=True)
    assert 'href="tel:116111"' in thanks.get_data(as_text=True)


def test_analog_texts_typed_in_by_staff_are_routed_too(app, world):
    from participation.answers.analog import AnalogData, create_entry
    from participation.offers.models import Offer

    text_q = question_ids(app, world["offer_id"])[QuestionKind.text][0]
    with app.app_context():
        offer = db.session.get(Offer, world["offer_id"])
        data = AnalogData("hands", 3, offer.starts_on, texts={text_q: ["ich will nicht mehr leben"]})
        create_entry(offer, data, actor=None)
        db.session.commit()
        answer = db.session.scalar(select(Answer).where(Answer.text == "ich will nicht mehr leben"))
        assert answer.review_state is ReviewState.concern


def test_admins_name_the_contact_and_planners_see_organisations_without_one(app, client, login, world):
    login("planner@example.org")
    board = client.get("/team/planung/").get_data(as_text=True)
    assert "Organisations without a Kinderschutz contact" not in board  # both named one
    with app.app_context():
        kontakt_id, west_id = find_user("kontakt@example.org").id, find_user("west@example.org").id
    client.post("/team/logout")
    login("admin@example.org")
    page = client.get(f"/team/admin/organisationen/{world['own']}").get_data(as_text=True)
    assert f'<option selected value="{kontakt_id}">kontakt@example.org</option>' in page
    assert "west@example.org" not in page  # only the organisation's own members can be named
    url = f"/team/admin/organisationen/{world['own']}/kinderschutz"
    refused = client.post(url, data={"contact": str(west_id)}, follow_redirects=True)
    assert "Please choose a member of the organisation." in refused.get_data(as_text=True)
    client.post(url, data={"contact": ""})
    with app.app_context():
        assert db.session.get(Organisation, world["own"]).child_protection_contact_id is None
    assert client.get("/team/kinderschutz/").status_code == 200  # admins still see the queue
    client.post("/team/logout")
    login("kontakt@example.org")
    assert client.get("/team/kinderschutz/").status_code == 403
    client.post("/team/logout")
    login("planner@example.org")
    board = client.get("/team/planung/").get_data(as_text=True)
    assert "Organisations without a Kinderschutz contact" in board and "Treff Ost" in board


def test_concern_texts_follow_their_own_retention_rule(app, client, login, runner, world):
    from datetime import timedelta

    from participation.offers.models import Offer
    from participation.offers.retention import purge
    from participation.timeutil import local_today

    days, concern_days = app.config["RETENTION_DAYS"], app.config["CONCERN_RETENTION_DAYS"]
    publish_results_now(app, world["offer_id"])
    with app.app_context():
        today = local_today()
        run = purge(
            today + timedelta(days=days), days, concern_days=concern_days
        )  # the offer's purge: the open case stays
        db.session.commit()
        assert run.offers == [world["offer_id"]] and run.concerns_deleted == 0
        assert db.session.scalar(select(Answer).where(Answer.text == CONCERN)) is not None
        assert db.session.scalar(select(Answer).where(Answer.text == "Mehr Kicker bitte")) is None
    login("kontakt@example.org")
    assert CONCERN in client.get("/team/kinderschutz/").get_data(as_text=True)  # still readable
    client.post(f"/team/kinderschutz/{world['key']}", data={"status": "closed", "note": "Erledigt."})
    with app.app_context():
        assert (
            purge(
                local_today() + timedelta(days=concern_days - 1), days, concern_days=concern_days
            ).concerns_deleted
            == 0
        )
        run = purge(today + timedelta(days=concern_days), days, concern_days=concern_days)
        db.session.commit()
        assert run.concerns_deleted == 1
        assert db.session.scalar(select(Answer).where(Answer.review_state == ReviewState.concern)) is None
        assert db.session.scalar(select(ConcernCase)) is None
        assert db.session.get(Offer, world["offer_id"]) is not None
    result = runner.invoke(args=["purge", "--dry-run"])
    assert "Kinderschutz texts deleted" in result.output


def test_a_moderator_moves_what_the_detector_missed_to_the_kinderschutz_queue(app, client, login, world):
    with app.app_context():
        missed = db.session.scalar(select(Answer).where(Answer.text == "Ein Bolzplatz"))
        key = missed.review_key
    login("mod@example.org")
    page = client.get(f"/team/moderation/{key}").get_data(as_text=True)
    assert "Move to the Kinderschutz queue" in page
    client.post(f"/team/moderation/{key}", data={"action": "concern", "reason": "other"})
    with app.app_context():
        assert (
            db.session.scalar(select(Answer).where(Answer.review_key == key)).review_state
            is ReviewState.concern
        )
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.to_concern")) is not None
        )
    assert "Ein Bolzplatz" not in client.get("/team/moderation/").get_data(as_text=True)
    again = client.post(f"/team/moderation/{key}", data={"action": "concern", "reason": "other"})
    assert again.status_code == 404  # now only in the Kinderschutz queue
    client.post("/team/logout")
    login("kontakt@example.org")
    assert "Ein Bolzplatz" in client.get("/team/kinderschutz/").get_data(as_text=True)


def test_an_open_offers_unfinished_batch_is_held_back_as_in_moderation(app, client, login, world):
    """A text that shows up the moment a child was seen answering would tell who wrote it."""
    from factories import close_offer

    text_q = question_ids(app, world["offer_id"])[QuestionKind.text][0]
    later = "ich ritze mich seit Wochen"
    assert app.test_client().post(f"/q/{world['code']}", data={f"q{text_q}": later}).status_code == 302
    login("kontakt@example.org")
    page = client.get("/team/kinderschutz/").get_data(as_text=True)
    assert CONCERN in page and later not in page  # the sixth answer: its batch is not complete
    close_offer(app, world["offer_id"])
    assert later in client.get("/team/kinderschutz/").get_data(as_text=True)


def test_an_analog_entry_never_shows_its_concern_text_and_keeps_the_case(app, client, login, world):
    """A youth worker correcting typed-in results must not read a concern (only the contact does), and
    correcting or deleting the entry must not lose the case."""
    from participation.answers.analog import AnalogData, create_entry
    from participation.answers.models import AnalogEntry
    from participation.offers.models import Offer

    text_q = question_ids(app, world["offer_id"])[QuestionKind.text][0]
    with app.app_context():
        offer = db.session.get(Offer, world["offer_id"])
        data = AnalogData("hands", 3, offer.starts_on, texts={text_q: [CONCERN + " (Zettel)", "Mehr Sofas"]})
        entry_id = create_entry(offer, data, actor=None).id
        answer = db.session.scalar(select(Answer).where(Answer.text == CONCERN + " (Zettel)"))
        set_status(answer, status=ConcernStatus.consulted, note="Fachkraft beraten", actor=None)
        db.session.commit()
    login("plain@example.org")
    url = f"/team/angebote/{world['offer_id']}/analog/{entry_id}"
    form = client.get(url).get_data(as_text=True)
    assert "Mehr Sofas" in form and "schlägt" not in form
    assert "1 typed-in text is with the Kinderschutz contact" in form
    token = csrf_token_from(form)
    values = {
        "csrf_token": token,
        "method": "hands",
        "participants": "4",
        "held_on": data.held_on.isoformat(),
        f"q{text_q}_text": "Mehr Sofas",
    }
    assert client.post(url, data=values).status_code == 302
    deleted = client.post(f"{url}/loeschen", data={"csrf_token": token}, follow_redirects=True)
    assert "is with the Kinderschutz contact, so they cannot be" in deleted.get_data(as_text=True)
    with app.app_context():
        case = db.session.scalar(select(ConcernCase).join(Answer).where(Answer.text == CONCERN + " (Zettel)"))
        assert (
            case is not None
            and case.status is ConcernStatus.consulted
            and case.note.endswith(": Fachkraft beraten")
        )
        assert db.session.get(AnalogEntry, entry_id).participants == 4  # corrected, not deleted
        assert (
            db.session.scalar(select(func.count()).select_from(Answer).where(Answer.text == "Mehr Sofas"))
            == 1
        )


@pytest.mark.parametrize("change", ["leaves", "deactivated", "planner"])
def test_a_contact_who_leaves_reads_no_more_and_planners_are_told(app, client, login, world, change):
    from participation.accounts.services import update_user
    from participation.moderation.kinderschutz import contact_organisation_ids, organisations_without_contact

    with app.app_context():
        contact = find_user("kontakt@example.org")
        own = db.session.get(Organisation, world["own"])
        other = db.session.scalar(select(Organisation).where(Organisation.name == "Treff West"))
        update_user(
            contact,
            role=Role.planner if change == "planner" else contact.role,
            organisations=[other] if change == "leaves" else [own],
            is_active=change != "deactivated",
        )
        db.session.commit()
        assert contact_organisation_ids(contact) == set()
        assert own.child_protection_contact_id is None
        assert own in organisations_without_contact()
    login("kontakt@example.org")
    queue = client.get("/team/kinderschutz/")
    case = client.post(f"/team/kinderschutz/{world['key']}", data={"status": "seen"})
    if change == "deactivated":  # cannot log in at all
        assert queue.status_code == 302 and "/team/login" in queue.headers["Location"]
        assert case.status_code == 302
    else:
        assert queue.status_code == 403 and case.status_code == 403
    assert CONCERN not in queue.get_data(as_text=True)


def test_the_queue_follows_membership_even_if_the_contact_was_left_behind(app, world):
    """A contact id that no longer fits (changed outside update_user) grants nothing."""
    from participation.moderation.kinderschutz import contact_organisation_ids, organisations_without_contact

    with app.app_context():
        contact = find_user("kontakt@example.org")
        contact.organisations = []
        db.session.commit()
        assert contact_organisation_ids(contact) == set()
        assert world["own"] in {o.id for o in organisations_without_contact()}


@pytest.mark.parametrize("decided", ["approved", "rejected"])
def test_a_decided_answer_can_still_go_to_the_kinderschutz_queue(app, client, login, world, decided):
    """Read again later, an approved (even public) or rejected answer turns out to be a cry for help."""
    from participation.moderation import services as moderation
    from participation.moderation.services import RejectReason

    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.text == "Mehr Musik"))
        if decided == "approved":
            moderation.approve(answer, actor=None, removed=set(), anyway=False, note="")
        else:
            moderation.reject(answer, actor=None, reason=RejectReason.other, note="")
        db.session.commit()
        key = answer.review_key
    login("mod@example.org")
    page = client.get(f"/team/moderation/{key}").get_data(as_text=True)
    token = csrf_token_from(page) if 'name="csrf_token"' in page else ""
    assert "Move to the Kinderschutz queue" in page
    moved_page = client.post(f"/team/moderation/{key}", data={"action": "concern", "csrf_token": token})
    assert moved_page.status_code == 302 and moved_page.headers["Location"].endswith("/team/moderation/")
    with app.app_context():
        moved = db.session.scalar(select(Answer).where(Answer.review_key == key))
        assert moved.review_state is ReviewState.concern and moved.published_text is None


def test_admins_are_told_of_cases_left_open_too_long_which_are_never_deleted(
    app, client, login, runner, world
):
    from datetime import timedelta

    from participation.answers.models import Submission

    login("admin@example.org")
    assert "has been open for more than" not in client.get("/team/admin/aufbewahrung").get_data(as_text=True)
    with app.app_context():
        answer = concern_answer(app)
        submission = db.session.get(Submission, answer.submission_id)
        # Two days more: counted by local calendar days, and summer time shifts a late hour across midnight.
        submission.created_at -= timedelta(days=app.config["CONCERN_RETENTION_DAYS"] + 2)
        db.session.commit()
    page = client.get("/team/admin/aufbewahrung").get_data(as_text=True)
    assert "1 Kinderschutz case has been open for more than 90 days" in page
    runner.invoke(args=["purge"])
    assert concern_answer(app).review_state is ReviewState.concern  # open: kept
    with app.app_context():  # an old answer moved to the queue today is a new case: not counted
        from participation.moderation.kinderschutz import escalate

        older = db.session.scalar(select(Answer).where(Answer.text == "Mehr Musik"))
        db.session.get(Submission, older.submission_id).created_at -= timedelta(days=200)
        escalate(older, actor=None)
        db.session.commit()
    assert "1 Kinderschutz case has been open" in client.get("/team/admin/aufbewahrung").get_data(
        as_text=True
    )
