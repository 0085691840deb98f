#!/usr/bin/env bash
# Two app servers behind nginx on one PostgreSQL, one killed mid-run (bench/two_servers.py).
# Needs Debian's nginx (apt-get install nginx). Environment: BENCH_VENV (default $VIRTUAL_ENV, else .venv),
# BENCH_PHONES (6), BENCH_SETTLE (6). Its own PostgreSQL cluster and ports; nothing shared is touched.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
VENV=${BENCH_VENV:-${VIRTUAL_ENV:-$(dirname "$BENCH")/.venv}}
[ -x "$VENV/bin/gunicorn" ] || { echo "needs gunicorn in $VENV: pip install -e \".[test,server]\" (or set BENCH_VENV)" >&2; exit 2; }
command -v nginx >/dev/null || { echo "needs nginx: apt-get install nginx" >&2; exit 2; }
exec "$VENV/bin/python" "$BENCH/two_servers.py"
