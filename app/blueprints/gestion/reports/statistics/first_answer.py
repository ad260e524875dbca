"""The time to the first answer of demandes, for the statistics page and its
CSV export: the median in hours by month of publication and by category,
for every answered demande of the period, and separately for the urgent ones.

One query of (created_at, first_answered_at, category, urgent) rows; the
medians are computed in Python. Months are calendar months in UTC, as in
the rest of the statistics. A demande without an answer does not count:
its time is not known yet.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import select

from app.blueprints.gestion.reports.statistics.queries import MONTHS_FR, Period
from app.extensions import db
from app.models import Annonce, AnnonceCategory, AnnonceKind, AnnonceStatus


@dataclass(frozen=True)
class MedianLine:
    """One line of the table: a month or a category, all demandes and urgent ones."""

    label: str
    count: int
    hours: float | None
    urgent_count: int
    urgent_hours: float | None


@dataclass(frozen=True)
class FirstAnswerStatistics:
    total: MedianLine
    by_month: list[MedianLine]
    by_category: list[MedianLine]


def _line(label: str, delays: list[tuple[float, bool]]) -> MedianLine:
    urgent = [hours for hours, is_urgent in delays if is_urgent]
    every = [hours for hours, _ in delays]
    return MedianLine(label, len(every), median(every) if every else None,
                      len(urgent), median(urgent) if urgent else None)


def first_answer_statistics(period: Period) -> FirstAnswerStatistics:
    """The medians of the demandes published in `period` (hidden ones left
    out) that received an answer."""
    conditions = [Annonce.kind == AnnonceKind.DEMANDE, Annonce.status != AnnonceStatus.MASQUEE,
                  Annonce.first_answered_at.is_not(None), Annonce.created_at < period.end]
    if period.start is not None:
        conditions.append(Annonce.created_at >= period.start)
    rows = db.session.execute(
        select(Annonce.created_at, Annonce.first_answered_at, Annonce.category,
               Annonce.urgent).where(*conditions)).all()
    by_month: dict[tuple[int, int], list[tuple[float, bool]]] = defaultdict(list)
    by_category: dict[AnnonceCategory, list[tuple[float, bool]]] = defaultdict(list)
    every: list[tuple[float, bool]] = []
    for created, answered, category, urgent in rows:
        delay = (max((answered - created).total_seconds(), 0) / 3600, bool(urgent))
        created = created.astimezone(UTC)
        by_month[created.year, created.month].append(delay)
        by_category[category].append(delay)
        every.append(delay)
    return FirstAnswerStatistics(
        total=_line(_("Toutes les demandes de la période"), every),
        by_month=[_line(f"{MONTHS_FR[month - 1]} {year}", by_month[year, month])
                  for year, month in sorted(by_month)],
        by_category=[_line(category.label, by_category[category])
                     for category in AnnonceCategory if category in by_category])


def hours_text(hours: float | None) -> str:
    """12,5 (one decimal, comma), or an empty string without data."""
    return f"{hours:.1f}".replace(".", ",") if hours is not None else ""


def first_answer_rows(period: Period) -> list[list]:
    """The rows of the statistics export (Rubrique, Libellé, Valeur)."""
    stats = first_answer_statistics(period)
    rows = []
    for section, lines in ((_("Délai médian de première réponse (heures)"), [stats.total]),
                           (_("Délai médian de première réponse par mois (heures)"),
                            stats.by_month),
                           (_("Délai médian de première réponse par catégorie (heures)"),
                            stats.by_category)):
        for line in lines:
            rows.append([section, line.label, hours_text(line.hours)])
            rows.append([section, _("%(label)s – demandes urgentes", label=line.label),
                         hours_text(line.urgent_hours)])
    return rows
