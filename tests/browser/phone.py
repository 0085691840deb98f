"""What the browser tests share: the phone they emulate, the language switch, the staff login and the
axe check (imported by name, never through conftest, whose module name pytest reuses)."""

from axe_playwright_python.sync_playwright import Axe

from factories import PASSWORD

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


def log_in(page, base_url: str, email: str) -> None:
    """Log a staff account in through the German login form (every test account has PASSWORD)."""
    page.goto(f"{base_url}/team/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()


def watch_policy(page) -> list[str]:
    """Collect what the Content Security Policy blocks on the page (a blocked style or script is a bug)."""
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return blocked


def violations(page) -> list[str]:
    """Every WCAG A/AA violation on the page, as "rule: selectors" lines."""
    results = AXE.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]
