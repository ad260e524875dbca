"""Geometry of the statistics charts, drawn as SVG by `gestion/_charts.html`:
horizontal bars (label above each bar, value after it) and a series of
vertical bars for months. Sizes are in SVG user units of the viewBox."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import format_decimal

from app.blueprints.gestion.reports.statistics.collaborations import CollaborationStatistics
from app.blueprints.gestion.reports.statistics.matrix import kind_grid
from app.blueprints.gestion.reports.statistics.queries import Figure, Statistics

WIDTH = 480
LABEL_MAX = 60  # characters shown in the chart; the table has the full label
BAR_ROW = 40  # height of one horizontal bar with its label
BAR_THICKNESS = 16
VALUE_ROOM = 60  # room right of the widest bar for its value
COLUMN_AREA = 180  # height of the vertical bars' area
COLUMN_TOP = 20  # room above the tallest column for its value
AXIS_ROOM = 28  # room under the columns for the month labels
MAX_AXIS_LABELS = 6  # month labels on the axis; the table lists every month
MAX_COLUMN_VALUES = 24  # more columns than this: values only in the table


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_value: bool = True


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    axis_y: float = 0  # y of the baseline of vertical bars


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[:LABEL_MAX - 1].rstrip() + "…"


def horizontal_bars(figures: Sequence[Figure]) -> Chart:
    """One row per figure: its label, then a bar as long as its share of the
    largest value, then the value."""
    largest = max((figure.value for figure in figures), default=0) or 1
    room = WIDTH - VALUE_ROOM
    bars = []
    for row, figure in enumerate(figures):
        top = row * BAR_ROW
        length = room * figure.value / largest
        bars.append(Bar(
            label=_shorten(figure.label), value_text=format_decimal(figure.value),
            x=0, y=top + 18, width=round(length, 1), height=BAR_THICKNESS,
            label_x=0, label_y=top + 13, value_x=round(length + 6, 1), value_y=top + 31,
        ))
    return Chart(bars, WIDTH, max(len(figures), 1) * BAR_ROW)


def vertical_bars(figures: Sequence[Figure]) -> Chart:
    """Columns in order (months), labelled on the axis one in `step` when
    there are many; values above the columns unless they are too many."""
    count = max(len(figures), 1)
    slot = WIDTH / count
    largest = max((figure.value for figure in figures), default=0) or 1
    step = math.ceil(count / MAX_AXIS_LABELS)
    axis_y = COLUMN_TOP + COLUMN_AREA
    bars = []
    for index, figure in enumerate(figures):
        height = COLUMN_AREA * figure.value / largest
        left = index * slot
        bars.append(Bar(
            label=figure.short or figure.label, value_text=format_decimal(figure.value),
            x=round(left + slot * 0.15, 1), y=round(axis_y - height, 1),
            width=round(slot * 0.7, 1), height=round(height, 1),
            label_x=round(left + slot / 2, 1), label_y=axis_y + 18,
            value_x=round(left + slot / 2, 1), value_y=round(axis_y - height - 5, 1),
            show_label=(len(figures) - 1 - index) % step == 0,
            show_value=count <= MAX_COLUMN_VALUES,
        ))
    return Chart(bars, WIDTH, axis_y + AXIS_ROOM, axis_y)


def statistics_charts(stats: Statistics) -> dict[str, Chart]:
    """The charts of the statistics page, by name."""
    return {
        "members_by_kind": horizontal_bars(stats.members_by_kind),
        "members_by_arrondissement": horizontal_bars(stats.members_by_arrondissement),
        "ads_by_category": horizontal_bars(stats.ads_by_category),
        "ads_by_kind": horizontal_bars(stats.ads_by_kind),
        "ads_by_month": vertical_bars(stats.ads_by_month),
        "closed": horizontal_bars(stats.closed_figures),
        "downloads": horizontal_bars(stats.downloads),
    }


def collaboration_charts(stats: CollaborationStatistics) -> dict:
    """The charts of the collaborations section, by name."""
    return {
        "collaborations_by_month": vertical_bars(stats.by_month),
        "collaborations_matrix": kind_grid(stats.matrix),
    }
