import importlib
import sys

import pytest

from participation import create_app


def test_wsgi_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.delenv("PARTICIPATION_SECRET_KEY", raising=False)
    sys.modules.pop("wsgi", None)
    with pytest.raises(RuntimeError, match="PARTICIPATION_SECRET_KEY"):
        importlib.import_module("wsgi")


def test_wsgi_starts_with_a_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("PARTICIPATION_SECRET_KEY", "from-the-environment")
    sys.modules.pop("wsgi", None)
    wsgi = importlib.import_module("wsgi")
    assert wsgi.app.config["SECRET_KEY"] == "from-the-environment"
    sys.modules.pop("wsgi", None)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "postgresql://u@db.example/prod"}, "postgresql+psycopg://u@db.example/prod"),
        ({"DATABASE_URL": "postgres://u@db.example/prod"}, "postgresql+psycopg://u@db.example/prod"),
        (
            {
                "PARTICIPATION_SQLALCHEMY_DATABASE_URI": "postgresql://u@a/b",
                "DATABASE_URL": "postgresql://u@c/d",
            },
            "postgresql+psycopg://u@a/b",
        ),
        ({}, "sqlite:///participation.sqlite"),
    ],
)
def test_database_url_from_the_environment(monkeypatch, env, expected):
    for name in ("DATABASE_URL", "PARTICIPATION_SQLALCHEMY_DATABASE_URI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == expected


def test_a_deployment_serves_only_its_trusted_host_names(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTICIPATION_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PARTICIPATION_TRUSTED_HOSTS", '["mitreden.example.org"]')
    monkeypatch.setenv("PARTICIPATION_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/app.sqlite")
    app = create_app()
    client = app.test_client()
    assert client.get("/datenschutz", base_url="https://mitreden.example.org").status_code == 200
    forged = client.get("/datenschutz", base_url="https://evil.example")
    assert forged.status_code == 400 and "evil.example" not in forged.get_data(as_text=True)
