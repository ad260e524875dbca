"""Public pages: home, legal pages, health check."""
from __future__ import annotations

from flask import jsonify, render_template
from flask_login import current_user

from app.blueprints.annonces.listing.queries import latest_open_annonces
from app.blueprints.centrales.queries import latest_centrales
from app.blueprints.modeles.queries import latest_templates
from app.blueprints.public import bp
from app.blueprints.public.services import member_counts, savings_of_year
from app.database import is_database_up
from app.localtime import brussels_today
from app.web.health import outbox_backlog


@bp.get("/")
def home():
    latest = latest_open_annonces() if current_user.is_authenticated else []
    modeles = latest_templates() if current_user.is_authenticated else []
    today = brussels_today()
    return render_template("public/home.html", counts=member_counts(), latest_annonces=latest,
                           latest_modeles=modeles, latest_centrales=latest_centrales(today),
                           year=today.year, year_savings=savings_of_year(today.year))


@bp.get("/accessibilite")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/vie-privee")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/sante")
def health():
    database_up = is_database_up()
    body = {"status": "ok" if database_up else "error",
            "database": "ok" if database_up else "unreachable"}
    if database_up:
        body["outbox_backlog"] = outbox_backlog()
    response = jsonify(body)
    response.status_code = 200 if database_up else 503
    response.headers["Cache-Control"] = "no-store"
    return response
