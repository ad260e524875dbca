"""The audit log's filters: an action, a person, a range of days."""
from __future__ import annotations

from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from app.blueprints.annonces.search import normalise
from app.blueprints.gestion.filters import SEARCH_TOO_LONG, DateRangeForm, clean_search
from app.blueprints.gestion.logs.audit.labels import AUDIT_LABELS
from app.blueprints.gestion.logs.audit.queries import AuditCriteria


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
    actor = SearchField("Personne", name="acteur", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])

    def criteria(self) -> AuditCriteria:
        """The valid filters (a wrong one is left out)."""
        return AuditCriteria(self.value("action"), self.value("actor"), *self.day_range())

    def filters(self) -> dict[str, str]:
        """The valid filters as query-string arguments (days as jj/mm/aaaa)."""
        values = {"action": self.value("action"), "acteur": self.value("actor")}
        return {name: value for name, value in values.items() if value} | self.day_filters()
