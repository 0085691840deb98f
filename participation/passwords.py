"""Hashes of staff passwords and recovery codes: Werkzeug's salted scrypt, at the cost the setting
PASSWORD_HASH_METHOD names ("scrypt", Werkzeug's default, N = 32768). A check reads the cost from the
stored hash itself, so hashes made at another cost still check."""

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


def hash_secret(secret: str) -> str:
    """Return a salted hash of secret (a password or a recovery code), never the secret."""
    return generate_password_hash(secret, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_secret(stored_hash: str, secret: str) -> bool:
    """Say whether secret is the one stored_hash was made from."""
    return check_password_hash(stored_hash, secret)


@cache
def _nobodys_hash(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def check_for_nobody(secret: str) -> None:
    """Take as long as checking a real account's password: the time does not tell that it doesn't exist."""
    check_password_hash(_nobodys_hash(current_app.config["PASSWORD_HASH_METHOD"]), secret)
