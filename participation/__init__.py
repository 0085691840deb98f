"""Mitreden: youth participation and feedback platform."""

import os
from pathlib import Path

from flask import Flask

from participation import assets, errors, guards, i18n, logs, metrics, pages, responses, templating
from participation.extensions import babel, csrf, db, limiter, login, migrate

ROOT = Path(__file__).resolve().parent.parent  # repo top level: templates/, static/, translations/


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Tests pass a dict; servers read instance/config.py and PARTICIPATION_* env vars."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=ROOT / "templates",
        static_folder=ROOT / "static",
    )
    app.config.from_object("participation.config.Defaults")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    if config is None:
        app.config.from_pyfile("config.py", silent=True)  # untracked, per deployment
        app.config.from_prefixed_env("PARTICIPATION")  # PARTICIPATION_SECRET_KEY=...
        if os.environ.get("DATABASE_URL") and "PARTICIPATION_SQLALCHEMY_DATABASE_URI" not in os.environ:
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    else:
        app.config.update(config)
    _secure_behind_tls(app.config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    for module in (logs, i18n, assets, errors, responses, guards, templating):
        module.init_app(app)
    _init_metrics(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _init_metrics(app: Flask) -> None:
    from participation.moderation.services import backlog

    metrics.init_app(
        app, {"mitreden_moderation_backlog": ("Free-text answers waiting for moderation", backlog)}
    )


def _register_blueprints(app: Flask) -> None:
    from participation import health, models  # noqa: F401  (every table registered before Alembic looks)
    from participation.admin import kinderschutz_views  # noqa: F401  (the contact route on admin's blueprint)
    from participation.admin.views import bp as admin_bp
    from participation.auth.views import bp as auth_bp
    from participation.directory.views import bp as directory_bp
    from participation.directory.views import network_bp
    from participation.link import kiosk_views  # noqa: F401  (the kiosk's routes on the link blueprint)
    from participation.link.views import bp as link_bp
    from participation.methods.views import bp as methods_bp
    from participation.moderation import concern  # noqa: F401  (routes new free text: Kinderschutz)
    from participation.moderation.kinderschutz_views import bp as kinderschutz_bp
    from participation.moderation.views import bp as moderation_bp
    from participation.offers.views import bp as offers_bp
    from participation.planning.views import bp as planning_bp
    from participation.results.views import bp as results_bp

    for bp in (
        auth_bp,
        admin_bp,
        offers_bp,
        results_bp,
        moderation_bp,
        kinderschutz_bp,
        planning_bp,
        methods_bp,
        directory_bp,
        network_bp,
        link_bp,
        health.bp,
        metrics.bp,
        i18n.bp,
        pages.bp,
    ):
        app.register_blueprint(bp)


def _register_commands(app: Flask) -> None:
    from participation.admin.commands import create_admin
    from participation.answers.commands import rebuild_counts_command
    from participation.demo import seed_demo
    from participation.methods.views import methods_cli
    from participation.moderation.commands import moderation_cli
    from participation.offers.commands import purge_command
    from participation.planning.commands import planning_cli
    from participation.results.commands import results
    from participation.synthetic import seed_synthetic_command

    if "rebuild-counts" not in planning_cli.commands:  # the group is module-level: add the command once
        planning_cli.add_command(rebuild_counts_command)
    for command in (
        create_admin,
        seed_demo,
        results,
        seed_synthetic_command,
        planning_cli,
        moderation_cli,
        purge_command,
        methods_cli,
        i18n.translate_cli,
    ):
        app.cli.add_command(command)


def _secure_behind_tls(config) -> None:
    """An https public address means TLS: https links, and cookies that never travel without it (HSTS is
    sent by responses.py)."""
    if (config.get("PUBLIC_BASE_URL") or "").startswith("https://"):
        config["PREFERRED_URL_SCHEME"] = "https"
    if config["PREFERRED_URL_SCHEME"] == "https":
        config["SESSION_COOKIE_SECURE"] = True


def engine_options(config) -> dict:
    """Engine options for outages: a connection that died (a database restart) is noticed before use,
    and on PostgreSQL connecting and each statement have a time limit, so no worker waits for ever."""
    options = {"pool_pre_ping": True, **config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        connect_args = {
            "connect_timeout": config["DATABASE_CONNECT_TIMEOUT"],
            "options": f"-c statement_timeout={config['DATABASE_STATEMENT_TIMEOUT_MS']}",
        }
        options["connect_args"] = {**connect_args, **options.get("connect_args", {})}
    elif config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A second writer waits this long for the first; then "database is locked" counts as an outage.
        options["connect_args"] = {
            "timeout": config["SQLITE_BUSY_TIMEOUT"],
            **options.get("connect_args", {}),
        }
    return options


def database_uri(uri: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way (postgres://, postgresql://)."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri
