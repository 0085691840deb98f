import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from factories import ALL_OPTIONAL, create_test_offer, offer_code, question_ids
from participation.auth.models import Role
from participation.extensions import db
from participation.feedback.models import Answer, Submission
from participation.moderation import services as moderation
from participation.offers.models import AgeGroup, Offer, OfferStatus, QuestionKind
from participation.results.services import OutcomeFields, publish_results, save_outcome, timeliness
from participation.timeutil import local_today, utcnow

OUTCOME = {"decision": "Wir bauen die Kletterwand im Mai.", "next_steps": "Der Bauhof bestellt die Teile.",
           "responsible": "Team Jugendtreff", "due_on": "2027-05-31", "message": "Danke fürs Mitmachen!"}


@pytest.fixture
def worker(app, make_organisation, make_user, login):
    org = make_organisation("Treff")
    make_user("w@example.org", Role.youth_worker, [org])
    login("w@example.org")
    return org


def answer_many(app, offer_id, count, **extra):
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    smiley, text = ids[QuestionKind.smiley][0], ids[QuestionKind.text][0]
    for n in range(count):
        data = {f"q{smiley}": str(1 + n % 5), f"q{text}": f"Idee Nummer {n}", **{k: v(n) for k, v in extra.items()}}
        assert app.test_client().post(f"/q/{code}", data=data).status_code == 302


def close(app, offer_id):
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        offer.status, offer.closed_at = OfferStatus.closed, utcnow()
        db.session.commit()


def test_rueckmeldung_only_after_closing_and_results_only_with_it(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    response = client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME, follow_redirects=True)
    assert "erst geschrieben werden, wenn das Angebot beendet ist" in response.get_data(as_text=True)
    close(app, offer_id)
    response = client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen", follow_redirects=True)
    assert "Bitte zuerst die Rückmeldung schreiben." in response.get_data(as_text=True)
    assert client.post(f"/team/angebote/{offer_id}/rueckmeldung", data={**OUTCOME, "decision": ""}).status_code == 200
    assert client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME).status_code == 302
    response = client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen", follow_redirects=True)
    assert "Ergebnisse veröffentlicht" in response.get_data(as_text=True)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.results_published and offer.outcome.responsible == "Team Jugendtreff"


def test_results_page_at_the_same_link(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer_many(app, offer_id, 7)
    code = offer_code(app, offer_id)
    with app.app_context():
        answers = db.session.scalars(select(Answer).where(Answer.text.is_not(None)).order_by(Answer.id)).all()
        from participation.admin.services import find_user

        actor = find_user("w@example.org")
        moderation.approve(answers[0], actor=actor)
        moderation.reject(answers[1], actor=actor, reason=moderation.RejectReason.off_topic)
        db.session.commit()
    close(app, offer_id)
    before = client.get(f"/q/{code}").get_data(as_text=True)
    assert "beendet" in before and "Ergebnisse" in before and "So geht es weiter" not in before
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{code}").get_data(as_text=True)
    assert page.index("So geht es weiter") < page.index("Wir bauen die Kletterwand im Mai.") < page.index("7 junge")
    assert "Team Jugendtreff" in page and "31. Mai 2027" in page and "Danke fürs Mitmachen!" in page
    assert "Idee Nummer 0" in page  # approved quote
    assert "Idee Nummer 1" not in page and "Idee Nummer 2" not in page  # rejected and pending: never public
    assert re.search(r"sehr gut<div class=\"bar\"[^>]*><span style=\"width:14%\"></span></div></th>\s*<td class=\"num\">1 \(14 %\)</td>", page)  # number next to its bar
    assert "<script" not in page


def test_small_offers_show_no_numbers(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer_many(app, offer_id, 4)
    close(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    assert "weniger als 5 Antworten" in page
    assert "Wir bauen die Kletterwand im Mai." in page  # the Rückmeldung is always shown
    assert "sehr gut" not in page and "4 junge" not in page and "<table" not in page


def test_breakdowns_hide_small_cells_and_their_complement(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    groups = ["6-9"] * 6 + ["10-13"] * 2 + [""] * 5
    answer_many(app, offer_id, len(groups), age_group=lambda n: groups[n], ortsteil=lambda n: "62" if n < 9 else "")
    close(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    row = r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>'
    by_age, by_district = (dict(re.findall(row, table.split("</table>")[0])) for table in page.split("<caption>")[1:3])
    # 10-13 has 2: hidden, and the smallest other non-empty cell (5 not stated) is hidden with it
    assert by_age == {"6 bis 9 Jahre": "6", "10 bis 13 Jahre": "&lt; 5", "14 bis 17 Jahre": "0",
                      "18 bis 27 Jahre": "0", "keine Angabe": "&lt; 5"}
    # 9 in Grünau-Mitte, 4 not stated: hiding the 4 alone would let anyone compute it from the total
    assert by_district == {"Grünau-Mitte": "&lt; 5", "keine Angabe": "&lt; 5"}
    assert "13 junge Menschen" in page


def test_offer_page_shows_whether_the_feedback_date_was_kept(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL, starts_in=-20, ends_in=-10, feedback_in=-2)
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "seit 2 Tagen überschritten" in page
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    assert "2 Tage zu spät veröffentlicht" in client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)


@pytest.mark.parametrize(("feedback_in", "published_days_ago", "expected"), [
    (5, None, ("due", 5)), (-3, None, ("overdue", 3)), (0, 0, ("on_time", 0)), (-4, 1, ("late", 3)),
    (2, 0, ("on_time", 0)),
])
def test_timeliness(app, make_organisation, feedback_in, published_days_ago, expected):
    offer_id = create_test_offer(app, make_organisation(), starts_in=-30, ends_in=-10, feedback_in=feedback_in)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        if published_days_ago is not None:
            offer.results_published_at = utcnow() - timedelta(days=published_days_ago)
        result = timeliness(offer, local_today())
        assert (result.state, result.days) == expected


def test_publishing_an_offer_whose_end_date_passed_closes_it(app, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), starts_in=-9, ends_in=-1)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        save_outcome(offer, OutcomeFields(decision="Fertig."), actor=None)
        publish_results(offer, actor=None)
        assert offer.status is OfferStatus.closed and offer.closed_at is not None


def test_thank_you_page_offers_a_return_link_with_qr(app, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), questions=ALL_OPTIONAL)
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    young = app.test_client()
    young.post(f"/q/{code}", data={f"q{ids[QuestionKind.smiley][0]}": "5"})
    page = young.get(f"/q/{code}/danke").get_data(as_text=True)
    assert f"http://mitreden.test/q/{code}" in page and f"/q/{code}/qr.svg" in page
    assert "E-Mail" not in page and 'type="email"' not in page and 'type="tel"' not in page
    with app.app_context():
        assert db.session.scalar(select(Submission.age_group)) is None
    assert AgeGroup
