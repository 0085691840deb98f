"""Helpers for bench/answer_path.sh: databases, counting stored answers, the results table.

    python bench/answer_path.py create-db URL       drop and create the database named in URL (PostgreSQL)
    python bench/answer_path.py drop-db URL
    python bench/answer_path.py count URL CODE      submissions stored for the offer with this code
    python bench/answer_path.py check-form HTML     the question kinds on a saved answer page
    python bench/answer_path.py record OUT DATABASE WHAT WRK [KEY=N ...] < wrk-output
                                                    keep wrk's RESULT line with these labels in OUT
    python bench/answer_path.py table RESULTS...    markdown table and target check from result files

A result file holds the JSON that bench/get.lua or bench/answer.lua printed after "RESULT", plus
the keys database, what and, for the answer run, stored_before / stored_after.
"""

import json
import re
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TARGET_GET = 1000  # GET /q/<code> per second
TARGET_ANSWERS = 500  # accepted answers per second
TARGET_RATIO = 0.5  # GET /q/<code> against the bare endpoint, same run


def engine_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db(url: str) -> None:
    target = make_url(engine_url(url))
    name = target.database
    if not re.fullmatch(r"bench_[a-z0-9_]+", name or ""):
        sys.exit(f"refusing to recreate database {name!r}: only bench_* databases")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_db(url: str) -> None:
    target = make_url(engine_url(url))
    if not re.fullmatch(r"bench_[a-z0-9_]+", target.database or ""):
        sys.exit(f"refusing to drop database {target.database!r}: only bench_* databases")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def count(url: str, code: str) -> int:
    engine = create_engine(engine_url(url))
    with engine.connect() as connection:
        n = connection.scalar(
            text(
                "SELECT count(*) FROM submissions JOIN offers ON offers.id = submissions.offer_id "
                "WHERE offers.code = :code"
            ),
            {"code": code},
        )
    engine.dispose()
    return n


def check_form(path: str) -> str:
    """Name the kinds of input on the answer page, so the run is known to cover every question kind."""
    html = open(path, encoding="utf-8").read()
    kinds = []
    for label, pattern in [
        ("radio", r'type="radio" name="q\d+"'),
        ("checkbox", r'type="checkbox" name="q\d+"'),
        ("number (dots)", r'type="number"[^>]*name="q\d+-o\d+"'),
        ("textarea", r'<textarea[^>]*name="q\d+"'),
        ("csrf_token", r'name="csrf_token"'),
    ]:
        if re.search(pattern, html):
            kinds.append(label)
    return ", ".join(kinds)


def record(out: str, database: str, what: str, wrk: str, extra: list[str]) -> None:
    output = sys.stdin.read()
    found = [line[len("RESULT ") :] for line in output.splitlines() if line.startswith("RESULT ")]
    if not found:
        sys.exit("no RESULT line in the wrk output:\n" + output)
    result = json.loads(found[-1])
    result.update(database=database, what=what, wrk=wrk)
    for item in extra:
        key, value = item.split("=", 1)
        result[key] = int(value)
    with open(out, "w") as f:
        json.dump(result, f)


def cpu_columns(r: dict) -> list[str]:
    """gunicorn CPU per request, and how the machine's CPU was shared during the run (% of both cores)."""
    per_request = r["ticks_gunicorn"] * 10 / max(r["requests"], 1)
    other = r["ticks_busy"] - r["ticks_gunicorn"] - r["ticks_postgres"] - r["ticks_wrk"]
    shares = [
        100 * max(t, 0) / max(r["ticks_all"], 1)
        for t in (r["ticks_gunicorn"], r["ticks_postgres"], r["ticks_wrk"], other)
    ]
    return [f"{per_request:.2f}", " / ".join(f"{share:.0f}" for share in shares) + " %"]


def fmt(n: float, digits: int = 0) -> str:
    return f"{n:,.{digits}f}"


def table(paths: list[str]) -> int:
    runs = [json.load(open(p)) for p in paths]
    by = {(r["database"], r["what"]): r for r in runs}
    databases = sorted(dict.fromkeys(r["database"] for r in runs), key=lambda d: (d != "sqlite", d))
    lines = [
        "| database | request | wrk | requests/s | p50 (ms) | p99 (ms) | errors | answers accepted/s "
        "| accepted | stored | lost | app CPU ms/request | CPU: app / DB / wrk / other |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    checks = []
    for database in databases:
        for what in ("bare", "page", "answer"):
            r = by.get((database, what))
            if r is None:
                continue
            errors = (
                r["socket_errors"]
                + r["timeouts"]
                + r["status_errors"]
                + r.get("not_200", 0)
                + r.get("get_failed", 0)
                + r.get("post_rejected", 0)
            )
            r["errors_total"] = errors
            label = {
                "bare": "GET /bench/bare",
                "page": "GET /q/<code>",
                "answer": "answer: GET /q/<code> + POST",
            }[what]
            if what == "answer":
                stored = r["stored_after"] - r["stored_before"]
                r["lost"] = r["accepted"] - stored
                extra = [fmt(r["answers_per_s"], 1), fmt(r["accepted"]), fmt(stored), str(r["lost"])]
            else:
                extra = ["", "", "", ""]
            lines.append(
                "| "
                + " | ".join(
                    [
                        database,
                        label,
                        r["wrk"],
                        fmt(r["rps"]),
                        fmt(r["p50_ms"], 1),
                        fmt(r["p99_ms"], 1),
                        str(errors),
                        *extra,
                        *cpu_columns(r),
                    ]
                )
                + " |"
            )
        bare, page, answer = (by.get((database, w)) for w in ("bare", "page", "answer"))
        if page:
            checks.append(
                (
                    f"{database}: GET /q/<code> >= {TARGET_GET:,}/s, no errors",
                    page["rps"] >= TARGET_GET and page["errors_total"] == 0,
                    f"{page['rps']:,.0f}/s",
                )
            )
        if page and bare:
            ratio = page["rps"] / bare["rps"]
            checks.append(
                (
                    f"{database}: GET /q/<code> >= {TARGET_RATIO:.0%} of bare",
                    ratio >= TARGET_RATIO,
                    f"{ratio:.0%} ({page['rps']:,.0f} / {bare['rps']:,.0f})",
                )
            )
        if answer:
            checks.append(
                (
                    f"{database}: >= {TARGET_ANSWERS}/s answers accepted, no errors",
                    answer["answers_per_s"] >= TARGET_ANSWERS and answer["errors_total"] == 0,
                    f"{answer['answers_per_s']:,.1f}/s, {answer['errors_total']} errors",
                )
            )
            checks.append(
                (
                    f"{database}: stored = accepted (none lost)",
                    answer["lost"] == 0 and answer["posts_unanswered"] == 0,
                    f"{answer['accepted']:,} accepted, {answer['stored_after'] - answer['stored_before']:,} "
                    f"stored, {answer['posts_unanswered']} POSTs unanswered",
                )
            )
    print("\n".join(lines))
    print()
    print("| target | met | measured |")
    print("| --- | --- | --- |")
    for name, ok, measured in checks:
        print(f"| {name} | {'yes' if ok else '**no**'} | {measured} |")
    gzip_notes = []
    for r in runs:
        if r["what"] == "answer":
            gzip_notes.append(f"{r['database']} answer pages {r.get('gzipped_pages', 0):,} of {r['gets']:,}")
        else:
            gzip_notes.append(f"{r['database']} {r['what']} {r.get('gzipped', 0):,} of {r['requests']:,}")
    print("\ngzip-compressed responses: " + "; ".join(gzip_notes))
    unexpected = [f"{r['database']}: {r['unexpected']}" for r in runs if r.get("unexpected")]
    if unexpected:
        print("\nunexpected responses: " + "; ".join(unexpected))
    return 0 if all(ok for _, ok, _ in checks) else 1


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "create-db":
        create_db(args[0])
    elif command == "drop-db":
        drop_db(args[0])
    elif command == "count":
        print(count(args[0], args[1]))
    elif command == "check-form":
        print(check_form(args[0]))
    elif command == "record":
        record(args[0], args[1], args[2], args[3], args[4:])
    elif command == "table":
        return table(args)
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
