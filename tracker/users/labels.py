"""How roles read in the UI (Vietnamese source strings, translated to English)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Role


ROLE = {
    Role.ADMIN: _l("Quản trị"),
    Role.OFFICE: _l("Văn phòng UBND"),
    Role.AGENCY: _l("Cán bộ đầu mối cơ quan"),
    Role.VIEWER: _l("Xem"),
}
