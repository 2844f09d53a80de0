"""A report's Chart as a QtCharts view: bars side by side, stacked bars, or lines over months, in Dutch numbers."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QResizeEvent

from desktop.core.reports.base import Chart, ChartKind

MAX_CATEGORIES = 40  # beyond this a chart is a smear; the table holds every row
COLOURS = ("#1d4ed8", "#f59e0b", "#059669", "#dc2626", "#7c3aed", "#0891b2")
LABEL_CHARS = 22


def short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def draw(chart: QChart, axis_x: QBarCategoryAxis, axis_y: QValueAxis, spec: Chart) -> None:
    """Draws `spec` on `chart` with its two axes, which stay for the chart's whole life; only the series change.

    Qt objects here are made once and owned by Qt (the view its chart, the chart its axes and series): swapping
    charts or axes hands ownership back and forth between Python and Qt, and a chart deleted twice crashed the
    application at a random later moment."""
    chart.removeAllSeries()  # Qt deletes them
    categories = [short(c) for c in spec.categories[:MAX_CATEGORIES]]
    values = [s.values[:MAX_CATEGORIES] for s in spec.series]
    axis_x.clear()
    axis_x.append(categories)
    axis_y.setTitleText(spec.axis)
    top = 0.0
    if spec.kind is ChartKind.LINE:
        for i, (series, points) in enumerate(zip(spec.series, values, strict=True)):
            line = QLineSeries()
            line.setName(series.name)
            line.setColor(QColor(COLOURS[i % len(COLOURS)]))
            for x, y in enumerate(points):
                line.append(x, y)
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
            top = max([top, *points])
    else:
        bars = QStackedBarSeries() if spec.kind is ChartKind.STACKED else QBarSeries()
        for i, (series, points) in enumerate(zip(spec.series, values, strict=True)):
            bar_set = QBarSet(series.name)
            bar_set.setColor(QColor(COLOURS[i % len(COLOURS)]))
            bar_set.append(list(points))
            bars.append(bar_set)
        chart.addSeries(bars)
        bars.attachAxis(axis_x)
        bars.attachAxis(axis_y)
        if spec.kind is ChartKind.STACKED:
            top = max((sum(col) for col in zip(*values, strict=True)), default=0.0)
        else:
            top = max((v for points in values for v in points), default=0.0)
    low = min((v for points in values for v in points), default=0.0)
    upper = nice_top(max(top, -low if low < 0 else 0.0))
    axis_y.setRange(-upper if low < 0 else 0, upper)
    axis_y.setLabelFormat("%.1f" if upper < 10 else "%.0f")


def nice_top(value: float) -> float:
    """A round upper bound for the value axis: 1, 2, 2.5 or 5 times a power of ten, at or above the value."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10.0 * power


class ChartView(QChartView):
    """Shows a report's chart; on a low view it draws fewer value labels, which Qt would otherwise cut to '…'."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(160)
        self.setAccessibleName("Grafiek")
        chart = self.chart()  # the view's own, for its whole life
        chart.setLocale(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        chart.setLocalizeNumbers(True)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.axis_x = QBarCategoryAxis()
        self.axis_y = QValueAxis()
        chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_ticks()

    def _fit_ticks(self) -> None:
        """5, 3 or 2 value labels: with a round top (nice_top) every label is then a round number too."""
        room = self.height() // (3 * self.fontMetrics().height())
        self.axis_y.setTickCount(5 if room >= 5 else 3 if room >= 3 else 2)

    def show_chart(self, spec: Chart) -> None:
        draw(self.chart(), self.axis_x, self.axis_y, spec)
        self._fit_ticks()
        truncated = len(spec.categories) > MAX_CATEGORIES
        self.setToolTip(f"De grafiek toont de eerste {MAX_CATEGORIES} van {len(spec.categories)} regels; de tabel "
                        "toont ze allemaal." if truncated else "")
