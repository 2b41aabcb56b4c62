"""Charts of the half-year report (reportlab.graphics) that cannot reveal a suppressed count.

A chart only ever receives published figures: a suppressed count (`<k`, `x`) or a missing
statistic (`n.b.`) arrives as None with its published mark. Such a cell gets no bar and no
line point; instead a small hatched box of one fixed size is drawn with the mark above it,
so neither a bar height nor a point's position says anything about the value. The value
axis is scaled from the published figures only, and its ticks are multiples of k, so no
axis label reads as a small count either.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from casustafel.reports.base import document_styles

__all__ = [
    "CHART_HEIGHT",
    "PALETTE",
    "ChartSeries",
    "bar_chart",
    "line_chart",
    "nice_axis",
    "step_chart",
]

PALETTE = (
    colors.HexColor("#1F3A5F"),  # the documents' accent
    colors.HexColor("#6C9BC7"),
    colors.HexColor("#C98B2B"),
)
MUTED = colors.HexColor("#5A6472")
GRID = colors.HexColor("#DDE2E8")
CHART_HEIGHT = 62 * mm
_HATCH_SIZE = 7.0  # the one height (or width) of every suppressed marker, whatever the value


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One series as published: a number, or None with the mark that was published instead.

    Attributes:
        name: legend text.
        values: published numbers; None where nothing may be drawn.
        marks: per value the published mark (`<5`, `x`, `n.b.`) where `values` is None, else "".
    """

    name: str
    values: tuple[float | None, ...]
    marks: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.values) != len(self.marks):
            raise ValueError("values and marks differ in length")


def nice_axis(maximum: float, k: int) -> tuple[float, float]:
    """(axis maximum, tick step) with at most five ticks, each a multiple of k, over `maximum`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 4, 5):
            step = k * factor * magnitude
            if maximum / step <= 5:
                return max(step, math.ceil(maximum / step) * step), step
        magnitude *= 10


def _published_max(series: Sequence[ChartSeries]) -> float:
    return max((v for s in series for v in s.values if v is not None), default=0.0)


def _font() -> tuple[str, str]:
    st = document_styles()
    return st.font, st.font_bold


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    _regular, bold = _font()
    drawing.add(String(0, height - 9, text, fontName=bold, fontSize=8.5, fillColor=PALETTE[0]))


def _hatch(
    x: float, y: float, width: float, height: float, mark: str, *, label_right: bool
) -> Group:
    """A hatched box of fixed size with the published mark next to it."""
    regular, _bold = _font()
    group = Group()
    group.add(Rect(x, y, width, height, fillColor=None, strokeColor=MUTED, strokeWidth=0.4))
    # Diagonal hatching clipped by hand to the box: lines x - y = c for c across the box.
    spacing = 2.2
    c = -height
    while c < width:
        x0, y0 = max(c, 0.0), max(-c, 0.0)
        x1 = min(width, c + height)
        y1 = x1 - c
        if x1 > x0:
            group.add(Line(x + x0, y + y0, x + x1, y + y1, strokeColor=MUTED, strokeWidth=0.3))
        c += spacing
    if label_right:
        group.add(String(x + width + 2, y + 1, mark, fontName=regular, fontSize=6, fillColor=MUTED))
    else:
        group.add(
            String(
                x + width / 2,
                y + height + 1.5,
                mark,
                fontName=regular,
                fontSize=6,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    return group


def _legend(
    drawing: Drawing, series: Sequence[ChartSeries], x: float, y: float, width: float
) -> None:
    regular, _bold = _font()
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontName = regular
    legend.fontSize = 7
    legend.boxAnchor = "nw"
    legend.columnMaximum = 1
    legend.deltax = (width - x) / max(1, len(series))
    legend.dx = legend.dy = 6
    legend.dxTextSpace = 3
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.name) for i, s in enumerate(series)]
    drawing.add(legend)


def _style_axes(chart: VerticalBarChart | HorizontalLineChart, top: float, step: float) -> None:
    regular, _bold = _font()
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v):,}".replace(",", ".")
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeColor = MUTED
    chart.valueAxis.strokeWidth = 0.5
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.strokeColor = MUTED
    chart.categoryAxis.strokeWidth = 0.5


def _framed(
    chart: VerticalBarChart | HorizontalLineChart,
    title: str,
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    width: float,
    height: float,
    k: int,
) -> Drawing:
    """A titled drawing with `chart` placed, fed and its axes styled (bars and lines alike)."""
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    chart.x, chart.y = 24, 22
    chart.width, chart.height = width - chart.x - 4, height - chart.y - 30
    # The chart must not see a suppressed value: None draws nothing.
    chart.data = [list(s.values) for s in series]
    chart.categoryAxis.categoryNames = list(categories)
    top, step = nice_axis(_published_max(series), k)
    _style_axes(chart, top, step)
    return drawing


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    width: float,
    k: int,
    height: float = CHART_HEIGHT,
) -> Drawing:
    """Grouped vertical bars per category (month); suppressed cells as hatched markers."""
    chart = VerticalBarChart()
    drawing = _framed(chart, title, categories, series, width=width, height=height, k=k)
    chart.barWidth, chart.barSpacing, chart.groupSpacing = 4, 0.6, 3
    chart.bars.strokeColor = None
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(chart)
    # Where reportlab puts bar j of category i (its default, non-absolute bar sizing).
    count = len(series)
    group = chart.groupSpacing + count * chart.barWidth + (count - 1) * chart.barSpacing
    slot = chart.width / max(1, len(categories))
    scale = slot / group
    for j, one in enumerate(series):
        for i, mark in enumerate(one.marks):
            if one.values[i] is None and mark:
                x = (
                    chart.x
                    + i * slot
                    + scale * (chart.groupSpacing / 2 + j * (chart.barWidth + chart.barSpacing))
                )
                drawing.add(
                    _hatch(x, chart.y, scale * chart.barWidth, _HATCH_SIZE, mark, label_right=False)
                )
    _legend(drawing, series, chart.x, height - 13, width)
    return drawing


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    width: float,
    k: int,
    height: float = CHART_HEIGHT,
) -> Drawing:
    """Lines over the months; a value not published leaves a gap and a marker at the axis."""
    chart = HorizontalLineChart()
    drawing = _framed(chart, title, categories, series, width=width, height=height, k=k)
    top = chart.valueAxis.valueMax  # the axis top `_framed` chose
    # reportlab cannot join a run of one point between gaps, so the chart draws the points
    # and the segments between neighbouring published points are drawn here.
    chart.joinedLines = 0
    slot = chart.width / max(1, len(categories))
    for index in range(len(series)):
        colour = PALETTE[index % len(PALETTE)]
        line = chart.lines[index]
        line.strokeColor = colour
        line.symbol = makeMarker("FilledCircle")
        line.symbol.size = 3.2
        line.symbol.fillColor = colour
        line.symbol.strokeColor = colour
    drawing.add(chart)
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = [
            (chart.x + (i + 0.5) * slot, chart.y + value / top * chart.height)
            if value is not None
            else None
            for i, value in enumerate(one.values)
        ]
        for start, end in itertools.pairwise(points):
            if start is not None and end is not None:
                drawing.add(Line(*start, *end, strokeColor=colour, strokeWidth=1.3))
        for i, mark in enumerate(one.marks):
            if one.values[i] is None and mark:
                box = slot * 0.18
                offset = (index - (len(series) - 1) / 2) * box * 1.3
                x = chart.x + (i + 0.5) * slot - box / 2 + offset
                drawing.add(_hatch(x, chart.y, box, _HATCH_SIZE, mark, label_right=False))
    _legend(drawing, series, chart.x, height - 13, width)
    return drawing


def step_chart(
    title: str,
    labels: Sequence[str],
    series: ChartSeries,
    *,
    width: float,
    k: int,
) -> Drawing:
    """Horizontal bars: the distribution of the highest step (or route) over the half year."""
    regular, _bold = _font()
    bar = 9.0
    height = 30 + len(labels) * bar * 1.35
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = width * 0.42, 16
    chart.width, chart.height = width - chart.x - 18, height - chart.y - 18
    chart.data = [list(series.values)]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.reverseDirection = 1  # first step at the top
    top, step = nice_axis(_published_max([series]), k)
    _style_axes(chart, top, step)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.barWidth, chart.groupSpacing = 6, 3
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = PALETTE[1]
    chart.barLabelFormat = lambda v: f"{int(v):,}".replace(",", ".")
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    slot = chart.height / max(1, len(labels))
    for i, mark in enumerate(series.marks):
        if series.values[i] is None and mark:
            # Category i counted from the top (reverseDirection).
            y = chart.y + chart.height - (i + 0.5) * slot - slot * 0.3
            drawing.add(_hatch(chart.x, y, _HATCH_SIZE, slot * 0.6, mark, label_right=True))
    return drawing
