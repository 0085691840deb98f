"""While the database is away (down, restarting, hung or locked) nothing a young person sent is lost:
the form comes back with every answer and a 503, the thank-you page still works, no page is a raw 500,
and once the database is back the answer lands exactly once."""

import re
import sqlite3
import time

import pytest
from outage import Outage, SilentServer
from sqlalchemy import func, select, text

from factories import ALL_OPTIONAL, SERVER_DB, create_test_offer, make_app, offer_code, question_ids
from participation.answers.models import Submission
from participation.enums import QuestionKind
from participation.extensions import DATABASE_UNAVAILABLE, db
from participation.link import cache

KEPT = "Wir konnten deine Antworten gerade nicht speichern"


@pytest.fixture
def outage(fresh_database_url, tmp_path):
    """An app on a database that the test can make unreachable (and reachable again)."""
    cache.snapshots.clear()
    away = Outage(fresh_database_url, tmp_path)
    app = make_app(SQLALCHEMY_DATABASE_URI=away.url)
    with app.app_context():
        db.create_all()
    away.app = app
    yield away
    with app.app_context():
        db.engine.dispose()
    cache.snapshots.clear()


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Submission))


def full_answer(app, offer_id, form_id) -> dict:
    ids = question_ids(app, offer_id)
    single, multiple, dots = ids[QuestionKind.single], ids[QuestionKind.multiple], ids[QuestionKind.dots]
    return {
        "form_id": form_id,
        f"q{ids[QuestionKind.smiley][0]}": "4",
        f"q{single[0]}": str(single[1][1]),
        f"q{multiple[0]}": [str(multiple[1][0]), str(multiple[1][2])],
        f"q{ids[QuestionKind.yes_no][0]}": "1",
        f"q{dots[0]}-o{dots[1][1]}": "2",
        f"q{ids[QuestionKind.text][0]}": "Mehr Bänke im Park",
        "age_group": "10-13",
        "ortsteil": "62",
    }


def form_id_in(page: str) -> str:
    return re.search(r'name="form_id" value="([^"]+)"', page).group(1)


def test_the_form_comes_back_with_every_answer_and_lands_once_when_the_database_is_back(outage):
    app = outage.app
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    code, client = offer_code(app, offer_id), app.test_client()
    form_id = form_id_in(client.get(f"/q/{code}").get_data(as_text=True))
    data = full_answer(app, offer_id, form_id)
    dots_option = question_ids(app, offer_id)[QuestionKind.dots][1][1]
    outage.cut(app)
    response = client.post(f"/q/{code}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert KEPT in page and form_id_in(page) == form_id  # sending again is the same form
    assert "Mehr Bänke im Park</textarea>" in page and 'value="62" selected' in page
    assert len(re.findall(r"\bchecked\b", page)) == 6  # smiley, single, two of multiple, yes, age group
    assert re.search(rf'name="q\d+-o{dots_option}"[^>]*value="2"', page)
    outage.restore()
    for _ in range(2):  # the retry, and one more tap
        again = client.post(f"/q/{code}", data=data)
        assert again.status_code == 302 and again.headers["Location"].endswith("/danke")
    assert stored(app) == 1


def test_a_server_that_never_showed_the_offer_sends_the_answers_back_as_they_came(outage):
    app = outage.app
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    code = offer_code(app, offer_id)
    data = full_answer(app, offer_id, "a" * 22)
    outage.cut(app)
    response = app.test_client().post(f"/q/{code}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and KEPT in page
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    outage.restore()
    resent = {}
    for name, value in fields:
        resent.setdefault(name, []).append(value)
    ids = question_ids(app, offer_id)
    assert resent[f"q{ids[QuestionKind.text][0]}"] == ["Mehr Bänke im Park"]
    assert len(resent[f"q{ids[QuestionKind.multiple][0]}"]) == 2
    landed = app.test_client().post(f"/q/{code}", data=resent)
    assert landed.status_code == 302 and stored(app) == 1


def test_thanks_and_every_read_only_page_answer_without_the_database(outage, make_user, login):
    app = outage.app
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    code, client = offer_code(app, offer_id), app.test_client()
    form_id = form_id_in(client.get(f"/q/{code}").get_data(as_text=True))
    assert client.post(f"/q/{code}", data=full_answer(app, offer_id, form_id)).status_code == 302
    outage.cut(app)
    thanks = client.get(f"/q/{code}/danke")
    assert thanks.status_code == 200 and "Sommer im Jugendtreff" in thanks.get_data(as_text=True)
    form = app.test_client().get(f"/q/{code}")  # another phone: the form, from this server's snapshot
    assert form.status_code == 200 and 'name="form_id"' in form.get_data(as_text=True)
    cache.snapshots.clear()  # a server that never showed this offer
    plain = client.get(f"/q/{code}/danke")
    assert plain.status_code == 200 and "Danke" in plain.get_data(as_text=True)
    for path in (f"/q/{code}", "/angebote/", f"/angebote/{code}", "/team/", "/team/login"):
        response = app.test_client().get(path)
        assert response.status_code in (200, 302, 503), path
        if response.status_code == 503:
            assert "Bitte versuche es gleich noch einmal" in response.get_data(as_text=True), path
            assert response.headers["Retry-After"]
    health = app.test_client().get("/healthz")
    assert health.status_code == 503 and health.json["database"] == "unreachable"


@pytest.mark.skipif(not SERVER_DB, reason="a database restart drops connections only on a server database")
def test_the_first_request_after_a_database_restart_works(outage):
    app = outage.app
    code = offer_code(app, create_test_offer(app))
    client = app.test_client()
    assert client.get(f"/q/{code}").status_code == 200  # a pooled connection now exists
    outage.cut(app)
    outage.restore()  # the pooled connection is dead, the server is back
    assert client.get(f"/angebote/{code}").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_connection_that_dies_during_a_request_never_makes_the_cleanup_fail(outage):
    app = outage.app
    with app.test_request_context("/"):
        db.session.execute(text("SELECT 1"))  # the request holds a connection in a transaction
        if SERVER_DB:
            outage.cut(app)
        else:
            db.session.connection().connection.dbapi_connection.close()
        app.do_teardown_appcontext()  # the closing rollback fails underneath, and is absorbed
    if SERVER_DB:
        outage.restore()


@pytest.mark.parametrize("kind", ["hung", "down"])
def test_healthz_answers_503_within_a_bounded_time(kind):
    silent = SilentServer()
    port = silent.port
    if kind == "down":
        silent.close()
    app = make_app(
        SQLALCHEMY_DATABASE_URI=f"postgresql://mitreden@127.0.0.1:{port}/nothing", HEALTH_TIMEOUT=1
    )
    started = time.monotonic()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and time.monotonic() - started < 3
    silent.close()


def test_sqlite_locked_past_its_busy_timeout_is_an_outage_too(tmp_path):
    cache.snapshots.clear()
    path = tmp_path / "locked.sqlite"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT=0.2)
    with app.app_context():
        db.create_all()
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    code, client = offer_code(app, offer_id), app.test_client()
    data = full_answer(app, offer_id, form_id_in(client.get(f"/q/{code}").get_data(as_text=True)))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another writer holds the database
    response = client.post(f"/q/{code}", data=data)
    assert response.status_code == 503 and KEPT in response.get_data(as_text=True)
    other.execute("ROLLBACK")
    other.close()
    assert client.post(f"/q/{code}", data=data).status_code == 302 and stored(app) == 1
    with app.app_context():
        db.engine.dispose()


def test_postgresql_connections_have_a_connect_and_a_statement_time_limit():
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql://mitreden@db.internal/mitreden")
    connect_args = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    assert connect_args["connect_timeout"] == 3 and connect_args["options"] == "-c statement_timeout=5000"


@pytest.mark.skipif(not SERVER_DB, reason="statement_timeout is a PostgreSQL setting")
def test_a_statement_that_runs_too_long_is_stopped(fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url, DATABASE_STATEMENT_TIMEOUT_MS=200)
    with app.app_context():
        started = time.monotonic()
        with pytest.raises(DATABASE_UNAVAILABLE):
            db.session.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 2
        db.discard_session()
        db.engine.dispose()
