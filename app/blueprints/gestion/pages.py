"""A page of results for lists whose rows are not single entities (so
`db.paginate` does not fit); it offers what `gestion/_pagination.html` uses."""
from __future__ import annotations

from dataclasses import dataclass

MAX_PAGE = 100_000  # keeps OFFSET within what every database accepts


def page_number(value: int | None) -> int:
    return min(max(value or 1, 1), MAX_PAGE)


@dataclass(frozen=True)
class ResultPage:
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
