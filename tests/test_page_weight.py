"""Budget of the answer page: at most 25 KB (gzip) and 5 requests with everything it loads."""

import gzip
from html.parser import HTMLParser
from urllib.parse import urlsplit

from factories import offer_code

BUDGET_BYTES = 25 * 1024
MAX_REQUESTS = 5


class Subresources(HTMLParser):
    """Collect what a browser would fetch for a page: stylesheets, icons, scripts, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and not a["href"].startswith("data:"):
            self.urls.append(a["href"])
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])


def weigh(client, path: str) -> dict:
    """Fetch a page and its same-origin subresources; return gzip bytes, request count and foreign URLs."""
    html = client.get(path)
    assert html.status_code == 200
    parser = Subresources()
    parser.feed(html.get_data(as_text=True))
    foreign = [u for u in parser.urls if urlsplit(u).netloc]
    total, requests = len(gzip.compress(html.data, 6)), 1
    for url in parser.urls:
        if url in foreign:
            continue
        parts = urlsplit(url)
        response = client.get(parts.path, query_string=parts.query)
        assert response.status_code == 200, url
        total += len(gzip.compress(response.data, 6))
        requests += 1
        response.close()
    return {"gzip_bytes": total, "requests": requests, "foreign": foreign, "html": html.get_data(as_text=True)}


def test_answer_page_fits_the_budget(app, client, make_offer):
    result = weigh(client, f"/q/{offer_code(app, make_offer())}")
    print(f"answer page: {result['gzip_bytes']} B gzip, {result['requests']} requests")
    assert result["gzip_bytes"] <= BUDGET_BYTES
    assert result["requests"] <= MAX_REQUESTS
    assert result["foreign"] == []
    assert "@font-face" not in result["html"] and "<script" not in result["html"]


def test_static_files_are_cached_long_with_content_hash(app, client, make_offer):
    page = client.get(f"/q/{offer_code(app, make_offer())}").get_data(as_text=True)
    href = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert "?v=" in href
    response = client.get(href)
    assert response.cache_control.max_age >= 30 * 24 * 3600
    response.close()
