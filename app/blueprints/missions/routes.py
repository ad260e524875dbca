"""Supra-communal missions (members): the list by theme, one mission and
its documents."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.blueprints.missions import bp
from app.blueprints.missions.queries import missions_by_theme, visible_document, visible_mission
from app.markdown import render_markdown
from app.uploads import send_stored


@bp.get("")
def index():
    return render_template("missions/index.html", themes=missions_by_theme())


@bp.get("/<slug>")
def detail(slug: str):
    mission = visible_mission(slug, current_user)
    return render_template("missions/detail.html", mission=mission,
                           body_html=render_markdown(mission.body))


@bp.get("/<slug>/documents/<int:document_id>")
def document(slug: str, document_id: int):
    return send_stored(visible_document(slug, document_id, current_user))
