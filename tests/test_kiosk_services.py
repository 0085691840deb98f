"""Kiosk links, called directly: created with a secret shown once, stored as a hash only, and stopped
by revoking or expiry at once."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from factories import create_test_offer
from participation.answers import kiosk
from participation.answers.models import KioskLink
from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.offers.models import Offer
from participation.timeutil import to_utc, utcnow


def _kiosk_actions():
    query = select(AuditEvent.action).where(AuditEvent.action.startswith("kiosk.")).order_by(AuditEvent.id)
    return db.session.scalars(query).all()


def _offer(app):
    return db.session.get(Offer, create_test_offer(app))


def test_create_stores_only_a_hash_of_the_token(app, app_ctx):
    offer = _offer(app)
    created = kiosk.create(offer, name="Tablet Treff Grünau", days=7, actor=None)
    db.session.commit()
    row = db.session.scalar(select(KioskLink))
    assert row.name == "Tablet Treff Grünau"
    assert len(created.token) >= 32
    assert row.token_hash == hashlib.sha256(created.token.encode()).hexdigest()
    assert created.token not in {row.token_hash, row.name}
    assert to_utc(row.expires_at) - to_utc(row.created_at) == timedelta(days=7)
    assert _kiosk_actions() == ["kiosk.create"]


def test_find_active_by_token_only(app, app_ctx):
    offer = _offer(app)
    created = kiosk.create(offer, name="Tablet", days=7, actor=None)
    db.session.commit()
    assert kiosk.find_active(created.token).id == created.link.id
    assert kiosk.find_active(created.token[:-1] + ("A" if created.token[-1] != "A" else "B")) is None
    assert kiosk.find_active("") is None
    assert kiosk.find_active("x" * 500) is None


def test_revoked_link_stops_at_once(app, app_ctx):
    offer = _offer(app)
    created = kiosk.create(offer, name="Tablet", days=7, actor=None)
    db.session.commit()
    kiosk.revoke(created.link, actor=None)
    db.session.commit()
    assert kiosk.find_active(created.token) is None
    assert kiosk.state(created.link) == "revoked"
    assert _kiosk_actions() == ["kiosk.create", "kiosk.revoke"]


def test_expired_link_is_not_active(app, app_ctx):
    offer = _offer(app)
    created = kiosk.create(offer, name="Tablet", days=1, actor=None)
    created.link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert kiosk.find_active(created.token) is None
    assert kiosk.state(created.link) == "expired"


def test_days_are_bounded_by_the_setting(app, app_ctx):
    offer = _offer(app)
    for days in (0, -1, 31, 1000):
        with pytest.raises(kiosk.InvalidDays):
            kiosk.create(offer, name="Tablet", days=days, actor=None)
    assert kiosk.create(offer, name="Tablet", days=30, actor=None).link.id


def test_list_for_an_offer_newest_first_with_state(app, app_ctx):
    offer, other = _offer(app), _offer(app)
    first = kiosk.create(offer, name="Erstes", days=7, actor=None)
    kiosk.create(offer, name="Zweites", days=7, actor=None)
    kiosk.create(other, name="Fremdes", days=7, actor=None)
    kiosk.revoke(first.link, actor=None)
    db.session.commit()
    links = kiosk.list_for(offer)
    assert [link.name for link in links] == ["Zweites", "Erstes"]
    assert [kiosk.state(link) for link in links] == ["active", "revoked"]
