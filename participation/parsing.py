"""Strict parsing of numbers that people type or that arrive in URLs."""

import re
import unicodedata


def small_int(raw: str | None) -> int | None:
    """Parse plain ASCII digits (at most nine) or return None; int() would also take "²", "0_4" or "+4"."""
    raw = (raw or "").strip()
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else None


def ascii_digits(raw: str) -> str:
    """Decimal digits of any script as ASCII digits (a phone keyboard may type ١٢٣ or ۱۲۳); "²" or "①"
    are no decimal digits and stay as they are."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in raw)


def page_number(raw: str | None) -> int:
    """A page number from a query string: anything odd means page 1."""
    number = small_int(raw)
    return number if number else 1
