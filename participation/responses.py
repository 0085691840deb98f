"""What every response gets: gzip for text, and headers that keep pages to our own host."""

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml",
                "application/atom+xml", "text/csv", "application/json", "text/plain"}
MIN_SIZE = 500  # below one TCP packet gzip saves nothing worth the CPU

# Only our own host: no third-party requests can happen even if a template slipped one in.
# Inline style attributes carry the bar widths of the results; no inline script is allowed.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                           "style-src-attr 'unsafe-inline'; script-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def compress(response: Response) -> Response:
    """Gzip text responses for clients that accept it (phones on weak connections)."""
    if response.status_code != 200 or response.mimetype not in COMPRESSIBLE or "Content-Encoding" in response.headers:
        return response
    response.vary.add("Accept-Encoding")  # caches must keep the plain and the gzip version apart
    if "gzip" not in request.accept_encodings:
        return response
    response.direct_passthrough = False  # static files: read the file so it can be compressed
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def security_headers(response: Response) -> Response:
    """Same-origin policy headers on every response (the policy itself only matters for pages)."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app: Flask) -> None:
    """Register the response policy."""
    app.after_request(security_headers)
    app.after_request(compress)
