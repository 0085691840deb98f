"""One-time codes for an offer where everyone counts once (a class vote, a Kinderparlament).

A youth worker prints N cards; each card has its own code (8 characters of the offers' unambiguous
alphabet, printed "ABCD 2345") as a QR code and to type. The plaintext exists only on the printed sheet
(the response that prints it): the database keeps an HMAC-SHA256 of it, keyed with the app's SECRET_KEY,
so that a copy of the database alone gives no unused code away (a plain hash of 8 characters could be
guessed offline). Rotating SECRET_KEY therefore makes unused printed cards invalid: print new ones.

Using a code is one UPDATE in the answer's own transaction (answers.services.submit): it sets `used`
and nothing else. No column, time or log line ties a code to the submission it allowed.
"""

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import exists, false, func, select, update

from participation.answers.models import AccessCode, Submission
from participation.audit.services import record
from participation.extensions import db

# The same alphabet as the offers' codes (offers.services.CODE_ALPHABET): no 0/o, 1/l/i.
CARD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CARD_LENGTH = 8
MAX_CARDS = 200  # per printed sheet


class CodesLocked(Exception):
    """The offer already has answers: whether it needs a code can no longer change."""


class CodesNotRequired(Exception):
    """Cards can only be printed for an offer that requires a code."""


def code_hash(code: str) -> str:
    """The stored form of a (normalised) code: HMAC-SHA256 with the app's secret key, 64 hex digits."""
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else key.encode()
    return hmac.new(key, b"access-code:" + code.encode(), hashlib.sha256).hexdigest()


def looks_like_code(code: str) -> bool:
    """Whether a normalised code can be one of ours (else it never reaches the database)."""
    return len(code) == CARD_LENGTH and all(c in CARD_ALPHABET for c in code)


def has_answers(offer_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(Submission.offer_id == offer_id))))


def set_required(offer, required: bool, *, actor) -> None:
    """Switch "everyone counts once" on or off; only before the first answer (CodesLocked)."""
    if offer.requires_code == required:
        return
    if has_answers(offer.id):
        raise CodesLocked(offer)
    offer.requires_code = required
    record("codes.require" if required else "codes.unrequire", actor=actor, offer_id=offer.id)


def new_codes(offer, count: int, *, actor) -> list[str]:
    """Make `count` new codes for the offer as one new batch and return their plaintexts (for the printed
    sheet only; the caller commits). The audit log gets the count, never a code."""
    if not offer.requires_code:
        raise CodesNotRequired(offer)
    if not 1 <= count <= MAX_CARDS:
        raise ValueError(count)
    batch = (
        db.session.scalar(select(func.max(AccessCode.batch)).where(AccessCode.offer_id == offer.id)) or 0
    ) + 1
    codes: dict[str, str] = {}
    while len(codes) < count:
        code = "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_LENGTH))
        codes.setdefault(code_hash(code), code)
    # 31^8 ≈ 8.5e11 codes: a clash with a stored one is as good as impossible, and the UNIQUE hash
    # would refuse it (the sheet is then simply printed again).
    db.session.execute(
        AccessCode.__table__.insert(),
        [{"offer_id": offer.id, "code_hash": h, "used": False, "batch": batch} for h in codes],
    )
    record("codes.print", actor=actor, offer_id=offer.id, detail=str(count))
    return list(codes.values())


def use(offer_id: int, code: str) -> bool:
    """Mark the code used, atomically: True if it was an unused code of this offer. In the caller's
    transaction; of two parallel uses exactly one gets True."""
    result = db.session.execute(
        update(AccessCode)
        .where(
            AccessCode.offer_id == offer_id,
            AccessCode.code_hash == code_hash(code),
            AccessCode.used == false(),
        )
        .values(used=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def state(offer_id: int, code: str) -> str:
    """ "unused", "used" or "unknown": what a young person is told about the code they typed."""
    if not looks_like_code(code):
        return "unknown"
    used = db.session.scalar(
        select(AccessCode.used).where(
            AccessCode.offer_id == offer_id, AccessCode.code_hash == code_hash(code)
        )
    )
    if used is None:
        return "unknown"
    return "used" if used else "unused"


def usage(offer_id: int) -> tuple[int, int]:
    """(used, printed) codes of the offer, for "23 of 30 codes used"."""
    used, total = db.session.execute(
        select(
            func.count().filter(AccessCode.used.is_(True)),
            func.count(),
        ).where(AccessCode.offer_id == offer_id)
    ).one()
    return used or 0, total or 0
