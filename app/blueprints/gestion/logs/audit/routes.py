"""Back office: the audit log, newest first, filterable and read only (no
route changes or deletes an entry)."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext

from app.blueprints.gestion import bp
from app.blueprints.gestion.logs.audit.forms import JournalFilterForm
from app.blueprints.gestion.logs.audit.labels import AUDIT_LABELS, TARGET_LABELS
from app.blueprints.gestion.logs.audit.queries import journal_page
from app.web.render import render


@bp.get("/journal")
def journal():
    form = JournalFilterForm(formdata=request.args)
    form.validate()
    results = journal_page(form.criteria(), request.args.get("page", 1, type=int))
    return render("gestion/journal.html", "gestion/_journal_results.html",
                  announce=ngettext("%(num)d entrée trouvée.", "%(num)d entrées trouvées.",
                                    results.total),
                  form=form, results=results, filters=form.filters(),
                  audit_labels=AUDIT_LABELS, target_labels=TARGET_LABELS)
