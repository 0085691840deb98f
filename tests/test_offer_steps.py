"""A youth worker's steps on an offer: confirmation pages before what cannot be taken back, reopening,
copying, deleting a draft, the preview, the figures as CSV/XLSX and the A4 results sheet."""

import csv
import io
import re
from datetime import timedelta

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from factories import (
    ALL_KINDS,
    ALL_OPTIONAL,
    close_offer,
    create_test_offer,
    offer_code,
    question_ids,
    translate_offer,
)
from participation.answers.models import Submission
from participation.audit.models import AuditEvent
from participation.enums import OfferStatus, QuestionKind
from participation.extensions import db
from participation.offers.content_translations import originals
from participation.offers.models import ContentTranslation, Offer, Question
from participation.offers.retention import purge
from participation.roles import Role
from participation.timeutil import local_today

OUTCOME = {"decision": "Wir bauen die Kletterwand.", "due_on": "2027-05-31"}


def offer(app, offer_id) -> Offer:
    with app.app_context():
        found = db.session.get(Offer, offer_id)
        if found is not None:
            db.session.expunge(found)
        return found


def answer(app, offer_id, count=1, face="4"):
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    smiley = ids[QuestionKind.smiley][0]
    for _ in range(count):
        assert app.test_client().post(f"/q/{code}", data={f"q{smiley}": face}).status_code == 302


def today(app):
    with app.app_context():
        return local_today()


def post_forms(page: str) -> list[str]:
    return re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page)


@pytest.mark.parametrize(
    "step, heading, status_before",
    [
        ("veroeffentlichen", "veröffentlichen?", OfferStatus.draft),
        ("schliessen", "jetzt beenden?", OfferStatus.open),
        ("loeschen", "löschen?", OfferStatus.draft),
    ],
)
def test_each_step_that_cannot_be_taken_back_asks_first(app, client, worker, step, heading, status_before):
    offer_id = create_test_offer(app, worker, publish=status_before is not OfferStatus.draft)
    detail = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert f"/team/angebote/{offer_id}/{step}" in detail
    assert f"/team/angebote/{offer_id}/{step}" not in post_forms(detail)  # a link, not a one-tap button
    page = client.get(f"/team/angebote/{offer_id}/{step}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and heading in text and "Was passiert:" in text
    assert re.search(r'<form method="post"', text) and "Abbrechen" in text
    assert offer(app, offer_id).status is status_before  # looking at the page changes nothing


def test_publishing_results_asks_first_and_warns_when_no_numbers_will_show(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer(app, offer_id, 3)
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    detail = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen" not in post_forms(detail)
    page = client.get(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen").get_data(as_text=True)
    assert "Nur 3 junge Menschen haben geantwortet, weniger als 5" in page
    assert offer(app, offer_id).results_published_at is None
    answer_more = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer(app, answer_more, 5)
    close_offer(app, answer_more)
    client.post(f"/team/angebote/{answer_more}/rueckmeldung", data=OUTCOME)
    page = client.get(f"/team/angebote/{answer_more}/ergebnisse-veroeffentlichen").get_data(as_text=True)
    assert "weniger als 5" not in page and "kann nicht rückgängig gemacht werden" in page
    client.post(f"/team/angebote/{answer_more}/ergebnisse-veroeffentlichen")
    assert offer(app, answer_more).results_published_at is not None


def test_a_closed_offer_can_be_reopened_until_results_are_published(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    code = offer_code(app, offer_id)
    answer(app, offer_id, 2)
    client.post(f"/team/angebote/{offer_id}/schliessen")
    assert "beendet" in app.test_client().get(f"/q/{code}").get_data(as_text=True)
    form = client.get(f"/team/angebote/{offer_id}/wieder-oeffnen").get_data(as_text=True)
    assert 'name="ends_on"' in form and "Protokoll" in form
    yesterday = (today(app) - timedelta(days=1)).isoformat()
    refused = client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen",
        data={"ends_on": yesterday, "outcome_due_on": "2030-01-01"},
    )
    assert refused.status_code == 422 and "heute oder später" in refused.get_data(as_text=True)
    assert offer(app, offer_id).status is OfferStatus.closed
    new_end = (today(app) + timedelta(days=3)).isoformat()
    client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen", data={"ends_on": new_end, "outcome_due_on": "2030-01-01"}
    )
    reopened = offer(app, offer_id)
    assert reopened.status is OfferStatus.open and reopened.ends_on.isoformat() == new_end
    assert reopened.closed_at is None
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.reopen"))
        assert event is not None and event.offer_id == offer_id and event.detail == new_end
    answer(app, offer_id, 1)  # the same link takes answers again, and they count with the old ones
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Submission.offer_id == offer_id)) == 3
    # Once results are published, reopening is refused
    client.post(f"/team/angebote/{offer_id}/schliessen")
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    detail = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "wieder-oeffnen" not in detail
    client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen", data={"ends_on": new_end, "outcome_due_on": "2030-01-01"}
    )
    assert offer(app, offer_id).status is OfferStatus.closed


def test_an_offer_is_copied_into_a_new_draft_with_its_questions(app, client, worker):
    offer_id = create_test_offer(app, worker, starts_in=-30, ends_in=-20, outcome_in=-5)
    response = client.post(f"/team/angebote/{offer_id}/kopieren")
    with app.app_context():
        copy = db.session.scalars(select(Offer).where(Offer.id != offer_id)).one()
        original = db.session.get(Offer, offer_id)
        assert response.headers["Location"].endswith(f"/team/angebote/{copy.id}/bearbeiten")
        assert copy.is_draft and copy.code != original.code and copy.title == "Sommer im Jugendtreff (Kopie)"
        assert [(q.kind, q.prompt, [o.label for o in q.options]) for q in copy.questions] == [
            (q.kind, q.prompt, [o.label for o in q.options]) for q in original.questions
        ]
        # the same ten days of answering and fifteen of waiting, from today
        assert copy.starts_on == local_today()
        assert (copy.ends_on - copy.starts_on, copy.outcome_due_on - copy.ends_on) == (
            timedelta(days=10),
            timedelta(days=15),
        )
        assert copy.ortsteil_codes == original.ortsteil_codes and copy.outcome is None
        assert db.session.scalar(select(func.count()).where(Submission.offer_id == copy.id)) == 0


def test_a_draft_is_deleted_after_confirming_and_a_published_offer_never(app, client, worker):
    draft = create_test_offer(app, worker, publish=False)
    response = client.post(f"/team/angebote/{draft}/loeschen")
    assert response.headers["Location"].endswith("/team/")
    with app.app_context():
        assert db.session.get(Offer, draft) is None
        assert db.session.scalar(select(func.count()).where(Question.offer_id == draft)) == 0
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.delete"))
        assert event.detail == "Sommer im Jugendtreff"
    published = create_test_offer(app, worker)
    response = client.post(f"/team/angebote/{published}/loeschen", follow_redirects=True)
    assert "Nur ein Entwurf kann gelöscht werden." in response.get_data(as_text=True)
    assert offer(app, published) is not None


def test_the_preview_shows_the_draft_form_in_each_language_and_cannot_be_sent(app, client, worker):
    draft = create_test_offer(app, worker, publish=False)
    translate_offer(app, draft, "ar")
    page = client.get(f"/team/angebote/{draft}/vorschau").get_data(as_text=True)
    assert "Vorschau" in page and "kann von hier nicht abgeschickt werden" in page
    for question in ALL_KINDS:
        assert question.prompt in page
    assert re.search(r'<button type="submit" class="block" disabled>', page)
    assert 'aria-label="Mitarbeitende"' not in page  # as a phone shows it: no staff navigation
    arabic = client.get(f"/team/angebote/{draft}/vorschau?sprache=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "ar title" in arabic and "ar q" in arabic  # the translated texts
    assert '<div class="flash preview" role="note" lang="de" dir="ltr">' in arabic  # the banner stays German
    easy = client.get(f"/team/angebote/{draft}/vorschau?sprache=leicht")
    assert easy.status_code == 200 and '<html lang="de"' in easy.get_data(as_text=True)
    assert client.get(f"/team/angebote/{draft}/vorschau?sprache=xx").status_code == 404
    assert client.post(f"/team/angebote/{draft}/vorschau", data={}).status_code == 405
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    assert app.test_client().get(f"/q/{offer_code(app, draft)}").status_code == 404  # still not public


def test_the_youth_worker_downloads_the_figures_the_page_shows(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer(app, offer_id, 5, face="5")
    answer(app, offer_id, 2, face="1")  # the unfinished batch: not in the figures yet
    detail = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert (
        f"/team/angebote/{offer_id}/zahlen.csv" in detail
        and f"/team/angebote/{offer_id}/zahlen.xlsx" in detail
    )
    response = client.get(f"/team/angebote/{offer_id}/zahlen.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # opens in German Excel with a double click
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["Nr.", "Frage", "Art", "Antwort", "Anzahl"]
    smiley = [row for row in rows[1:] if row[2] == "Smiley-Skala"]
    assert {row[3]: row[4] for row in smiley}["sehr gut"] == "5"
    assert {row[3]: row[4] for row in smiley}["sehr schlecht"] == "0"
    book = load_workbook(io.BytesIO(client.get(f"/team/angebote/{offer_id}/zahlen.xlsx").data))
    about = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True)}
    assert about["Teilnehmende"] == 7 and about["In den Zahlen enthalten"] == 5
    assert client.get(f"/team/angebote/{offer_id}/zahlen.pdf").status_code == 404
    draft = create_test_offer(app, worker, publish=False)
    assert client.get(f"/team/angebote/{draft}/zahlen.csv").status_code == 404


def test_the_results_sheet_for_the_wall_has_the_rueckmeldung_results_and_qr_code(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    assert client.get(f"/team/angebote/{offer_id}/aushang").status_code == 404  # no Rückmeldung yet
    answer(app, offer_id, 6, face="5")
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    detail = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert f"/team/angebote/{offer_id}/aushang" in detail
    page = client.get(f"/team/angebote/{offer_id}/aushang").get_data(as_text=True)
    assert "Wir bauen die Kletterwand." in page and "6 junge Menschen haben mitgemacht" in page
    assert re.search(r'sehr gut<div class="bar"[^>]*>.*?</div></th>\s*<td class="num">6 \(100 %\)</td>', page)
    qr = re.search(r'<img class="qr" src="([^"]+)"', page).group(1)
    svg = client.get(qr).data
    png = client.get(qr.replace(".svg", ".png")).data if qr.endswith(".svg") else svg
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert decoded and decoded[0].text.endswith(f"/q/{offer_code(app, offer_id)}")


# What a review found about reopening, the sheet and the log


def test_a_reopened_offer_has_no_wall_sheet_until_answering_ends_again(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer(app, offer_id, 6)
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    assert client.get(f"/team/angebote/{offer_id}/aushang").status_code == 200
    new_end = (today(app) + timedelta(days=3)).isoformat()
    client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen", data={"ends_on": new_end, "outcome_due_on": "2030-01-01"}
    )
    # live figures, reloaded before and after one child answers, would show that child's answers
    assert client.get(f"/team/angebote/{offer_id}/aushang").status_code == 404
    assert f"/team/angebote/{offer_id}/aushang" not in client.get(f"/team/angebote/{offer_id}").get_data(
        as_text=True
    )


def test_an_offer_whose_answers_were_purged_cannot_be_reopened(app, client, worker):
    offer_id = create_test_offer(
        app, worker, questions=ALL_OPTIONAL, starts_in=-400, ends_in=-390, outcome_in=-380
    )
    with app.app_context():
        db.session.add(Submission(offer_id=offer_id))
        db.session.commit()
        purge(local_today(), 365)
        db.session.commit()
    assert "wieder-oeffnen" not in client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    response = client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen",
        data={"ends_on": (today(app) + timedelta(days=3)).isoformat(), "outcome_due_on": "2030-01-01"},
    )
    assert response.status_code == 302
    assert offer(app, offer_id).phase_on(today(app)) == "closed"


def test_reopening_before_the_start_date_is_a_message_not_an_error(app, client, worker):
    offer_id = create_test_offer(app, worker, starts_in=5, ends_in=10, outcome_in=20)
    client.post(f"/team/angebote/{offer_id}/schliessen")
    response = client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen",
        data={"ends_on": (today(app) + timedelta(days=1)).isoformat(), "outcome_due_on": "2030-01-01"},
    )
    assert response.status_code == 422
    assert "Das Enddatum darf nicht vor dem Startdatum liegen." in response.get_data(as_text=True)


def test_saving_a_translation_of_a_reopened_offer_keeps_the_rueckmeldungs(app, client, worker):
    offer_id = create_test_offer(app, worker)
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    translate_offer(app, offer_id, "uk", {"outcome_decision": "Ми будуємо стіну."})
    client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen",
        data={"ends_on": (today(app) + timedelta(days=3)).isoformat(), "outcome_due_on": "2030-01-01"},
    )
    form = client.get(f"/team/angebote/{offer_id}/uebersetzung/uk").get_data(as_text=True)
    assert "Ми будуємо стіну." in form
    client.post(
        f"/team/angebote/{offer_id}/uebersetzung/uk",
        data={"title": "Літо", "outcome_decision": "Ми будуємо стіну."},
    )
    with app.app_context():
        keys = set(
            db.session.scalars(select(ContentTranslation.key).where(ContentTranslation.offer_id == offer_id))
        )
    assert keys == {"title", "outcome_decision"}


def test_a_detached_offer_past_its_end_needs_no_database_for_its_texts(app):
    offer_id = create_test_offer(app, starts_in=-10, ends_in=-1)
    with app.app_context():
        found = db.session.get(Offer, offer_id)
        [question.options for question in found.questions]  # loaded, as the snapshot of a shown form
        db.session.expunge(found)
        texts = originals(found)  # while the database is away: no lazy load of the Rückmeldung
    assert "title" in texts and not any(key.startswith("outcome_") for key in texts)


def test_the_audit_log_tells_of_reopening_copying_and_deleting(app, client, worker, make_user, login):
    offer_id = create_test_offer(app, worker)
    client.post(f"/team/angebote/{offer_id}/schliessen")
    new_end = today(app) + timedelta(days=3)
    client.post(
        f"/team/angebote/{offer_id}/wieder-oeffnen",
        data={"ends_on": new_end.isoformat(), "outcome_due_on": "2030-01-01"},
    )
    client.post(f"/team/angebote/{offer_id}/kopieren")
    with app.app_context():
        copy_id = db.session.scalar(select(Offer.id).where(Offer.id != offer_id))
    client.post(f"/team/angebote/{copy_id}/loeschen")
    make_user("admin@example.org", Role.admin)
    client.post("/team/logout")
    login("admin@example.org")
    log = client.get("/team/admin/protokoll").get_data(as_text=True)
    assert "worker@example.org hat den Entwurf „Sommer im Jugendtreff (Kopie)“ gelöscht." in log
    assert "hat ein Angebot in den neuen Entwurf" in log
    assert re.search(
        rf'hat das Angebot <a href="/team/angebote/{offer_id}">„Sommer im Jugendtreff“</a> wieder für'
        r" Antworten geöffnet, bis \d",
        log,
    )
    assert "(offer.reopen)" not in log and "(offer.copy)" not in log and "(offer.delete)" not in log
    # the deleted draft's id may be taken by a newer offer: its old events do not link to it
    newer = create_test_offer(app, worker, publish=False)
    log = client.get("/team/admin/protokoll").get_data(as_text=True)
    copied = next(line for line in log.split("<tr>") if "in den neuen Entwurf" in line)
    if newer == copy_id:  # SQLite hands the highest id out again; PostgreSQL's sequence does not
        assert f'href="/team/angebote/{newer}"' not in copied and "ein gelöschtes Angebot" in copied


def test_the_preview_has_no_staff_language_list(app, client, worker):
    draft = create_test_offer(app, worker, publish=False)
    page = client.get(f"/team/angebote/{draft}/vorschau").get_data(as_text=True)
    assert 'class="langs"' not in page and "sprache=fa" in page  # the banner links the phone's languages


def test_deleting_a_published_offer_is_not_even_offered(app, client, worker):
    published = create_test_offer(app, worker)
    response = client.get(f"/team/angebote/{published}/loeschen")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/team/angebote/{published}"
    )
