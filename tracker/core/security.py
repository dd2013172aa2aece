"""What every response carries so a browser helps keep users safe, and what sits in front.

The Content-Security-Policy allows only this site's own scripts, styles and images (the
templates have no inline script or style to need more); pages may not be framed; types are
not sniffed; other sites are not told which page a user came from (task codes and feed links
stay here). Behind a reverse proxy, ProxyFix trusts exactly PROXY_HOPS proxies' forwarded
headers, so the client address (login throttling) and https (Secure cookies, HSTS) are right.
"""
from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def install_security(app: Flask) -> None:
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]
    app.after_request(_secure_headers)


def _secure_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
