"""One page of a list: its rows, how many rows the whole list has, and the
numbers around it that `_pagination.html` links to.

`Page` offers what `db.paginate`'s result offers to the templates, for the
lists that count and fetch their rows themselves (rows that are not single
entities, or a count cheaper than a subquery's)."""
from __future__ import annotations

from dataclasses import dataclass

MAX_PAGE = 100_000  # keeps OFFSET within what every database accepts


def page_arg(value: str | None, maximum: int = MAX_PAGE) -> int:
    """A page number from the query string: 1 unless ASCII digits (int()
    refuses "²" though str.isdigit() accepts it, and refuses more than 4 300
    digits), capped at `maximum`."""
    if not value or not (value.isascii() and value.isdigit()):
        return 1
    number = int(value) if len(value) <= 9 else maximum
    return min(max(number, 1), maximum)


def page_number(value: int | None, maximum: int = MAX_PAGE) -> int:
    """A page number already read as an integer (or None), within 1..`maximum`."""
    return min(max(value or 1, 1), maximum)


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1
