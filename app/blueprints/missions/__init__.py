from flask import Blueprint

bp = Blueprint("missions", __name__)

from app.blueprints.missions import routes  # noqa: E402,F401
