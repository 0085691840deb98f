import os
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from factories import DATABASE_URL, PASSWORD, SERVER_DB, create_test_offer, make_app
from participation import create_app
from participation.accounts.models import Organisation
from participation.accounts.services import create_organisation, create_user
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.link import cache
from participation.roles import Role


@pytest.fixture(scope="session")
def _schema():
    """With a server database, build the tables once per run."""
    if SERVER_DB:
        app = make_app()
        with app.app_context():
            db.drop_all()
            db.create_all()
            db.engine.dispose()


def _isolated(app):
    """Run a test on SQLite in memory, or on PostgreSQL inside one rolled-back outer transaction."""
    with app.app_context():
        if not SERVER_DB:
            db.create_all()  # SQLite: a fresh in-memory database per test
        engines = db.engines
    if not SERVER_DB:
        yield app
        return
    opened = []
    for key, engine in list(engines.items()):
        connection = engine.connect()
        opened.append((key, engine, connection, connection.begin()))
        engines[key] = connection
    yield app
    for key, engine, connection, transaction in opened:
        transaction.rollback()
        connection.close()
        engines[key] = engine
        engine.dispose()


@pytest.fixture
def app(_schema):
    """The app on an isolated, empty database."""
    yield from _isolated(make_app())


@pytest.fixture
def csrf_app(_schema):
    """The app with CSRF protection on, as in production."""
    yield from _isolated(make_app(WTF_CSRF_ENABLED=True))


@pytest.fixture
def app_with(_schema):
    """Return a function that builds the app with extra settings on an isolated database."""
    opened = []

    def _make(**config):
        isolated = _isolated(make_app(**config))
        opened.append(isolated)
        return next(isolated)

    yield _make
    for isolated in opened:
        next(isolated, None)


@pytest.fixture
def cached_app(_schema):
    """The production setting of the answer path: forms cached for five seconds, CSRF on."""

    cache.forms.clear()
    yield from _isolated(make_app(PUBLIC_PAGE_CACHE_SECONDS=5, WTF_CSRF_ENABLED=True))
    cache.forms.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    """For service tests that make no requests."""
    with app.app_context():
        yield


@pytest.fixture
def make_organisation(app):
    """Return a function that creates an organisation and returns its id."""

    def _make(name="Jugendclub Ost", kind=OrganisationKind.youth_club):
        with app.app_context():
            organisation = create_organisation(name=name, kind=kind)
            db.session.commit()
            return organisation.id

    return _make


@pytest.fixture
def make_user(app):
    """Return a function that creates a staff account and returns its e-mail address."""

    def _make(email="fachkraft@example.org", role=Role.youth_worker, organisation_ids=()):
        with app.app_context():
            organisations = [db.session.get(Organisation, oid) for oid in organisation_ids]
            create_user(email=email, password=PASSWORD, role=role, organisations=organisations)
            db.session.commit()
            return email

    return _make


@pytest.fixture
def login(client):
    """Return a function that logs the test client in."""

    def _login(email, password=PASSWORD):
        return client.post("/team/login", data={"email": email, "password": password})

    return _login


@pytest.fixture
def worker(make_organisation, make_user, login):
    """A youth worker of a fresh organisation, logged in on the client; returns the organisation's id."""
    organisation_id = make_organisation("Jugendclub Grünau")
    make_user("worker@example.org", Role.youth_worker, [organisation_id])
    login("worker@example.org")
    return organisation_id


@pytest.fixture
def make_offer(app):
    """Return a function that creates an offer and returns its id (see create_test_offer)."""

    def _make(*args, **kwargs):
        return create_test_offer(app, *args, **kwargs)

    return _make


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the suite's kind: a SQLite file, or a new PostgreSQL database (dropped after)."""
    if not SERVER_DB:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    name = f"mitreden_test_{os.getpid()}_{os.urandom(3).hex()}"
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def live_app(fresh_database_url):
    """The real app (CSRF on) on an empty database of the suite's kind."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test",
            "SQLALCHEMY_DATABASE_URI": fresh_database_url,
            "SECOND_FACTOR_REQUIRED": False,  # tests/test_second_factor.py covers it
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    """Serve the app on 127.0.0.1 with a port chosen by the OS, in a daemon thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
