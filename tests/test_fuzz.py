"""Fuzzing every form, public and staff, with Hypothesis: whatever is sent, no 500, and a refused form
writes nothing. Bounded: FUZZ_EXAMPLES examples per form (25 by default), no deadline per example."""

import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from factories import ALL_KINDS, create_test_offer, offer_code, question_ids
from participation.accounts.services import find_user, set_moderator_rights
from participation.answers import kiosk
from participation.answers.models import Answer, Submission
from participation.answers.services import review_key
from participation.enums import QuestionKind, ReviewState
from participation.extensions import db
from participation.offers.models import Offer
from participation.roles import Role

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SESSION_ENDERS = {"auth.logout", "auth.logout_everywhere"}  # would log the fuzzing admin out
# Refused forms that still write, on purpose: a failed login is audited.
WRITES_WHEN_REFUSED = {"auth.login": {"audit_events"}, "auth.login_code": {"audit_events"}}
ODD = [
    "",
    " ",
    " " * 10,
    "neu@example.org",
    "0",
    "-1",
    "9" * 25,
    "1e309",
    "NaN",
    "²",
    "2026-02-30",
    "0000-00-00",
    "\x00",
    "\u202e",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "ä" * 600,
    "=HYPERLINK(1)",
]
FORMS = (
    "admin.child_protection_contact",  # issue 14: Kinderschutz
    "admin.edit_organisation",
    "admin.edit_user",
    "admin.new_user",
    "admin.organisations",
    "auth.login",
    "auth.login_code",
    "auth.password",
    "auth.second_factor",
    "link.give",
    "link.kiosk",
    "kinderschutz.case",
    "methods.create_offer",
    "methods.edit",
    "methods.new",
    "moderation.decide",
    "moderation.review",
    "offers.close",
    "offers.copy",
    "offers.delete",
    "offers.delete_analog",
    "offers.delete_question",
    "offers.edit",
    "offers.edit_analog",
    "offers.edit_question",
    "offers.move_down",
    "offers.move_up",
    "offers.new",
    "offers.new_analog",
    "offers.new_kiosk",
    "offers.new_question",
    "offers.one_time_codes",
    "offers.print_cards",
    "offers.publish",
    "offers.quality_checklist",
    "offers.reopen",
    "offers.revoke_kiosk",
    "offers.translate",
    "planning.focus_areas",
    "results.outcome",
    "results.publish",
)
# What the audit's fuzzing found (issue 11), so that every run tries it whatever Hypothesis draws.
KNOWN_BAD = {
    "admin.new_user": [[("email", "neu@example.org"), ("role", "youth_worker"), ("password", " " * 10)]],
    "admin.edit_user": [[("role", "youth_worker"), ("is_active", "y"), ("password", " " * 12)]],
}
requests_sent = []


@pytest.fixture
def world(app, make_organisation, make_user, login):
    organisation = make_organisation("Treff Fuzz")
    offer_id = create_test_offer(app, organisation_id=organisation, questions=ALL_KINDS)
    draft_id = create_test_offer(app, organisation_id=organisation, publish=False)
    make_user("admin@example.org", Role.admin)
    make_user("worker@example.org", Role.youth_worker, [organisation])
    ids = question_ids(app, offer_id)
    with app.app_context():
        set_moderator_rights(find_user("worker@example.org"), {organisation})
        answer = Answer(
            question_id=ids[QuestionKind.text][0],
            text="Hallo",
            review_state=ReviewState.pending,
            review_key=review_key(),
        )
        db.session.add(Submission(offer_id=offer_id, answers=[answer]))
        db.session.commit()
        key, worker_id = answer.review_key, find_user("worker@example.org").id
        from participation.answers.analog import AnalogData, create_entry  # issue 13

        open_offer = db.session.get(Offer, offer_id)
        entry_id = create_entry(open_offer, AnalogData("dots", 8, open_offer.starts_on), actor=None).id
        db.session.commit()
        tablet = kiosk.create(db.session.get(Offer, offer_id), name="Tablet Fuzz", days=7, actor=None)
        db.session.commit()
        token, kiosk_id = tablet.token, tablet.link.id
    login("admin@example.org")
    values = {
        "offer_id": draft_id,
        "question_id": question_ids(app, draft_id)[QuestionKind.smiley][0],
        "organisation_id": organisation,
        "user_id": worker_id,
        "review_key": key,
        "language": "ar",
        "code": offer_code(app, offer_id),
        "lang": "de",
        "name": "ortsteile",
        "fmt": "csv",
        "entry_id": entry_id,
        "token": token,
        "kiosk_id": kiosk_id,
        "slug": "blitzlicht",
    }
    with app.app_context():  # issue 14: the Methodenkoffer's methods
        from participation.methods.services import seed_methods

        seed_methods()
        db.session.commit()
    return {"values": values, "offer_id": offer_id}


def form_rules(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in SESSION_ENDERS),
        key=lambda r: r.endpoint,
    )


def _pool(client, app, values) -> tuple[list[str], list[str]]:
    """Field names and option values as the app's own pages show them."""
    urls = app.url_map.bind("mitreden.test")
    names, options = {"csrf_token", "form_id"}, set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "POST" not in rule.methods:
            continue
        page = client.get(urls.build(rule.endpoint, {k: values[k] for k in rule.arguments})).get_data(
            as_text=True
        )
        names |= set(re.findall(r'name="([^"]+)"', page))
        options |= set(re.findall(r'value="([^"]{0,40})"', page))
    return sorted(names), sorted(options)


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


@pytest.mark.parametrize("endpoint", FORMS)
def test_no_form_gives_a_500_or_writes_half(app, client, world, endpoint):
    rule = next(r for r in form_rules(app) if r.endpoint == endpoint)
    values = world["values"]
    urls = app.url_map.bind("mitreden.test")
    ids = sorted(name for name in rule.arguments if f"<int:{name}>" in rule.rule)
    names, options = _pool(client, app, values)
    value = st.one_of(st.sampled_from(ODD + options), st.text(max_size=80), st.integers().map(str))
    form = st.lists(st.tuples(st.one_of(st.sampled_from(names), st.text(max_size=12)), value), max_size=14)
    # Ids in the path: the real ones mostly, sometimes any number at all (up to 20 digits and more).
    path = st.fixed_dictionaries(
        {name: st.one_of(st.just(values[name]), st.integers(min_value=0, max_value=10**22)) for name in ids}
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(form, path)
    def fuzz(pairs, path_ids):
        before = _counts(app)
        url = urls.build(endpoint, {**{k: values[k] for k in rule.arguments}, **path_ids})
        public = endpoint in ("link.give", "link.kiosk")
        sender = app.test_client() if public else client  # phones and tablets have no staff cookie
        response = sender.post(url, data=MultiDict(pairs))
        requests_sent.append(endpoint)
        assert response.status_code < 500, (url, pairs)
        if response.status_code not in (302, 303):  # refused: the form came back, or an error page
            changed = {t for t, n in _counts(app).items() if before[t] != n}
            assert changed <= WRITES_WHEN_REFUSED.get(endpoint, set()), (endpoint, pairs, changed)

    for known in KNOWN_BAD.get(endpoint, []):  # inputs that once gave a 500: always tried as well
        fuzz = example(known, {})(fuzz)
    fuzz()
    assert requests_sent.count(endpoint) >= min(EXAMPLES, 10)


def test_every_form_of_the_app_is_fuzzed(app):
    assert {r.endpoint for r in form_rules(app)} == set(FORMS)  # a new form joins FORMS


QUERY_ODD = ["²", "①", "٣", "9" * 25, "-1", "1e309", "NaN", "\x00", "ä" * 600, "2026-02-30", "<b>"]


def test_no_filter_in_a_query_string_gives_a_500(app, client, world):
    """Every page with a GET form (filters, search, paging), as the public and as an admin: odd values
    in each of its fields give the page or a clear refusal, never a 500."""
    urls = app.url_map.bind("mitreden.test")
    values = world["values"]
    checked = 0
    for sender in (app.test_client(), client):
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static" or rule.arguments - set(values):
                continue
            url = urls.build(rule.endpoint, {k: values[k] for k in rule.arguments})
            page = sender.get(url)
            if page.status_code != 200 or "text/html" not in page.content_type:
                continue
            html = page.get_data(as_text=True)
            forms = re.findall(r'<form[^>]*method="get"[^>]*>(.*?)</form>', html, re.S)
            names = sorted({n for form in forms for n in re.findall(r'name="([^"]+)"', form)} | {"page"})
            for name in names:
                for odd in QUERY_ODD:
                    response = sender.get(url, query_string={name: odd})
                    assert response.status_code < 500, (url, name, odd)
                    checked += 1
    assert checked > 200, checked
