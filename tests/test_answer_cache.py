"""The answer form served from the per-process cache: fast, yet never wrong where it matters."""

import re
import time

from sqlalchemy import func, select

from factories import (
    close_offer,
    count_statements,
    create_test_offer,
    csrf_token_from,
    offer_code,
    question_ids,
    translate_everything,
)
from participation.answers.models import Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.link import cache


def smiley_answer(app, offer_id) -> dict:
    return {f"q{question_ids(app, offer_id)[QuestionKind.smiley][0]}": "5"}


def test_second_visit_runs_no_query_and_gets_its_own_working_token(cached_app):
    offer_id = create_test_offer(cached_app)
    code = offer_code(cached_app, offer_id)
    first, second = cached_app.test_client(), cached_app.test_client()
    pages = {}
    assert (
        count_statements(cached_app, lambda: pages.update(a=first.get(f"/q/{code}").get_data(as_text=True)))
        >= 3
    )
    assert (
        count_statements(cached_app, lambda: pages.update(b=second.get(f"/q/{code}").get_data(as_text=True)))
        == 0
    )
    tokens = csrf_token_from(pages["a"]), csrf_token_from(pages["b"])
    assert tokens[0] != tokens[1] and cache.CSRF_SLOT not in pages["b"]
    assert re.sub(r'value="[^"]+"', "", pages["a"]) == re.sub(r'value="[^"]+"', "", pages["b"])
    response = second.post(
        f"/q/{code}", data={**smiley_answer(cached_app, offer_id), "csrf_token": tokens[1]}
    )
    assert response.status_code == 302
    with cached_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def test_cached_form_is_not_shown_again_to_a_browser_that_answered(cached_app):
    offer_id = create_test_offer(cached_app)
    code = offer_code(cached_app, offer_id)
    client = cached_app.test_client()
    token = csrf_token_from(client.get(f"/q/{code}").get_data(as_text=True))
    client.post(f"/q/{code}", data={**smiley_answer(cached_app, offer_id), "csrf_token": token})
    assert "Du hast schon geantwortet" in client.get(f"/q/{code}").get_data(as_text=True)


def test_each_language_has_its_own_cached_form(cached_app):
    offer_id = create_test_offer(cached_app)
    translate_everything(cached_app, offer_id)
    code = offer_code(cached_app, offer_id)
    german = cached_app.test_client().get(f"/q/{code}").get_data(as_text=True)
    arabic = cached_app.test_client()
    arabic.get("/sprache/ar")
    page = arabic.get(f"/q/{code}").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in german and '<html lang="ar" dir="rtl">' in page


def test_an_answer_to_a_form_cached_before_closing_is_refused_and_nothing_is_stored(cached_app):
    offer_id = create_test_offer(cached_app)
    code = offer_code(cached_app, offer_id)
    cached_app.test_client().get(f"/q/{code}")  # fills the cache
    client = cached_app.test_client()
    token = csrf_token_from(client.get(f"/q/{code}").get_data(as_text=True))  # from the cache
    close_offer(cached_app, offer_id)
    page = client.post(f"/q/{code}", data={**smiley_answer(cached_app, offer_id), "csrf_token": token})
    assert "beendet" in page.get_data(as_text=True)
    with cached_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_cached_form_expires(cached_app, monkeypatch):
    offer_id = create_test_offer(cached_app)
    code = offer_code(cached_app, offer_id)
    cached_app.test_client().get(f"/q/{code}")
    close_offer(cached_app, offer_id)
    later = time.monotonic() + 6
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert "beendet" in cached_app.test_client().get(f"/q/{code}").get_data(as_text=True)


def test_answer_with_errors_keeps_the_answers_when_questions_come_from_the_cache(cached_app):
    offer_id = create_test_offer(cached_app)
    code, ids = offer_code(cached_app, offer_id), question_ids(cached_app, offer_id)
    client = cached_app.test_client()
    token = csrf_token_from(client.get(f"/q/{code}").get_data(as_text=True))
    single, options = ids[QuestionKind.single]
    for _ in range(2):  # the second time the questions come from the cache
        response = client.post(f"/q/{code}", data={f"q{single}": str(options[1]), "csrf_token": token})
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and "Beantworte bitte diese Frage." in page
        assert f'value="{options[1]}" checked' in page
