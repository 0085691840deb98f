"""What young people stumbled over (issue 12): who asks and until when, the language picker, named
error links, clearing an optional choice, bidi isolation, the Leichte Sprache note, the link to keep,
the poster, codes typed with spaces and dashes, and the feed in the page language."""

import configparser
import io
import re
import xml.etree.ElementTree as ET
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import zxingcpp
from babel.dates import format_date
from PIL import Image
from sqlalchemy import select

from factories import (
    ALL_OPTIONAL,
    close_offer,
    create_test_offer,
    offer_code,
    publish_results_now,
    question_ids,
    start_tags,
    translate_offer,
)
from participation.answers.models import Answer, Submission
from participation.enums import QuestionKind
from participation.extensions import db
from participation.i18n import LANGUAGE_NAMES
from participation.offers.models import Offer

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
LONG = "Wir planen den Sommer im Treff. " * 10  # about 320 characters


def client_in(app, language):
    client = app.test_client()
    assert client.get(f"/sprache/{language}").status_code == 302
    return client


def ends_on(app, offer_id):
    with app.app_context():
        return db.session.get(Offer, offer_id).ends_on


# 1. Who asks and until when; a compact language picker


def test_answer_page_says_who_asks_until_when_and_what_it_is_about(app, client, make_organisation):
    offer_id = create_test_offer(
        app, make_organisation("Jugendtreff Grünau"), description="<p>Kurz gesagt.</p>"
    )
    page = client.get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    main = page.split('<main id="main"')[1]
    assert "<bdi>Jugendtreff Grünau</bdi>" in main.split("<form")[0]  # before the first question
    assert format_date(ends_on(app, offer_id), "long", locale="de") in main.split("<form")[0]
    assert '<div class="about"><p>Kurz gesagt.</p></div>' in main  # short: shown as it is

    folded = create_test_offer(app, description=f"<p>{LONG}</p>")
    page = client.get(f"/q/{offer_code(app, folded)}").get_data(as_text=True)
    assert re.search(
        r'<details class="about"><summary>[^<]+</summary><p>(Wir planen den Sommer im Treff. )+', page
    )


def test_language_picker_is_a_closed_list_of_plain_links(app, client, make_offer):
    code = offer_code(app, make_offer())
    page = client.get(f"/q/{code}").get_data(as_text=True)
    picker = page.split('<nav class="langs"')[1].split("</nav>")[0]
    assert "<details>" in picker and "<summary>" in picker and "<details open" not in picker
    assert re.search(r"</span>Deutsch · <span[^>]*>Language</span></summary>", picker)  # the current choice
    for language, name in LANGUAGE_NAMES.items():
        assert f'href="/sprache/{language}?next=/q/{code}"' in picker and f">{name}</a>" in picker
    arabic = client.get(f"/sprache/ar?next=/q/{code}")  # a plain GET: works without JavaScript
    assert arabic.status_code == 302 and arabic.headers["Location"] == f"/q/{code}"
    assert 'lang="ar" dir="rtl"' in client.get(f"/q/{code}").get_data(as_text=True)


# 2. The error summary names the question


def test_error_summary_names_each_question(app, client):
    required = [q for q in ALL_OPTIONAL[:2]]
    required = [type(q)(**{**q.__dict__, "is_required": True}) for q in required]
    offer_id = create_test_offer(app, questions=required + ALL_OPTIONAL[3:4])
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    response = client.post(f"/q/{code}", data={f"q{ids[QuestionKind.yes_no][0]}": "1"})
    assert response.status_code == 422
    summary = response.get_data(as_text=True).split('id="summary"')[1].split("</div>")[0]
    links = re.findall(r'<li><a href="#(q\d+)">(.*?)</a></li>', summary)
    assert [name for name, _text in links] == [
        f"q{ids[QuestionKind.smiley][0]}",
        f"q{ids[QuestionKind.single][0]}",
    ]
    first, second = (text for _name, text in links)
    assert first != second
    assert "1" in first and "<bdi>Wie gefällt dir der Treff?</bdi>" in first and "Beantworte bitte" in first
    assert "2" in second and "<bdi>Wann kommst du?</bdi>" in second and "Beantworte bitte" in second


# 3. An optional radio question can be cleared


def test_optional_radio_questions_have_a_no_answer_choice_that_stores_nothing(app, client):
    questions = [ALL_OPTIONAL[0], type(ALL_OPTIONAL[1])(**{**ALL_OPTIONAL[1].__dict__, "is_required": True})]
    offer_id = create_test_offer(app, questions=questions + ALL_OPTIONAL[3:4])
    code, ids = offer_code(app, offer_id), question_ids(app, offer_id)
    page = client.get(f"/q/{code}").get_data(as_text=True)
    smiley, single, yes_no = (
        ids[k][0] for k in (QuestionKind.smiley, QuestionKind.single, QuestionKind.yes_no)
    )
    for optional in (smiley, yes_no, "age_group"):
        name = optional if optional == "age_group" else f"q{optional}"
        assert f'<input type="radio" name="{name}" value=""' in page
    assert f'name="q{single}" value=""' not in page  # a required question has no way out
    morning = ids[QuestionKind.single][1][0]
    response = client.post(
        f"/q/{code}", data={f"q{smiley}": "", f"q{single}": str(morning), f"q{yes_no}": "", "age_group": ""}
    )
    assert response.status_code == 302
    with app.app_context():
        submission = db.session.scalar(select(Submission).where(Submission.offer_id == offer_id))
        assert submission.age_group is None
        assert [(a.question_id, a.option_id) for a in db.session.scalars(select(Answer))] == [
            (single, morning)
        ]


def test_dot_voting_carries_the_points_left_texts_for_its_script(app, client, make_offer):
    offer_id = make_offer()
    page = client.get(f"/q/{offer_code(app, offer_id)}").get_data(as_text=True)
    counter = re.search(r'<p class="hint points-left" aria-live="polite" hidden data-left="([^"]+)"', page)
    assert counter and len(counter.group(1).split("|")) == 4  # 0, 1, 2 and 3 of 3 points left
    assert '<div class="dots" data-points="3">' in page
    assert "<script>" not in page  # no inline script (CSP): a static file


# 4. Bidi isolation of German titles in right-to-left pages


class _Enclosing(HTMLParser):
    """For every text of the body: the innermost element around it (tag, attributes)."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.in_body and data.strip():
            self.texts.append((data, self.stack[-1]))


def isolations_of(html: str, text: str) -> list[bool]:
    """For each place text appears in the body: whether its innermost element isolates it."""
    parser = _Enclosing()
    parser.feed(html)
    return [tag == "bdi" or "dir" in attrs for data, (tag, attrs) in parser.texts if text in data]


def test_german_titles_and_names_are_isolated_on_arabic_pages(app, make_organisation):
    org = make_organisation("Treff Ost")
    title = "Was wünschst du dir?"  # the "?" jumped to the start of the sentence on the Arabic thank-you page
    open_id = create_test_offer(app, org, title=title, questions=ALL_OPTIONAL)
    closed_id = create_test_offer(app, org, title=title, questions=ALL_OPTIONAL)
    close_offer(app, closed_id)
    results_id = create_test_offer(app, org, title=title, questions=ALL_OPTIONAL)
    publish_results_now(app, results_id)
    code = offer_code(app, open_id)
    smiley = question_ids(app, open_id)[QuestionKind.smiley][0]
    young = client_in(app, "ar")
    assert young.post(f"/q/{code}", data={f"q{smiley}": "5"}).status_code == 302
    pages = {
        "thanks": young.get(f"/q/{code}/danke"),
        "already answered": young.get(f"/q/{code}"),
        "closed": young.get(f"/q/{offer_code(app, closed_id)}"),
        "results": young.get(f"/q/{offer_code(app, results_id)}"),
        "directory": young.get("/angebote/"),
        "offer page": young.get(f"/angebote/{code}"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert 'dir="rtl"' in html.split(">")[1], name
        places = isolations_of(html, title)
        assert places and all(places), name
        if name not in ("thanks", "results"):  # these name no organisation
            organisation = isolations_of(html, "Treff Ost")
            assert organisation and all(organisation), name
    # the form with errors: the question named in the summary is isolated too
    required = offer_code(app, create_test_offer(app, org))  # its first question is required
    errors = client_in(app, "ar").post(f"/q/{required}", data={"q0": ""}).get_data(as_text=True)
    summary = errors.split('id="summary"')[1].split("</div>")[0]
    assert '<bdi><span lang="de" dir="ltr">Wie gefällt dir der Treff?</span></bdi>' in summary


# 5. Leichte Sprache gets the "only in standard German" note


def test_leichte_sprache_says_when_texts_are_only_in_standard_german(app, make_offer):
    offer_id = make_offer()
    code = offer_code(app, offer_id)
    page = client_in(app, "leicht").get(f"/q/{code}").get_data(as_text=True)
    assert re.search(r'<p class="note">[^<]*Leichte[r]? Sprache[^<]*</p>', page)
    assert 'class="note"' not in client_in(app, "de").get(f"/q/{code}").get_data(as_text=True)


# 6. The thank-you page offers the link to keep


def test_thank_you_page_offers_the_link_to_keep_and_share(app, make_offer):
    offer_id = make_offer(questions=ALL_OPTIONAL)
    code, smiley = offer_code(app, offer_id), question_ids(app, offer_id)[QuestionKind.smiley][0]
    young = app.test_client()
    young.post(f"/q/{code}", data={f"q{smiley}": "5"})
    page = young.get(f"/q/{code}/danke").get_data(as_text=True)
    assert f'<a id="results-link" href="/q/{code}" dir="ltr">http://mitreden.test/q/{code}</a>' in page
    button = next(
        dict(a) for tag, a in start_tags(page) if tag == "button" and dict(a).get("id") == "share-link"
    )
    assert button["data-share"] == "results-link" and "hidden" in button  # shown by the script where it can
    assert re.search(r'<script src="/static/js/share\.[0-9a-f]{10}\.js" defer></script>', page)
    assert "<img" not in page.split("<main")[1]  # no QR code of the page the phone is already on


# 8. The poster and the code box


def test_poster_shows_organisation_languages_results_date_and_the_code_to_type(app, client, worker):
    offer_id = create_test_offer(app, worker)
    translate_offer(app, offer_id, "ar")  # every text: the form speaks Arabic
    translate_offer(app, offer_id, "uk", {"title": "Літо"})  # only the title: not listed
    code = offer_code(app, offer_id)
    poster = client.get(f"/team/angebote/{offer_id}/plakat").get_data(as_text=True)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        organisation, due = offer.organisation.name, offer.outcome_due_on
    assert organisation in poster
    assert format_date(due, "long", locale="de") in poster
    assert f'<p class="code" aria-label="Code">{code[:4].upper()} {code[4:].upper()}</p>' in poster
    assert (
        '<li lang="de" dir="ltr">Deutsch</li>' in poster and '<li lang="ar" dir="rtl">العربية</li>' in poster
    )
    assert "Українська" not in poster
    # the QR code on the poster still leads to the form
    assert f'src="/q/{code}/qr.svg"' in poster
    image = Image.open(io.BytesIO(client.get(f"/q/{code}/qr.png").data))
    assert [d.text for d in zxingcpp.read_barcodes(image)] == [f"http://mitreden.test/q/{code}"]


def test_code_box_accepts_spaces_dashes_and_any_case(app, client, make_offer):
    code = offer_code(app, make_offer())
    typed = [
        code.upper(),
        f"{code[:4]} {code[4:]}".upper(),
        f" {code[:4]}-{code[4:]} ",
        f"{code[:4]}–{code[4:]}",
    ]
    for text in typed:
        response = client.get("/", query_string={"code": text})
        assert response.status_code == 302 and response.headers["Location"] == f"/q/{code}", text
        assert client.get(response.headers["Location"]).status_code == 200


# 9. The feed speaks the page language; every template type is extracted


def test_babel_cfg_extracts_every_template_type():
    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg")
    patterns = [section.split(":", 1)[1].strip() for section in config.sections() if ":" in section]
    templates = [p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert templates
    missing = [t for t in templates if not any(fnmatch(t, pattern) for pattern in patterns)]
    assert missing == [], "babel.cfg does not extract these templates"


def test_feed_speaks_german_by_default(app, client, make_offer):
    offer_id = make_offer(title="Bolzplatz")
    publish_results_now(app, offer_id)
    feed = ET.fromstring(client.get("/angebote/feed.atom").data)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert len(titles) == 2 and all("Bolzplatz" in t for t in titles)
    assert not any(t.startswith(("Results:", "New:")) for t in titles)  # fails until the catalogue has them
