"""The pieces of the back office's GET filter forms: the form itself (no
CSRF token in the URL, an invalid filter ignored), the search box, a day
typed the Belgian way (or in ISO, as links may carry it) and a "du … au …"
range (the journal and the statistics)."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_wtf import FlaskForm
from wtforms import StringField

SEARCH_TOO_LONG = "Votre recherche est trop longue (100 caractères au maximum)."
# Control characters (NUL included) mean nothing in a search and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
# Dates outside these years are typing mistakes, and far-off years would
# overflow the day arithmetic.
FIRST_YEAR, LAST_YEAR = 2000, 2100
DAY_HINT = "Au format jj/mm/aaaa, par exemple 01/09/2026."


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

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters as query-string arguments, under
        their HTML names, in the order of the fields (days as jj/mm/aaaa)."""
        values = {field.name: self.value(key) for key, field in self._fields.items()}
        return {name: value.strftime("%d/%m/%Y") if isinstance(value, date) else value
                for name, value in values.items() if value}


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

    since = DayField("Du", name="du", description=DAY_HINT)
    until = DayField("Au", name="au", description=DAY_HINT)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        first, last = self.day_range()
        if first and last and last < first:
            self.until.errors = [*self.until.errors, "La date de fin doit être égale ou "
                                                     "postérieure à la date de début."]
            return False
        return valid

    def day_range(self) -> tuple[date | None, date | None]:
        """The valid days of the range (a wrong or inverted one is left out)."""
        return self.value("since"), self.value("until")

    def day_filters(self) -> dict[str, str]:
        """The valid days as query-string arguments, written jj/mm/aaaa."""
        first, last = self.day_range()
        days = {"du": first, "au": last}
        return {name: day.strftime("%d/%m/%Y") for name, day in days.items() if day}
