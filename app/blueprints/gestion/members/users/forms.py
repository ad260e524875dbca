"""The search of the user list."""
from __future__ import annotations

from wtforms import SearchField
from wtforms.validators import Length, Optional

from app.blueprints.gestion.filters import SEARCH_TOO_LONG, SearchForm, clean_search


class UserSearchForm(SearchForm):
    q = SearchField("Nom, adresse e-mail ou institution", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])
