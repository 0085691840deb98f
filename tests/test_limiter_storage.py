"""The login limit across app instances: two separate server processes on one Redis share one count, as
every gunicorn worker and app server does in production; with memory storage each counts alone."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from factories import (
    ALL_OPTIONAL,
    PASSWORD,
    create_test_offer,
    csrf_token_from,
    free_port,
    offer_code,
    question_ids,
)
from participation import create_app
from participation.accounts.services import create_user
from participation.answers.models import Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.roles import Role

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SERVE = (
    "import os; from werkzeug.serving import run_simple; from participation import create_app; "
    "run_simple('127.0.0.1', int(os.environ['PORT']), create_app(), threaded=True)"
)


def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise  # .ci/run starts Redis: in CI a missing Redis is a failure
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


@pytest.fixture
def servers(tmp_path):
    """Return a function that starts two app processes on one SQLite file with these limiter settings."""
    database = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        create_user(email="worker@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[])
        db.session.commit()
        db.engine.dispose()
    started = []

    def _start(storage: str, prefix: str) -> list[int]:
        ports = [free_port(), free_port()]
        for port in ports:
            env = {
                **os.environ,
                "PORT": str(port),
                "PARTICIPATION_SECRET_KEY": "shared-by-both-servers",
                "PARTICIPATION_SQLALCHEMY_DATABASE_URI": database,
                "PARTICIPATION_RATELIMIT_STORAGE_URI": storage,
                "PARTICIPATION_RATELIMIT_KEY_PREFIX": prefix,
                "PARTICIPATION_SECOND_FACTOR_REQUIRED": "false",
            }
            started.append(
                subprocess.Popen([sys.executable, "-c", SERVE], env=env, stderr=subprocess.DEVNULL)
            )
        for port in ports:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
        return ports

    yield _start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def wrong_login(port: int) -> int:
    """One wrong password through the real form (CSRF token and all), as a browser sends it."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"http://127.0.0.1:{port}/team/login"
    token = csrf_token_from(opener.open(url, timeout=5).read().decode())
    data = urlencode({"email": "worker@example.org", "password": "wrong one", "csrf_token": token}).encode()
    try:
        return opener.open(url, data=data, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_instances_on_one_redis_share_the_limit(servers):
    redis = redis_client()
    prefix = f"mitreden-test-{uuid.uuid4().hex}"
    try:
        first, second = servers(REDIS_URL, prefix)
        statuses = [wrong_login(port) for port in (first, second) * 3]  # alternating, as a load balancer does
        assert statuses == [200] * 5 + [429]
        assert wrong_login(first) == 429 and wrong_login(second) == 429
        keys = [key.decode() for key in redis.scan_iter(f"*{prefix}*")]
        assert keys and not any("127.0.0.1" in key or "worker@example.org" in key for key in keys)
    finally:
        for key in redis.scan_iter(f"*{prefix}*"):
            redis.delete(key)


def test_with_memory_storage_each_instance_counts_alone(servers):
    first, second = servers("memory://", "memory-test")
    statuses = [wrong_login(port) for port in (first, second) * 3]
    assert statuses == [200] * 6  # three failures each: neither has seen five
    assert [wrong_login(first) for _ in range(3)] == [200, 200, 429]


def test_when_redis_is_away_logins_stay_limited_and_answers_are_stored(app_with):
    app = app_with(RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0")  # nothing listens on port 9
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    smiley = question_ids(app, offer_id)[QuestionKind.smiley][0]
    phone = app.test_client()
    assert phone.post(f"/q/{offer_code(app, offer_id)}", data={f"q{smiley}": "4"}).status_code == 302
    with app.app_context():
        create_user(email="worker@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[])
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
    client = app.test_client()
    statuses = [
        client.post("/team/login", data={"email": "worker@example.org", "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]  # the in-memory fallback still counts
