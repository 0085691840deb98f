"""Backup round trip, run by CI: the demo data through a dump into a fresh database, then the results
and every table's row count compared. Both databases are created here and dropped afterwards.

    python scripts/backup_roundtrip.py sqlite
    python scripts/backup_roundtrip.py postgresql postgresql://postgres@127.0.0.1:5432/test

SQLite is copied with SQLite's online backup (what `sqlite3 db ".backup copy"` does); PostgreSQL with
`pg_dump -Fc` and `pg_restore`, as docs/operations.md describes.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from participation import create_app, database_uri  # noqa: E402
from participation.demo import ensure_demo_data  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.offers.models import Offer  # noqa: E402
from participation.results.services import results_dict  # noqa: E402


def app_for(url: str):
    config = {
        "SECRET_KEY": "backup-roundtrip",
        "SQLALCHEMY_DATABASE_URI": url,
        "TESTING": True,
        "LOG_LEVEL": "WARNING",
    }
    return create_app(config)


def snapshot(url: str) -> dict:
    """What must survive a backup: every table's row count and every offer's results."""
    app = app_for(url)
    with app.app_context():
        tables = sorted(inspect(db.engine).get_table_names())
        counts = {t: db.session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
        results = {o.code: results_dict(o) for o in db.session.scalars(select(Offer).order_by(Offer.code))}
        db.engine.dispose()
    return {"counts": counts, "results": results}


def seed(url: str) -> None:
    app = app_for(url)
    with app.app_context():
        flask_migrate.upgrade()
        ensure_demo_data()
        db.session.commit()
        db.engine.dispose()


def sqlite_roundtrip(folder: Path) -> tuple[dict, dict]:
    source, copy = folder / "source.sqlite", folder / "copy.sqlite"
    seed(f"sqlite:///{source}")
    with sqlite3.connect(source) as live, sqlite3.connect(copy) as target:
        live.backup(target)
    return snapshot(f"sqlite:///{source}"), snapshot(f"sqlite:///{copy}")


def postgresql_roundtrip(server: str, folder: Path) -> tuple[dict, dict]:
    base = make_url(database_uri(server))
    names = [f"mitreden_backup_{os.getpid()}_{kind}" for kind in ("source", "copy")]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    urls = [base.set(database=name).render_as_string(hide_password=False) for name in names]
    plain = [
        u.replace("postgresql+psycopg://", "postgresql://", 1) for u in urls
    ]  # for pg_dump and pg_restore
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        seed(urls[0])
        dump = folder / "mitreden.dump"
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), plain[0]], check=True)
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", plain[1], str(dump)], check=True)
        return snapshot(urls[0]), snapshot(urls[1])
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in ("sqlite", "postgresql") or (argv[0] == "postgresql" and len(argv) != 2):
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory(prefix="mitreden-backup-") as folder:
        if argv[0] == "sqlite":
            before, after = sqlite_roundtrip(Path(folder))
        else:
            before, after = postgresql_roundtrip(argv[1], Path(folder))
    rows = sum(before["counts"].values())
    if before != after:
        sys.exit(f"{argv[0]}: the restored database differs from the original")
    if not before["results"] or rows == 0:
        sys.exit(f"{argv[0]}: nothing was compared")
    print(
        f"{argv[0]}: {len(before['counts'])} tables, {rows} rows and the results of "
        f"{len(before['results'])} offers are the same after backup and restore"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
