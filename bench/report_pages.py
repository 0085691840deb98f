"""How many A4 pages the planners' print report takes, printed to PDF by headless Chromium.

    .venv/bin/python bench/report_pages.py [--synthetic-answers 200000]

Two data sets, each in a fresh SQLite file: the demo data (`seed-demo`) and a synthetic city
(`seed_synthetic`, 2000 offers, seed 1). The app is served on 127.0.0.1:5101, a planner logs in, and
Chromium prints /team/planung/bericht with its print CSS (`page.pdf()`, A4, CSS @page). Pages are counted
as the PDF's /Type /Page objects. Results are in bench/README.md.
"""

import argparse
import re
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from participation import create_app  # noqa: E402
from participation.accounts.services import create_user  # noqa: E402
from participation.demo import ensure_demo_data  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.roles import Role  # noqa: E402
from participation.synthetic import seed_synthetic  # noqa: E402
from participation.timeutil import local_today  # noqa: E402

PORT = 5101
PASSWORD = "bench-planung-2026"
CHROMIUM = "/usr/bin/chromium"


def pdf_pages(data: bytes) -> int:
    """Count the page objects of a PDF (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def report_pdf(base: str, path: str = "/team/planung/bericht") -> bytes:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        page = browser.new_page(locale="de-DE")
        page.goto(f"{base}/team/login")
        page.fill("#email", "planner@bench.example")
        page.fill("#password", PASSWORD)
        page.click("main [type=submit]")
        page.goto(base + path)
        data = page.pdf(format="A4", prefer_css_page_size=True)
        browser.close()
    return data


def measure(kind: str, answers: int, folder: Path) -> int:
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / kind}.sqlite",
            "SECOND_FACTOR_REQUIRED": False,
        }
    )
    with app.app_context():
        db.create_all()
        if kind == "demo":
            ensure_demo_data()
        else:
            seed_synthetic(offers=2000, answers=answers, seed=1, today=local_today())
        create_user(email="planner@bench.example", password=PASSWORD, role=Role.planner, organisations=[])
        db.session.commit()
    server = make_server("127.0.0.1", PORT, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        data = report_pdf(f"http://127.0.0.1:{PORT}")
    finally:
        server.shutdown()
    (folder / f"{kind}.pdf").write_bytes(data)
    return pdf_pages(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic-answers", type=int, default=200_000)
    parser.add_argument("--keep", help="folder to keep the PDFs in")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="report-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("demo", "synthetic"):
        print(
            f"{kind}: {measure(kind, args.synthetic_answers, folder)} pages ({folder / kind}.pdf)", flush=True
        )


if __name__ == "__main__":
    main()
