"""Small request helpers: htmx detection and safe local redirects."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def safe_next_path(target: str | None) -> str | None:
    """Return `target` if it is a plain local path, else None.

    Refuses absolute and scheme-relative URLs, backslashes and control
    characters that browsers would turn into another host.
    """
    if not target:
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if target.endswith("?"):
        target = target[:-1]
    return target
