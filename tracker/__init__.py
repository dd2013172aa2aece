"""Đôn Đốc: follow-up of the tasks Vietnamese People's Committee meetings assign."""
from __future__ import annotations

from typing import Any

from flask import Flask

from .config import load_config
from .core.logs import configure_logging
from .extensions import babel, csrf, db, login_manager, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI. Nothing runs at import time."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates",
                static_folder="../static")
    load_config(app, test_config)
    configure_logging(app)
    _check_secret_key(app)
    configure_extensions(app)
    configure_blueprints(app)
    configure_cli(app)
    return app


#: Keys published in this repository: anyone could sign a session cookie with them.
PUBLISHED_KEYS = frozenset({"dev-only-change-me", "replace-with-a-long-random-string"})
MIN_KEY_LENGTH = 32


def _check_secret_key(app: Flask) -> None:
    """Never serve with a forgeable key: the built-in placeholder is replaced by a random key
    kept in instance/secret_key (created on first start, mode 0600); a published or short key
    set by hand stops the start with a message saying how to fix it."""
    key = str(app.config.get("SECRET_KEY") or "")
    if app.testing and not app.config.get("CHECK_SECRET_KEY"):
        return
    if key != "dev-only-change-me":
        if key in PUBLISHED_KEYS or len(key) < MIN_KEY_LENGTH:
            raise RuntimeError(
                "SECRET_KEY is a published example or shorter than 32 characters, so sessions could be forged. "
                "Remove it from instance/config.py (a random key is then kept in instance/secret_key) or set "
                "one from: python -c \"import secrets; print(secrets.token_hex(32))\"")
        return
    import os
    import secrets

    path = os.path.join(app.instance_path, "secret_key")
    os.makedirs(app.instance_path, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made earlier, or by a process starting beside us
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path, encoding="ascii") as handle:
        app.config["SECRET_KEY"] = handle.read().strip()


def configure_extensions(app: Flask) -> None:
    from . import models  # noqa: F401 - register every table on the metadata
    from .core import postgresql, sqlite  # noqa: F401 - settings of each backend's connections
    from .core.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories="../translations")
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None


def configure_blueprints(app: Flask) -> None:
    from .agencies.views import bp as agencies_bp
    from .calendars.views import bp as calendars_bp
    from .documents.views import bp as documents_bp
    from .replies.views import bp as replies_bp
    from .meetings.views import bp as meetings_bp
    from .reports.views import bp as reports_bp
    from .web.search import bp as search_bp
    from .tasks.views import bp as tasks_bp
    from .users.views import bp as auth_bp
    from .web import init_web
    from .web.views import bp as web_bp

    for blueprint in (auth_bp, web_bp, tasks_bp, agencies_bp, documents_bp, replies_bp, calendars_bp, meetings_bp,
                      reports_bp, search_bp):
        app.register_blueprint(blueprint)
    init_web(app)


def configure_cli(app: Flask) -> None:
    from .agencies.cli import agencies_cli
    from .calendars.cli import calendars_cli
    from .demo.cli import demo_cli
    from .documents.cli import documents_cli
    from .mail.cli import mail_cli
    from .replies.cli import register_commands as register_reply_commands
    from .reports.cli import reports_cli
    from .scheduler.cli import digest_cli, jobs_cli, scheduler_cli
    from .tasks.cli import tasks_cli
    from .users.cli import users_cli

    register_reply_commands()
    for group in (agencies_cli, calendars_cli, digest_cli, documents_cli, jobs_cli, mail_cli, reports_cli,
                  scheduler_cli, tasks_cli, users_cli, demo_cli):
        app.cli.add_command(group)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
