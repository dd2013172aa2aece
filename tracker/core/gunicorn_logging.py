"""gunicorn's own loggers, redacting secrets: `logger_class` in gunicorn.conf.py points here.

gunicorn writes request lines itself (the access log, and "Error handling request <path>"
when a worker is killed for a timeout), outside Flask's logging, so its loggers need the
same filter.
"""
from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from .logs import RedactSecrets


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactSecrets())
