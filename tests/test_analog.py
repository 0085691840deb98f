"""Issue 13: analog results (sticky dots, a show of hands, a paper sheet) in the same numbers."""

from datetime import date, timedelta

from sqlalchemy import func, select

from factories import create_test_offer, offer_code, publish_results_now, question_ids
from participation.answers.counts import rebuild_counts
from participation.answers.models import AnalogEntry, Answer, ParticipationCount, Submission
from participation.answers.services import ParsedForm, submit
from participation.answers.tallies import participant_count, tallies
from participation.audit.models import AuditEvent
from participation.enums import Channel, QuestionKind, ReviewState
from participation.extensions import db
from participation.offers.models import Offer


def _rollup():
    return sorted(
        (r.offer_id, r.month, r.age_group, r.ortsteil_code, r.channel, r.n)
        for r in db.session.scalars(select(ParticipationCount))
    )


def _form(app, offer_id, **extra):
    """A filled-in analog form: 12 took part in a Punktabfrage yesterday."""
    ids = question_ids(app, offer_id)
    smiley, single, multiple = (
        ids[QuestionKind.smiley][0],
        ids[QuestionKind.single],
        ids[QuestionKind.multiple],
    )
    yes_no, dots, text = ids[QuestionKind.yes_no][0], ids[QuestionKind.dots], ids[QuestionKind.text][0]
    with app.app_context():
        held = db.session.get(Offer, offer_id).starts_on
    data = {
        "method": "dots",
        "participants": "12",
        "held_on": held.isoformat(),
        f"q{smiley}_v5": "7",
        f"q{smiley}_v4": "3",
        f"q{single[0]}_o{single[1][0]}": "8",
        f"q{single[0]}_o{single[1][1]}": "4",
        f"q{multiple[0]}_o{multiple[1][0]}": "10",
        f"q{yes_no}_v1": "9",
        f"q{dots[0]}_o{dots[1][0]}": "20",
        f"q{dots[0]}_o{dots[1][1]}": "16",
        f"q{text}_text": "Mehr Sofas\n\nLängere Öffnungszeiten\n",
    }
    return {**data, **extra}


def test_an_entry_counts_in_tallies_participants_rollup_and_audit(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        submit(db.session.get(Offer, offer_id), ParsedForm(answers=[], errors={}), answered=set())
        db.session.commit()
    response = client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    assert response.status_code == 302
    ids = question_ids(app, offer_id)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert participant_count(offer_id) == 13  # 1 online + 12 analog; the typed texts count no one
        by_kind = {t.question.kind: t for t in tallies(offer)}
        smiley = {row.key: (row.count, row.analog) for row in by_kind[QuestionKind.smiley].rows}
        assert smiley["5"] == (7, 7) and smiley["4"] == (3, 3)
        assert by_kind[QuestionKind.smiley].answered == 10
        assert [row.count for row in by_kind[QuestionKind.dots].rows] == [20, 16, 0]
        assert by_kind[QuestionKind.multiple].answered == 12
        assert by_kind[QuestionKind.text].rows[0].count == 2
        entry = db.session.scalar(select(AnalogEntry))
        assert (entry.method, entry.participants) == ("dots", 12)
        texts = db.session.execute(
            select(Answer.text, Answer.review_state, Answer.review_key, Submission.channel)
            .join(Submission)
            .where(Submission.analog_entry_id == entry.id)
        ).all()
        assert sorted(t[0] for t in texts) == ["Längere Öffnungszeiten", "Mehr Sofas"]
        assert all(t[1] is ReviewState.pending and t[2] and t[3] is Channel.analog for t in texts)
        month = date(entry.held_on.year, entry.held_on.month, 1)
        assert (offer_id, month, "", "", "analog", 12) in _rollup()
        assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "analog.create"
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "Analog" in page and "12" in page
    assert ids  # the staff page lists the entry with links to correct and delete it
    assert f"/team/angebote/{offer_id}/analog/{entry.id}" in page


def test_validation_errors_keep_what_was_typed(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    ids = question_ids(app, offer_id)
    single = ids[QuestionKind.single]
    too_many = {f"q{single[0]}_o{single[1][0]}": "9", f"q{single[0]}_o{single[1][1]}": "9"}
    cases = [
        {"method": "zauberei"},
        {"participants": "-3"},
        {"participants": "0"},
        {"held_on": (date.today() + timedelta(days=400)).isoformat()},
        {"held_on": "gestern"},
        too_many,
        {f"q{ids[QuestionKind.dots][0]}_o{ids[QuestionKind.dots][1][0]}": "37"},  # 12 × 3 points = 36
        {f"q{ids[QuestionKind.smiley][0]}_v1": "-1"},
    ]
    for bad in cases:
        response = client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id, **bad))
        page = response.get_data(as_text=True)
        assert response.status_code == 422, bad
        assert 'role="alert"' in page and "Mehr Sofas" in page, bad  # the typed texts stay in the form
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AnalogEntry)) == 0
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_german_messages(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    response = client.post(
        f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id, participants="x")
    )
    assert response.status_code == 422
    assert "Bitte" in response.get_data(as_text=True)


def test_correcting_and_deleting_keep_the_rollup_equal_to_a_recount(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    with app.app_context():
        entry_id = db.session.scalar(select(AnalogEntry.id))
        after_create = _rollup()
        rebuild_counts()
        assert _rollup() == after_create
    url = f"/team/angebote/{offer_id}/analog/{entry_id}"
    assert "Mehr Sofas" in client.get(url).get_data(as_text=True)  # the form shows the entry as typed
    response = client.post(url, data=_form(app, offer_id, participants="20", method="hands"))
    assert response.status_code == 302
    with app.app_context():
        assert participant_count(offer_id) == 20
        after_edit = _rollup()
        assert [row[-1] for row in after_edit] == [20]
        rebuild_counts()
        assert _rollup() == after_edit
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 2  # replaced, not added
    assert client.post(f"{url}/loeschen").status_code == 302
    with app.app_context():
        assert participant_count(offer_id) == 0
        assert _rollup() == []
        rebuild_counts()
        assert _rollup() == []
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        assert actions[-3:] == ["analog.create", "analog.change", "analog.delete"]


def test_typed_texts_wait_in_the_moderation_queue(app, worker, client):
    from participation.accounts.services import find_user, set_moderator_rights

    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        set_moderator_rights(find_user("worker@example.org"), {worker})
        db.session.commit()
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    queue = client.get("/team/moderation/").get_data(as_text=True)
    assert "Mehr Sofas" in queue and "Längere Öffnungszeiten" in queue


def test_public_results_mark_analog_numbers_and_never_name_other_channels(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for channel in (Channel.qr, Channel.kiosk, Channel.code):
            submit(offer, ParsedForm(answers=[], errors={}), answered=set(), channel=channel)
        db.session.commit()
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    publish_results_now(app, offer_id)
    page = client.get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    assert "15" in page  # 3 online + 12 analog
    assert "davon 12 analog" in page or "of which 12 analog" in page
    for word in ("Kiosk", "kiosk", "Einmal-Code", "QR-Code oder Link"):
        assert word not in page


def test_small_group_protection_applies_to_the_combined_numbers(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    client.post(
        f"/team/angebote/{offer_id}/analog/neu",
        data={"method": "hands", "participants": "3", "held_on": _form(app, offer_id)["held_on"]},
    )
    publish_results_now(app, offer_id)
    page = client.get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    assert "analog" not in page  # fewer than 5 in all: no numbers, no marking


def test_staff_page_shows_channel_counts_of_the_shown_answers_only(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for channel in [Channel.kiosk] * 5 + [Channel.code]:  # the sixth waits for its batch
            submit(offer, ParsedForm(answers=[], errors={}), answered=set(), channel=channel)
        db.session.commit()
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "Kiosk 5" in page
    assert "Einmal-Code 0" in page or "One-time code 0" in page  # the code answer is not shown yet
    assert "Analog 12" in page
    assert "davon 7 analog" in page or "of which 7 analog" in page


def test_staff_download_has_an_analog_column(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    csv = client.get(f"/team/angebote/{offer_id}/zahlen.csv").get_data(as_text=True)
    header = csv.splitlines()[0]
    assert "analog" in header.lower()


def test_the_purge_keeps_analog_results(app, worker, client):
    from participation.answers.retention import forget_answers

    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        submit(db.session.get(Offer, offer_id), ParsedForm(answers=[], errors={}), answered=set())
        db.session.commit()
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        before = [(t.answered, [(r.count, r.analog) for r in t.rows]) for t in tallies(offer)]
        forget_answers(offer)
        db.session.commit()
        db.session.expire_all()
        assert [(t.answered, [(r.count, r.analog) for r in t.rows]) for t in tallies(offer)] == before
        assert participant_count(offer_id) == 13
        entry_id = db.session.scalar(select(AnalogEntry.id))
    # After the purge the entry can no longer be changed (its typed texts are gone).
    response = client.post(f"/team/angebote/{offer_id}/analog/{entry_id}/loeschen")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AnalogEntry)) == 1


def test_deactivated_organisation_is_read_only(app, worker, client):
    from participation.accounts.models import Organisation

    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        db.session.get(Organisation, worker).is_active = False
        db.session.commit()
    assert client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id)).status_code == 403
    assert "analog/neu" not in client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)


def test_planners_filter_by_channel_and_export_participants_by_channel(app, worker, client, make_user, login):
    from werkzeug.datastructures import MultiDict

    from participation.planning.filters import PlanningFilters
    from participation.planning.scope import participant_total
    from participation.roles import Role
    from participation.timeutil import local_today

    offer_id = create_test_offer(app, organisation_id=worker)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for channel in [Channel.qr] * 6 + [Channel.kiosk] * 7:
            submit(offer, ParsedForm(answers=[], errors={}), answered=set(), channel=channel)
        db.session.commit()
    client.post(f"/team/angebote/{offer_id}/analog/neu", data=_form(app, offer_id))
    with app.app_context():

        def total(**args):
            return participant_total(PlanningFilters.from_args(MultiDict(args), local_today()))

        assert total() == 25
        assert total(channel="analog") == 12
        assert total(channel="kiosk") == 7
        assert total(channel="zauberei") == 25  # an unknown value is dropped, never an error
    make_user("planner@example.org", Role.planner)
    client.post("/team/logout")
    login("planner@example.org")
    page = client.get("/team/planung/?channel=analog").get_data(as_text=True)
    assert 'value="analog" selected' in page
    csv = client.get("/team/planung/export/kanaele.csv").get_data(as_text=True)
    rows = [line.split(";") for line in csv.splitlines()[1:]]
    assert [row[1] for row in rows] == ["6", "7", "0", "12"]
    analog_only = client.get("/team/planung/export/kanaele.csv?channel=analog").get_data(as_text=True)
    assert [line.split(";")[1] for line in analog_only.splitlines()[1:]] == ["0", "0", "0", "12"]
