"""The moderation queue as a moderator sees it: a button that cannot be pressed looks so."""

from playwright.sync_api import expect

from factories import ALL_OPTIONAL, PASSWORD, create_test_offer, question_ids
from participation.accounts.models import Organisation
from participation.accounts.services import create_user, set_moderator_rights
from participation.answers.models import Answer, Submission
from participation.answers.services import review_key
from participation.enums import QuestionKind, ReviewState
from participation.extensions import db
from participation.roles import Role
from phone import log_in

TEXTS = ["Mehr Kicker bitte", "ruf mich an 0176 1234567", "Mehr Musik", "Längere Öffnungszeiten", "Kino"]


def test_a_disabled_approve_button_looks_disabled(page, live_app, live_server):
    offer_id = create_test_offer(live_app, questions=ALL_OPTIONAL)
    with live_app.app_context():
        organisation = db.session.get(Organisation, 1)
        worker = create_user(
            email="mod@example.org", password=PASSWORD, role=Role.youth_worker, organisations=[organisation]
        )
        set_moderator_rights(worker, {organisation.id})
        text_q = question_ids(live_app, offer_id)[QuestionKind.text][0]
        for text in TEXTS:
            answer = Answer(
                question_id=text_q, text=text, review_state=ReviewState.pending, review_key=review_key()
            )
            db.session.add(Submission(offer_id=offer_id, answers=[answer]))
        db.session.commit()
    log_in(page, live_server, "mod@example.org")
    page.goto(f"{live_server}/team/moderation/")
    flagged = page.locator(".mod-item", has_text="0176").get_by_role("button", name="Freigeben", exact=True)
    plain = page.locator(".mod-item", has_text="Kino").get_by_role("button", name="Freigeben", exact=True)
    expect(flagged).to_be_disabled()
    expect(plain).to_be_enabled()
    style = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.cursor]; }"
    disabled, enabled = flagged.evaluate(style), plain.evaluate(style)
    assert disabled[0] != enabled[0] and disabled[1] != enabled[1]
    assert disabled[2] == "not-allowed"
