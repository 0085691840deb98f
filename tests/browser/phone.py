"""What the browser tests share: the phone they emulate and the language switch (imported by name,
never through conftest, whose module name pytest reuses)."""

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "de-DE",
}


def choose_language(page, base_url: str, language: str) -> None:
    """Pick a language with the switcher's plain link, as a young person would."""
    page.goto(f"{base_url}/sprache/{language}?next=/")
