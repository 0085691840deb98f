"""Strict parsing of numbers that people type or that arrive in URLs."""

import re


def small_int(raw: str | None) -> int | None:
    """Parse plain ASCII digits (at most nine) or return None; int() would also take "²", "0_4" or "+4"."""
    raw = (raw or "").strip()
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else None


def page_number(raw: str | None) -> int:
    """A page number from a query string: anything odd means page 1."""
    number = small_int(raw)
    return number if number else 1
