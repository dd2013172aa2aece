"""How kinds of document read in the UI (Vietnamese source strings, translated to English)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import DocumentKind


DOCUMENT_KIND = {
    DocumentKind.CONCLUSION_NOTICE: _l("Thông báo kết luận"),
    DocumentKind.PLAN: _l("Kế hoạch"),
    DocumentKind.OFFICIAL_LETTER: _l("Công văn"),
    DocumentKind.DIRECTIVE: _l("Chỉ thị"),
    DocumentKind.DECISION: _l("Quyết định"),
    DocumentKind.NOTICE: _l("Thông báo"),
    DocumentKind.OTHER: _l("Văn bản khác"),
}
