from flask import Blueprint

bp = Blueprint("annonces", __name__)

from app.blueprints.annonces import routes  # noqa: E402,F401
