import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from factories import ALL_OPTIONAL, create_test_offer, make_app, offer_code, question_ids
from participation.enums import QuestionKind
from participation.extensions import db

OLD_OFFER = (
    "INSERT INTO offers (id, code, organisation_id, title, description, format, level, decision_scope, "
    "starts_on, ends_on, feedback_due_on, status, created_at) "
    "VALUES (1, 'abcd2345', 1, 'T', '', 'online_survey', 'consultation', 'S', "
    "'2026-01-01', '2026-01-31', '2026-02-28', 'open', '2026-01-01')"
)


CHILD_ROWS = [
    "INSERT INTO users (id, email, password_hash, role, is_active_account, created_at) "
    "VALUES (1, 'w@example.org', 'x', 'youth_worker', true, '2026-01-01')",
    "INSERT INTO memberships (user_id, organisation_id, is_moderator) VALUES (1, 1, true)",
    "INSERT INTO questions (id, offer_id, position, kind, prompt, is_required) "
    "VALUES (1, 1, 0, 'smiley', 'Wie?', false)",
    "INSERT INTO submissions (id, offer_id, created_at) VALUES (1, 1, '2026-01-02')",
    "INSERT INTO answers (id, submission_id, question_id, value) VALUES (1, 1, 1, 4)",
]


def stored_date(connection, column: str) -> str:
    return str(connection.execute(text(f"SELECT {column} FROM offers")).scalar())[:10]


def insert_old_offer(connection) -> None:
    """An organisation and an open offer as the core-loop schema stored them (before outcome_due_on)."""
    connection.execute(
        text(
            "INSERT INTO organisations (id, name, kind, is_active, created_at) "
            "VALUES (1, 'Treff', 'youth_club', true, '2026-01-01')"
        )
    )
    connection.execute(text(OLD_OFFER))


def test_migrations_build_exactly_the_models_schema(fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        assert set(inspect(db.engine).get_table_names()) >= {"offers", "questions", "submissions", "answers"}
        flask_migrate.downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        db.engine.dispose()


def test_free_text_collected_before_moderation_waits_for_a_moderator(fresh_database_url):
    """The moderation migration puts existing free text into the queue; it never becomes public unchecked."""
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        flask_migrate.upgrade(revision="1ee75ff172bb")  # the core-loop schema, before moderation
        with db.engine.begin() as connection:
            insert_old_offer(connection)
            connection.execute(
                text(
                    "INSERT INTO questions (id, offer_id, position, kind, prompt, is_required) "
                    "VALUES (1, 1, 0, 'text', 'Was noch?', false), (2, 1, 1, 'smiley', 'Wie?', false)"
                )
            )
            connection.execute(
                text("INSERT INTO submissions (id, offer_id, created_at) VALUES (1, 1, '2026-01-02')")
            )
            connection.execute(
                text(
                    "INSERT INTO answers (id, submission_id, question_id, text, value) "
                    "VALUES (1, 1, 1, 'alt', NULL), (2, 1, 2, NULL, 4)"
                )
            )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            states = dict(connection.execute(text("SELECT id, review_state FROM answers")).all())
        assert states == {1: "pending", 2: None}
        db.engine.dispose()


def test_the_promised_rueckmeldung_date_survives_its_rename(fresh_database_url):
    """feedback_due_on became outcome_due_on: dates move with it both ways, and the check still holds."""
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        flask_migrate.upgrade(revision="fe46788a2d02")
        with db.engine.begin() as connection:
            insert_old_offer(connection)
            for statement in CHILD_ROWS:
                connection.execute(text(statement))
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert stored_date(connection, "outcome_due_on") == "2026-02-28"
            # SQLite rebuilds offers, users and organisations: nothing that refers to them may go too.
            for table in ("questions", "submissions", "answers", "memberships"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1, table
            with pytest.raises(IntegrityError):
                connection.execute(text("UPDATE offers SET outcome_due_on = '2026-01-02'"))
        flask_migrate.downgrade(revision="fe46788a2d02")
        with db.engine.connect() as connection:
            assert stored_date(connection, "feedback_due_on") == "2026-02-28"
        db.engine.dispose()


def test_going_back_before_kinderschutz_deletes_concern_texts(fresh_database_url):
    """Below the Kinderschutz migration there is no queue only the contact reads: a concern text must not
    land where moderators or results could see it, so it goes."""
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        flask_migrate.upgrade()
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    code, text_q = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    for answer in ("Mein Vater schlägt mich", "Mehr Sofas"):
        assert app.test_client().post(f"/q/{code}", data={f"q{text_q}": answer}).status_code == 302
    with app.app_context():
        flask_migrate.downgrade(revision="a14e7f3c2b01")
        with db.engine.connect() as connection:
            texts = (
                connection.execute(text("SELECT text FROM answers WHERE text IS NOT NULL")).scalars().all()
            )
        assert texts == ["Mehr Sofas"]
        db.engine.dispose()
