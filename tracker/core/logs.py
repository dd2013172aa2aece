"""Logging for every process (web, scheduler, CLI, gunicorn): one format, and no secrets.

Private calendar links carry their token in the path, so any line that quotes a request
(an access log, "Error handling request ...", a traceback) would leak it. One filter redacts
them wherever it is attached: the root handlers here, werkzeug's logger, gunicorn's loggers.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask

SECRET_IN_PATH = re.compile(r"(/calendars/)[A-Za-z0-9_-]{16,}")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1***", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, arguments and traceback before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if isinstance(record.args, dict):
            record.args = {k: _redacted(v) for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(_redacted(a) for a in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


def configure_logging(app: Flask) -> None:
    """Log to stderr at LOG_LEVEL (systemd's journal or gunicorn's error log collect it), once per
    process; every handler on the root logger, and werkzeug's logger, redact secrets."""
    root = logging.getLogger()
    if not root.handlers and not app.testing:
        logging.basicConfig(level=app.config["LOG_LEVEL"], format=FORMAT)
    for handler in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactSecrets) for f in werkzeug.filters):
        werkzeug.addFilter(RedactSecrets())
