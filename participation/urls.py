"""Links that leave the browser tab: QR codes, posters, feeds, the thank-you page. They are built from
PUBLIC_BASE_URL when it is set, never from what a request claims as its Host or X-Forwarded-Host."""

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of endpoint, on the platform's public address."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)  # local use: the host the browser asked for
    return base.rstrip("/") + url_for(endpoint, **values)
