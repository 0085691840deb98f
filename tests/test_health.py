from factories import make_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_503_when_database_is_unreachable(tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-dir/db.sqlite")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["status"] == "error"
