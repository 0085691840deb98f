"""Production entry point: `gunicorn wsgi:app`."""

from werkzeug.middleware.proxy_fix import ProxyFix

from participation import create_app

app = create_app()
if app.config["SECRET_KEY"] == "dev":
    raise RuntimeError("Set PARTICIPATION_SECRET_KEY (or SECRET_KEY in instance/config.py).")
if not app.config["PUBLIC_BASE_URL"]:
    app.logger.warning("PARTICIPATION_PUBLIC_BASE_URL is not set: links and QR codes use the request's host")
# Behind the TLS proxy (one hop): trust its X-Forwarded-Proto, and X-Forwarded-For for the login and
# answer limits only (the address is never stored or logged: participation.throttle). X-Forwarded-Host
# is not trusted: external links come from PUBLIC_BASE_URL.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=0)
