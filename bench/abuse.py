"""Abuse run: the audit's attacks on a real server, with the figures of issue 11.

    .venv/bin/python bench/abuse.py        (about 2 minutes; BENCH_STUFF_SECONDS sets the stuffing part)

Setup: a throwaway SQLite file, the schema by migrations, an account and two open offers with one
optional smiley question, gunicorn (wsgi:app, BENCH_WORKERS sync workers, default 2) on a free port,
the limits in Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14, a fresh key prefix that is
deleted afterwards), as in production. Client addresses are sent as X-Forwarded-For, as nginx does.

1. Brute force: 300 wrong passwords for one account as fast as one client can, each with a fresh
   session and CSRF token; then the right password. Counted: wrong passwords answered 200 (a real try)
   before the lockout, 429s, and whether the right one gets in right after.
2. A class: 30 phones (fresh cookies) behind one school address answer one offer within a minute.
3. Stuffing: from one address, 8 threads send answers to the other offer with a fresh cookie each,
   as fast as they can, for BENCH_STUFF_SECONDS (default 90). Counted: answers stored per minute.

Prints a table; exit 1 if the class did not get through or the stuffing was not slowed. Figures go to
bench/README.md; nothing here is a CI test.
"""

import html
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from common import open_offer, prepare, wait_until_up  # noqa: E402
from pgcluster import free_port  # noqa: E402

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
STUFF_SECONDS = float(os.environ.get("BENCH_STUFF_SECONDS", "90"))
PASSWORD = "Kastanien im Clara-Zetkin-Park"


def seed(database: str) -> tuple[str, str]:
    """An account and two open offers; returns their codes."""
    from participation import create_app
    from participation.accounts.services import create_organisation, create_user
    from participation.enums import OrganisationKind
    from participation.extensions import db
    from participation.roles import Role

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "seed"})
    codes = []
    with app.app_context():
        organisation = create_organisation(name="Bench-Treff", kind=OrganisationKind.youth_club)
        create_user(email="worker@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[])
        for title in ("Klasse", "Stuffing"):
            offer, _question = open_offer(organisation, title, required=False)
            codes.append(offer.code)
        db.session.commit()
        db.engine.dispose()
    return codes[0], codes[1]


def request(opener, url, data=None, address="127.0.0.1") -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": address})
    try:
        with opener.open(req, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0, ""  # counted as "no answer"


def fresh_client():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token_and_form_id(page: str) -> dict:
    fields = dict(re.findall(r'name="(csrf_token|form_id)"[^>]*value="([^"]*)"', page))
    fields.update({k: v for v, k in re.findall(r'value="([^"]*)"[^>]*name="(csrf_token|form_id)"', page)})
    return {k: html.unescape(v) for k, v in fields.items()}


def brute_force(base: str) -> dict:
    real_tries = locked = 0
    started = time.monotonic()
    for _ in range(300):
        client = fresh_client()
        _status, page = request(client, f"{base}/team/login", address="203.0.113.7")
        fields = token_and_form_id(page)
        status, _page = request(
            client,
            f"{base}/team/login",
            {"email": "worker@example.org", "password": "wrong guess", **fields},
            address="203.0.113.7",
        )
        real_tries += status == 200
        locked += status == 429
    seconds = time.monotonic() - started
    client = fresh_client()
    fields = token_and_form_id(request(client, f"{base}/team/login", address="198.51.100.9")[1])
    right, _ = request(
        client,
        f"{base}/team/login",
        {"email": "worker@example.org", "password": PASSWORD, **fields},
        address="198.51.100.9",
    )
    return {
        "wrong passwords tried for real": real_tries,
        "refused (429)": locked,
        "seconds": round(seconds, 1),
        "right password right after": right,
    }


def answer(base: str, code: str, address: str) -> int:
    client = fresh_client()
    status, page = request(client, f"{base}/q/{code}", address=address)
    if status != 200:
        return status
    smiley = re.search(r'name="(q\d+)"', page).group(1)
    status, _page = request(
        client, f"{base}/q/{code}", {smiley: "4", **token_and_form_id(page)}, address=address
    )
    return status


def a_class(base: str, code: str) -> dict:
    started = time.monotonic()
    statuses = [answer(base, code, "192.0.2.30") for _ in range(30)]
    return {
        "pupils": 30,
        "stored (302)": statuses.count(302),
        "seconds": round(time.monotonic() - started, 1),
    }


def stuffing(base: str, code: str) -> dict:
    stop = time.monotonic() + STUFF_SECONDS
    stored: list[float] = []
    refused, unanswered = [0], [0]
    lock = threading.Lock()

    def script():
        while time.monotonic() < stop:
            status = answer(base, code, "192.0.2.66")
            with lock:
                if status == 302:
                    stored.append(time.monotonic())
                elif status == 429:
                    refused[0] += 1
                else:
                    unanswered[0] += 1

    threads = [threading.Thread(target=script) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    minutes = (time.monotonic() - started) / 60
    first_minute = sum(1 for t in stored if t - started < 60)
    tried = len(stored) + refused[0] + unanswered[0]
    return {
        "sent": tried,
        "sent per second": round(tried / (minutes * 60)),
        "stored": len(stored),
        "stored in the first minute": first_minute,
        "stored per minute": round(len(stored) / minutes, 1),
        "refused (429, answers kept)": refused[0],
    }


def main() -> int:
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    store.ping()
    prefix = f"mitreden-bench-{uuid.uuid4().hex[:8]}"
    python = Path(sys.executable)
    port = int(os.environ.get("BENCH_PORT") or free_port())
    with tempfile.TemporaryDirectory(prefix="mitreden-abuse-") as tmp:
        database = f"sqlite:///{tmp}/abuse.sqlite"
        env = {
            **os.environ,
            "FLASK_APP": "participation",
            "PARTICIPATION_SQLALCHEMY_DATABASE_URI": database,
            "PARTICIPATION_SECRET_KEY": f"abuse-{os.urandom(8).hex()}",
            "PARTICIPATION_RATELIMIT_STORAGE_URI": REDIS_URL,
            "PARTICIPATION_RATELIMIT_KEY_PREFIX": prefix,
            "PARTICIPATION_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        }
        env.pop("DATABASE_URL", None)
        flask = str(python.parent / "flask")
        prepare(flask, env)
        class_code, stuffing_code = seed(database)
        log = open(Path(tmp) / "gunicorn.log", "w")
        gunicorn = subprocess.Popen(
            [str(python.parent / "gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            print(f"gunicorn {WORKERS} workers on {base}, limits in Redis {REDIS_URL} ({prefix})", flush=True)
            results = {"1. brute force on one account": brute_force(base)}
            print(results, flush=True)
            results["2. a class of 30, one address"] = a_class(base, class_code)
            print(results["2. a class of 30, one address"], flush=True)
            results[f"3. stuffing for {STUFF_SECONDS:.0f} s, one address"] = stuffing(base, stuffing_code)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=60)
            log.close()
            for key in store.scan_iter(f"*{prefix}*"):
                store.delete(key)
    print()
    for name, figures in results.items():
        print(f"**{name}**: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    classroom = results["2. a class of 30, one address"]["stored (302)"] == 30
    stuffed = next(v for k, v in results.items() if k.startswith("3."))
    slowed = stuffed["stored in the first minute"] <= 60
    print("PASS" if classroom and slowed else "FAIL")
    return 0 if classroom and slowed else 1


if __name__ == "__main__":
    sys.exit(main())
