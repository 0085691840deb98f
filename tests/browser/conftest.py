"""Real headless Chromium (Debian's /usr/bin/chromium) against a live server on a free port."""

import os
import shutil
from types import SimpleNamespace

import pytest

from factories import (
    ALL_OPTIONAL,
    create_test_offer,
    offer_code,
    publish_results_now,
    question_ids,
    translate_offer,
)
from participation.answers.models import Answer, Submission
from participation.enums import QuestionKind
from participation.extensions import db
from phone import PHONE

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    """Skip browser tests only where no Chromium exists; in CI a missing browser is a failure."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must provide Chromium at {CHROMIUM} (.ci/run installs it).")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


@pytest.fixture
def public_world(live_app):
    """An open offer (every question kind, partly translated into Arabic) and one with published results."""

    open_id = create_test_offer(live_app)
    smiley = question_ids(live_app, open_id)[QuestionKind.smiley][0]
    translate_offer(live_app, open_id, "ar", {"title": "صيف في النادي", f"q{smiley}": "كيف تجد النادي؟"})
    results_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    ids = question_ids(live_app, results_id)
    with live_app.app_context():
        for n in range(7):
            db.session.add(
                Submission(
                    offer_id=results_id,
                    answers=[Answer(question_id=ids[QuestionKind.smiley][0], value=5 if n < 5 else 3)],
                )
            )
        db.session.commit()
    publish_results_now(live_app, results_id, "Wir bauen eine Kletterwand.")
    return SimpleNamespace(
        open_id=open_id,
        open_code=offer_code(live_app, open_id),
        results_id=results_id,
        results_code=offer_code(live_app, results_id),
    )
