"""Extension singletons, bound to the app in create_app()."""

import enum
import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import DeclarativeBase, registry


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(
            naming_convention={
                "ix": "ix_%(column_0_label)s",
                "uq": "uq_%(table_name)s_%(column_0_name)s",
                "ck": "ck_%(table_name)s_%(constraint_name)s",
                "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
                "pk": "pk_%(table_name)s",
            }
        ),
        # Every enum column: VARCHAR + CHECK rather than a native PostgreSQL ENUM, so adding a value stays a
        # plain migration. The column holds the member's *name* (e.g. "age_6_9"), not its value ("6-9").
        type_annotation_map={
            enum.Enum: Enum(enum.Enum, native_enum=False, length=30, create_constraint=True)
        },
    )


# What "the database is away" looks like: refused or lost connections, a restart, a statement or
# connect timeout, SQLite's "database is locked" after its busy timeout, an exhausted pool.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)


class SessionSafeSQLAlchemy(SQLAlchemy):
    """Flask-SQLAlchemy whose session can be given up after an outage without another error."""

    def discard_session(self) -> None:
        """End the current session after a database error; its rollback may fail as well."""
        try:
            self.session.remove()
        except SQLAlchemyError:
            # The connection is gone: drop the session, the pool replaces the connection.
            self.session.registry.clear()

    def _teardown_session(self, exc: BaseException | None) -> None:
        # The closing rollback of a request whose connection died must not turn into a raw 500.
        self.discard_session()


# create_savepoint only matters when the session is bound to a connection that is already in a
# transaction, i.e. in tests; it keeps app-level rollbacks from wiping the test's data.
db = SessionSafeSQLAlchemy(model_class=Base, session_options={"join_transaction_mode": "create_savepoint"})
csrf = CSRFProtect()
babel = Babel()
login = LoginManager()
migrate = Migrate(render_as_batch=True, compare_type=True)


class AppLimiter(Limiter):
    """Flask-Limiter that starts each app with its own storage alive: the extension is one object for
    every app of a process (tests build many), and would otherwise carry "Redis is down" from one app
    into the next."""

    def init_app(self, app) -> None:
        self._storage_dead = False
        super().init_app(app)


# Login and answer limits. Its storage (memory, or Redis from RATELIMIT_STORAGE_URI) is the only place a
# client address is held (hashed: participation.throttle), for the window of a limit. No default limits.
limiter = AppLimiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # SQLite ignores foreign keys (and ON DELETE) unless asked per connection; PostgreSQL always enforces them
    # WAL lets readers go on while one gunicorn worker writes; a second writer waits its turn for up to
    # SQLITE_BUSY_TIMEOUT (sqlite3's timeout, set in create_app's engine options) instead of failing.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_transaction_before_savepoint(connection, name) -> None:
    # sqlite3 opens a transaction before INSERT/UPDATE/DELETE, but not before a SAVEPOINT, whose RELEASE
    # then commits on its own (a submission without its answers). Open it here; commit() ends it.
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")
