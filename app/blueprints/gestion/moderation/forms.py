"""The moderation list's filters (the CSV export of annonces takes the same)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.gestion.filters import SEARCH_TOO_LONG, SearchForm, clean_search
from app.blueprints.gestion.moderation.queries import AnnonceCriteria
from app.models import AnnonceCategory, AnnonceKind, AnnonceStatus

REPORTED = "signalees"


def _select(label: str, name: str, empty: str, members) -> SelectField:
    values = [member.value for member in members]
    return SelectField(
        label, name=name, choices=[SelectChoice("", empty)]
        + [SelectChoice(member.value, member.label) for member in members],
        validators=[Optional(), AnyOf(values, message="Choisissez une valeur dans la liste.")],
        validate_choice=False,
    )


class ModerationFilterForm(SearchForm):
    status = _select("État", "statut", "Tous les états, masquées comprises",
                     list(AnnonceStatus))
    kind = _select("Type", "type", "Demandes et offres", list(AnnonceKind))
    category = _select("Catégorie", "categorie", "Toutes les catégories",
                       list(AnnonceCategory))
    reported = SelectField(_l("Signalements"), name="signalement", choices=[
        SelectChoice("", _l("Signalées ou non")), SelectChoice(REPORTED, _l("Signalées"))],
        validators=[Optional(), AnyOf([REPORTED],
                                      message=_l("Choisissez une valeur dans la liste."))],
        validate_choice=False)
    q = SearchField("Rechercher", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])

    def criteria(self) -> AnnonceCriteria:
        """The valid filters (a wrong one is left out)."""
        status, kind, category = (self.value(name) for name in ("status", "kind", "category"))
        return AnnonceCriteria(
            status=AnnonceStatus(status) if status else None,
            kind=AnnonceKind(kind) if kind else None,
            category=AnnonceCategory(category) if category else None,
            search=self.value("q"), reported=self.value("reported") == REPORTED)
