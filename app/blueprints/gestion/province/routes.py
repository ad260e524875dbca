"""Back office: the demandes addressed to the Province (SPEC 2.10)."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext

from app.blueprints.gestion import bp
from app.blueprints.gestion.province.queries import province_requests_page
from app.web.render import render

ALL = "toutes"


@bp.get("/demandes-province")
def province_requests():
    open_only = request.args.get("statut") != ALL
    results = province_requests_page(open_only, request.args.get("page", 1, type=int))
    return render("gestion/province_requests.html", "gestion/_province_requests.html",
                  announce=ngettext("%(num)d demande trouvée.", "%(num)d demandes trouvées.",
                                    results.total),
                  results=results, open_only=open_only,
                  filters={} if open_only else {"statut": ALL})
