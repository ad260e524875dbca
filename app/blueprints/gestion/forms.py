"""Back-office forms: the email log filters, the user and registration
searches, the manager role."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, SelectField
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.gestion.email_filters import STATUS_CHOICES, STATUS_VALUES

SEARCH_TOO_LONG = "Votre recherche est trop longue (100 caractères au maximum)."
# Control characters (NUL included) mean nothing in a search and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_search(value: str | None) -> str | None:
    return CONTROL_CHARACTERS.sub("", value).strip() if value else value


class SearchForm(FlaskForm):
    """A GET form: filters change nothing, so no CSRF token in the URL."""

    class Meta:
        csrf = False

    def value(self, name: str):
        """The field's value if it is valid, else None (the filter is ignored)."""
        field = self[name]
        # Optional() lets a blank value (" ") through unchecked: no filter either.
        if field.errors or not field.data or (isinstance(field.data, str)
                                              and not field.data.strip()):
            return None
        return field.data


class EmailFilterForm(SearchForm):
    statut = SelectField(
        "Statut",
        choices=STATUS_CHOICES,
        validators=[Optional(), AnyOf(STATUS_VALUES,
                                      message="Choisissez un statut dans la liste.")],
        validate_choice=False,
    )
    destinataire = SearchField("Destinataire", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])


class UserSearchForm(SearchForm):
    q = SearchField("Nom, adresse e-mail ou institution", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])


class RegistrationFilterForm(SearchForm):
    """The tab (`statut`) and the search of the registration list."""

    statut = HiddenField(validators=[Optional(), AnyOf(
        ["en-attente", "approuvees", "refusees"], message="Choisissez un onglet.")])
    q = SearchField("Institution, nom ou adresse e-mail", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])


class ManagerForm(FlaskForm):
    """Grant ("1") or withdraw ("0") the manager role."""

    grant = HiddenField(validators=[AnyOf(["0", "1"], message="Action inconnue.")])
