"""No text anyone types may ever come back as active HTML, on any page that shows it."""

import pytest
from sqlalchemy import select

from factories import create_test_offer, offer_code, start_tags
from participation.accounts.models import Organisation
from participation.accounts.services import find_user
from participation.answers.models import Answer
from participation.enums import QuestionKind
from participation.extensions import db
from participation.moderation import services as moderation
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.results.services import OutcomeFields, publish_results, save_outcome
from participation.roles import Role
from participation.sanitize import clean_html, editable_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg/onload=alert(3)>",
    '"><script>alert(4)</script>',
    '<a href="javascript:alert(5)">klick</a>',
    "<iframe src=//evil.example></iframe>",
    "<p onclick=alert(6)>x</p>",
    "<scr<script>ipt>alert(7)</script>",
    '<a href="jav&#x09;ascript:alert(8)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>",
    "{{ 7*7 }}",
    "javascript:alert(10)",
]
BAD_SCHEMES = ("javascript:", "data:text", "vbscript:")


def active_content(html: str) -> list[str]:
    """Anything in a page that could run script."""
    found = []
    for tag, attrs in start_tags(html):
        a = dict(attrs)
        if tag == "script" and not (a.get("src") or "").startswith("/static/"):
            found.append(f"<script {a}>")
        if tag in ("iframe", "object", "embed", "svg", "math"):
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            risky = name in ("href", "src", "action", "formaction") and value
            if risky and value.replace("\t", "").strip().lower().startswith(BAD_SCHEMES):
                found.append(f"{tag}[{name}={value}]")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_never_renders_as_html(app, client, login, make_organisation, make_user, payload):
    org_id = make_organisation(f"Träger {payload}")
    with app.app_context():  # issue 14: the public contact shows on the network page
        organisation = db.session.get(Organisation, org_id)
        organisation.contact_phone, organisation.website = payload[:40], f"https://x.example/{payload}"[:200]
        db.session.commit()
    offer_id = create_test_offer(
        app,
        org_id,
        title=f"Titel {payload}"[:120],
        description=f"Text {payload}",
        decision_scope=f"Scope {payload}",
    )
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for question in offer.questions:
            question.prompt = f"Frage {payload}"[:300]
            for option in question.options:
                option.label = f"{option.label} {payload}"[:120]
        db.session.commit()
        text_q = next(q.id for q in offer.questions if q.kind is QuestionKind.text)
        smiley_q = next(q.id for q in offer.questions if q.kind is QuestionKind.smiley)
    code = offer_code(app, offer_id)
    young = app.test_client()
    assert young.post(
        f"/q/{code}", data={f"q{smiley_q}": "4", f"q{text_q}": f"Antwort {payload}", "ortsteil": payload}
    ).status_code in (302, 422)
    young.post(f"/q/{code}", data={f"q{smiley_q}": "4", f"q{text_q}": f"Antwort {payload}"})
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    pages = [
        f"/q/{code}",
        f"/team/angebote/{offer_id}",
        "/team/moderation/",
        "/team/admin/organisationen",
        "/angebote/",
        f"/angebote/{code}",
        "/netzwerk/",  # issue 14: the organisation's name and contact
        f"/team/admin/organisationen/{org_id}",
        f"/team/angebote/{offer_id}/plakat",
        "/team/",
    ]
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.text.is_not(None)))
        pages.append(f"/team/moderation/{answer.review_key}")
        admin = find_user("admin@example.org")
        moderation.approve(answer, actor=admin, anyway=True, note=f"Notiz {payload}")
        offer = db.session.get(Offer, offer_id)
        offer_services.close(offer, actor=admin)
        save_outcome(
            offer,
            OutcomeFields(
                decision=f"Entscheidung {payload}", next_steps=payload, responsible=payload, message=payload
            ),
            actor=admin,
        )
        db.session.commit()
    pages += [
        f"/team/angebote/{offer_id}",
        f"/team/angebote/{offer_id}/rueckmeldung",
        "/team/admin/protokoll",
    ]
    with app.app_context():
        publish_results(db.session.get(Offer, offer_id), actor=None)
        db.session.commit()
    pages += [f"/q/{code}", f"/angebote/{code}", "/angebote/feed.atom"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert active_content(html) == [], (path, active_content(html))
        assert "<script>alert" not in html, path
        assert "{{ 7*7 }}" not in html or "49" not in html.split("{{ 7*7 }}")[0][-5:], path


def test_clean_html_keeps_the_small_safe_subset():
    html = clean_html(
        '<p>Hallo <b>du</b> <i>da</i></p><ul><li>eins</li></ul><a href="https://example.org">x</a>'
        "<script>alert(1)</script><h1>groß</h1>"
    )
    assert "<b>du</b>" in html and "<i>da</i>" in html and "<ul><li>eins</li></ul>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">x</a>' in html
    assert "<script" not in html and "<h1>" not in html


def test_plain_text_description_becomes_paragraphs(app, make_organisation):
    offer_id = create_test_offer(app, make_organisation(), description="Erster Absatz\n\nZweiter\nZeile")
    with app.app_context():
        assert db.session.get(Offer, offer_id).description == "<p>Erster Absatz</p><p>Zweiter<br>Zeile</p>"
    assert Organisation


def test_editing_shows_the_text_as_typed():
    assert editable_text(clean_html("Spiel & Spaß\n\nzweiter Absatz")) == "Spiel & Spaß\n\nzweiter Absatz"
