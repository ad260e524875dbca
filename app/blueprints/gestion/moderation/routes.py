"""Back office: moderation of annonces. Every ad, hidden ones included, with
filters; hiding and showing again go through the annonces blueprint's
routes (`annonces.hide`, `annonces.unhide`), which tell the author."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext

from app.blueprints.gestion import bp
from app.blueprints.gestion.moderation.forms import ModerationFilterForm
from app.blueprints.gestion.moderation.queries import moderation_page
from app.web.render import render


@bp.get("/annonces")
def annonces():
    form = ModerationFilterForm(formdata=request.args)
    form.validate()
    results = moderation_page(form.criteria(), request.args.get("page", 1, type=int))
    return render("gestion/annonces.html", "gestion/_annonces_results.html",
                  announce=ngettext("%(num)d annonce trouvée.", "%(num)d annonces trouvées.",
                                    results.total),
                  form=form, results=results, filters=form.filters())
