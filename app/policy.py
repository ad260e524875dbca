"""The access policy: for every endpoint (and method), who may use it.

This table is the single source of truth; `app.auth` enforces it before every
request and `tests/test_policy.py` walks `app.url_map` against it, failing on
any endpoint missing here. Checks on individual objects (an annonce of
institution A) live in the services, on top of this.
"""
from __future__ import annotations

import enum


class Access(enum.Enum):
    PUBLIC = "public"  # anyone, logged in or not
    MEMBER = "member"  # an active user of an active member institution
    REFERENT = "referent"  # the référent of their institution
    MANAGER = "manager"  # a platform manager


# endpoint -> Access, or {method: Access} when methods differ.
POLICY: dict[str, Access | dict[str, Access]] = {
    "static": Access.PUBLIC,
    "public.home": Access.PUBLIC,
    "public.accessibility": Access.PUBLIC,
    "public.privacy": Access.PUBLIC,
    "public.health": Access.PUBLIC,
}


def access_for(endpoint: str | None, method: str) -> Access | None:
    """The access rule of an endpoint, or None when the table lacks it."""
    rule = POLICY.get(endpoint or "")
    if isinstance(rule, dict):
        return rule.get(method) or rule.get("*")
    return rule
