"""Keyboard only: every question kind answered and sent without mouse or touch, with a visible focus."""

from playwright.sync_api import expect
from sqlalchemy import select

from factories import create_test_offer, offer_code, question_ids
from participation.answers.models import Submission
from participation.enums import QuestionKind
from participation.extensions import db

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const shown = e => e && getComputedStyle(e).outlineStyle !== "none"
    && getComputedStyle(e).outlineWidth !== "0px";
  return shown(el) || shown(el.closest("label"));
}"""


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches selector; fail if focus is never visible on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_VISIBLE), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_user_answers_every_kind_and_sends(page, live_app, live_server):
    offer_id = create_test_offer(live_app)
    code, ids = offer_code(live_app, offer_id), question_ids(live_app, offer_id)
    smiley, single = ids[QuestionKind.smiley][0], ids[QuestionKind.single][0]
    multi, (kicker, _music, cooking) = ids[QuestionKind.multiple]
    dots, (wifi, trips, _furniture) = ids[QuestionKind.dots]
    page.goto(f"{live_server}/q/{code}")

    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()  # the skip link comes first
    page.keyboard.press("Enter")

    tab_to(page, f"input[name=q{smiley}]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # arrow keys move within the smiley scale
    tab_to(page, f"input[name=q{single}]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    tab_to(page, f"input[name=q{multi}][value='{kicker}']")
    page.keyboard.press("Space")
    tab_to(page, f"input[name=q{multi}][value='{cooking}']")
    page.keyboard.press("Space")
    tab_to(page, f"input[name=q{ids[QuestionKind.yes_no][0]}]")
    page.keyboard.press("Space")
    tab_to(page, f"#q{dots}-o{wifi}")
    page.keyboard.type("2")
    tab_to(page, f"#q{dots}-o{trips}")
    page.keyboard.type("1")
    tab_to(page, "textarea")
    page.keyboard.type("Mehr Musik")
    tab_to(page, "summary")
    page.keyboard.press("Enter")  # open "about you"
    tab_to(page, "input[name=age_group]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Danke")
    with live_app.app_context():
        submission = db.session.scalar(select(Submission))
        answers = {(a.question_id, a.option_id, a.value, a.text) for a in submission.answers}
        assert submission.age_group is not None
    options_single = ids[QuestionKind.single][1]
    assert (smiley, None, 2, None) in answers  # first face ("very bad"), then one to the right
    assert (single, options_single[1], None, None) in answers
    assert {(multi, kicker, None, None), (multi, cooking, None, None)} <= answers
    assert (dots, wifi, 2, None) in answers and (dots, trips, 1, None) in answers
    assert (ids[QuestionKind.text][0], None, None, "Mehr Musik") in answers
