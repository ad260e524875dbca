"""The list of annonces: one URL for the full page and the htmx fragment."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext

from app.blueprints.annonces import bp
from app.blueprints.annonces.listing import (
    ALL_STATUSES,
    LISTED_STATUSES,
    SORTS,
    ListFilters,
    list_annonces,
)
from app.models import AnnonceCategory, AnnonceKind, InstitutionKind
from app.reference.seed import arrondissements
from app.web.render import render
from app.web.urls import is_htmx


@bp.get("")
def index():
    swapped = is_htmx()
    choices = arrondissements()
    filters = ListFilters.from_args(request.args, choices)
    page = list_annonces(filters)
    return render(
        "annonces/index.html", "annonces/_results.html",
        announce=ngettext("%(num)d annonce trouvée.", "%(num)d annonces trouvées.", page.total),
        filters=filters, page=page, arrondissements=choices, sorts=SORTS,
        kinds=list(AnnonceKind), categories=list(AnnonceCategory),
        institution_kinds=list(InstitutionKind), statuses=LISTED_STATUSES,
        all_statuses=ALL_STATUSES, swapped=swapped, query_string=filters.query_string(),
    )
