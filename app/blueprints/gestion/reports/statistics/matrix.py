"""Geometry of the "who helps whom" grid, drawn as SVG by
`gestion/_collaboration_statistics.html`: one row per kind of lending
institution, one column per kind of borrowing one, each cell showing its
number as text (readable without colour) over a short bar for its size.
Sizes are in SVG user units of the viewBox."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal

from app.blueprints.gestion.reports.statistics.collaborations import KindMatrix

ROW_HEADER = 150  # room left of the grid for the lenders' kinds
HEADER = 48  # room above the grid for the borrowers' kinds (two lines)
CELL_WIDTH = 82
CELL_HEIGHT = 44
BAR_MARGIN = 8
BAR_HEIGHT = 5
LINE_HEIGHT = 17
SPLIT_FROM = 10  # longer column labels go on two lines


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    text_x: int
    text_y: int
    value_text: str
    bar_y: int
    bar_width: float


@dataclass(frozen=True)
class Header:
    lines: list[str]
    x: int
    y: int


@dataclass(frozen=True)
class Grid:
    width: int
    height: int
    row_header: int
    cell_width: int
    cell_height: int
    bar_x_offset: int
    bar_height: int
    rows: list[Header]
    columns: list[Header]
    cells: list[Cell]


def two_lines(label: str) -> list[str]:
    """A column label cut at the space nearest its middle when it is long."""
    spaces = [index for index, char in enumerate(label) if char == " "]
    if len(label) < SPLIT_FROM or not spaces:
        return [label]
    cut = min(spaces, key=lambda index: abs(index - len(label) / 2))
    return [label[:cut], label[cut + 1:]]


def kind_grid(matrix: KindMatrix) -> Grid:
    """Rows and columns in the order of `matrix.kinds`; bars as long as a
    cell's share of the largest cell."""
    largest = matrix.largest or 1
    room = CELL_WIDTH - 2 * BAR_MARGIN
    columns = [Header(two_lines(kind.plural), ROW_HEADER + index * CELL_WIDTH + CELL_WIDTH // 2,
                      LINE_HEIGHT)
               for index, kind in enumerate(matrix.kinds)]
    rows, cells = [], []
    for row, lender in enumerate(matrix.kinds):
        top = HEADER + row * CELL_HEIGHT
        rows.append(Header([lender.plural], 0, top + CELL_HEIGHT // 2 + 5))
        for column, borrower in enumerate(matrix.kinds):
            left = ROW_HEADER + column * CELL_WIDTH
            value = matrix.count(lender, borrower)
            cells.append(Cell(left, top, left + CELL_WIDTH // 2, top + 24,
                              format_decimal(value), top + CELL_HEIGHT - BAR_MARGIN - BAR_HEIGHT,
                              round(room * value / largest, 1)))
    return Grid(ROW_HEADER + len(matrix.kinds) * CELL_WIDTH,
                HEADER + len(matrix.kinds) * CELL_HEIGHT, ROW_HEADER, CELL_WIDTH, CELL_HEIGHT,
                BAR_MARGIN, BAR_HEIGHT, rows, columns, cells)
