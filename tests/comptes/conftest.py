"""Fixtures for the account tests: fresh rate limits, invited users."""
from __future__ import annotations

import pytest

from app.extensions import limiter
from app.models import UserStatus


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    """Rate limits count per IP across tests; each test starts from zero."""
    with app.app_context():
        limiter.reset()
    yield


@pytest.fixture()
def make_invited(db, make_user):
    """A user who has not chosen a password yet."""

    def factory(**fields):
        user = make_user(status=UserStatus.INVITED, **fields)
        user.password_hash = None
        user.activated_at = None
        db.session.commit()
        return user

    return factory
