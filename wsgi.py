"""Production entry point: `gunicorn wsgi:app`."""

from werkzeug.middleware.proxy_fix import ProxyFix

from participation import create_app

app = create_app()
if app.config["SECRET_KEY"] == "dev":
    raise RuntimeError("Set PARTICIPATION_SECRET_KEY (or SECRET_KEY in instance/config.py).")
# Behind the TLS proxy: trust its X-Forwarded-Proto/Host, so QR codes and posters print https:// links.
# X-Forwarded-For is deliberately not used: the app never needs a client's IP address.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=0, x_proto=1, x_host=1)
