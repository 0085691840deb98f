"""Where a link may send people back to: only paths on this site (no open redirects)."""

from urllib.parse import urlsplit


def safe_local_path(target: str | None, fallback: str) -> str:
    """Return target if it is a path on this site, else fallback."""
    if not target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
