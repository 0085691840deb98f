"""Fault run: phones answer an offer through gunicorn while the database and the workers fail.

    bash bench/faults.sh          (the venv, a free port and a throwaway PostgreSQL cluster are set up there)

Setup: a throwaway PostgreSQL cluster on a free port (bench/pgcluster.py, never the shared one), the
schema by migrations, one open offer, gunicorn (wsgi:app, 4 sync workers) on a free port. Then PHONES
phones answer without a pause, each answer from a fresh phone (new cookie jar): GET the form, POST it
with a unique marker in the free text. A phone that gets the form back with a 503 checks that its
marker is still in it and sends again after a short wait; a phone whose connection drops (a killed
worker) sends the same form again too, as a browser's "resend" would. Every fifth phone taps twice.

Faults, one after the other, each with time to settle: the database stopped (fast) and started, the
database killed (kill -9 on all its processes) and started, the database paused (SIGSTOP) for longer
than the connect and statement timeouts, two workers killed (kill -9), gunicorn reloaded (HUP).

Afterwards every accepted answer is looked up in the database by its marker. Printed per fault:
answers accepted, stored, duplicates, and what the phones saw (thank-you page, the form back with the
answers kept, a dropped connection, anything else). Required: stored == accepted, 0 duplicates, 0
"anything else". Exit 1 if a requirement is missed. Not a CI test; figures go to bench/README.md.
"""

import html
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import create_engine, text

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from common import prepare, seed_demo, wait_until_up  # noqa: E402
from pgcluster import free_port, throwaway_cluster  # noqa: E402

PHONES = int(os.environ.get("BENCH_PHONES", "6"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SETTLE = float(os.environ.get("BENCH_SETTLE", "6"))  # seconds of normal load around each fault
PAUSE = float(
    os.environ.get("BENCH_PAUSE", "9")
)  # SIGSTOP longer than the 3 s connect and 5 s statement timeouts
RESEND_WAIT = 0.5  # the phones' wait before sending again (the page asks for Retry-After seconds)
MAX_TRIES = 200


@dataclass
class Phase:
    name: str
    started: float = 0.0
    seen: Counter = field(default_factory=Counter)  # what the phones saw, per response


@dataclass
class Answer:
    marker: str
    phase: str
    accepted: bool = False


class Run:
    def __init__(self, base: str, code: str):
        self.base, self.code = base, code
        self.phases: list[Phase] = [Phase("normal load")]
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    @property
    def phase(self) -> Phase:
        return self.phases[-1]

    def note(self, what: str) -> None:
        with self.lock:
            self.phase.seen[what] += 1


def open_url(opener, url: str, data: bytes | None = None):
    """(status, final url, body) of a request, following redirects; None when the connection dropped."""
    try:
        response = opener.open(urllib.request.Request(url, data=data), timeout=90)
        return response.status, response.geturl(), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def phone(run: Run, number: int) -> None:
    """One phone after another: a fresh cookie jar for every answer."""
    count = 0
    while not run.stop.is_set():
        count += 1
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        got = open_url(opener, f"{run.base}/q/{run.code}")
        if got is None or got[0] != 200 or 'name="form_id"' not in got[2]:
            run.note("GET without a form")  # not an answer yet: the young person scans again
            time.sleep(RESEND_WAIT)
            continue
        page = got[2]
        marker = f"phone-{number}-{count}"
        fields = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "form_id": re.search(r'name="form_id" value="([^"]+)"', page).group(1),
            re.search(r'type="radio" name="(q\d+)"', page).group(1): "4",
            re.search(r'<textarea[^>]*name="(q\d+)"', page).group(1): marker,
        }
        answer = Answer(marker, run.phase.name)
        with run.lock:
            run.answers.append(answer)
        body = urllib.parse.urlencode(fields).encode()
        taps = 2 if number % 5 == 0 else 1
        send(run, opener, answer, body, taps)


def send(run: Run, opener, answer: Answer, body: bytes, taps: int) -> None:
    """Send until thanked; a double tap sends the same form twice at once."""
    for _ in range(MAX_TRIES):
        results: list = []

        def post(results=results):
            results.append(open_url(opener, f"{run.base}/q/{run.code}", body))

        threads = [threading.Thread(target=post) for _ in range(taps)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        thanked = False
        for result in results:
            if result is None:
                run.note("connection dropped, sent again")
            elif result[0] == 200 and result[1].endswith("/danke"):
                run.note("thank-you page")
                thanked = True
            elif result[0] == 503 and html.escape(answer.marker) in result[2]:
                run.note("503, form back with the answers kept")
            else:
                run.note(f"anything else ({result[0]})")
        if thanked:
            answer.accepted = True
            return
        taps = 1
        time.sleep(RESEND_WAIT)


def postgres_pids(cluster) -> list[int]:
    postmaster = cluster.pid()
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    return [postmaster, *map(int, children)]


def worker_pids(master: int) -> list[int]:
    return [
        int(p)
        for p in subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    ]


def faults(run: Run, cluster, gunicorn: subprocess.Popen) -> None:
    def phase(name: str) -> None:
        with run.lock:
            run.phases.append(Phase(name, time.monotonic()))
        print(f"  {name}", flush=True)

    time.sleep(SETTLE)
    phase("database stopped (fast), 5 s")
    cluster.stop("fast")
    time.sleep(5)
    cluster.start()
    time.sleep(SETTLE)
    phase("database killed (kill -9), restarted")
    for pid in postgres_pids(cluster):
        os.kill(pid, signal.SIGKILL)
    time.sleep(2)
    (cluster.data / "postmaster.pid").unlink(missing_ok=True)
    cluster.start()  # crash recovery
    time.sleep(SETTLE)
    phase(f"database paused (SIGSTOP) {PAUSE:.0f} s")
    paused = postgres_pids(cluster)
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    time.sleep(PAUSE)
    for pid in paused:
        os.kill(pid, signal.SIGCONT)
    time.sleep(SETTLE)
    phase("two workers killed (kill -9)")
    for pid in worker_pids(gunicorn.pid)[:2]:
        os.kill(pid, signal.SIGKILL)
    time.sleep(SETTLE)
    phase("gunicorn reloaded (HUP)")
    gunicorn.send_signal(signal.SIGHUP)
    time.sleep(SETTLE)


def reconcile(run: Run, url: str) -> dict[str, int]:
    """How often each marker is stored."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT text, count(*) FROM answers WHERE text LIKE 'phone-%' GROUP BY text")
        )
        stored = {marker: n for marker, n in rows}
    engine.dispose()
    return stored


def report(run: Run, stored: dict[str, int]) -> bool:
    by_phase: dict[str, list[Answer]] = defaultdict(list)
    for answer in run.answers:
        by_phase[answer.phase].append(answer)
    kinds = ["thank-you page", "503, form back with the answers kept", "connection dropped, sent again"]
    print()
    print(
        "| phase | answers accepted | stored | duplicates | thank-you | 503, answers kept "
        "| dropped, sent again | anything else | GET without a form |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ok = True
    totals = Counter()
    for phase in run.phases:
        answers = by_phase[phase.name]
        accepted = [a for a in answers if a.accepted]
        found = sum(1 for a in accepted if stored.get(a.marker, 0) >= 1)
        duplicates = sum(stored.get(a.marker, 0) - 1 for a in answers if stored.get(a.marker, 0) > 1)
        other = sum(n for what, n in phase.seen.items() if what.startswith("anything else"))
        row = [
            len(accepted),
            found,
            duplicates,
            *(phase.seen[k] for k in kinds),
            other,
            phase.seen["GET without a form"],
        ]
        totals.update(
            dict(zip(("accepted", "stored", "duplicates", *kinds, "other", "get"), row, strict=True))
        )
        print(f"| {phase.name} | " + " | ".join(str(v) for v in row) + " |")
        ok = ok and found == len(accepted) and duplicates == 0 and other == 0
    unacknowledged = sum(1 for a in run.answers if not a.accepted and stored.get(a.marker))
    print(
        f"| **all** | {totals['accepted']} | {totals['stored']} | {totals['duplicates']} | "
        + " | ".join(str(totals[k]) for k in kinds)
        + f" | {totals['other']} | {totals['get']} |"
    )
    everything_else = sorted({w for p in run.phases for w in p.seen if w.startswith("anything else")})
    print(
        f"\nstored but never thanked (a phone still trying at the end): {unacknowledged}; "
        f"other responses: {everything_else or 'none'}"
    )
    print("PASS" if ok else "FAIL: an accepted answer is missing, doubled, or a phone saw something else")
    return ok


def main() -> None:
    python = Path(sys.executable)
    port = int(os.environ.get("BENCH_PORT") or free_port())
    with throwaway_cluster() as cluster, tempfile.TemporaryDirectory(prefix="mitreden-faults-") as tmp:
        env = {
            **os.environ,
            "PARTICIPATION_SQLALCHEMY_DATABASE_URI": cluster.url,
            "FLASK_APP": "participation",
            "PARTICIPATION_SECRET_KEY": f"faults-{os.urandom(8).hex()}",
            # All phones come from 127.0.0.1: the per-address answer limits (issue 11) would refuse them.
            "PARTICIPATION_ANSWER_LIMITS": "100000 per minute",
        }
        env.pop("DATABASE_URL", None)
        flask = str(python.parent / "flask")
        prepare(flask, env)
        code = seed_demo(flask, env, f"http://127.0.0.1:{port}")
        log = open(Path(tmp) / "gunicorn.log", "w")
        gunicorn = subprocess.Popen(
            [
                str(python.parent / "gunicorn"),
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "30",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            run = Run(base, code)
            print(
                f"gunicorn {WORKERS} workers on {base}, PostgreSQL on port {cluster.port}, {PHONES} phones, "
                f"offer /q/{code}",
                flush=True,
            )
            phones = [
                threading.Thread(target=phone, args=(run, n), daemon=True) for n in range(1, PHONES + 1)
            ]
            for thread in phones:
                thread.start()
            faults(run, cluster, gunicorn)
            run.stop.set()
            for thread in phones:
                thread.join(timeout=120)
            ok = report(run, reconcile(run, cluster.url))
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=60)
            log.close()
            errors = (Path(tmp) / "gunicorn.log").read_text()
            tracebacks, timeouts = errors.count("Traceback"), errors.count("WORKER TIMEOUT")
            print(f"gunicorn log: {tracebacks} tracebacks, {timeouts} worker timeouts")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
