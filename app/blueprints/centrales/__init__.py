from flask import Blueprint

bp = Blueprint("centrales", __name__)

from app.blueprints.centrales import routes  # noqa: E402,F401
