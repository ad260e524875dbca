"""Back office: moderation of annonces. Every ad, hidden ones included, with
filters; hiding and showing again go through the annonces blueprint's
routes (`annonces.hide`, `annonces.unhide`), which tell the author."""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager, defer, joinedload
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.annonces.search import matches, search_terms
from app.blueprints.gestion import bp
from app.blueprints.gestion.forms import SEARCH_TOO_LONG, SearchForm, clean_search
from app.blueprints.gestion.pages import ResultPage, page_number
from app.extensions import db
from app.models import Annonce, AnnonceCategory, AnnonceKind, AnnonceStatus, User
from app.web.render import render
from app.web.urls import is_htmx

PER_PAGE = 20  # each row carries its own hide form: keeps the page light
FILTERS = ("statut", "type", "categorie", "q")


def _select(label: str, empty: str, members) -> SelectField:
    values = [member.value for member in members]
    return SelectField(
        label, choices=[SelectChoice("", empty)]
        + [SelectChoice(member.value, member.label) for member in members],
        validators=[Optional(), AnyOf(values, message="Choisissez une valeur dans la liste.")],
        validate_choice=False,
    )


class ModerationFilterForm(SearchForm):
    statut = _select("État", "Tous les états, masquées comprises", list(AnnonceStatus))
    type = _select("Type", "Demandes et offres", list(AnnonceKind))
    categorie = _select("Catégorie", "Toutes les catégories", list(AnnonceCategory))
    q = SearchField("Rechercher", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters, as query-string arguments."""
        return {name: self.value(name) for name in FILTERS if self.value(name)}


def moderation_conditions(filters: dict[str, str]) -> list:
    """WHERE conditions on Annonce for the moderation filters (also used by
    the CSV export of annonces)."""
    conditions = []
    if "statut" in filters:
        conditions.append(Annonce.status == AnnonceStatus(filters["statut"]))
    if "type" in filters:
        conditions.append(Annonce.kind == AnnonceKind(filters["type"]))
    if "categorie" in filters:
        conditions.append(Annonce.category == AnnonceCategory(filters["categorie"]))
    terms = search_terms(filters.get("q"))
    if terms:
        # The indexed text holds the title and the institution's name, accent-free.
        conditions.append(matches(terms))
    return conditions


@dataclass(frozen=True)
class ModerationRow:
    annonce: Annonce
    hidden_by: str | None  # name of the manager who hid it


def moderation_page(filters: dict[str, str], page: int) -> ResultPage:
    """Ads newest first, with their institution, author and hider: two queries."""
    conditions = moderation_conditions(filters)
    page = page_number(page)
    total = db.session.scalar(select(func.count(Annonce.id)).where(*conditions)) or 0
    hider = aliased(User)
    rows = db.session.execute(
        select(Annonce, hider.name)
        .join(Annonce.institution)
        .outerjoin(hider, hider.id == Annonce.hidden_by_id)
        .options(contains_eager(Annonce.institution), joinedload(Annonce.author),
                 defer(Annonce.body), defer(Annonce.search_text))
        .where(*conditions)
        .order_by(Annonce.created_at.desc(), Annonce.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return ResultPage([ModerationRow(annonce, name) for annonce, name in rows], total, page,
                      PER_PAGE)


@bp.get("/annonces")
def annonces():
    form = ModerationFilterForm(formdata=request.args)
    form.validate()
    filters = form.filters()
    results = moderation_page(filters, request.args.get("page", 1, type=int))
    swapped = is_htmx()
    return render("gestion/annonces.html", "gestion/_annonces_results.html",
                  announce=ngettext("%(num)d annonce trouvée.", "%(num)d annonces trouvées.",
                                    results.total), form=form,
                  results=results, filters=filters, swapped=swapped)
