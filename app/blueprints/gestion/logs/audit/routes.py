"""Back office: the audit log, newest first, filterable and read only (no
route changes or deletes an entry)."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.annonces.search import normalise
from app.blueprints.gestion import bp
from app.blueprints.gestion.filter_fields import DateRangeForm
from app.blueprints.gestion.forms import SEARCH_TOO_LONG, clean_search
from app.blueprints.gestion.pages import page_number
from app.blueprints.gestion.services import AUDIT_LABELS
from app.blueprints.gestion.text_search import folded_contains
from app.extensions import db
from app.localtime import day_bounds
from app.models import AuditEntry, User
from app.web.render import render
from app.web.urls import is_htmx

PER_PAGE = 50
FILTERS = ("action", "acteur", "du", "au")
# French names of the audited objects (unknown types show as they are).
TARGET_LABELS = {
    "Adhesion": "Adhésion à une centrale",
    "Annonce": "Annonce",
    "Centrale": "Centrale d'achats",
    "CentraleDocument": "Document de centrale",
    "DocumentTemplate": "Modèle de document",
    "Institution": "Institution",
    "Mission": "Mission",
    "MissionDocument": "Document de mission",
    "OutboxMessage": "Courriel",
    "RegistrationRequest": "Demande d'adhésion",
    "User": "Utilisateur",
}


class JournalFilterForm(DateRangeForm):
    action = SelectField(
        "Action",
        choices=[SelectChoice("", "Toutes les actions")]
        + [SelectChoice(code, label)
           for code, label in sorted(AUDIT_LABELS.items(), key=lambda item: normalise(item[1]))],
        validators=[Optional(), AnyOf(list(AUDIT_LABELS),
                                      message="Choisissez une action dans la liste.")],
        validate_choice=False,
    )
    acteur = SearchField("Personne", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])

    def filters(self) -> dict[str, str]:
        """The valid filters as query-string arguments (days as jj/mm/aaaa)."""
        values = {name: self.value(name) for name in FILTERS}
        for name in ("du", "au"):
            if values[name]:
                values[name] = values[name].strftime("%d/%m/%Y")
        return {name: value for name, value in values.items() if value}


def journal_page(form: JournalFilterForm, page: int) -> Pagination:
    """Audit entries with their author, newest first, filtered: two queries."""
    query = (select(AuditEntry).outerjoin(AuditEntry.actor)
             .options(contains_eager(AuditEntry.actor))
             .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    if action := form.value("action"):
        query = query.where(AuditEntry.action == action)
    if actor := form.value("acteur"):
        query = query.where(or_(folded_contains(User.name, actor),
                                folded_contains(User.email, actor)))
    first_day, last_day = form.day_range()
    if first_day:
        query = query.where(AuditEntry.created_at >= day_bounds(first_day)[0])
    if last_day:
        query = query.where(AuditEntry.created_at < day_bounds(last_day)[1])
    return db.paginate(query, page=page_number(page), per_page=PER_PAGE, error_out=False)


@bp.get("/journal")
def journal():
    form = JournalFilterForm(formdata=request.args)
    form.validate()
    results = journal_page(form, request.args.get("page", 1, type=int))
    swapped = is_htmx()
    return render("gestion/journal.html", "gestion/_journal_results.html",
                  announce=ngettext("%(num)d entrée trouvée.", "%(num)d entrées trouvées.",
                                    results.total), form=form,
                  results=results, filters=form.filters(), swapped=swapped,
                  audit_labels=AUDIT_LABELS, target_labels=TARGET_LABELS)
