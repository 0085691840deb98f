import xml.etree.ElementTree as ET

import pytest

from factories import create_test_offer, offer_code
from participation.accounts.models import Organisation
from participation.enums import AgeGroup, Goal, OfferFormat
from participation.extensions import db
from participation.offers.models import Offer
from participation.results.services import OutcomeFields, publish_results, save_outcome

ATOM = "{http://www.w3.org/2005/Atom}"


def publish_with_results(app, offer_id):
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        save_outcome(offer, OutcomeFields(decision="Wir bauen die Kletterwand."), actor=None)
        publish_results(offer, actor=None)
        db.session.commit()


@pytest.fixture
def offers(app, make_organisation):
    org = make_organisation("Treff")
    ids = {
        "open_grunau": create_test_offer(
            app, org, title="Grünau offen", ortsteil_codes=["62"], age_groups=[AgeGroup.age_6_9]
        ),
        "open_zentrum": create_test_offer(
            app,
            org,
            title="Zentrum offen",
            ortsteil_codes=["00"],
            format=OfferFormat.dot_voting,
            goals=[Goal.families],
        ),
        "results": create_test_offer(
            app, org, title="Mit Ergebnissen", ortsteil_codes=["63"], starts_in=-20, ends_in=-5, outcome_in=5
        ),
        "closed_no_results": create_test_offer(
            app, org, title="Beendet ohne Ergebnis", starts_in=-20, ends_in=-5
        ),
        "draft": create_test_offer(app, org, title="Entwurf", publish=False),
    }
    publish_with_results(app, ids["results"])
    hidden_org = make_organisation("Deaktiviert")
    ids["inactive"] = create_test_offer(app, hidden_org, title="Von deaktiviertem Träger")
    with app.app_context():
        db.session.get(Organisation, hidden_org).is_active = False
        db.session.commit()
    return ids


def titles(client, query=""):
    page = client.get(f"/angebote/{query}").get_data(as_text=True)
    return {
        t
        for t in (
            "Grünau offen",
            "Zentrum offen",
            "Mit Ergebnissen",
            "Beendet ohne Ergebnis",
            "Entwurf",
            "Von deaktiviertem Träger",
        )
        if f">{t}</a>" in page
    }


def test_lists_open_offers_and_results_never_drafts_or_inactive(client, offers):
    assert titles(client) == {"Grünau offen", "Zentrum offen", "Mit Ergebnissen"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?stadtbezirk=6", {"Grünau offen", "Mit Ergebnissen"}),
        ("?ortsteil=62", {"Grünau offen"}),
        ("?age_group=6-9", {"Grünau offen"}),
        ("?format=dot_voting", {"Zentrum offen"}),
        ("?goal=families", {"Zentrum offen"}),
        ("?status=open", {"Grünau offen", "Zentrum offen"}),
        ("?status=results", {"Mit Ergebnissen"}),
        ("?status=results&stadtbezirk=0", set()),
        ("?ortsteil=XX&format=nonsense", {"Grünau offen", "Zentrum offen", "Mit Ergebnissen"}),  # ignored
    ],
)
def test_filters_work_from_the_url(client, offers, query, expected):
    assert titles(client, query) == expected


def test_filter_form_keeps_the_choice(client, offers):
    page = client.get("/angebote/?ortsteil=62&status=open").get_data(as_text=True)
    assert '<option value="62" selected>' in page and '<option value="open" selected>' in page


def test_newest_first_and_pagination(app, client, make_organisation):
    org = make_organisation("Viele")
    for n in range(23):
        create_test_offer(app, org, title=f"Angebot {n:02d}")
    first = client.get("/angebote/").get_data(as_text=True)
    assert first.index(">Angebot 22</a>") < first.index(">Angebot 21</a>")
    assert "Angebot 02" not in first and "seite=2" in first
    second = client.get("/angebote/?seite=2").get_data(as_text=True)
    assert ">Angebot 00</a>" in second and ">Angebot 22</a>" not in second
    assert client.get("/angebote/?seite=abc").status_code == 200


def test_offer_page_tells_what_for_whom_where_and_status(app, client, offers):
    code = offer_code(app, offers["open_grunau"])
    page = client.get(f"/angebote/{code}").get_data(as_text=True)
    for fact in ("Grünau offen", "Ihr wählt drei Angebote aus.", "Grünau-Mitte", f"/q/{code}"):
        assert fact in page
    closed = client.get(f"/angebote/{offer_code(app, offers['closed_no_results'])}").get_data(as_text=True)
    assert "Beendet ohne Ergebnis" in closed
    assert client.get(f"/angebote/{offer_code(app, offers['draft'])}").status_code == 404
    assert client.get(f"/angebote/{offer_code(app, offers['inactive'])}").status_code == 404


def test_atom_feed_has_new_offers_and_results(app, client, offers):
    response = client.get("/angebote/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    titles_in_feed = [e.find(f"{ATOM}title").text for e in entries]
    assert any("Mit Ergebnissen" in t for t in titles_in_feed)
    assert sum("Mit Ergebnissen" in t for t in titles_in_feed) == 2  # opened, then results
    assert not any("Entwurf" in t or "deaktiviert" in t for t in titles_in_feed)
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text.endswith("Z")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://mitreden.test/")


def test_open_now_leaves_out_offers_that_have_not_started(app, client, make_organisation):
    org = make_organisation("Bald")
    create_test_offer(app, org, title="Startet bald", starts_in=3, ends_in=10, outcome_in=20)
    create_test_offer(app, org, title="Läuft schon")
    page = client.get("/angebote/?status=open").get_data(as_text=True)
    assert ">Läuft schon</a>" in page and ">Startet bald</a>" not in page
    assert ">Startet bald</a>" in client.get("/angebote/").get_data(as_text=True)


@pytest.mark.parametrize("page", ["²", "99999999999999999999", "-1", "0", "7"])
def test_odd_page_numbers_show_a_real_page(client, offers, page):
    response = client.get(f"/angebote/?seite={page}")
    assert response.status_code == 200
    assert ">Grünau offen</a>" in response.get_data(as_text=True)  # one page only: always page 1
