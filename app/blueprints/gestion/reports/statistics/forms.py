"""The statistics page's choice of period: a named one or a range of days."""
from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional

from app.blueprints.gestion.filters import DateRangeForm
from app.blueprints.gestion.reports.statistics.queries import (
    DEFAULT_PERIOD,
    PERIODS,
    Period,
    resolve_period,
)
from app.localtime import brussels_today


class StatisticsFilterForm(DateRangeForm):
    period = SelectField(
        "Période", name="periode",
        choices=[SelectChoice(code, label) for code, label in PERIODS.items()],
        default=DEFAULT_PERIOD,
        validators=[Optional(), AnyOf(list(PERIODS), message="Choisissez une période dans "
                                                              "la liste.")],
        validate_choice=False,
    )

    def chosen_period(self) -> Period:
        return resolve_period(self.value("period"), *self.day_range(), brussels_today())

    def filters(self) -> dict[str, str]:
        """The valid choices as query-string arguments (for the export link)."""
        return self.day_filters() or {"periode": self.value("period") or DEFAULT_PERIOD}
