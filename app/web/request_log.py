"""One log line per request, without secrets: the route pattern is logged
instead of the path, so tokens in URLs (/compte/activer/<token>) never
reach the logs, and neither do query strings, cookies or form data. Every
response carries its request id in `X-Request-ID`."""
from __future__ import annotations

import logging
import time

from flask import Flask, g, request
from flask_login import current_user

from app.web.logs import REQUEST_ID_HEADER, request_id, route_pattern

log = logging.getLogger("app.request")


def init_request_log(app: Flask) -> None:
    # First of the hooks, so the time of requests that CSRF or the policy
    # stop early is measured too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_timer)
    app.after_request(_log_request)


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response):
    response.headers[REQUEST_ID_HEADER] = request_id()
    if request.endpoint == "static":
        return response
    started = g.get("request_started")
    elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
    user_id = current_user.get_id().partition(":")[0] if current_user.is_authenticated else None
    log.info("request", extra={"fields": {
        "method": request.method, "route": route_pattern(), "status": response.status_code,
        "ms": round(elapsed_ms, 1), "user": user_id, "ip": request.remote_addr}})
    return response
