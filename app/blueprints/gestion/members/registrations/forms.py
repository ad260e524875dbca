"""The tab and the search of the registration list."""
from __future__ import annotations

from wtforms import HiddenField, SearchField
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.gestion.filters import SEARCH_TOO_LONG, SearchForm, clean_search
from app.blueprints.gestion.members.registrations.queries import STATUS_TABS


class RegistrationFilterForm(SearchForm):
    tab = HiddenField(name="statut", validators=[Optional(), AnyOf(
        list(STATUS_TABS), message="Choisissez un onglet.")])
    q = SearchField("Institution, nom ou adresse e-mail", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])
