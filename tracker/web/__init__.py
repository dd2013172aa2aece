"""The web shell: filters, error pages and what every template needs."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError

from ..core.dates import format_date, format_datetime, to_vn
from . import labels


def init_web(app: Flask) -> None:
    app.jinja_env.filters.update(vndate=format_date, vndatetime=format_datetime,
                                 vnday=lambda instant: format_date(to_vn(instant).date()) if instant else "",
                                 vnclock=lambda instant: to_vn(instant).strftime("%H:%M") if instant else "")
    app.context_processor(lambda: {"labels": labels, "languages": app.config["LANGUAGES"], "get_locale": get_locale})
    for code in (403, 404, 413):
        app.register_error_handler(code, _error_page(code))
    app.register_error_handler(CSRFError, _csrf_error)


def _error_page(code: int):  # noqa: ANN202
    def handler(error: Exception):  # noqa: ANN202
        return render_template("web/error.html", code=code), code
    return handler


def _csrf_error(error: CSRFError):  # noqa: ANN201
    return render_template("web/error.html", code=400, csrf=True), 400
