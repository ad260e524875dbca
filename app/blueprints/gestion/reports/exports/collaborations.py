"""The CSV tables of the ended collaborations for the statistics page's
period: one row per collaboration, the totals by pair of institutions, and
the collaboration rows of the statistics export. Figures follow
`statistics/measures.py`; amounts are in euros with a decimal comma."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.blueprints.gestion.reports.statistics.collaborations import (
    compute_collaboration_statistics,
)
from app.blueprints.gestion.reports.statistics.forms import StatisticsFilterForm
from app.blueprints.gestion.reports.statistics.measures import (
    EQUIPMENT_DAYS,
    PERSON_DAYS,
    VALUE,
    Savings,
    day_span,
    ended_between,
    savings_columns,
)
from app.blueprints.gestion.reports.statistics.queries import Period
from app.extensions import db
from app.models import Collaboration, Institution

YIELD_PER = 1000
Table = tuple[list[str], Iterable[Iterable]]


def euros(value: Decimal | None) -> str:
    """1234,50: what a Belgian spreadsheet reads as a number."""
    return f"{Decimal(value):.2f}".replace(".", ",") if value is not None else ""


def _period(args) -> Period:
    form = StatisticsFilterForm(formdata=args)
    form.validate()
    return form.chosen_period()


def collaboration_table(args) -> Table:
    """One row per collaboration ended in the period, by end date."""
    period = _period(args)
    lender, borrower = aliased(Institution), aliased(Institution)
    rows = db.session.execute(
        select(Collaboration.id, Collaboration.annonce_id, lender.name, lender.kind,
               borrower.name, borrower.kind, Collaboration.kind, Collaboration.start_date,
               Collaboration.end_date, day_span(Collaboration.start_date, Collaboration.end_date),
               Collaboration.quantity, Collaboration.days_planned, Collaboration.days_done,
               PERSON_DAYS, EQUIPMENT_DAYS, Collaboration.value_per_day,
               Collaboration.daily_rate, VALUE, Collaboration.cost_terms,
               Collaboration.description)
        .join(lender, lender.id == Collaboration.provider_id)
        .join(borrower, borrower.id == Collaboration.beneficiary_id)
        .where(*ended_between(period.first_day, period.last_day))
        .order_by(Collaboration.end_date, Collaboration.id)
        .execution_options(yield_per=YIELD_PER)
    )
    header = [_("N°"), _("Annonce n°"), _("Institution qui prête"), _("Type"),
              _("Institution bénéficiaire"), _("Type"), _("Nature"), _("Début"), _("Fin"),
              _("Jours calendrier"), _("Quantité (agents ou unités)"), _("Jours prévus"),
              _("Jours prestés"), _("Jours de personnel"), _("Jours de matériel"),
              _("Valeur par jour (€)"), _("Tarif journalier (€)"), _("Valeur estimée (€)"),
              _("Conditions"), _("Description")]
    return header, (
        [number, annonce, lender_name, lender_kind.label, borrower_name, borrower_kind.label,
         kind.label, f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}", days, quantity, planned, done,
         person_days, equipment_days, euros(per_day), euros(rate), euros(value),
         terms.label, description]
        for (number, annonce, lender_name, lender_kind, borrower_name, borrower_kind, kind,
             start, end, days, quantity, planned, done, person_days, equipment_days, per_day,
             rate, value, terms, description) in rows)


def pair_table(args) -> Table:
    """Every pair (lender, borrower) of the period with its totals."""
    period = _period(args)
    lender, borrower = aliased(Institution), aliased(Institution)
    count = func.count(Collaboration.id)
    rows = db.session.execute(
        select(lender.name, lender.kind, borrower.name, borrower.kind, *savings_columns())
        .join(lender, lender.id == Collaboration.provider_id)
        .join(borrower, borrower.id == Collaboration.beneficiary_id)
        .where(*ended_between(period.first_day, period.last_day))
        .group_by(lender.id, lender.name, lender.kind, borrower.id, borrower.name,
                  borrower.kind)
        .order_by(count.desc(), lender.name, borrower.name)
    ).all()
    header = [_("Institution qui prête"), _("Type"), _("Institution bénéficiaire"), _("Type"),
              _("Collaborations"), _("Jours de personnel"), _("Jours de matériel"),
              _("Valeur estimée (€)")]
    return header, (_pair_row(row) for row in rows)


def _pair_row(row) -> list:
    lender_name, lender_kind, borrower_name, borrower_kind, *figures = row
    savings = Savings.from_row(figures)
    return [lender_name, lender_kind.label, borrower_name, borrower_kind.label,
            savings.collaborations, savings.person_days, savings.equipment_days,
            euros(savings.value)]


def collaboration_statistics_rows(period: Period) -> list[list]:
    """The collaboration figures of the statistics export ("Rubrique",
    "Libellé", "Valeur")."""
    ended = compute_collaboration_statistics(period)
    section = _("Collaborations terminées")
    rows = [
        [section, _("Total"), ended.total.collaborations],
        [section, _("Jours de personnel"), ended.total.person_days],
        [section, _("Jours de matériel (jours × unités)"), ended.total.equipment_days],
        [section, _("Valeur estimée (€)"), euros(ended.total.value)],
        [section, _("Entraides, chacune comptée une fois"), ended.mutual_aid],
    ]
    rows += [[_("Collaborations terminées par mois"), figure.label, figure.value]
             for figure in ended.by_month]
    rows += [[_("Collaborations terminées par paire"), pair.name, pair.savings.collaborations]
             for pair in ended.pairs]
    return rows
