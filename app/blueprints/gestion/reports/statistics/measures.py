"""What an ended collaboration saved: the one definition of its figures,
used by the statistics page, the CSV exports and the public home page.

- Only ended collaborations count (status `terminee`), in the period of
  their `end_date`: the year or month in which they ended.
- Person-days (kind `personnel`): `days_done` if the beneficiary gave it,
  else `days_planned`, else the calendar days (end - start + 1) × `quantity`.
- Equipment-days (kind `materiel`): calendar days × `quantity` (units).
- Estimated value: those days × `value_per_day` if set, else `daily_rate`
  if set, else 0; in euros, shown rounded to the euro ("12 500 €").

The SQL expressions below (summed with GROUP BY in the database) and
`savings_of` (one collaboration, in Python) say the same thing; the tests
check that they agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_decimal
from sqlalchemy import Integer, Numeric, case, func, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.models import Collaboration, CollaborationKind, CollaborationStatus

VALUE_TYPE = Numeric(14, 2)


class day_span(FunctionElement):  # lower case, as the SQL function it stands for
    """Calendar days from a start to an end date, both included."""

    type = Integer()
    name = "day_span"
    inherit_cache = True


@compiles(day_span)
def _day_span_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({end} - {start} + 1)"


@compiles(day_span, "sqlite")
def _day_span_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST(julianday({end}) - julianday({start}) AS INTEGER) + 1)"


ENDED = Collaboration.status == CollaborationStatus.TERMINEE
_UNIT_DAYS = day_span(Collaboration.start_date, Collaboration.end_date) * Collaboration.quantity
_IS_STAFF = Collaboration.kind == CollaborationKind.PERSONNEL
PERSON_DAYS = case(
    (_IS_STAFF, func.coalesce(Collaboration.days_done, Collaboration.days_planned, _UNIT_DAYS)),
    else_=0)
EQUIPMENT_DAYS = case((_IS_STAFF, 0), else_=_UNIT_DAYS)
DAILY_VALUE = func.coalesce(Collaboration.value_per_day, Collaboration.daily_rate, 0)
VALUE = type_coerce((PERSON_DAYS + EQUIPMENT_DAYS) * DAILY_VALUE, VALUE_TYPE)


def ended_between(first_day: date | None, last_day: date | None) -> list:
    """The conditions of the collaborations that ended between two days
    (included; None leaves that side open)."""
    conditions = [ENDED]
    if first_day is not None:
        conditions.append(Collaboration.end_date >= first_day)
    if last_day is not None:
        conditions.append(Collaboration.end_date <= last_day)
    return conditions


def savings_columns() -> tuple:
    """The four aggregates read into a `Savings` by `Savings.from_row`."""
    return (func.count(Collaboration.id),
            func.coalesce(func.sum(PERSON_DAYS), 0),
            func.coalesce(func.sum(EQUIPMENT_DAYS), 0),
            type_coerce(func.coalesce(func.sum(VALUE), 0), VALUE_TYPE))


def format_euros(value: Decimal) -> str:
    """12 500 € (rounded to the euro: the value is an estimate)."""
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{format_decimal(whole)}\u00a0€"


@dataclass(frozen=True)
class Savings:
    """What some ended collaborations saved."""

    collaborations: int = 0
    person_days: int = 0
    equipment_days: int = 0
    value: Decimal = Decimal(0)

    @classmethod
    def from_row(cls, row) -> Savings:
        count, person_days, equipment_days, value = row
        return cls(int(count or 0), int(person_days or 0), int(equipment_days or 0),
                   Decimal(value or 0))

    def __add__(self, other: Savings) -> Savings:
        return Savings(self.collaborations + other.collaborations,
                       self.person_days + other.person_days,
                       self.equipment_days + other.equipment_days, self.value + other.value)

    @property
    def value_text(self) -> str:
        return format_euros(self.value)


def savings_of(collaboration: Collaboration) -> Savings:
    """The same figures for one collaboration (whatever its status)."""
    unit_days = collaboration.days * collaboration.quantity
    staff = collaboration.kind == CollaborationKind.PERSONNEL
    person_days = 0
    if staff:
        person_days = next(days for days in (collaboration.days_done, collaboration.days_planned,
                                             unit_days) if days is not None)
    equipment_days = 0 if staff else unit_days
    daily = next((rate for rate in (collaboration.value_per_day, collaboration.daily_rate)
                  if rate is not None), Decimal(0))
    return Savings(1, person_days, equipment_days,
                   Decimal(person_days + equipment_days) * Decimal(daily))
