from flask import Blueprint

bp = Blueprint("gestion", __name__)

from app.blueprints.gestion import routes  # noqa: E402,F401
