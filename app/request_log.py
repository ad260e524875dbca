"""One log line per request, without secrets: the route pattern is logged
instead of the path, so tokens in URLs (/compte/activer/<token>) never
reach the logs, and neither do query strings, cookies or form data."""
from __future__ import annotations

import logging
import time

from flask import Flask, g, request
from flask_login import current_user

log = logging.getLogger("app.request")


def init_request_log(app: Flask) -> None:
    app.before_request(_start_timer)
    app.after_request(_log_request)


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response):
    if request.endpoint == "static":
        return response
    started = g.get("request_started")
    elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
    route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    user_id = current_user.get_id().partition(":")[0] if current_user.is_authenticated else "-"
    log.info("request method=%s route=%s status=%s ms=%.1f user=%s ip=%s",
             request.method, route, response.status_code, elapsed_ms, user_id,
             request.remote_addr)
    return response
