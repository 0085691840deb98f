"""Issue 12 in Chromium, for planners and admins: the print report's size, date and page numbers; the
map's names on focus and its legend; staff tables on a 360 px phone keep whole words."""

import re

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from factories import PASSWORD
from participation.accounts.services import create_user
from participation.demo import ensure_demo_data
from participation.extensions import db
from participation.roles import Role
from participation.timeutil import local_today
from phone import log_in

DEMO_REPORT_MAX_PAGES = 5  # measured: 5 (4 before issue 14 added two sections, 11 before issue 12)


@pytest.fixture
def demo(live_app):
    with live_app.app_context():
        ensure_demo_data()
        create_user(email="p@example.org", password=PASSWORD, role=Role.planner, organisations=[])
        create_user(email="a@example.org", password=PASSWORD, role=Role.admin, organisations=[])
        db.session.commit()
        return format_date(local_today(), format="medium", locale="de")


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_report_fits_on_a_few_dated_pages(browser, live_server, demo):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    log_in(page, live_server, "p@example.org")
    expect(page).to_have_url(f"{live_server}/team/planung/")  # a planner lands on the dashboard
    page.goto(f"{live_server}/team/planung/bericht")
    expect(page.locator("h1")).to_contain_text(demo)  # "Stand <date>"
    assert demo in page.title()
    # No table repeats a chart, and the Ortsteile table leaves its zero rows out and says so.
    assert (
        page.locator("#t-formate table.bars").count() == 1
        and page.locator("#t-formate .table-scroll").count() == 0
    )
    rows = page.locator("#t-ortsteile tbody tr").count()
    assert 0 < rows < 63
    expect(page.locator("#t-ortsteile")).to_contain_text(f"{63 + 1 - rows} ")
    pages = pdf_pages(page.pdf(format="A4", prefer_css_page_size=True))
    assert 1 <= pages <= DEMO_REPORT_MAX_PAGES
    # Page numbers come from the @page rule of the print stylesheet.
    css = page.evaluate(
        "() => [...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.cssText).join(' ')"
    )
    assert "counter(page)" in css and "counter(pages)" in css
    # Table headers wrap between words only.
    broken = page.evaluate(BROKEN_WORDS, "table th")
    assert broken == []
    context.close()


# Every word (split at spaces and hyphens) of the matched cells that the browser laid out on two lines.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-–\\/]+/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(rects.map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_map_names_on_focus_and_hover_and_a_legend_without_overlaps(browser, live_server, demo):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "p@example.org")
    area = page.locator('.choropleth path[data-code="62"]')
    expect(area).to_have_attribute("aria-label", re.compile(r"^Grünau-Mitte: "))
    assert area.locator("title").text_content().startswith("Grünau-Mitte: ")
    area.focus()  # as Tab reaches it
    expect(page.locator("#map-readout")).to_be_visible()
    expect(page.locator("#map-readout")).to_have_text(re.compile(r"^Grünau-Mitte: "))
    outline = area.evaluate("e => getComputedStyle(e).strokeWidth")
    assert float(outline.rstrip("px")) >= 2  # the focused area stands out
    page.locator('.choropleth path[data-code="00"]').hover()
    expect(page.locator("#map-readout")).to_have_text(re.compile(r"^Zentrum: "))
    page.keyboard.press("Tab")
    expect(page.locator("#map-readout")).not_to_have_text(re.compile(r"^Zentrum: "))
    # Classes follow each other without overlap: each lower bound is above the previous upper bound.
    labels = page.locator(".legend li").all_text_contents()
    bounds = []
    for label in labels:
        numbers = [float(n.replace(".", "").replace(",", ".")) for n in re.findall(r"\d[\d.,]*", label)]
        if numbers and "<" not in label:
            bounds.append((numbers[0], numbers[-1]))
    bounds = bounds[1:]  # after "none (0)"
    assert bounds and all(b[0] > a[1] for a, b in zip(bounds, bounds[1:], strict=False))
    # Every symbol the tables use is explained.
    symbols = page.locator(".symbols dt").all_text_contents()
    assert {"< 5", "verdeckt", "–"} <= {s.strip() for s in symbols}
    context.close()


# The height of one line of text in a cell, with its padding and border.
ONE_LINE = """e => {
  const style = getComputedStyle(e);
  return parseFloat(style.lineHeight) + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + 1.5;
}"""

STAFF_PAGES = (
    "/team/",
    "/team/planung/",
    "/team/planung/bericht",
    "/team/admin/konten",
    "/team/admin/organisationen",
    "/team/admin/protokoll",
    "/team/moderation/",
)


def test_staff_tables_on_a_phone_keep_words_whole(browser, live_server, demo):
    context = browser.new_context(
        locale="de-DE", viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    log_in(page, live_server, "a@example.org")
    offer_page = page.locator("table a[href^='/team/angebote/']").first.get_attribute("href")
    found = {}
    for path in (*STAFF_PAGES, offer_page):
        page.goto(live_server + path)
        expect(page.locator("h1")).to_be_visible()
        wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        broken = page.evaluate(BROKEN_WORDS, "main th, main td")
        if wide > 0 or broken:
            found[path] = (wide, broken[:5])
    # A date cell's text stays on one line (the row may be taller: the sentence next to it wraps).
    page.goto(live_server + "/team/admin/protokoll")
    cell = page.locator("tbody td.nowrap").first
    height = cell.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return r.getBoundingClientRect().height; }"
    )
    line = cell.evaluate(ONE_LINE)
    assert height <= line
    context.close()
    assert found == {}
