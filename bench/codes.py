"""One-time codes under a class's load (issue 13): how many code answers per second a class can send.

    .venv/bin/python bench/codes.py        (about half a minute)

Settings (environment): BENCH_VENV (the venv with the project and gunicorn; default: this Python's),
BENCH_PORT (default: a free port), BENCH_WORKERS (gunicorn sync workers, default 2), BENCH_CLASS (cards
and phones per class, default 30), BENCH_ROUNDS (classes, default 10).

Setup: a throwaway SQLite file (WAL), the schema by migrations, one open offer per round with one smiley
question, "everyone counts once" switched on and BENCH_CLASS cards printed (codes.new_codes, as the
staff page does); gunicorn with the production settings (deploy/gunicorn.conf.py: sync workers, the JSON
access log) serving wsgi:app, as in production. One school address (X-Forwarded-For) for everyone.

Each round is one class: BENCH_CLASS phones, each with its own cookie, open their card's link
(/q/<offer>?karte=<code>), then all send their answers at once (a barrier); timed from the barrier to
the last response. answers/s = accepted answers ÷ that time. Then a photocopied card: BENCH_CLASS phones
send the same code at once, and exactly one answer must be stored. Afterwards: stored answers = accepted,
codes used = accepted, and the access log holds no code (it logs paths, never query strings).

Prints the figures; exit 1 if anything was lost, doubled or logged. Figures go to bench/README.md; not a
CI test.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from common import open_offer, prepare, wait_until_up  # noqa: E402
from pgcluster import free_port  # noqa: E402

VENV = Path(os.environ.get("BENCH_VENV") or Path(sys.executable).parent.parent)
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CLASS = int(os.environ.get("BENCH_CLASS", "30"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
SCHOOL = "198.51.100.23"


def seed(database: str, secret: str) -> list[tuple[str, int, str, list[str]]]:
    """One offer per round and one for the photocopied card: (offer code, id, field name, cards)."""
    from participation import create_app
    from participation.accounts.services import create_organisation
    from participation.answers import codes
    from participation.enums import OrganisationKind
    from participation.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": secret, "LOG_LEVEL": "WARNING"})
    offers = []
    with app.app_context():
        organisation = create_organisation(name="Bench-Schule", kind=OrganisationKind.youth_club)
        for number in range(ROUNDS + 1):
            offer, question = open_offer(organisation, f"Klassenrat {number}", required=True)
            codes.set_required(offer, True, actor=None)
            cards = codes.new_codes(offer, CLASS, actor=None)
            db.session.flush()
            offers.append((offer.code, offer.id, f"q{question.id}", cards))
        db.session.commit()
        db.engine.dispose()
    return offers


def open_card(base: str, offer_code: str, card: str):
    """A phone scans its card: its own cookie, the form with the code in a hidden field."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)
    request = urllib.request.Request(
        f"{base}/q/{offer_code}?karte={card}", headers={"X-Forwarded-For": SCHOOL}
    )
    page = opener.open(request, timeout=30).read().decode()
    fields = dict(re.findall(r'name="(csrf_token|form_id|karte)" value="([^"]*)"', page))
    return opener, fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def a_class(base: str, offer_code: str, field: str, cards: list[str]) -> tuple[int, int, float]:
    """Everyone sends at once; returns (accepted, refused, seconds from the barrier to the last answer)."""
    phones = [open_card(base, offer_code, card) for card in cards]
    start = threading.Barrier(len(phones) + 1)
    statuses: list[int] = []

    def send(opener, fields):
        body = urllib.parse.urlencode({**fields, field: "4"}).encode()
        request = urllib.request.Request(
            f"{base}/q/{offer_code}", data=body, headers={"X-Forwarded-For": SCHOOL}
        )
        start.wait()
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            statuses.append(0)

    threads = [threading.Thread(target=send, args=phone) for phone in phones]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    return statuses.count(302), statuses.count(422), time.monotonic() - began


def counts(database: str, offer_ids: list[int]) -> tuple[int, int]:
    """(stored submissions, used codes) of these offers."""
    import sqlite3

    path = database.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        marks = ",".join("?" * len(offer_ids))
        stored = connection.execute(
            f"select count(*) from submissions where offer_id in ({marks})", offer_ids
        )
        used = connection.execute(
            f"select count(*) from access_codes where used and offer_id in ({marks})", offer_ids
        )
        return stored.fetchone()[0], used.fetchone()[0]


def main() -> int:
    port = int(os.environ.get("BENCH_PORT") or free_port())
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="mitreden-codes-") as tmp:
        database = f"sqlite:///{tmp}/codes.sqlite"
        secret = f"codes-{os.urandom(8).hex()}"
        env = {
            **os.environ,
            "FLASK_APP": "participation",
            "PARTICIPATION_SQLALCHEMY_DATABASE_URI": database,
            "PARTICIPATION_SECRET_KEY": secret,
            "PARTICIPATION_PUBLIC_BASE_URL": base,
            "MITREDEN_BIND": f"127.0.0.1:{port}",
            "MITREDEN_WORKERS": str(WORKERS),
            "PROMETHEUS_MULTIPROC_DIR": f"{tmp}/metrics",
        }
        env.pop("DATABASE_URL", None)
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir()
        flask = str(VENV / "bin" / "flask")
        prepare(flask, env)
        offers = seed(database, secret)
        log_path = Path(tmp) / "gunicorn.log"
        with open(log_path, "w") as log:
            gunicorn = subprocess.Popen(
                [str(VENV / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
            try:
                wait_until_up(base)
                rates, accepted_total, refused_total = [], 0, 0
                for offer_code, _id, field, cards in offers[:ROUNDS]:
                    accepted, refused, seconds = a_class(base, offer_code, field, cards)
                    accepted_total += accepted
                    refused_total += refused
                    rates.append(accepted / seconds)
                    print(
                        f"class of {len(cards)}: {accepted} accepted, {refused} refused in {seconds:.2f} s",
                        flush=True,
                    )
                copy_code, _id, field, cards = offers[ROUNDS]
                copied_accepted, copied_refused, _seconds = a_class(
                    base, copy_code, field, [cards[0]] * CLASS
                )
            finally:
                gunicorn.terminate()
                gunicorn.wait(timeout=60)
        stored, used = counts(database, [offer_id for _code, offer_id, _f, _c in offers[:ROUNDS]])
        copied_stored, _used = counts(database, [offers[ROUNDS][1]])
        access_log = log_path.read_text()
        requests_logged = access_log.count('"path": "/q/')
        leaked = [card for *_rest, cards in offers for card in cards if card in access_log]
    print()
    print(
        f"**{ROUNDS} classes of {CLASS}, {WORKERS} gunicorn sync workers, SQLite**: "
        f"median {statistics.median(rates):.0f} answers/s (min {min(rates):.0f}, max {max(rates):.0f}); "
        f"accepted {accepted_total}, refused {refused_total}, stored {stored}, codes used {used}"
    )
    print(
        f"**one photocopied card, {CLASS} phones at once**: accepted {copied_accepted}, "
        f"refused {copied_refused} (answers kept), stored {copied_stored}"
    )
    print(f"access log: {requests_logged} answer-path lines, {len(leaked)} with a code")
    ok = (
        accepted_total == stored == used == ROUNDS * CLASS
        and copied_accepted == copied_stored == 1
        and copied_refused == CLASS - 1
        and requests_logged > 0
        and not leaked
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
