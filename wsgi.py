"""Production entry point: `gunicorn wsgi:app`."""

from participation import create_app

app = create_app()
if app.config["SECRET_KEY"] == "dev":
    raise RuntimeError("Set PARTICIPATION_SECRET_KEY (or SECRET_KEY in instance/config.py).")
