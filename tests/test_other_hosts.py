"""No page makes a young person's (or a youth worker's) browser talk to another host: every page that
any route serves, public or staff, loads its styles, scripts, images and form targets from our own host
only, and says so in its Content-Security-Policy."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from factories import ALL_KINDS, offer_fields, start_tags, subresources
from participation.answers.models import Answer
from participation.demo import DEMO_ACCOUNTS, ensure_demo_data
from participation.extensions import db
from participation.offers import services as offer_services

HOST = "mitreden.test"  # SERVER_NAME of the test app


@pytest.fixture
def demo_world(app):
    """The demo data (open offers with answers, a translated one, one with results) and a draft."""
    with app.app_context():
        offers = ensure_demo_data()
        open_offer, finished = offers[0], offers[-1]
        draft = offer_services.create_offer(
            organisation=open_offer.organisation, created_by=None, fields=offer_fields()
        )
        question = offer_services.add_question(draft, ALL_KINDS[0])
        db.session.commit()
        return {
            "code": open_offer.code,
            "results_code": finished.code,
            "offer_id": open_offer.id,
            "draft_id": draft.id,
            "question_id": question.id,
            "answer_id": db.session.scalar(select(Answer.id).where(Answer.text.is_not(None)).limit(1)),
            "organisation_id": open_offer.organisation_id,
            "user_id": 1,
        }


def every_page(app, ids) -> list[str]:
    """A URL for every GET route, with ids of the demo world, plus the results page at the same link."""
    values = {"name": "ortsteile", "fmt": "csv", "language": "ar", "lang": "de", "filename": "css/app.css"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = rule.rule
        # Question pages exist only while an offer is a draft.
        here = {**ids, "offer_id": ids["draft_id"]} if "/fragen/" in rule.rule else ids
        for name in rule.arguments:
            value = str(here.get(name, values.get(name, "")))
            url = url.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
        urls.append(url)
    return [*urls, f"/q/{ids['results_code']}", "/angebote/?stadtbezirk=2", "/nicht-da"]


def own_host(url: str) -> bool:
    return urlsplit(url).netloc in ("", HOST)


def test_no_page_loads_anything_from_another_host(app, demo_world):
    admin, password = DEMO_ACCOUNTS[0][0], DEMO_ACCOUNTS[0][1]
    staff = app.test_client()
    staff.post("/team/login", data={"email": admin, "password": password})
    public = app.test_client()
    checked = 0
    for url in every_page(app, demo_world):
        client = public if url == "/team/login" else staff if url.startswith("/team") else public
        response = client.get(url)
        assert response.status_code < 500, url
        if response.mimetype != "text/html":
            continue
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, url
        assert "http" not in policy and "*" not in policy, url  # no other host is allowed anything
        html = response.get_data(as_text=True)
        assert [u for u in subresources(html) if not own_host(u)] == [], url
        targets = [dict(attrs).get("action", "") for tag, attrs in start_tags(html) if tag == "form"]
        assert all(own_host(t) for t in targets), url
        checked += 1
    assert checked >= 30  # every HTML page of the route table, public and staff alike
