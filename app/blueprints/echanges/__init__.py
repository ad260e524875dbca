"""`/echanges`: every conversation of my institution across all annonces,
newest first, with unread markers per user, and the header's unread count
(`/echanges/compteur`). Its own small blueprint, without URL prefix, because
its URLs are not under `/annonces` though its threads belong to annonces
(their upkeep: app/blueprints/annonces/threads/summary.py)."""
from flask import Blueprint

bp = Blueprint("echanges", __name__)

from app.blueprints.echanges import routes  # noqa: E402,F401
