"""What the gunicorn benchmarks share: a published one-question offer, a migrated database, the demo
data, waiting until the server answers. Imported after the scripts put the repository on sys.path."""

import re
import subprocess
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def open_offer(organisation, title: str, *, required: bool):
    """A published offer with one smiley question, open since yesterday; returns (offer, question).
    Runs inside an app context; the caller commits."""
    from participation.enums import AgeGroup, Goal, OfferFormat, ParticipationLevel, QuestionKind
    from participation.offers import services
    from participation.timeutil import local_today

    today = local_today()
    offer = services.create_offer(
        organisation=organisation,
        created_by=None,
        fields=services.OfferFields(
            title=title,
            description="",
            format=OfferFormat.online_survey,
            level=ParticipationLevel.co_decision,
            age_groups=[AgeGroup.age_10_13],
            ortsteil_codes=["20"],
            goals=[Goal.participation],
            decision_scope="Bench",
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=7),
            outcome_due_on=today + timedelta(days=14),
        ),
    )
    question = services.add_question(
        offer, services.QuestionFields(QuestionKind.smiley, "Wie war es?", required)
    )
    services.publish(offer, actor=None)
    return offer, question


def prepare(flask: str, env: dict) -> None:
    """Compile the catalogues and migrate the database that env names."""
    for command in (["translate", "compile"], ["db", "upgrade"]):
        subprocess.run([flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)


def seed_demo(flask: str, env: dict, base: str) -> str:
    """Load the demo data into the database that env names; return the code of its first offer."""
    seeded = subprocess.run(
        [flask, "seed-demo", "--base-url", base],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.search(r"/q/([a-z0-9]+)", seeded).group(1)


def wait_until_up(base: str, tries: int = 100) -> None:
    """Poll /healthz until the server answers (10 s at most by default); stop the benchmark if it never
    does, rather than measure a server that is not there."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise SystemExit(f"{base}/healthz does not answer")
