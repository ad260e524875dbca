"""Member directory (members only): who the members are, how to reach them."""
from __future__ import annotations

from flask import render_template

from app.blueprints.membres import bp, services


@bp.get("")
def index():
    return render_template("membres/index.html", sections=services.directory())


@bp.get("/<slug>")
def detail(slug: str):
    entry = services.member_page(slug)
    return render_template("membres/detail.html", entry=entry,
                           annonces=services.open_annonces(entry.institution.id))
