#!/usr/bin/env bash
# The habits, checked: ruff (style, import order, gettext misuse), ruff format, and the import-linter
# contracts that keep the areas' imports one way (docs/architecture.md). CI runs it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[lint]"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
