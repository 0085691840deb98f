"""Test data builders shared by the unit and browser tests (plain functions, no fixtures)."""

import os
import re
import socket
from dataclasses import replace
from datetime import datetime, time, timedelta
from html.parser import HTMLParser

from sqlalchemy import event

from participation import create_app, database_uri
from participation.accounts.models import Organisation
from participation.accounts.services import create_organisation
from participation.answers.counts import rebuild_counts
from participation.answers.models import Submission
from participation.enums import (
    AgeGroup,
    Goal,
    OfferFormat,
    OrganisationKind,
    ParticipationLevel,
    QuestionKind,
)
from participation.extensions import db
from participation.offers import content_translations as translations
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.results.services import OutcomeFields, publish_results, save_outcome
from participation.timeutil import UTC, local_today

DATABASE_URL = database_uri(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
SERVER_DB = not DATABASE_URL.startswith("sqlite")
PASSWORD = "correct horse battery"


def make_app(**overrides):
    """Build an app for tests on the test database, CSRF off unless a test turns it on."""
    # The answer-form cache is off: most tests change an offer and look again at once
    # (tests/test_answer_cache.py turns it on).
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_PAGE_CACHE_SECONDS": 0,
        "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
        "SERVER_NAME": "mitreden.test",
        # Most tests log staff in with a password only; tests/test_second_factor.py turns this on.
        "SECOND_FACTOR_REQUIRED": False,
        # The same scrypt at a lower cost: the suite makes over a thousand hashes (122 of 300 seconds at
        # the production cost). tests/test_auth_views.py checks the production cost.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    config.update(overrides)
    return create_app(config)


ALL_KINDS = [
    offer_services.QuestionFields(QuestionKind.smiley, "Wie gefällt dir der Treff?", True),
    offer_services.QuestionFields(QuestionKind.single, "Wann kommst du?", False, None, ["Morgens", "Abends"]),
    offer_services.QuestionFields(
        QuestionKind.multiple, "Was wünschst du dir?", False, None, ["Kicker", "Musik", "Kochen"]
    ),
    offer_services.QuestionFields(QuestionKind.yes_no, "Hilfst du mit?"),
    offer_services.QuestionFields(
        QuestionKind.dots, "Verteile 3 Punkte", False, 3, ["WLAN", "Ausflüge", "Möbel"]
    ),
    offer_services.QuestionFields(QuestionKind.text, "Was noch?"),
]


def offer_fields(starts_in=-1, ends_in=14, outcome_in=30, **overrides) -> offer_services.OfferFields:
    """Offer fields for tests; dates are given in days from today (call inside an app context)."""
    today = local_today()
    fields = dict(
        title="Sommer im Jugendtreff",
        description="Was sollen wir anbieten?",
        format=OfferFormat.online_survey,
        level=ParticipationLevel.co_decision,
        age_groups=[AgeGroup.age_10_13],
        ortsteil_codes=["20"],
        goals=[Goal.participation],
        decision_scope="Ihr wählt drei Angebote aus.",
        starts_on=today + timedelta(days=starts_in),
        ends_on=today + timedelta(days=ends_in),
        outcome_due_on=today + timedelta(days=outcome_in),
    )
    fields.update(overrides)
    return offer_services.OfferFields(**fields)


ALL_OPTIONAL = [replace(q, is_required=False) for q in ALL_KINDS]


# The answer page with everything it loads, in every language (issue 5).
PAGE_BUDGET_BYTES = 14 * 1024
PAGE_MAX_REQUESTS = 4


def create_test_offer(app, organisation_id=None, publish=True, questions=ALL_KINDS, **overrides) -> int:
    """Create an offer (open by default, with every question kind) and return its id."""
    with app.app_context():
        if organisation_id is None:
            organisation = create_organisation(
                name=f"Träger {os.urandom(3).hex()}", kind=OrganisationKind.traeger
            )
        else:
            organisation = db.session.get(Organisation, organisation_id)
        offer = offer_services.create_offer(
            organisation=organisation, created_by=None, fields=offer_fields(**overrides)
        )
        for question in questions:
            offer_services.add_question(offer, question)
        if publish:
            offer_services.publish(offer, actor=None)
        db.session.commit()
        return offer.id


def offer_code(app, offer_id: int) -> str:
    with app.app_context():
        return db.session.get(Offer, offer_id).code


def question_ids(app, offer_id: int) -> dict:
    """Map each question kind of an offer to (question id, [option ids])."""

    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        return {q.kind: (q.id, [o.id for o in q.options]) for q in offer.questions}


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def script_sources(page: str) -> list[str]:
    """Paths of every <script> of a page without their content hash (inline scripts appear as "")."""
    return [
        re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", src)
        for src in re.findall(r'<script(?:[^>]*src="([^"]*)")?[^>]*>', page)
    ]


def translate_offer(app, offer_id: int, language: str, texts: dict | None = None) -> dict:
    """Store translations of an offer's texts (all of them, "<language> <key>", unless texts are given)."""

    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        values = (
            texts
            if texts is not None
            else {t.key: f"{language} {t.key}" for t in translations.source_texts(offer)}
        )
        cleaned, errors = translations.validate(offer, values)
        assert errors == {}
        translations.save(offer, language, {k: v for k, v in cleaned.items() if k in values}, actor=None)
        db.session.commit()
        return cleaned


def close_offer(app, offer_id: int) -> None:
    """Close an open offer today, as its youth worker's button does."""
    with app.app_context():
        offer_services.close(db.session.get(Offer, offer_id), actor=None)
        db.session.commit()


ARABIC = {"title": "صيف في النادي", "decision_scope": "تختارون ثلاثة أنشطة.", "description": "<p>وصف</p>"}


def translate_everything(app, offer_id, language="ar") -> dict:
    """Translate every text of the offer; return the stored values by key."""
    with app.app_context():
        keys = [t.key for t in translations.source_texts(db.session.get(Offer, offer_id))]
    return translate_offer(app, offer_id, language, {key: ARABIC.get(key, f"ترجمة {key}") for key in keys})


def publish_results_now(app, offer_id: int, decision: str = "Wir machen es so.") -> None:
    """Close an offer today, write its Rückmeldung and publish the results."""
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        offer_services.close(offer, actor=None)
        save_outcome(offer, OutcomeFields(decision=decision), actor=None)
        publish_results(offer, actor=None)
        db.session.commit()


def count_statements(app, action) -> int:
    """Run action() and count the SQL statements it sent, leaving out the tests' own savepoints."""

    with app.app_context():
        engine = db.engine
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    isolation = ("SAVEPOINT", "RELEASE", "ROLLBACK TO")
    return len([s for s in statements if not s.lstrip().upper().startswith(isolation)])


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def start_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of a page with its attributes, in order."""
    parser = _StartTags()
    parser.feed(html)
    return parser.tags


def subresources(html: str) -> list[str]:
    """What a browser would fetch for a page: stylesheets, icons, scripts, images, frames, media."""
    urls = []
    for tag, attrs in start_tags(html):
        a = dict(attrs)
        if tag == "link" and a.get("href") and not a["href"].startswith("data:"):
            urls.append(a["href"])
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            urls.append(a["src"])
    return urls


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def in_english(client) -> None:
    """Staff pages in English from now on: msgids are English, so a test reading the wording needs no
    catalogue entry (staff pages speak German by default)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def full_answer(ids: dict) -> dict:
    """A form that answers every question kind."""
    single_id, single_opts = ids[QuestionKind.single]
    multi_id, multi_opts = ids[QuestionKind.multiple]
    dots_id, dots_opts = ids[QuestionKind.dots]
    return {
        f"q{ids[QuestionKind.smiley][0]}": "4",
        f"q{single_id}": str(single_opts[1]),
        f"q{multi_id}": [str(multi_opts[0]), str(multi_opts[2])],
        f"q{ids[QuestionKind.yes_no][0]}": "1",
        f"q{dots_id}-o{dots_opts[0]}": "2",
        f"q{dots_id}-o{dots_opts[2]}": "1",
        f"q{ids[QuestionKind.text][0]}": "Mehr Kicker bitte",
        "age_group": "10-13",
        "ortsteil": "20",
    }


def add_people(app, offer_id, count, *, ortsteil=None, age=None, days_ago=0):
    """Store submissions directly (as an import would) and recount the rollup."""
    with app.app_context():
        moment = datetime.combine(local_today() - timedelta(days=days_ago), time(12), tzinfo=UTC)
        for _ in range(count):
            db.session.add(
                Submission(offer_id=offer_id, ortsteil_code=ortsteil, age_group=age, created_at=moment)
            )
        db.session.flush()
        rebuild_counts()
        db.session.commit()
