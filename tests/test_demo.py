import re

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.answers import codes
from participation.answers.models import AnalogEntry, KioskLink, ParticipationCount, Submission
from participation.answers.tallies import participant_count
from participation.demo import DEMO_ACCOUNTS
from participation.enums import Channel, OfferStatus
from participation.extensions import db
from participation.offers.models import ContentTranslation, Offer, OfferOrtsteil


def counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(m)) for m in (Offer, User, Submission)
        )


def test_seed_demo_is_idempotent_and_prints_links(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    before = counts(app)
    second = runner.invoke(args=["seed-demo"])
    assert counts(app) == before
    assert first.stdout == second.stdout  # stderr carries the staff log of what the first run created
    assert first.output.count("http://mitreden.test/q/") == 6  # SERVER_NAME wins over --base-url
    kiosk_path = re.search(r"http://mitreden\.test(/k/[A-Za-z0-9_-]+)", first.output).group(1)
    assert app.test_client().get(kiosk_path).status_code == 200  # the demo tablet's link works
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KioskLink)) == 1
    for login in ("admin@mitreden.example", "planung@mitreden.example", "fachkraft@mitreden.example"):
        assert login in first.output
    with app.app_context():
        offers = db.session.scalars(select(Offer)).all()
        assert len([o for o in offers if o.status is OfferStatus.open]) >= 3
        finished = [o for o in offers if o.results_published]
        assert len(finished) == 1 and finished[0].outcome is not None
        ortsteil_sets = {tuple(o.ortsteil_codes) for o in offers}
        assert len(ortsteil_sets) == len(offers)
        assert db.session.scalar(select(func.count(func.distinct(OfferOrtsteil.ortsteil_code)))) >= 3
        for offer in offers:
            answered = db.session.scalar(
                select(func.count()).select_from(Submission).where(Submission.offer_id == offer.id)
            )
            assert answered > 0


def test_demo_logins_work(app, client, runner):
    runner.invoke(args=["seed-demo"])
    response = client.post(
        "/team/login", data={"email": "fachkraft@mitreden.example", "password": "demo-fachkraft-2026"}
    )
    assert response.status_code == 302
    assert "Jugendtreff" in client.get("/team/").get_data(as_text=True)


def test_demo_results_page_shows_the_closed_loop(app, client, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        code = db.session.scalar(select(Offer.code).where(Offer.results_published_at.is_not(None)))
    page = client.get(f"/q/{code}").get_data(as_text=True)
    assert "So geht es weiter" in page and "24 junge Menschen" in page
    assert '<q dir="auto">' in page  # approved quotes


def test_demo_has_an_offer_to_try_the_languages_with(app, runner):
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])  # idempotent: translations are not saved twice
    with app.app_context():
        code = db.session.scalar(select(Offer.code).where(Offer.title.startswith("Blitzlicht")))
        languages = db.session.scalars(select(ContentTranslation.language).distinct()).all()
        assert db.session.scalar(select(func.count()).select_from(ContentTranslation)) == 4 * 5
    assert sorted(languages) == ["ar", "en", "leicht", "uk"]
    client = app.test_client()
    client.get("/sprache/ar")
    page = client.get(f"/q/{code}").get_data(as_text=True)
    assert "<h1>رأي سريع: كيف كان أسبوع العطلة؟</h1>" in page and 'class="note"' not in page


def test_demo_has_a_class_vote_with_one_time_codes(app, runner):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        offer = db.session.scalar(select(Offer).where(Offer.requires_code.is_(True)))
        assert codes.usage(offer.id) == (12, 30)
        channels = db.session.scalars(select(Submission.channel).where(Submission.offer_id == offer.id)).all()
        assert channels == [Channel.code] * 12


def test_demo_has_analog_results_counted_with_the_online_ones(app, client, runner):
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])  # idempotent: still one entry
    with app.app_context():
        entries = db.session.scalars(select(AnalogEntry)).all()
        assert len(entries) == 1 and entries[0].participants == 14
        offer = db.session.get(Offer, entries[0].offer_id)
        online = db.session.scalar(
            select(func.count()).where(Submission.offer_id == offer.id, Submission.analog_entry_id.is_(None))
        )
        assert participant_count(offer.id) == online + 14
        assert {
            r.channel: r.n for r in db.session.scalars(select(ParticipationCount)) if r.offer_id == offer.id
        }["analog"] == 14
    email, password, _role = DEMO_ACCOUNTS[2]
    client.post("/team/login", data={"email": email, "password": password})
    # the typed-in paper note waits in the moderation queue like every written answer
    queue = client.get(f"/team/moderation/?offer={offer.id}").get_data(as_text=True)
    assert "Mehr Abende mit Musik im Hof" in queue


def test_demo_has_a_kinderschutz_case_for_its_contact(app, client, runner):
    """Issue 14: the demo youth worker is the Kinderschutz contact and finds one case in the queue."""
    from participation.demo import DEMO_ACCOUNTS, DEMO_CONCERN

    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])  # idempotent: still one case
    email, password, _role = DEMO_ACCOUNTS[2]
    client.post("/team/login", data={"email": email, "password": password})
    page = client.get("/team/kinderschutz/").get_data(as_text=True)
    assert page.count(DEMO_CONCERN) == 1
    assert DEMO_CONCERN not in client.get("/team/moderation/").get_data(as_text=True)


def test_demo_has_a_checklist_in_progress_and_a_network(app, client, runner):
    """Issue 14: a demo offer with some checklist points ticked; organisations with Stadtbezirk, contact."""
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])  # idempotent
    from participation.accounts.models import Organisation
    from participation.offers import quality
    from participation.timeutil import local_today

    with app.app_context():
        offers = db.session.scalars(select(Offer).order_by(Offer.id)).all()
        ticked = [o for o in offers if quality.ticked(o)]
        assert len(ticked) == 1
        found = quality.checklist(ticked[0], local_today())
        assert 0 < found.met < found.counted  # in progress
        organisations = db.session.scalars(select(Organisation)).all()
        assert len(organisations) >= 4
        assert all(o.stadtbezirk and (o.contact_email or o.contact_phone or o.website) for o in organisations)
    page = client.get("/netzwerk/").get_data(as_text=True)
    assert "Demo-Oberschule am Park" in page and "mailto:info@demo-traeger.example.org" in page
