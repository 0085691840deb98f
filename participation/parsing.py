"""Strict parsing of numbers that people type or that arrive in URLs."""

import re
import unicodedata


def ascii_digits(raw: str) -> str:
    """Decimal digits of any script as ASCII digits (a phone keyboard may type ١٢٣ or ۱۲۳); "²" or "①"
    are no decimal digits and stay as they are."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in raw)


def small_int(raw: str | None) -> int | None:
    """Parse decimal digits (at most nine, in any script: ١٢ is 12) or return None; int() would also take
    "0_4" or "+4", and "²" passes isdigit() but is no number."""
    raw = ascii_digits((raw or "").strip())
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else None


def page_number(raw: str | None) -> int:
    """A page number from a query string: anything odd means page 1."""
    number = small_int(raw)
    return number if number else 1
