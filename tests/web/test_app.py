"""Application-wide behaviour: configuration, error pages, headers, CLI, migrations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from commentsvc import create_app
from commentsvc.accounts.models import User
from commentsvc.search import include_name


def test_production_refuses_the_development_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "dev-only-not-secret"})


def test_error_pages_are_vietnamese_without_traces(app_config, factory, login):
    app = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False, "TESTING": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    page = client.get("/khong-ton-tai")
    assert page.status_code == 404
    assert "Không tìm thấy" in page.get_data(as_text=True)
    failing = client.get("/boom")
    assert failing.status_code == 500
    body = failing.get_data(as_text=True)
    assert "Lỗi hệ thống" in body and "secret internals" not in body and "Traceback" not in body


def test_oversized_body_gets_413(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"username": "x" * 5000, "password": "y"}, csrf=False)
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for response in (client.get("/login"), client.get("/khong-ton-tai")):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert "Strict-Transport-Security" in client.get("/login", base_url="https://localhost").headers


def test_migrated_schema_equals_the_models(db):
    with db.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": False, "include_name": include_name}),
            db.metadata,
        )
    assert differences == []


def test_users_create_command(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "quantri2",
            "--full-name",
            "Quản trị",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="mat-khau-he-thong-1\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User).where(User.username == "quantri2")).is_admin


def test_demo_is_idempotent(runner, db):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "soanthao" in first.output and "demo-lay-y-kien-2026" in first.output
    users = db.session.scalar(sa.select(sa.func.count(User.id)))
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == users
