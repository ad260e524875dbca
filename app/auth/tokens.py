"""Signed, expiring, single-use links sent by email.

Each purpose has its own salt, so a reset link can never be used as an
activation link. Single-use links carry a random id (`jti`) recorded in
`used_token` when consumed; the primary key makes a second use fail even
when two requests race.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from app.domain import DomainError
from app.extensions import db
from app.models import UsedToken, utcnow

PURPOSES = {
    "registration-decision": timedelta(days=14),
    "activation": timedelta(days=7),
    "invitation": timedelta(days=7),
    "password-reset": timedelta(hours=1),
}


class TokenError(DomainError):
    """A link that is invalid, expired or already used (its page says which)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "used"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt=f"eplateforme:{purpose}")


def make_token(purpose: str, **payload) -> str:
    """A signed token for `purpose` with a fresh random id."""
    return _serializer(purpose).dumps({**payload, "jti": secrets.token_urlsafe(16)})


def read_token(purpose: str, token: str) -> dict:
    """The payload of a valid, unexpired, unused token, else TokenError."""
    try:
        payload = _serializer(purpose).loads(
            token, max_age=int(PURPOSES[purpose].total_seconds())
        )
    except SignatureExpired as error:
        raise TokenError("expired") from error
    except BadSignature as error:
        raise TokenError("invalid") from error
    if not isinstance(payload, dict) or "jti" not in payload:
        raise TokenError("invalid")
    if db.session.get(UsedToken, payload["jti"]) is not None:
        raise TokenError("used")
    return payload


def consume_token(purpose: str, token: str) -> dict:
    """Read the token and mark it used in the current transaction."""
    payload = read_token(purpose, token)
    used = UsedToken(jti=payload["jti"], purpose=purpose,
                     expires_at=utcnow() + PURPOSES[purpose])
    try:
        with db.session.begin_nested():
            db.session.add(used)
    except IntegrityError as error:
        raise TokenError("used") from error
    return payload
