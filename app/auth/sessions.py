"""Logging in and out, and the idle timeout of sessions."""
from __future__ import annotations

import time

from flask import current_app, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.extensions import db
from app.models import User, utcnow
from app.web.logs import log_event

IDLE_TIMEOUT_SECONDS = 2 * 3600
# Requests a page makes by itself (htmx polling) prove no one is there: they
# do not count as activity, or a tab left open would keep a session alive.
BACKGROUND_ENDPOINTS = frozenset({"annonces.delivery", "echanges.counter"})


def find_user_by_email(email: str) -> User | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost either way)."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(_dummy_hash(), password)  # keep the timing of a real check
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    return user


def _dummy_hash() -> str:
    """A real hash to check against, so unknown addresses cost the same time."""
    from app.auth.passwords import hash_password

    cached = current_app.extensions.get("dummy_password_hash")
    if cached is None:
        cached = hash_password("dummy password never used")
        current_app.extensions["dummy_password_hash"] = cached
    return cached


def start_session(user: User) -> None:
    """A fresh session for `user` (no data carried over from before login)."""
    session.clear()
    session.permanent = True
    login_user(user)
    session["last_seen"] = int(time.time())
    user.last_login_at = utcnow()
    log_event("login_succeeded", user=user.id)


def end_session() -> None:
    """Log out here and everywhere: renewing the token voids every cookie."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        user.end_all_sessions()
        log_event("logout", user=user.id)
    logout_user()
    session.clear()


def enforce_idle_timeout():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = int(time.time())
    last_seen = session.get("last_seen", 0)
    if now - last_seen > IDLE_TIMEOUT_SECONDS:
        log_event("session_expired", user=current_user.id)
        logout_user()
        session.clear()
        return
    if now - last_seen > 60 and request.endpoint not in BACKGROUND_ENDPOINTS:
        session["last_seen"] = now
