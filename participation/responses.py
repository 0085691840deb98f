"""What every response gets: gzip for text, and headers that keep pages to our own host."""

import gzip

from flask import Flask, Response, current_app, request

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "application/atom+xml",
    "text/csv",
    "application/json",
    "text/plain",
}
MIN_SIZE = 500  # below one TCP packet gzip saves nothing worth the CPU

# Only our own host: no third-party requests can happen even if a template slipped one in.
# Inline style attributes carry the bar widths of the results; no inline script or <style> is allowed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; script-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def compress(response: Response) -> Response:
    """Gzip text responses for clients that accept it (phones on weak connections)."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")  # caches must keep the plain and the gzip version apart
    streamed = response.is_streamed and not response.direct_passthrough  # a generator: never buffer it
    if (
        response.status_code != 200
        or streamed
        or "Content-Encoding" in response.headers
        or request.accept_encodings["gzip"] <= 0
    ):
        return response
    response.direct_passthrough = False  # static files: read the file so it can be compressed
    source = response.response
    data = response.get_data()
    if hasattr(source, "close"):  # the static file's handle; the buffered copy replaces it
        source.close()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # byte ranges of the plain file would not fit
    etag, weak = response.get_etag()
    if etag:  # the gzip bytes are a different representation from the plain file
        response.set_etag(f"{etag}-gzip", weak=weak)
    return response


# No page needs the camera, the microphone, the location or any other powerful feature.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "browsing-topics",
        "display-capture",
        "fullscreen",
    )
)


def security_headers(response: Response) -> Response:
    """Same-origin policy headers on every response (the policy itself only matters for pages)."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        # The page language follows the lang cookie and Accept-Language.
        response.vary.update(("Cookie", "Accept-Language"))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.path == "/team" or request.path.startswith("/team/"):
        # Staff pages and exports hold unmoderated text and figures: no browser or proxy may keep them.
        response.headers["Cache-Control"] = "no-store"
    if current_app.config["PREFERRED_URL_SCHEME"] == "https":
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    """Register the response policy."""
    app.after_request(security_headers)
    app.after_request(compress)
