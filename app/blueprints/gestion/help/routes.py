"""Back office: the manager's help page, task by task."""
from __future__ import annotations

from flask import render_template

from app.blueprints.gestion import bp


@bp.get("/aide", endpoint="help")
def help_page():
    return render_template("gestion/help.html")
