"""Who is logged in, and enforcement of the access policy on every request."""
from __future__ import annotations

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import LoginManager, current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.auth.policy import Access, access_for
from app.auth.sessions import enforce_idle_timeout
from app.extensions import db
from app.models import User
from app.web.urls import is_htmx, safe_next_path


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(redirect_to_login)
    app.before_request(enforce_idle_timeout)
    app.before_request(enforce_policy)


# With its institution: `is_active` needs it on every request. One statement
# built once: its cache key is computed once, where `session.get` with loader
# options rebuilt and keyed a query on every request (a profile's top cost).
_LOAD_USER = (select(User).options(joinedload(User.institution))
              .where(User.id == bindparam("user_id")))


def load_user(cookie_id: str) -> User | None:
    """Accept a session only if its token still matches the user's."""
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.execute(_LOAD_USER, {"user_id": int(user_id)}).scalar_one_or_none()
    if user is None or user.session_token != token or not user.is_active:
        return None
    return user


def redirect_to_login():
    target = url_for("comptes.login", next=safe_next_path(request.full_path))
    if "comptes.login" not in current_app.view_functions:
        abort(403)
    if is_htmx():
        response = current_app.response_class(status=204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def has_access(user, access: Access) -> bool:
    if access is Access.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if access is Access.MEMBER:
        return True
    if access is Access.REFERENT:
        return user.is_referent or user.is_manager
    return user.is_manager


def enforce_policy():
    if request.endpoint is None:
        return None  # routing failed: Flask answers 404/405 itself
    access = access_for(request.endpoint, request.method)
    if access is None:
        current_app.logger.error("endpoint missing from the policy: %s", request.endpoint)
        abort(403)
    if has_access(current_user, access):
        return None
    if not current_user.is_authenticated:
        return redirect_to_login()
    abort(403)  # logged as a security event by app/web/errors.py
