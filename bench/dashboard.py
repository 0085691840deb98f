"""Time the planners' dashboard (server time through the Flask test client) at several data sizes.

    .venv/bin/python bench/dashboard.py --sizes 10000 100000 1000000 --databases sqlite postgresql

Each size gets a fresh database (a SQLite file in a temporary folder, or a new database in a throwaway
PostgreSQL cluster on a free port, bench/pgcluster.py; set BENCH_POSTGRES_URL to use a server of your
own instead, where mitreden_bench_<size> databases are created and dropped), built with the
migrations and filled with `seed_synthetic` (2000 offers, seed 1). Every filter combination below is
requested RUNS times after one warm-up; the table reports the median and the slowest of all requests.
Timings are for the record (bench/README.md), never asserted in tests.
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pgcluster import throwaway_cluster  # noqa: E402

from participation import create_app, database_uri  # noqa: E402
from participation.accounts.services import create_user  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.roles import Role  # noqa: E402
from participation.synthetic import seed_synthetic  # noqa: E402
from participation.timeutil import local_today  # noqa: E402

RUNS = 5
COMBINATIONS = [
    {},
    {"stadtbezirk": "6"},
    {"ortsteil": "62"},
    {"age_group": "10-13"},
    {"format": "dot_voting"},
    {"level": "co_decision"},
    {"goal": "families"},
    {"org_kind": "school"},
    {"measure": "per_1000"},
    {"measure": "per_1000_under15"},
    {"measure": "offers"},
    {"von": "2025-01", "bis": "2025-12"},
    {"stadtbezirk": "2", "age_group": "14-17", "format": "online_survey"},
    {"ortsteil": "21", "level": "consultation", "goal": "participation", "org_kind": "traeger"},
    {
        "von": "2025-06",
        "bis": "2026-05",
        "stadtbezirk": "6",
        "ortsteil": "62",
        "age_group": "6-9",
        "format": "smiley_feedback",
        "level": "information",
        "goal": "participation",
        "org_kind": "youth_club",
        "measure": "per_1000",
    },
]
PASSWORD = "benchmark password"


def fresh_url(kind: str, size: int, folder: Path, server: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / f'bench-{size}.sqlite'}"
    name = f"mitreden_bench_{size}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def measure(kind: str, size: int, folder: Path, server: str) -> dict:
    url = fresh_url(kind, size, folder, server)
    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        seed_synthetic(offers=2000, answers=size, seed=1, today=local_today())
        create_user(email="planner@bench.example", password=PASSWORD, role=Role.planner, organisations=[])
        db.session.commit()
        if kind == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        seeded = time.perf_counter() - started
    client = app.test_client()
    client.post("/team/login", data={"email": "planner@bench.example", "password": PASSWORD})
    timings = []
    for args in COMBINATIONS:
        assert client.get("/team/planung/", query_string=args).status_code == 200  # warm-up
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/team/planung/", query_string=args)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200
    with app.app_context():
        db.engine.dispose()
    return {
        "db": kind,
        "size": size,
        "seed_s": seeded,
        "median_ms": 1000 * statistics.median(timings),
        "max_ms": 1000 * max(timings),
        "requests": len(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    options = parser.parse_args()
    print("| database | answers | seeding (s) | dashboard median (ms) | slowest (ms) | requests |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="mitreden-dashboard-") as folder, contextlib.ExitStack() as stack:
        server = os.environ.get("BENCH_POSTGRES_URL", "")
        if "postgresql" in options.databases and not server:
            server = stack.enter_context(throwaway_cluster()).url
        run(options, Path(folder), database_uri(server) if server else "")


def run(options, folder: Path, server: str) -> None:
    for kind in options.databases:
        for size in options.sizes:
            r = measure(kind, size, folder, server)
            print(
                f"| {r['db']} | {r['size']:,} | {r['seed_s']:.0f} | {r['median_ms']:.0f} "
                f"| {r['max_ms']:.0f} | "
                f"{r['requests']} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
