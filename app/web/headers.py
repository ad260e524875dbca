"""Security headers on every response (docs/requirements.md, Q11-12)."""
from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'; img-src 'self' data:"
)


def init_security(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
    app.after_request(set_security_headers)


def refuse_nul_characters():
    """A NUL byte is never legitimate input, and PostgreSQL refuses it in
    text: answer 400 at once rather than fail deep inside a query."""
    if "\x00" in request.path:
        abort(400)
    for values in (request.args, request.form):
        for _key, value in values.items(multi=True):
            if "\x00" in value:
                abort(400)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static" and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    return response
