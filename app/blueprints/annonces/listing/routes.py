"""The list of annonces: one URL for the full page and the htmx fragment."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext

from app.blueprints.annonces import bp
from app.blueprints.annonces.filters import ALL_STATUSES, LISTED_STATUSES, SORTS, ListFilters
from app.blueprints.annonces.listing.queries import list_annonces
from app.models import AnnonceCategory, AnnonceKind, InstitutionKind
from app.reference.seed import arrondissements
from app.web.render import render


@bp.get("")
def index():
    choices = arrondissements()
    filters = ListFilters.from_args(request.args, choices)
    page = list_annonces(filters)
    return render(
        "annonces/index.html", "annonces/_results.html",
        announce=ngettext("%(num)d annonce trouvée.", "%(num)d annonces trouvées.", page.total),
        filters=filters, page=page, arrondissements=choices, sorts=SORTS,
        kinds=list(AnnonceKind), categories=list(AnnonceCategory),
        institution_kinds=list(InstitutionKind), statuses=LISTED_STATUSES,
        all_statuses=ALL_STATUSES, query_string=filters.query_string(),
    )
