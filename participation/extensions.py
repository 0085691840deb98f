"""Extension singletons, bound to the app in create_app()."""

import enum
import sqlite3

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Enum, MetaData, event
from sqlalchemy.engine import Engine
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


# create_savepoint only matters when the session is bound to a connection that is already in a
# transaction, i.e. in tests; it keeps app-level rollbacks from wiping the test's data.
db = SQLAlchemy(model_class=Base, session_options={"join_transaction_mode": "create_savepoint"})
csrf = CSRFProtect()
babel = Babel()
login = LoginManager()
migrate = Migrate(render_as_batch=True, compare_type=True)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # SQLite ignores foreign keys (and ON DELETE) unless asked per connection; PostgreSQL always enforces them
    # WAL lets readers go on while one gunicorn worker writes; busy_timeout makes a second writer wait
    # its turn instead of failing, so no answer is lost when two arrive at once.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
