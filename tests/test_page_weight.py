"""Budget of the answer page: at most 14 KB (gzip) and 4 requests with everything it loads, in every language.

The browser test (tests/browser/test_languages.py) measures the same in Chromium, headers included."""

import gzip
import re
from urllib.parse import urlsplit

import pytest

from factories import PAGE_BUDGET_BYTES as BUDGET_BYTES
from factories import PAGE_MAX_REQUESTS as MAX_REQUESTS
from factories import offer_code, subresources
from participation.i18n import LANGUAGE_NAMES

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def weigh(client, path: str) -> dict:
    """Fetch a page and its same-origin subresources as a phone would; return the bytes sent (compressed),
    the request count and foreign URLs."""
    html = client.get(path, headers=GZIP)
    assert html.status_code == 200 and html.headers["Content-Encoding"] == "gzip"
    text = gzip.decompress(html.data).decode()
    urls = subresources(text)
    foreign = [u for u in urls if urlsplit(u).netloc]
    total, requests = len(html.data), 1
    for url in urls:
        if url in foreign:
            continue
        parts = urlsplit(url)
        response = client.get(parts.path, query_string=parts.query, headers=GZIP)
        assert response.status_code == 200, url
        total += len(response.data)
        requests += 1
        response.close()
    return {"gzip_bytes": total, "requests": requests, "foreign": foreign, "html": text}


@pytest.mark.parametrize("language", list(LANGUAGE_NAMES))
def test_answer_page_fits_the_budget_in_every_language(app, make_offer, language):
    code = offer_code(app, make_offer())
    client = app.test_client()
    client.get(f"/sprache/{language}")
    result = weigh(client, f"/q/{code}")
    print(f"answer page [{language}]: {result['gzip_bytes']} B gzip, {result['requests']} requests")
    assert result["gzip_bytes"] <= BUDGET_BYTES
    assert result["requests"] <= MAX_REQUESTS
    assert result["foreign"] == []
    assert "@font-face" not in result["html"]


def test_small_responses_and_clients_without_gzip_get_plain_bytes(app, client, make_offer):
    code = offer_code(app, make_offer())
    plain = client.get(f"/q/{code}", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and b"<form" in plain.data
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert "Content-Encoding" not in client.get("/healthz", headers=GZIP).headers  # a few bytes: not worth it


def test_gzip_is_honest_about_what_it_sends(client):
    css = client.get("/static/css/app.css", headers=GZIP)
    assert css.headers["Content-Encoding"] == "gzip" and css.headers["ETag"].endswith('-gzip"')
    assert "Accept-Ranges" not in css.headers  # byte ranges of the plain file must not be mixed in
    assert b"font-face" not in gzip.decompress(css.data)
    refused = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers and refused.data.startswith(b"/*")
    refused.close()
    unchanged = client.get("/static/css/app.css", headers={**GZIP, "If-None-Match": css.headers["ETag"]})
    assert unchanged.status_code in (200, 304) and "Accept-Encoding" in unchanged.headers["Vary"]
    unchanged.close()
    page = client.get("/", headers=GZIP)
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= set(page.headers["Vary"].split(", "))


def test_static_files_are_cached_long_with_content_hash(app, client, make_offer):
    page = client.get(f"/q/{offer_code(app, make_offer())}").get_data(as_text=True)
    hashed = re.findall(r'"/static/[\w/-]+\.[0-9a-f]{10}\.(?:css|js)"', page)
    assert len(hashed) == 3  # the stylesheet, read-aloud and points-left scripts, content hash in the name
    href = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert re.fullmatch(r"/static/css/app\.[0-9a-f]{10}\.css", href)
    response = client.get(href)
    assert response.cache_control.max_age >= 30 * 24 * 3600
    response.close()
