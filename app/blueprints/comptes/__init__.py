from flask import Blueprint

bp = Blueprint("comptes", __name__)

from app.blueprints.comptes import routes  # noqa: E402,F401
