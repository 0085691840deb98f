import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from factories import ALL_OPTIONAL, close_offer, create_test_offer, offer_code, question_ids, script_sources
from participation.accounts.services import find_user
from participation.answers.models import Answer, Submission
from participation.audit.models import AuditEvent
from participation.enums import AgeGroup, OfferStatus, QuestionKind
from participation.extensions import db
from participation.moderation import services as moderation
from participation.offers.models import Offer
from participation.offers.services import timeliness
from participation.results.services import OutcomeFields, publish_results, save_outcome
from participation.timeutil import local_date, local_today, utcnow

OUTCOME = {
    "decision": "Wir bauen die Kletterwand im Mai.",
    "next_steps": "Der Bauhof bestellt die Teile.",
    "responsible": "Team Jugendtreff",
    "due_on": "2027-05-31",
    "message": "Danke fürs Mitmachen!",
}


def answer_many(app, offer_id, count, faces=lambda n: 1 + n % 5, **extra):
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    smiley, text = ids[QuestionKind.smiley][0], ids[QuestionKind.text][0]
    for n in range(count):
        data = {
            f"q{smiley}": str(faces(n)),
            f"q{text}": f"Idee Nummer {n}",
            **{k: v(n) for k, v in extra.items()},
        }
        assert app.test_client().post(f"/q/{code}", data=data).status_code == 302


def test_rueckmeldung_only_after_closing_and_results_only_with_it(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    response = client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME, follow_redirects=True)
    assert "erst geschrieben werden, wenn das Angebot beendet ist" in response.get_data(as_text=True)
    close_offer(app, offer_id)
    response = client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen", follow_redirects=True)
    assert "Bitte zuerst die Rückmeldung schreiben." in response.get_data(as_text=True)
    assert (
        client.post(f"/team/angebote/{offer_id}/rueckmeldung", data={**OUTCOME, "decision": ""}).status_code
        == 200
    )
    assert client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME).status_code == 302
    response = client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen", follow_redirects=True)
    assert "Ergebnisse veröffentlicht" in response.get_data(as_text=True)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.results_published and offer.outcome.responsible == "Team Jugendtreff"


def test_results_page_at_the_same_link(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer_many(app, offer_id, 12, faces=lambda n: 5 if n < 6 else (4 if n < 10 else 3))
    code = offer_code(app, offer_id)
    with app.app_context():
        answers = db.session.scalars(select(Answer).where(Answer.text.is_not(None)).order_by(Answer.id)).all()

        actor = find_user("worker@example.org")
        moderation.approve(answers[0], actor=actor)
        moderation.reject(answers[1], actor=actor, reason=moderation.RejectReason.off_topic)
        db.session.commit()
    close_offer(app, offer_id)
    before = client.get(f"/q/{code}").get_data(as_text=True)
    assert "beendet" in before and "Ergebnisse" in before and "So geht es weiter" not in before
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{code}").get_data(as_text=True)
    assert (
        page.index("So geht es weiter")
        < page.index("Wir bauen die Kletterwand im Mai.")
        < page.index("12 junge")
    )
    assert "Team Jugendtreff" in page and "31. Mai 2027" in page and "Danke fürs Mitmachen!" in page
    assert "Idee Nummer 0" in page  # approved quote
    assert "Idee Nummer 1" not in page and "Idee Nummer 2" not in page  # rejected and pending: never public
    # Every option shows its count once 12 answered: 6 "very good", 4 "good", and the minority 2 "okay"
    assert re.search(
        r'sehr gut<div class="bar"[^>]*><span style="width:50%"></span></div></th>\s*'
        r'<td class="num">6 \(50 %\)</td>',
        page,
    )
    assert re.search(r'geht so<div class="bar"[^>]*>.*?</div></th>\s*<td class="num">2 \(17 %\)</td>', page)
    assert "Andere Antworten zusammen" not in page
    assert script_sources(page) == ["/static/js/read-aloud.js"]  # optional; the page works without it


def test_small_offers_show_no_numbers(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer_many(app, offer_id, 4)
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    assert "weniger als 5 Antworten" in page
    assert "Wir bauen die Kletterwand im Mai." in page  # the Rückmeldung is always shown
    assert "sehr gut" not in page and "4 junge" not in page and "<table" not in page


def test_breakdowns_hide_small_cells_and_their_complement(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    groups = ["6-9"] * 6 + ["10-13"] * 2 + [""] * 5
    answer_many(
        app, offer_id, len(groups), age_group=lambda n: groups[n], ortsteil=lambda n: "62" if n < 9 else ""
    )
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    row = r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>'
    by_age, by_district = (
        dict(re.findall(row, table.split("</table>")[0])) for table in page.split("<caption>")[1:3]
    )
    # 10-13 has 2: too few, so it is combined with the smallest shown group (5 not stated)
    assert by_age == {"6 bis 9 Jahre": "6", "Andere Gruppen zusammen": "7"}
    # 9 in Grünau-Mitte, 4 not stated: the 4 alone would be a small group, so both are combined
    assert by_district == {"Andere Gruppen zusammen": "13"}
    assert "13 junge Menschen" in page


def published_page(app, client, offer_id):
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    return app.test_client().get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)


def test_a_minority_of_one_is_visible_but_not_a_group_of_one(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    # 24 people: 23 say "very good", one says "bad"; one of them is the only 14-to-17-year-old
    answer_many(
        app,
        offer_id,
        24,
        faces=lambda n: 2 if n == 7 else 5,
        age_group=lambda n: "14-17" if n == 3 else "10-13",
    )
    page = published_page(app, client, offer_id)
    assert re.search(r'schlecht<div class="bar"[^>]*>.*?</div></th>\s*<td class="num">1 \(4 %\)</td>', page)
    assert re.search(r'sehr gut<div class="bar"[^>]*>.*?</div></th>\s*<td class="num">23 \(96 %\)</td>', page)
    by_age = page.split("<caption>")[1].split("</table>")[0]
    assert "14 bis 17" not in by_age and ">1<" not in by_age  # the one older person stays combined
    assert re.search(r"Andere Gruppen zusammen</th><td class=\"num\">", by_age)


def test_everyone_alike_withholds_the_breakdowns_by_who_answered(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    answer_many(app, offer_id, 8, faces=lambda n: 5, age_group=lambda n: "14-17" if n < 5 else "10-13")
    page = published_page(app, client, offer_id)
    # The unanimous answer is shown, with the options nobody chose ...
    assert re.search(r'sehr gut<div class="bar"[^>]*>.*?</div></th>\s*<td class="num">8 \(100 %\)</td>', page)
    assert re.search(r'geht so<div class="bar"[^>]*>.*?</div></th>\s*<td class="num">0 \(0 %\)</td>', page)
    # ... but not "5 were 14 to 17", which would tell what those five answered
    assert "14 bis 17" not in page and "10 bis 13 Jahre" not in page
    assert "Bei einer Frage haben alle dasselbe geantwortet" in page


def test_offer_page_shows_whether_the_feedback_date_was_kept(app, client, worker):
    offer_id = create_test_offer(
        app, worker, questions=ALL_OPTIONAL, starts_in=-20, ends_in=-10, outcome_in=-2
    )
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert "seit 2 Tagen überschritten" in page
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    assert "2 Tage zu spät veröffentlicht" in client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("outcome_in", "published_days_ago", "expected"),
    [
        (5, None, ("due", 5)),
        (-3, None, ("overdue", 3)),
        (0, 0, ("on_time", 0)),
        (-4, 1, ("late", 3)),
        (2, 0, ("on_time", 0)),
    ],
)
def test_timeliness(app, make_organisation, outcome_in, published_days_ago, expected):
    offer_id = create_test_offer(app, make_organisation(), starts_in=-30, ends_in=-10, outcome_in=outcome_in)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        if published_days_ago is not None:
            offer.results_published_at = utcnow() - timedelta(days=published_days_ago)
            offer.results_published_on = local_today() - timedelta(days=published_days_ago)
        result = timeliness(offer, local_today())
        assert (result.state, result.days) == expected


def test_publishing_an_offer_whose_end_date_passed_closes_it(app, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), starts_in=-9, ends_in=-1)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        save_outcome(offer, OutcomeFields(decision="Fertig."), actor=None)
        publish_results(offer, actor=None)
        assert offer.status is OfferStatus.closed and offer.closed_at is not None


def test_thank_you_page_offers_a_return_link_to_keep(app, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), questions=ALL_OPTIONAL)
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    young = app.test_client()
    young.post(f"/q/{code}", data={f"q{ids[QuestionKind.smiley][0]}": "5"})
    page = young.get(f"/q/{code}/danke").get_data(as_text=True)
    assert f'href="/q/{code}"' in page and f"http://mitreden.test/q/{code}</a>" in page
    assert "qr.svg" not in page  # the phone is already on this page: a QR code of it would not help
    assert "E-Mail" not in page and 'type="email"' not in page and 'type="tel"' not in page
    with app.app_context():
        assert db.session.scalar(select(Submission.age_group)) is None
    assert AgeGroup


def test_questions_answered_by_few_show_no_numbers(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL)
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    single_q, single_opts = ids[QuestionKind.single]
    multi_q, multi_opts = ids[QuestionKind.multiple]
    for n in range(8):
        data = {
            f"q{ids[QuestionKind.smiley][0]}": "5",
            f"q{multi_q}": [str(multi_opts[0])] + ([str(multi_opts[1])] if n < 2 else []),
        }
        if n == 0:
            data[f"q{single_q}"] = str(single_opts[0])  # one person only: must not be visible
        assert app.test_client().post(f"/q/{code}", data=data).status_code == 302
    close_offer(app, offer_id)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    page = app.test_client().get(f"/q/{code}").get_data(as_text=True)
    single_section = page.split("Wann kommst du?")[1].split("</section>")[0]
    assert "Weniger als 5 Personen haben diese Frage beantwortet" in single_section
    assert "Morgens" not in single_section
    multi_section = page.split("Was wünschst du dir?")[1].split("</section>")[0]
    assert re.search(r"Kicker<div[^>]*>.*?</div></th>\s*<td class=\"num\">8 \(100 %\)</td>", multi_section)
    # 8 answered the question, so the 2 who also want music are shown: an opinion, not a group of people
    assert re.search(r"Musik<div[^>]*>.*?</div></th>\s*<td class=\"num\">2 \(25 %\)</td>", multi_section)


def test_publishing_twice_changes_nothing(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL, starts_in=-9, ends_in=-1)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    with app.app_context():
        first = db.session.get(Offer, offer_id).results_published_at
        closed_at = db.session.get(Offer, offer_id).closed_at
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.results_published_at == first
        assert local_date(closed_at - timedelta(seconds=1)) == offer.ends_on  # closed when its end date ended
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.offer_id == offer_id)).all()
        assert actions.count("results.publish") == 1


def test_changing_the_rueckmeldung_after_publication_is_logged_and_shown(app, client, worker):
    offer_id = create_test_offer(app, worker, questions=ALL_OPTIONAL, starts_in=-9, ends_in=-1)
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data=OUTCOME)
    client.post(f"/team/angebote/{offer_id}/ergebnisse-veroeffentlichen")
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        offer.results_published_at = utcnow() - timedelta(days=1)
        db.session.commit()
    client.post(f"/team/angebote/{offer_id}/rueckmeldung", data={**OUTCOME, "decision": "Neu: im Juni."})
    page = app.test_client().get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    assert "Neu: im Juni." in page and "Aktualisiert am" in page
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "outcome.update_after_publish")
        )
