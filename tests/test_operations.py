"""Operations: metrics for Prometheus on the internal host only, and JSON logs with a request id that
hold no young person's text, IP address or user agent."""

import json
import re

from factories import ALL_OPTIONAL, create_test_offer, offer_code, question_ids
from participation.accounts.services import create_user
from participation.enums import QuestionKind
from participation.extensions import db
from participation.roles import Role


def metric(page: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", page, re.M)
    return float(found.group(1)) if found else 0.0


def test_metrics_count_requests_answers_and_the_backlog_on_the_internal_host_only(app):
    app.config["METRICS_HOST"] = "127.0.0.1"
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL)
    code, text_question = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    internal = app.test_client()
    assert app.test_client().get("/metrics").status_code == 404  # the public host name: no metrics
    before = internal.get("/metrics", base_url="http://127.0.0.1:8001").get_data(as_text=True)
    answer = {f"q{text_question}": "Mein Geheimnis", "form_id": "b" * 22}
    assert app.test_client().post(f"/q/{code}", data=answer).status_code == 302
    assert app.test_client().post(f"/q/{code}", data=answer).status_code == 302  # the same form again
    after = internal.get("/metrics", base_url="http://127.0.0.1:8001").get_data(as_text=True)
    assert (
        metric(after, "mitreden_answers_accepted_total") - metric(before, "mitreden_answers_accepted_total")
        == 1
    )
    assert metric(after, "mitreden_moderation_backlog") == 1
    posts = 'mitreden_requests_total{endpoint="link.give",method="POST",status="302"}'
    assert metric(after, posts) - metric(before, posts) == 2
    assert 'mitreden_request_seconds_bucket{endpoint="link.give"' in after
    assert "Geheimnis" not in after and code not in after  # endpoints and status codes only


def test_no_metrics_when_no_metrics_host_is_set(client):
    assert client.get("/metrics", base_url="http://127.0.0.1").status_code == 404


def test_logs_are_json_lines_with_the_request_id_and_no_text_of_young_people(app, capfd):
    offer_id = create_test_offer(app, questions=ALL_OPTIONAL, publish=False)
    with app.app_context():
        create_user(
            email="w@example.org", password="correct horse battery", role=Role.admin, organisations=[]
        )
        db.session.commit()
    staff = app.test_client()
    staff.post("/team/login", data={"email": "w@example.org", "password": "correct horse battery"})
    capfd.readouterr()
    published = staff.post(
        f"/team/angebote/{offer_id}/veroeffentlichen", headers={"X-Request-ID": "req-12345678"}
    )
    assert published.headers["X-Request-ID"] == "req-12345678"
    code, text_question = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.text][0]
    sent = app.test_client().post(
        f"/q/{code}",
        data={f"q{text_question}": "Mein Geheimnis"},
        headers={"X-Request-ID": "<script>", "User-Agent": "Handy-Browser/1.0"},
    )
    assert re.fullmatch(r"[0-9a-f]{16}", sent.headers["X-Request-ID"])  # odd ids are replaced
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    assert {"time", "level", "logger", "message", "request_id"} <= set(lines[0])
    publish = [line for line in lines if line["message"].startswith("offer.publish")]
    assert publish and publish[0]["request_id"] == "req-12345678"
    everything = json.dumps(lines)
    assert (
        "Geheimnis" not in everything and "Handy-Browser" not in everything and "127.0.0.1" not in everything
    )
    assert "w@example.org" not in everything
