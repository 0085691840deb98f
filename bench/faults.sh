#!/usr/bin/env bash
# Fault run (bench/faults.py): phones answering while the database stops, crashes and hangs and
# gunicorn workers die; every accepted answer reconciled. Not part of CI; results in bench/README.md.
#
#   bash bench/faults.sh
#
# Environment: BENCH_VENV (the venv with the project and gunicorn; default $VIRTUAL_ENV, else .venv),
# BENCH_PORT (default: a free port), BENCH_PHONES (6), BENCH_WORKERS (4), BENCH_SETTLE (6 s of normal
# load around each fault), BENCH_PAUSE (9 s of SIGSTOP), BENCH_PG_BIN (PostgreSQL server binaries).
# It creates its own PostgreSQL cluster on a free port and removes it afterwards; the shared cluster
# is never touched.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
VENV=${BENCH_VENV:-${VIRTUAL_ENV:-$(dirname "$BENCH")/.venv}}
[ -x "$VENV/bin/gunicorn" ] || { echo "needs gunicorn in $VENV: pip install -e \".[test,server]\" (or set BENCH_VENV)" >&2; exit 2; }
exec "$VENV/bin/python" "$BENCH/faults.py"
