import csv
import io
import json

from factories import offer_code, question_ids
from participation.enums import QuestionKind
from participation.extensions import db
from participation.offers.models import Offer
from participation.results.services import results_dict


def answer(app, code, data):
    assert app.test_client().post(f"/q/{code}", data=data).status_code == 302


def test_tallies_count_every_kind(app, make_offer):
    offer_id = make_offer()
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    smiley, single, multiple = ids[QuestionKind.smiley], ids[QuestionKind.single], ids[QuestionKind.multiple]
    yes_no, dots, text = ids[QuestionKind.yes_no], ids[QuestionKind.dots], ids[QuestionKind.text]
    answer(
        app,
        code,
        {
            f"q{smiley[0]}": "5",
            f"q{single[0]}": str(single[1][0]),
            f"q{multiple[0]}": [str(multiple[1][0]), str(multiple[1][1])],
            f"q{yes_no[0]}": "1",
            f"q{dots[0]}-o{dots[1][0]}": "3",
            f"q{text[0]}": "geheim",
        },
    )
    answer(
        app,
        code,
        {
            f"q{smiley[0]}": "5",
            f"q{multiple[0]}": str(multiple[1][0]),
            f"q{yes_no[0]}": "0",
            f"q{dots[0]}-o{dots[1][0]}": "1",
            f"q{dots[0]}-o{dots[1][1]}": "2",
        },
    )
    answer(app, code, {f"q{smiley[0]}": "2"})
    with app.app_context():
        data = results_dict(db.session.get(Offer, offer_id))
    assert data["code"] == code and data["participants"] == 3
    tallies = [q["tallies"] for q in data["questions"]]
    assert tallies[0] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2}
    assert tallies[1] == {"Morgens": 1, "Abends": 0}
    assert tallies[2] == {"Kicker": 2, "Musik": 1, "Kochen": 0}
    assert tallies[3] == {"yes": 1, "no": 1}
    assert tallies[4] == {"WLAN": 4, "Ausflüge": 2, "Möbel": 0}  # points, not picks
    assert tallies[5] == {"answers": 1}
    assert "geheim" not in json.dumps(data)


def test_results_command_json_and_csv(app, runner, make_offer):
    offer_id = make_offer()
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    answer(app, code, {f"q{ids[QuestionKind.smiley][0]}": "4", f"q{ids[QuestionKind.text][0]}": "privat"})
    result = runner.invoke(args=["results", code.upper(), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["participants"] == 1
    assert data["questions"][0] == {
        "prompt": "Wie gefällt dir der Treff?",
        "kind": "smiley",
        "tallies": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0},
    }
    result = runner.invoke(args=["results", code, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {
        "code": code,
        "participants": "1",
        "question": "1",
        "prompt": "Wie gefällt dir der Treff?",
        "kind": "smiley",
        "key": "4",
        "count": "1",
    } in rows
    assert "privat" not in result.output
    assert runner.invoke(args=["results", "nothere"]).exit_code != 0
