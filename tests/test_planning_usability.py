"""Issue 12, planners and admins: export links on the page, the planner's landing page, exports for
German spreadsheets, the report's size, the map legend, and the new-account form."""

import csv
import io
import re
from html.parser import HTMLParser

from openpyxl import load_workbook

from factories import add_people, create_test_offer
from participation.accounts.services import find_user
from participation.roles import Role


class Links(HTMLParser):
    """Every <a href> on a page, with its text."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href.replace("&amp;", "&"), self._text.strip()))
            self._href = None


def links(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def planner_logged_in(make_user, login):
    make_user("planner@example.org", Role.planner)
    return login("planner@example.org")


def test_dashboard_shows_export_links_that_download(app, client, make_user, login, make_organisation):
    offer = create_test_offer(app, make_organisation(), ortsteil_codes=["62"])
    add_people(app, offer, 9, ortsteil="62")
    planner_logged_in(make_user, login)
    page = client.get("/team/planung/?stadtbezirk=6").get_data(as_text=True)
    found = [(href, text) for href, text in links(page) if "/team/planung/export/" in href]
    texts = {text for _href, text in found}
    assert texts == {"CSV", "XLSX"}
    assert len(found) == 2 * 13  # every table (issue 13: channels; issue 14: checklist, gaps), both formats
    for href, text in found:
        assert "stadtbezirk=6" in href  # the filters on the page go with the download
        response = client.get(href)
        assert response.status_code == 200, href
        assert "attachment" in response.headers["Content-Disposition"]
        if text == "XLSX":
            load_workbook(io.BytesIO(response.data))  # a real workbook
    # The printed report has no download links.
    report = client.get("/team/planung/bericht").get_data(as_text=True)
    assert not [href for href, _text in links(report) if "/export/" in href]


def test_planner_lands_on_the_dashboard_others_keep_their_start(client, make_user, login):
    response = planner_logged_in(make_user, login)
    assert response.headers["Location"].endswith("/team/planung/")
    assert client.get("/team/login").headers["Location"].endswith("/team/planung/")
    client.post("/team/logout")
    response = client.post(
        "/team/login?next=/team/planung/bericht",
        data={"email": "planner@example.org", "password": "correct horse battery"},
    )
    assert response.headers["Location"].endswith("/team/planung/bericht")  # next wins
    client.post("/team/logout")
    make_user("worker@example.org", Role.youth_worker)
    assert login("worker@example.org").headers["Location"].endswith("/team/")
    client.post("/team/logout")
    make_user("admin@example.org", Role.admin)
    assert login("admin@example.org").headers["Location"].endswith("/team/")


def test_dashboard_links_each_offer_to_its_results(app, client, make_user, login, make_organisation):
    org = make_organisation("Jugendclub Ost")
    first = create_test_offer(app, org, title="Blitzlicht Treff")
    second = create_test_offer(app, org, title="Skatepark Umfrage")
    draft = create_test_offer(app, org, title="Noch ein Entwurf", publish=False)
    planner_logged_in(make_user, login)
    page = client.get("/team/planung/").get_data(as_text=True)
    found = dict(links(page))
    assert found[f"/team/planung/angebote/{first}"] == "Blitzlicht Treff"
    assert found[f"/team/planung/angebote/{second}"] == "Skatepark Umfrage"
    assert f"/team/planung/angebote/{draft}" not in found and "Noch ein Entwurf" not in page
    assert client.get(f"/team/planung/angebote/{first}").status_code == 200  # a planner can open it


def test_csv_fits_german_spreadsheets(app, client, make_user, login, make_organisation):
    offer = create_test_offer(app, make_organisation(), ortsteil_codes=["62"])
    add_people(app, offer, 12, ortsteil="62")
    planner_logged_in(make_user, login)
    response = client.get("/team/planung/export/ortsteile.csv?stadtbezirk=6")
    assert response.mimetype == "text/csv" and "charset=utf-8" in response.content_type
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8, "Grünau" stays Grünau
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Name", "Angebote", "Teilnehmende"]
    grunau = next(row for row in rows if row[0] == "Grünau-Mitte")
    assert grunau[1:3] == ["1", "12"]
    assert re.fullmatch(r"\d+,\d", grunau[3])  # decimal comma, no thousands separator
    assert "." not in grunau[3]


def test_filter_sheet_and_report_show_names_not_codes(app, client, make_user, login):
    planner_logged_in(make_user, login)
    response = client.get("/team/planung/export/ortsteile.xlsx?stadtbezirk=6&ortsteil=62&format=workshop")
    settings = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(response.data)).worksheets[1].iter_rows(values_only=True)
    }
    assert settings["Stadtbezirk"] == "West"
    assert settings["Ortsteil"] == "Grünau-Mitte"
    assert settings["Format"] == "Workshop oder Veranstaltung"
    report = client.get("/team/planung/bericht?stadtbezirk=6&ortsteil=62").get_data(as_text=True)
    used = report.split('id="filters-used">')[1].split("</p>")[0]
    assert "Stadtbezirk: West" in used and "Ortsteil: Grünau-Mitte" in used and "Format" not in used


def test_spreadsheet_csv_keeps_formulas_as_text():
    from participation.spreadsheets import csv_text, spreadsheet_csv

    data = spreadsheet_csv(["Name", "Wert"], [["=HYPERLINK(1)", 1.5], ["@x", 2]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["Name;Wert", "'=HYPERLINK(1);1,5", "'@x;2"]
    assert csv_text(["a"], [[1.5]]) == "a\n1.5\n"  # the machine format is unchanged


def test_new_account_form_says_password_is_required(app, client, make_user, login):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    new = client.get("/team/admin/konten/neu").get_data(as_text=True)
    assert "leer" not in new.lower()  # no "leave empty to keep the password" on a new account
    field = re.search(r"<input[^>]*id=\"password\"[^>]*>", new).group(0)
    assert " required " in field  # said to screen readers too
    refused = client.post("/team/admin/konten/neu", data={"email": "x@example.org", "role": "planner"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'id="password-err"' in body
    make_user("other@example.org", Role.planner)
    with app.app_context():
        other = find_user("other@example.org").id
    edit = client.get(f"/team/admin/konten/{other}").get_data(as_text=True)
    assert "leer lassen" in edit.lower()  # the edit form keeps its hint
    assert " required " not in re.search(r"<input[^>]*id=\"password\"[^>]*>", edit).group(0)


def legend_bounds(page: str) -> list[tuple[float, float]]:
    items = re.findall(r'<li><span class="swatch c[1-5]" aria-hidden="true"></span>([^<]*)</li>', page)
    bounds = []
    for label in items:
        numbers = [float(n.replace(".", "").replace(",", ".")) for n in re.findall(r"\d[\d.,]*", label)]
        bounds.append((numbers[0], numbers[-1]))
    return bounds


def test_map_classes_do_not_overlap(app, client, make_user, login, make_organisation):
    org = make_organisation()
    for code, people in (("00", 5), ("01", 6), ("02", 9), ("03", 12), ("04", 20), ("05", 31), ("10", 40)):
        add_people(app, create_test_offer(app, org, ortsteil_codes=[code]), people, ortsteil=code)
    planner_logged_in(make_user, login)
    for measure in ("participants", "per_1000", "offers"):
        page = client.get(f"/team/planung/?measure={measure}").get_data(as_text=True)
        bounds = legend_bounds(page)
        assert bounds, measure
        assert all(low <= high for low, high in bounds)
        assert all(b[0] > a[1] for a, b in zip(bounds, bounds[1:], strict=False)), (measure, bounds)
        assert bounds[0][0] > 0  # "none (0)" is its own class
