import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def catalogue(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def untranslated(cat) -> list[str]:
    return [m.id for m in cat if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))]


def test_german_and_english_catalogues_have_no_empty_or_fuzzy_entries():
    assert untranslated(catalogue("de")) == []
    assert untranslated(catalogue("en")) == []


def test_every_string_in_the_code_is_in_the_german_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "extract", "-F", "babel.cfg", "-k", "_l",
                    "--ignore-dirs", ".*", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for lang in ("de", "en"):
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
        assert sorted(extracted - known) == [], lang


def test_german_is_the_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in page and "Rede mit!" in page


def test_accept_language_english(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Have your say!" in page


def test_language_switch_is_remembered_and_stays_on_site(client):
    response = client.get("/sprache/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Have your say!" in client.get("/").get_data(as_text=True)
    for target in ("//evil.example", "/%09/evil.example", "https://evil.example", "/%0d%0ax"):
        assert client.get(f"/sprache/en?next={target}").headers["Location"] == "/"
    client.get("/sprache/xx")  # unknown language: ignored
    assert "Have your say!" in client.get("/").get_data(as_text=True)
