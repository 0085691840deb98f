"""Benchmark-only WSGI entry point: the production app (wsgi.py) plus a bare endpoint as a baseline.

    gunicorn --chdir bench wsgi_bench:app      (bench/answer_path.sh does this)

`/bench/bare` returns a tiny text through the same gunicorn, Flask app and WSGI middleware as the
answer page, without database, session or template. It exists only here: production serves
`wsgi:app`, which never gets this route.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wsgi import app  # noqa: E402  (create_app() + the secret-key check + ProxyFix, as in production)


@app.get("/bench/bare")
def bench_bare():
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
