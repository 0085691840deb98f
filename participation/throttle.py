"""Limits per client address without keeping the address: the limiter (Flask-Limiter, in memory or in
Redis) sees only a keyed hash of it, and only for the window of a limit. Nothing here reaches the
database or the logs."""

import hashlib
import hmac
import logging

from flask import current_app, request
from limits import parse_many

from participation.extensions import limiter

logger = logging.getLogger(__name__)


def hashed_key(scope: str, value: str) -> str:
    """A limit key for value in scope, e.g. "login-account": a keyed hash, so that the limiter's storage
    holds no address and no e-mail address."""
    secret = current_app.config["SECRET_KEY"].encode()
    return f"{scope}:{hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:20]}"


def address_key(scope: str) -> str:
    """A limit key for this request's client address in scope, e.g. "login" or "answers:12"."""
    return hashed_key(scope, request.remote_addr or "")


def allow(limits: str, key: str) -> bool:
    """Count one hit for key against each limit in limits ("60 per minute; 300 per hour"), in order;
    False at the first one that is used up. Each hit is atomic in the storage, so parallel requests on
    several workers never get past a limit together. If the storage fails, allow."""
    try:
        strategy = limiter.limiter
        return all(strategy.hit(item, key) for item in parse_many(limits))
    except Exception:  # Redis away: an answer must never be lost to the limiter
        logger.warning("rate limit storage unavailable; %s not limited", key.partition(":")[0])
        return True
