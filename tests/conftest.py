import os
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from participation import create_app, database_uri
from participation.admin.models import Organisation, OrganisationKind
from participation.admin.services import create_organisation, create_user
from participation.auth.models import Role
from participation.extensions import db
from participation.offers import services as offer_services
from participation.offers.models import AgeGroup, Goal, OfferFormat, ParticipationLevel, QuestionKind
from participation.timeutil import local_today

DATABASE_URL = database_uri(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
SERVER_DB = not DATABASE_URL.startswith("sqlite")
PASSWORD = "correct horse battery"


def make_app(**overrides):
    """Build an app for tests on the test database, CSRF off unless a test turns it on."""
    config = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
              "SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SERVER_NAME": "mitreden.test"}
    config.update(overrides)
    return create_app(config)


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


ALL_KINDS = [
    offer_services.QuestionFields(QuestionKind.smiley, "Wie gefällt dir der Treff?", True),
    offer_services.QuestionFields(QuestionKind.single, "Wann kommst du?", False, None, ["Morgens", "Abends"]),
    offer_services.QuestionFields(QuestionKind.multiple, "Was wünschst du dir?", False, None,
                                  ["Kicker", "Musik", "Kochen"]),
    offer_services.QuestionFields(QuestionKind.yes_no, "Hilfst du mit?"),
    offer_services.QuestionFields(QuestionKind.dots, "Verteile 3 Punkte", False, 3, ["WLAN", "Ausflüge", "Möbel"]),
    offer_services.QuestionFields(QuestionKind.text, "Was noch?"),
]


def offer_fields(starts_in=-1, ends_in=14, feedback_in=30, **overrides) -> offer_services.OfferFields:
    """Offer fields for tests; dates are given in days from today (call inside an app context)."""
    today = local_today()
    fields = dict(
        title="Sommer im Jugendtreff", description="Was sollen wir anbieten?", format=OfferFormat.online_survey,
        level=ParticipationLevel.co_decision, age_groups=[AgeGroup.age_10_13], ortsteil_codes=["20"],
        goals=[Goal.participation], decision_scope="Ihr wählt drei Angebote aus.",
        starts_on=today + timedelta(days=starts_in), ends_on=today + timedelta(days=ends_in),
        feedback_due_on=today + timedelta(days=feedback_in),
    )
    fields.update(overrides)
    return offer_services.OfferFields(**fields)


ALL_OPTIONAL = [replace(q, is_required=False) for q in ALL_KINDS]


def create_test_offer(app, organisation_id=None, publish=True, questions=ALL_KINDS, **overrides) -> int:
    """Create an offer (open by default, with every question kind) and return its id."""
    with app.app_context():
        if organisation_id is None:
            organisation = create_organisation(name=f"Träger {os.urandom(3).hex()}", kind=OrganisationKind.traeger)
        else:
            organisation = db.session.get(Organisation, organisation_id)
        offer = offer_services.create_offer(organisation=organisation, created_by=None,
                                            fields=offer_fields(**overrides))
        for question in questions:
            offer_services.add_question(offer, question)
        if publish:
            offer_services.publish(offer)
        db.session.commit()
        return offer.id


@pytest.fixture
def make_offer(app):
    """Return a function that creates an offer and returns its id (see create_test_offer)."""
    def _make(*args, **kwargs):
        return create_test_offer(app, *args, **kwargs)
    return _make


def offer_code(app, offer_id: int) -> str:
    from participation.offers.models import Offer

    with app.app_context():
        return db.session.get(Offer, offer_id).code


def question_ids(app, offer_id: int) -> dict:
    """Map each question kind of an offer to (question id, [option ids])."""
    from participation.offers.models import Offer

    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        return {q.kind: (q.id, [o.id for o in q.options]) for q in offer.questions}


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the suite's kind: a SQLite file, or a new PostgreSQL database dropped afterwards."""
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
