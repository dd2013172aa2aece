"""Fixtures: every database test runs on SQLite and on PostgreSQL.

The schema is built by the real Alembic migration (so the migration is tested by every
run), once per backend; each test then starts from empty tables. PostgreSQL tests are
skipped with a reason when no server answers, unless TRACKER_REQUIRE_POSTGRES=1 (set by
.ci/run), which turns the skip into a failure.
"""
from __future__ import annotations

import os
import uuid

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from tracker import create_app
from tracker.extensions import db

from tests.fixtures.factories import make_agency, make_document, make_task, make_user  # noqa: F401, E402
from tests.fixtures.servers import imap_server, smtp_server  # noqa: F401, E402
from tests.fixtures.web import live_server  # noqa: F401, E402

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1"


def _postgres_schema_url() -> tuple[str, str]:
    """A fresh schema in the test database, so parallel runs and leftovers never collide."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no usable PostgreSQL"
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.__class__.__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (TRACKER_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    finally:
        engine.dispose()
    return schema, POSTGRES_URL


def _drop_schema(schema: str) -> None:
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as a server does. Without this, requests
    reuse the test's app context and share `g` (Flask-Login's cached user, Flask-Babel's
    cached locale) and the database session, hiding bugs that only show between requests."""

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):  # noqa: ANN001, ANN201
    """(backend name, SQLAlchemy URL, engine options) for one migrated database."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "tracker.sqlite"
        yield "sqlite", f"sqlite:///{path}", {}
        return
    schema, url = _postgres_schema_url()
    yield "postgresql", url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    _drop_schema(schema)


@pytest.fixture(scope="session")
def app(database, tmp_path_factory):  # noqa: ANN001, ANN201
    backend, url, engine_options = database
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "ATTACHMENTS_DIR": str(tmp_path_factory.mktemp("attachments")),
        "SERVER_NAME": "tracker.test",
        "SESSION_COOKIE_SECURE": False,  # the test client and the live server speak plain http
    })
    app.config["BACKEND"] = backend
    app.test_client_class = FreshContextClient
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def app_ctx(app):  # noqa: ANN001, ANN201
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
        _empty_tables()


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture()
def session(app_ctx):  # noqa: ANN001, ANN201
    return db.session


@pytest.fixture()
def client(app_ctx):  # noqa: ANN001, ANN201
    return app_ctx.test_client()


@pytest.fixture()
def runner(app_ctx):  # noqa: ANN001, ANN201
    return app_ctx.test_cli_runner()
