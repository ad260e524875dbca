"""Back office: the statistics page, for a period chosen with a GET form
(htmx swaps the figures; the same URL works as a full page)."""
from __future__ import annotations

from flask import request
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Optional

from app.blueprints.gestion import bp
from app.blueprints.gestion.charts import statistics_charts
from app.blueprints.gestion.filter_fields import DateRangeForm
from app.blueprints.gestion.stats_services import (
    DEFAULT_PERIOD,
    PERIODS,
    TOP_COLLABORATIONS,
    Period,
    compute_statistics,
    resolve_period,
)
from app.localtime import brussels_today
from app.web.render import render
from app.web.urls import is_htmx


class StatisticsFilterForm(DateRangeForm):
    periode = SelectField(
        "Période",
        choices=[SelectChoice(code, label) for code, label in PERIODS.items()],
        default=DEFAULT_PERIOD,
        validators=[Optional(), AnyOf(list(PERIODS), message="Choisissez une période dans "
                                                              "la liste.")],
        validate_choice=False,
    )

    def period(self) -> Period:
        return resolve_period(self.value("periode"), *self.day_range(), brussels_today())

    def filters(self) -> dict[str, str]:
        """The valid choices as query-string arguments (for the export link)."""
        first_day, last_day = self.day_range()
        if not (first_day or last_day):
            return {"periode": self.value("periode") or DEFAULT_PERIOD}
        values = {"du": first_day.strftime("%d/%m/%Y") if first_day else None,
                  "au": last_day.strftime("%d/%m/%Y") if last_day else None}
        return {name: value for name, value in values.items() if value}


@bp.get("/statistiques")
def statistics():
    form = StatisticsFilterForm(formdata=request.args)
    form.validate()
    stats = compute_statistics(form.period())
    swapped = is_htmx()
    return render("gestion/statistics.html", "gestion/_statistics_results.html",
                  announce=f"Statistiques affichées pour la période : {stats.period.label}.",
                  form=form,
                  stats=stats, charts=statistics_charts(stats), filters=form.filters(),
                  swapped=swapped, top_collaborations=TOP_COLLABORATIONS)
