"""Liveness check for load balancers and monitoring: answers within a bounded time, also when the
database is down or hung."""

from functools import cache

from flask import Blueprint, current_app
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from participation.extensions import DATABASE_UNAVAILABLE, db

bp = Blueprint("health", __name__)


@cache
def _probe_engine(url: str, timeout: int):
    # Its own unpooled connection: a pooled one to a hung server would wait for ever in its first
    # statement, while connecting is bounded by connect_timeout even when the server never replies.
    connect_args = {"connect_timeout": timeout, "options": f"-c statement_timeout={timeout * 1000}"}
    return create_engine(url, poolclass=NullPool, connect_args=connect_args)


def database_answers() -> bool:
    """Whether the database answers SELECT 1 within HEALTH_TIMEOUT seconds (PostgreSQL; SQLite is a file)."""
    bind = db.engine
    url = getattr(bind, "engine", bind).url  # tests bind the session to a connection
    try:
        if url.get_backend_name() == "postgresql":
            engine = _probe_engine(
                url.render_as_string(hide_password=False), current_app.config["HEALTH_TIMEOUT"]
            )
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        else:
            db.session.execute(text("SELECT 1"))
    except DATABASE_UNAVAILABLE:
        db.discard_session()
        return False
    return True


@bp.route("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 otherwise."""
    if not database_answers():
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok"}
