"""Structured logs: one JSON object per line on stderr, with a UTC timestamp
and, inside a request, the request id that the response also carries in
`X-Request-ID` (and the 500 page shows), so a line can be found from what a
user quotes.

Lines are written by python-json-logger's formatter, with the fields fixed
here. Security events go through `log_event()`, whose fields are chosen by
the caller: never passwords, tokens, cookies, query strings, form data or
the address typed at a failed login.
"""
from __future__ import annotations

import logging
import re
import secrets
import time

from flask import g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it cannot inject anything into a log line.
INCOMING_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
_ENVIRON_KEY = "eplateforme.request_id"

security_log = logging.getLogger("app.security")


def request_id() -> str:
    """The id of the current request, chosen once per request."""
    environ = request.environ
    if _ENVIRON_KEY not in environ:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        environ[_ENVIRON_KEY] = (incoming if INCOMING_REQUEST_ID.fullmatch(incoming)
                                 else secrets.token_hex(8))
    return environ[_ENVIRON_KEY]


def route_pattern() -> str:
    """The matched rule (`/compte/activer/<token>`), never the path itself."""
    rule = request.url_rule if has_request_context() else None
    return rule.rule if rule is not None else "<unmatched>"


def log_event(event: str, level: int = logging.INFO, **fields) -> None:
    """One security event line: `event`, the logged-in user's id and the
    client's IP when in a request, and `fields`."""
    if has_request_context():
        # Only a user already loaded: logging must not query the database.
        user = g.get("_login_user")
        if user is not None and user.is_authenticated:
            fields.setdefault("user", user.id)
        fields.setdefault("ip", request.remote_addr)
    security_log.log(level, event, extra={"event": event, "fields": fields})


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """time (UTC, to the millisecond), level, logger and message; then a
    security event's name and fields, the request id and the exception.
    Other `extra` attributes are left out."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def __init__(self) -> None:
        super().__init__(json_default=str, json_ensure_ascii=False)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data.update(time=self.formatTime(record), level=record.levelname,
                        logger=record.name, message=record.message)
        if getattr(record, "event", None):
            log_data["event"] = record.event
        for key, value in getattr(record, "fields", {}).items():
            log_data.setdefault(key, value)
        if getattr(record, "request_id", None):
            log_data["request_id"] = record.request_id
        if record.exc_info:
            log_data["exception"] = message_dict["exc_info"]


def json_handler(stream=None) -> logging.Handler:
    """A handler writing JSON lines to `stream` (stderr by default)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def configure_logging() -> None:
    """JSON lines on stderr from the root logger, at INFO (once per process)."""
    root = logging.getLogger()
    if not any(getattr(handler, "eplateforme_json", False) for handler in root.handlers):
        handler = json_handler()
        handler.eplateforme_json = True
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Its INFO line repeats the csrf_failure event of app/web/errors.py.
    logging.getLogger("flask_wtf.csrf").setLevel(logging.WARNING)
