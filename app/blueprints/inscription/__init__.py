from flask import Blueprint

bp = Blueprint("inscription", __name__)

from app.blueprints.inscription import routes  # noqa: E402,F401
