"""The second factor for staff who can read young people's unmoderated text or run the platform: a
TOTP code (RFC 6238, any authenticator app) or one of ten one-time recovery codes."""

import re
import secrets

import pyotp
from sqlalchemy import select

from participation.accounts.models import RecoveryCode, User
from participation.accounts.services import moderator_rights
from participation.audit.services import record
from participation.extensions import db
from participation.parsing import ascii_digits
from participation.passwords import check_secret, hash_secret
from participation.roles import ADMINS
from participation.timeutil import utcnow

ISSUER = "Mitreden"
RECOVERY_CODES = 10


def required(user: User) -> bool:
    """Administrators and everyone with a moderator right need the second factor."""
    return user.role in ADMINS or bool(moderator_rights(user))


def new_secret() -> str:
    """A fresh shared secret for enrolment (kept in the session until a first code confirms it)."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _step(secret: str, code: str) -> int | None:
    """The time step a code belongs to (this one, or one either side for clock drift), or None; None
    for anything but six ASCII digits too (compare_digest refuses other characters with an error)."""
    if not re.fullmatch(r"[0-9]{6}", code):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    for step in (now, now - 1, now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm(user: User, secret: str, code: str) -> list[str] | None:
    """Switch the second factor on if code fits secret; return the new recovery codes (shown once)."""
    step = _step(secret, ascii_digits(code.strip().replace(" ", "")))
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    user.recovery_codes = [RecoveryCode(code_hash=hash_secret(c)) for c in codes]
    record("second_factor.on", actor=user)
    db.session.flush()
    return codes


def verify(user: User, code: str) -> bool:
    """Check a TOTP code (each works once) or an unused recovery code (then used up)."""
    code = ascii_digits(code.strip().replace(" ", "").lower())
    if not user.totp_secret or not code:
        return False
    step = _step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # seen already: a code read over someone's shoulder does not work twice
        user.totp_last_step = step
        db.session.flush()
        return True
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    for recovery in unused:
        if check_secret(recovery.code_hash, code):
            recovery.used_at = utcnow()
            record("second_factor.recovery_code_used", actor=user)
            db.session.flush()
            return True
    return False
