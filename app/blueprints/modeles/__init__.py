from flask import Blueprint

bp = Blueprint("modeles", __name__)

from app.blueprints.modeles import routes  # noqa: E402,F401
