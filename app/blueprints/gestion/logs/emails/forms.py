"""The email log's filters: a status and part of the recipient's address."""
from __future__ import annotations

from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.gestion.filters import SEARCH_TOO_LONG, SearchForm, clean_search
from app.blueprints.gestion.logs.emails.queries import DELAYED
from app.models import OutboxStatus

STATUS_CHOICES = [
    SelectChoice("", "Tous les statuts"),
    *(SelectChoice(status.value, status.label) for status in OutboxStatus),
    SelectChoice(DELAYED, "Retardés (en attente depuis plus d'une heure)"),
]
STATUS_VALUES = [choice.value for choice in STATUS_CHOICES if choice.value]


class EmailFilterForm(SearchForm):
    status = SelectField(
        "Statut", name="statut",
        choices=STATUS_CHOICES,
        validators=[Optional(), AnyOf(STATUS_VALUES,
                                      message="Choisissez un statut dans la liste.")],
        validate_choice=False,
    )
    recipient = SearchField("Destinataire", name="destinataire", filters=[clean_search],
                            validators=[Optional(), Length(max=100, message=SEARCH_TOO_LONG)])
