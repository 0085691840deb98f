#!/usr/bin/env bash
# The whole test suite: installs the test extras into .venv, builds the catalogues, runs pytest.
# SQLite by default; TEST_DATABASE_URL=postgresql://... runs the same suite on PostgreSQL.
# Browser tests need Chromium at /usr/bin/chromium (Debian package "chromium"); CI installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# MITREDEN_INSTALLED=1 skips the install and compile steps (CI runs two databases at once on one venv).
if [ "${MITREDEN_INSTALLED:-}" != 1 ]; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,server]"
  .venv/bin/flask --app participation translate compile >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
