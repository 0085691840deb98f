"""Kiosk links: one shared device (a tablet on the youth club's counter) answers an offer for many
young people in turn. A youth worker creates a named link that expires (KIOSK_DAYS by default, at most
MAX_DAYS) and can revoke it; only a hash of its random token is stored, so the link itself is shown once.
Whether a link works is checked against the database on every request, never cached."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from participation.answers.models import KioskLink
from participation.audit.services import record
from participation.extensions import db
from participation.sanitize import strip_control
from participation.timeutil import local_today, to_utc, utcnow

if TYPE_CHECKING:
    from participation.accounts.models import User
    from participation.offers.models import Offer

MAX_DAYS = 30
NAME_LENGTH = 80
TOKEN_BYTES = 24  # 32 characters of URL-safe base64
TOKEN_MAX_LENGTH = 64  # longer paths are never looked up


class InvalidDays(ValueError):
    """The validity is not between 1 and MAX_DAYS days."""


class InvalidName(ValueError):
    """The name is empty or too long."""


class OfferNotOpen(ValueError):
    """The offer is a draft or has ended: a kiosk could not take answers."""


@dataclass(frozen=True)
class CreatedLink:
    """A new link and its token: the token exists only here, never in the database."""

    link: KioskLink
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(offer: "Offer", *, name: str, days: int, actor: "User | None") -> CreatedLink:
    """Create a kiosk link for an open or upcoming offer, valid for days days (the caller commits)."""
    name = strip_control(name or "").strip()
    if not name or len(name) > NAME_LENGTH:
        raise InvalidName(name)
    if not 1 <= days <= MAX_DAYS:
        raise InvalidDays(days)
    if offer.is_draft or offer.phase_on(local_today()) == "closed":
        raise OfferNotOpen(offer.id)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    link = KioskLink(
        offer_id=offer.id,
        name=name,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=days),
        created_by_id=actor.id if actor else None,
    )
    db.session.add(link)
    db.session.flush()
    record("kiosk.create", actor=actor, offer_id=offer.id, detail=name)
    return CreatedLink(link, token)


def find_active(token: str) -> KioskLink | None:
    """The link with this token if it is neither revoked nor expired (one query, every request)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    link = db.session.scalar(select(KioskLink).where(KioskLink.token_hash == token_hash(token)))
    if link is None or state(link) != "active":
        return None
    return link


def exists(token: str) -> bool:
    """Whether a kiosk link with this token was ever made (an ended one answers 410, not 404)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return False
    return (
        db.session.scalar(select(KioskLink.id).where(KioskLink.token_hash == token_hash(token))) is not None
    )


def state(link: KioskLink) -> str:
    """ "active", "expired" or "revoked"."""
    if link.revoked_at is not None:
        return "revoked"
    if to_utc(link.expires_at) <= utcnow():
        return "expired"
    return "active"


def revoke(link: KioskLink, *, actor: "User | None") -> None:
    """End the link now (the caller commits); revoking an ended link again changes nothing."""
    if link.revoked_at is not None:
        return
    link.revoked_at = utcnow()
    record("kiosk.revoke", actor=actor, offer_id=link.offer_id, detail=link.name)


def list_for(offer: "Offer") -> list[KioskLink]:
    """The offer's kiosk links, newest first."""
    return list(
        db.session.scalars(
            select(KioskLink).where(KioskLink.offer_id == offer.id).order_by(KioskLink.id.desc())
        )
    )


def get_for(offer: "Offer", link_id: int) -> KioskLink | None:
    """One kiosk link of this offer, or None (also for another offer's link)."""
    link = db.session.get(KioskLink, link_id)
    return link if link is not None and link.offer_id == offer.id else None
