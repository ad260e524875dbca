"""Back office: the statistics page, for a period chosen with a GET form
(htmx swaps the figures; the same URL works as a full page)."""
from __future__ import annotations

from flask import request

from app.blueprints.gestion import bp
from app.blueprints.gestion.reports.statistics.charts import (
    collaboration_charts,
    statistics_charts,
)
from app.blueprints.gestion.reports.statistics.collaborations import (
    TOP_INSTITUTIONS,
    TOP_PAIRS,
    compute_collaboration_statistics,
)
from app.blueprints.gestion.reports.statistics.first_answer import first_answer_statistics
from app.blueprints.gestion.reports.statistics.forms import StatisticsFilterForm
from app.blueprints.gestion.reports.statistics.queries import (
    TOP_COLLABORATIONS,
    compute_statistics,
)
from app.web.render import render


@bp.get("/statistiques")
def statistics():
    form = StatisticsFilterForm(formdata=request.args)
    form.validate()
    stats = compute_statistics(form.chosen_period())
    ended = compute_collaboration_statistics(stats.period)
    return render("gestion/statistics.html", "gestion/_statistics_results.html",
                  announce=f"Statistiques affichées pour la période : {stats.period.label}.",
                  form=form, stats=stats, ended=ended,
                  first_answer=first_answer_statistics(stats.period),
                  charts=statistics_charts(stats) | collaboration_charts(ended),
                  filters=form.filters(), top_collaborations=TOP_COLLABORATIONS,
                  top_institutions=TOP_INSTITUTIONS, top_pairs=TOP_PAIRS)
