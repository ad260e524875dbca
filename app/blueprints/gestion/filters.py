"""GET filter pieces shared by the journal and the statistics: a day typed
the Belgian way (or in ISO, as links may carry it) and a "du … au …" range."""
from __future__ import annotations

from datetime import date, datetime

from wtforms import StringField

from app.blueprints.gestion.forms import SearchForm

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
# Dates outside these years are typing mistakes, and far-off years would
# overflow the day arithmetic.
FIRST_YEAR, LAST_YEAR = 2000, 2100
DAY_HINT = "Au format jj/mm/aaaa, par exemple 01/09/2026."


class DayField(StringField):
    """A day as jj/mm/aaaa; what was typed stays in the field when it is wrong."""

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        typed = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not typed:
            return
        day = _parse_day(typed)
        if day is None:
            raise ValueError("Cette date n'est pas valide : écrivez-la au format jj/mm/aaaa, "
                             "par exemple 01/09/2026.")
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"Indiquez une année entre {FIRST_YEAR} et {LAST_YEAR}.")
        self.data = day

    def _value(self) -> str:
        if self.data is not None:
            return self.data.strftime("%d/%m/%Y")
        return self.raw_data[0] if self.raw_data else ""


def _parse_day(text: str) -> date | None:
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class DateRangeForm(SearchForm):
    """`du` and `au`, both optional; `au` may not come before `du`."""

    du = DayField("Du", description=DAY_HINT)
    au = DayField("Au", description=DAY_HINT)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        first, last = self.value("du"), self.value("au")
        if first and last and last < first:
            self.au.errors = [*self.au.errors,
                              "La date de fin doit être égale ou postérieure à la date de début."]
            return False
        return valid

    def day_range(self) -> tuple[date | None, date | None]:
        """The valid days of the range (a wrong or inverted one is left out)."""
        return self.value("du"), self.value("au")
