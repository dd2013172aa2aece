"""How kinds of agency read in the UI (Vietnamese source strings, translated to English)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import AgencyKind


AGENCY_KIND = {
    AgencyKind.DEPARTMENT: _l("Sở, ban, ngành"),
    AgencyKind.DISTRICT: _l("Quận, huyện, thị xã"),
    AgencyKind.COMMUNE: _l("Xã, phường, thị trấn"),
    AgencyKind.OFFICE: _l("Văn phòng UBND"),
    AgencyKind.OTHER: _l("Cơ quan, tổ chức khác"),
}
