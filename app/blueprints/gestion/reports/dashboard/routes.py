"""Back office: the home page, the manager's dashboard."""
from __future__ import annotations

from flask import render_template

from app.blueprints.gestion import bp
from app.blueprints.gestion.logs.audit.labels import AUDIT_LABELS
from app.blueprints.gestion.reports.dashboard.queries import dashboard


@bp.get("")
def index():
    return render_template("gestion/index.html", dashboard=dashboard(),
                           audit_labels=AUDIT_LABELS)
