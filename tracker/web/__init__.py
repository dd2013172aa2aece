"""The web shell: filters, error pages and what every template needs."""
from __future__ import annotations

import logging
import re
from types import SimpleNamespace
from typing import Any

from flask import Flask, Response, g, render_template, url_for
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from ..core.dates import format_date, format_datetime, to_vn
from ..extensions import db
from ..agencies.labels import AGENCY_KIND
from ..documents.labels import DOCUMENT_KIND
from ..meetings.labels import CADENCE, MEETING_STATUS, MODE, PREP_LEAD, PREP_TIMING, WEEKDAYS
from ..tasks.labels import HISTORY, RECURRENCE, SOURCE, STATE
from ..users.labels import ROLE
from ..core.security import install_security
from ..core.submissions import install_submission_guard

log = logging.getLogger(__name__)

#: Every domain's labels under one name for the templates (`labels.STATE[...]`).
labels = SimpleNamespace(STATE=STATE, RECURRENCE=RECURRENCE, HISTORY=HISTORY, SOURCE=SOURCE,
                         AGENCY_KIND=AGENCY_KIND, DOCUMENT_KIND=DOCUMENT_KIND, ROLE=ROLE,
                         MEETING_STATUS=MEETING_STATUS, CADENCE=CADENCE, MODE=MODE, PREP_LEAD=PREP_LEAD,
                         PREP_TIMING=PREP_TIMING, WEEKDAYS=WEEKDAYS)


_TRANSLATED: dict[str, SimpleNamespace] = {}


def labels_in(locale: str) -> SimpleNamespace:
    """The labels translated once per language and kept: a list of 50 rows would otherwise
    look up the request's translations for every badge it draws."""
    translated = _TRANSLATED.get(locale)
    if translated is None:
        translated = SimpleNamespace(**{name: _translated(table) for name, table in vars(labels).items()})
        _TRANSLATED[locale] = translated
    return translated


def _translated(table: Any) -> Any:
    if isinstance(table, dict):
        return {key: str(label) for key, label in table.items()}
    return [str(label) for label in table]


def init_web(app: Flask) -> None:
    app.jinja_env.filters.update(vndate=format_date, vndatetime=format_datetime,
                                 vnday=lambda instant: format_date(to_vn(instant).date()) if instant else "",
                                 vnclock=lambda instant: to_vn(instant).strftime("%H:%M") if instant else "")
    app.context_processor(lambda: {"labels": labels_in(str(get_locale())), "languages": app.config["LANGUAGES"],
                                   "get_locale": get_locale, "task_url": task_url,
                                   "agency_suggestions": agency_suggestions, "translations": get_translations()})
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined] # added by the i18n extension
        gettext=_render_gettext, ngettext=_render_ngettext, newstyle=True)
    for code in (403, 404, 413):
        app.register_error_handler(code, _error_page(code))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(500, _server_error)
    install_security(app)
    install_submission_guard(app)


@pass_context
def _render_gettext(context: Context, string: str) -> str:
    """`_()` in a template: the translations looked up once per render (the context processor
    puts them in the context), not once per string through the request's Babel state, which
    cost a millisecond a page. A macro imported without context looks them up itself."""
    return (context.get("translations", None) or get_translations()).ugettext(string)


@pass_context
def _render_ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return (context.get("translations", None) or get_translations()).ungettext(singular, plural, n)


def agency_suggestions() -> Markup:
    """The one list the agency-name fields share (list="agency-names"), empty: the script
    fills it from /agencies/suggest as the clerk types."""
    return Markup('<datalist id="agency-names" data-suggest="{}"></datalist>').format(url_for("agencies.suggest"))


_URL_SAFE = re.compile(r"[A-Za-z0-9._~-]+")


def _task_prefix() -> str:
    """The task page's address up to its code, built once per request (a list links 50 tasks)."""
    if "task_url_prefix" not in g:
        g.task_url_prefix = url_for("tasks.task_detail", code="0")[:-1]
    return g.task_url_prefix


def task_url(task) -> str:  # noqa: ANN001
    """A task's page; a draft has no code and no page yet, so it links to its document's review."""
    if task.code:
        if _URL_SAFE.fullmatch(task.code):  # the usual code: no quoting, the route's prefix once
            return _task_prefix() + task.code
        return url_for("tasks.task_detail", code=task.code)
    if task.document_id:
        return url_for("documents.document_review", document_id=task.document_id)
    return "#"


def _error_page(code: int):  # noqa: ANN202
    def handler(error: Exception):  # noqa: ANN202
        return render_template("web/error.html", code=code), code
    return handler


def _csrf_error(error: CSRFError):  # noqa: ANN201
    return render_template("web/error.html", code=400, csrf=True), 400


def _server_error(error: Exception):  # noqa: ANN201
    """Whatever broke: undo the request's unfinished transaction, log it (Flask already did,
    with the traceback), and show a page in the user's language. If even the page cannot be
    drawn (the database is down, and the menu needs the user), a plain one."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001
        log.exception("rollback after an error failed")
    try:
        return render_template("web/error.html", code=500), 500
    except Exception:  # noqa: BLE001
        log.exception("the error page could not be drawn")
        return Response(PLAIN_500, status=500, mimetype="text/html")


PLAIN_500 = ("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>500 · Đôn Đốc</title>"
             "<h1>Hệ thống đang gặp sự cố</h1><p>Thao tác chưa được thực hiện. Vui lòng thử lại sau ít phút; "
             "nếu vẫn lỗi, hãy báo Văn phòng UBND.</p></html>")
