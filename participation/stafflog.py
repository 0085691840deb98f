"""The staff log: what staff did and by which account id (never a young person's text), written only
once the change is committed, so that a rolled-back action never appears as done."""

import logging

from sqlalchemy import event

from participation.extensions import db

_PENDING = "staff_log_lines"


def log_after_commit(logger: logging.Logger, message: str, *args) -> None:
    """Queue a log line with the current transaction; it is written if and when the transaction commits."""
    db.session.info.setdefault(_PENDING, []).append((logger, message, args))


@event.listens_for(db.session, "after_commit")
def _write(session) -> None:
    if session.in_nested_transaction():  # a savepoint was released: the real commit is still to come
        return
    for logger, message, args in session.info.pop(_PENDING, []):
        logger.info(message, *args)


@event.listens_for(db.session, "after_transaction_end")
def _drop(session, transaction) -> None:
    # The session's own transaction ended without a commit (rolled back or closed): forget its lines.
    # A savepoint ending inside it (transaction.parent set) leaves them for the outer commit.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
