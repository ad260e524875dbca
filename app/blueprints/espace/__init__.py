"""The member's workspace (`/mon-espace`): my institution's annonces in every
status with their answers and the actions each allows, the collaborations
waiting for my institution, and the conversations with unread messages."""
from flask import Blueprint

bp = Blueprint("espace", __name__)

from app.blueprints.espace import routes  # noqa: E402,F401
