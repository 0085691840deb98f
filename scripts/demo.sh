#!/usr/bin/env bash
# One command for a newcomer: install, build the catalogues, migrate, load demo data and serve
# the app on http://127.0.0.1:5000 with SQLite in instance/. Needs only Python 3.11+.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
export FLASK_APP=participation
.venv/bin/flask translate compile >/dev/null
.venv/bin/flask db upgrade
PARTICIPATION_LOG_LEVEL=WARNING .venv/bin/flask seed-demo --base-url "http://127.0.0.1:${PORT:-5000}"
# The demo does not make its admin and moderator set up a second factor first (production does); it can
# still be tried under "Mein Konto".
export PARTICIPATION_SECOND_FACTOR_REQUIRED=${PARTICIPATION_SECOND_FACTOR_REQUIRED:-false}
exec .venv/bin/flask run --host 127.0.0.1 --port "${PORT:-5000}"
