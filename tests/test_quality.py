"""Issue 14: the quality checklist per offer (automatic points, ticking, completion, what is promised)."""

from datetime import date

from sqlalchemy import select

from factories import create_test_offer, offer_code, publish_results_now, translate_everything
from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.offers import quality
from participation.offers.models import Offer, OfferQualityTick
from participation.timeutil import local_today


def _states(app, offer_id) -> dict[str, str]:
    with app.app_context():
        found = quality.checklist(db.session.get(Offer, offer_id), local_today())
        return {item.point.key: item.state for item in found.items}


def test_the_checklist_has_8_to_12_points_each_with_a_label_and_an_explanation(app_ctx):
    assert 8 <= len(quality.POINTS) <= 12
    assert all(str(p.label) and str(p.explanation) for p in quality.POINTS)
    assert {"scope", "feedback_date", "languages", "feedback_on_time"} == {
        p.key for p in quality.POINTS if p.automatic
    }


def test_automatic_points_follow_the_offer(app):
    offer_id = create_test_offer(app)
    states = _states(app, offer_id)
    assert states["scope"] == "met" and states["feedback_date"] == "met"
    assert states["languages"] == "open"  # German only
    assert states["feedback_on_time"] == "pending"  # the promised date has not come
    assert all(states[key] == "open" for key in quality.TICKABLE)

    translate_everything(app, offer_id, "ar")
    assert _states(app, offer_id)["languages"] == "met"
    publish_results_now(app, offer_id)
    states = _states(app, offer_id)
    assert states["feedback_on_time"] == "met"
    assert states["languages"] == "open"  # the new Rückmeldung is in German only so far


def test_results_after_the_promised_date_leave_the_point_open(app):
    offer_id = create_test_offer(app, starts_in=-40, ends_in=-20, outcome_in=-2)
    assert _states(app, offer_id)["feedback_on_time"] == "open"


def test_ticking_stores_the_points_audits_the_change_and_counts_completion(app):
    offer_id = create_test_offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        added, removed = quality.set_ticks(offer, ["voluntary", "early", "scope", "nonsense"], actor=None)
        db.session.commit()
        assert added == {"voluntary", "early"} and removed == set()  # automatic and unknown keys: ignored
        found = quality.checklist(offer, local_today())
        # scope, feedback_date, voluntary, early met; feedback_on_time pending (not counted)
        assert (found.met, found.counted) == (4, 10)
        assert round(found.rate, 2) == 0.4 and not found.complete

        quality.set_ticks(offer, ["early"], actor=None)
        quality.set_ticks(offer, ["early"], actor=None)  # nothing changed: no second event
        db.session.commit()
        assert quality.ticked(offer) == {"early"}
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "quality.change")).all()
        assert [e.detail for e in events] == ["ticked=early,voluntary", "unticked=voluntary"]


def test_summary_over_offers(app):
    first, second = create_test_offer(app), create_test_offer(app)
    with app.app_context():
        one, two = db.session.get(Offer, first), db.session.get(Offer, second)
        quality.set_ticks(one, quality.TICKABLE, actor=None)
        db.session.commit()
        result = quality.summary([one, two], local_today())
        assert result.offers == 2
        assert result.complete == 0  # "languages" is open on both
        per_point = {p.key: (met, counted) for p, met, counted in result.per_point}
        assert per_point["voluntary"] == (1, 2) and per_point["scope"] == (2, 2)
        assert per_point["feedback_on_time"] == (0, 0)
        assert round(result.average_rate, 2) == round((9 / 10 + 2 / 10) / 2, 2)
        assert quality.summary([], date.today()).average_rate is None


def test_youth_worker_ticks_on_the_staff_page(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert 'id="qualitaet"' in page and 'name="punkte"' in page
    response = client.post(
        f"/team/angebote/{offer_id}/qualitaet", data={"punkte": ["voluntary", "diversity"]}
    )
    assert response.status_code == 302 and response.location.endswith("#qualitaet")
    with app.app_context():
        rows = db.session.scalars(select(OfferQualityTick.point).where(OfferQualityTick.offer_id == offer_id))
        assert set(rows) == {"voluntary", "diversity"}
    page = client.get(f"/team/angebote/{offer_id}").get_data(as_text=True)
    assert 'value="voluntary" aria-describedby="q-voluntary-hint" checked' in page


def test_an_unknown_point_is_refused_with_a_message_and_changes_nothing(app, worker, client):
    offer_id = create_test_offer(app, organisation_id=worker)
    client.post(f"/team/angebote/{offer_id}/qualitaet", data={"punkte": ["voluntary"]})
    response = client.post(
        f"/team/angebote/{offer_id}/qualitaet", data={"punkte": ["early", "<script>"]}, follow_redirects=True
    )
    assert "Bitte" in response.get_data(as_text=True) or "Please" in response.get_data(as_text=True)
    assert _states(app, offer_id)["voluntary"] == "met" and _states(app, offer_id)["early"] == "open"


def test_another_organisations_worker_cannot_tick(app, worker, client, make_organisation):
    other = create_test_offer(app, organisation_id=make_organisation("Anderer Träger"))
    assert client.post(f"/team/angebote/{other}/qualitaet", data={"punkte": ["early"]}).status_code == 403
    assert _states(app, other)["early"] == "open"


def test_the_public_page_shows_what_is_promised_and_the_answer_page_when_to_hear_back(app, client):
    offer_id = create_test_offer(app)
    code = offer_code(app, offer_id)
    page = client.get(f"/angebote/{code}").get_data(as_text=True)
    assert 'id="promises-heading"' not in page  # nothing ticked, nothing promised
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        quality.set_ticks(offer, ["voluntary", "early"], actor=None)
        db.session.commit()
        due = offer.outcome_due_on
    client.get("/sprache/en")
    page = client.get(f"/angebote/{code}").get_data(as_text=True)
    assert "What we promise you" in page
    assert "Taking part is voluntary" in page and "You are asked early" in page
    assert "Time and money are planned" not in page
    assert due  # the answer page keeps its first screen for the question; the offer page says when


def test_the_audit_log_names_the_ticked_points(app, client, make_user, login):
    offer_id = create_test_offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        quality.set_ticks(offer, ["voluntary"], actor=None)
        db.session.commit()
    from participation.roles import Role

    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    client.get("/sprache/en")
    page = client.get("/team/admin/protokoll").get_data(as_text=True)
    assert "ticked: Taking part is voluntary" in page
