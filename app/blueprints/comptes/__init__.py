from flask import Blueprint

bp = Blueprint("comptes", __name__)

from app.blueprints.comptes import colleague_routes, profile_routes, routes  # noqa: E402,F401
