"""The rules of answering, called directly: which page a link shows, and "answered once" per browser."""

import pytest

from factories import close_offer, create_test_offer, publish_results_now
from participation.answers.services import answered_offers, link_page, remember_answered
from participation.extensions import db
from participation.offers.models import Offer
from participation.timeutil import local_today


@pytest.mark.parametrize(
    ("make", "answered", "page"),
    [
        (lambda app: create_test_offer(app), False, "form"),
        (lambda app: create_test_offer(app), True, "already"),
        (lambda app: create_test_offer(app, starts_in=2, ends_in=9, outcome_in=20), False, "not_open"),
        (lambda app: create_test_offer(app, starts_in=-9, ends_in=-1, outcome_in=20), False, "not_open"),
        (lambda app: _closed(app), False, "not_open"),
        (lambda app: _with_results(app), True, "results"),  # results win over "already answered"
    ],
)
def test_link_page(app, make, answered, page):
    offer_id = make(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert link_page(offer, local_today(), {offer_id} if answered else set()) == page


def _closed(app):
    offer_id = create_test_offer(app)
    close_offer(app, offer_id)
    return offer_id


def _with_results(app):
    offer_id = create_test_offer(app)
    publish_results_now(app, offer_id)
    return offer_id


def test_answered_offers_are_remembered_once_each_and_only_as_ids():
    session = {}
    assert answered_offers(session) == set()
    remember_answered(session, 7)
    remember_answered(session, 3)
    remember_answered(session, 7)
    assert answered_offers(session) == {3, 7}
    assert session == {"answered": [3, 7]}  # nothing else goes into the cookie


def test_each_submission_keeps_its_channel_and_the_rollup_counts_channels_apart(app):
    from sqlalchemy import select

    from participation.answers.counts import rebuild_counts
    from participation.answers.models import ParticipationCount, Submission
    from participation.answers.services import ParsedForm, submit
    from participation.enums import Channel

    offer_id = create_test_offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for channel in (Channel.qr, Channel.kiosk, Channel.kiosk, Channel.code):
            submit(offer, ParsedForm(answers=[], errors={}), answered=set(), channel=channel)
        db.session.commit()
        stored = sorted(c.name for c in db.session.scalars(select(Submission.channel)))
        rollup = {row.channel: row.n for row in db.session.scalars(select(ParticipationCount))}
        assert stored == ["code", "kiosk", "kiosk", "qr"]
        assert rollup == {"qr": 1, "kiosk": 2, "code": 1}
        rebuild_counts()
        assert {row.channel: row.n for row in db.session.scalars(select(ParticipationCount))} == rollup


def test_a_submission_rolled_back_leaves_nothing_behind(app):
    """The form-id savepoint must not commit the submission on its own (SQLite's driver opened no
    transaction before a SAVEPOINT, so releasing it committed): a failed save never half-writes."""
    from sqlalchemy import func, select

    from participation.answers.models import ParticipationCount, Submission
    from participation.answers.services import ParsedForm, submit

    offer_id = create_test_offer(app)
    with app.app_context():
        submit(db.session.get(Offer, offer_id), ParsedForm(), answered=set(), form_id="a" * 22)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
        assert db.session.scalar(select(func.count()).select_from(ParticipationCount)) == 0
