"""The address links point to: what the installation says it is, else what the request came to."""
from __future__ import annotations

from flask import current_app, has_request_context, request


def base_url() -> str:
    """BASE_URL if configured; in a request, its scheme and host (correct behind a proxy when
    PROXY_HOPS is set); in a job, SERVER_NAME with PREFERRED_URL_SCHEME; else "" (no link)."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    server = current_app.config.get("SERVER_NAME")
    if server:
        return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server}"
    return ""
