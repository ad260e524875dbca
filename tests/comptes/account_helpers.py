"""Helpers for the account tests: the outbox, old tokens, captured cookies."""
from __future__ import annotations

import time

import itsdangerous.timed
import pytest
from sqlalchemy import select

from app.auth.tokens import make_token
from app.models import OutboxMessage


def outbox_to(db, address: str, template: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient == address)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def old_token(purpose: str, age_seconds: int, **payload) -> str:
    """A token signed `age_seconds` ago."""
    signed_at = time.time() - age_seconds
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(itsdangerous.timed.time, "time", lambda: signed_at)
        return make_token(purpose, **payload)


def session_cookie(client) -> str:
    return client.get_cookie("eplateforme_session").value


def replay(app, cookie: str):
    """A fresh client holding only a captured session cookie."""
    other = app.test_client()
    other.set_cookie("eplateforme_session", cookie)
    return other


def is_logged_in(client) -> bool:
    response = client.get("/compte")
    return response.status_code == 200
