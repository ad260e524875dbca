from flask import Blueprint

bp = Blueprint("membres", __name__)

from app.blueprints.membres import routes  # noqa: E402,F401
