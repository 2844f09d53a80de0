"""The hours chart: realised hours per period against the indicated share, and the running total
against the ceiling, so an overrun in the making is visible before the ledger refuses it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from desktop.core.decisions.ledger import LedgerSummary
from desktop.ui.style import ACCENT, WARN

SHARE_COLOUR = "#b9cfdf"
CUMULATIVE_COLOUR = "#2e7d5b"


def _nice_range(value: float) -> tuple[int, int]:
    """A round axis maximum a little above the value (so the top never touches the frame) and a whole step."""
    if value <= 0:
        return 10, 2
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if value * 1.1 / s <= 8), 2000)
    return (int(value * 1.1 / step) + 1) * step, step


class HoursChart(QChartView):
    def __init__(self, parent=None):
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(280)
        chart = self.chart_
        chart.setTitle("Uren per periode en cumulatief")
        title_font = QFont(chart.titleFont())
        title_font.setPointSize(11)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setBackgroundRoundness(4)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)

        self.realised_set = QBarSet("Gerealiseerd")
        self.realised_set.setColor(QColor(ACCENT))
        self.realised_set.setBorderColor(QColor(ACCENT))
        self.share_set = QBarSet("Aandeel per periode")
        self.share_set.setColor(QColor(SHARE_COLOUR))
        self.share_set.setBorderColor(QColor(SHARE_COLOUR))
        self.bars = QBarSeries()
        self.bars.append(self.share_set)
        self.bars.append(self.realised_set)
        self.bars.setBarWidth(0.7)

        self.cumulative_series = QLineSeries()
        self.cumulative_series.setName("Cumulatief gerealiseerd")
        self.cumulative_series.setPen(QPen(QColor(CUMULATIVE_COLOUR), 2.5))
        self.cumulative_series.setPointsVisible(True)
        self.total_series = QLineSeries()
        self.total_series.setName("Totaal beschikbaar")
        total_pen = QPen(QColor(WARN), 1.5)
        total_pen.setStyle(Qt.PenStyle.DashLine)
        self.total_series.setPen(total_pen)

        for series in (self.bars, self.cumulative_series, self.total_series):
            chart.addSeries(series)
        self.periods_axis = QBarCategoryAxis()
        self.periods_axis.setTitleText("Periode")
        self.hours_axis = QValueAxis()
        self.hours_axis.setTitleText("Uren per periode")
        self.hours_axis.setLabelFormat("%d")
        self.cumulative_axis = QValueAxis()
        self.cumulative_axis.setTitleText("Cumulatief (uren)")
        self.cumulative_axis.setLabelFormat("%d")
        self.cumulative_axis.setGridLineVisible(False)  # the left axis draws the grid; two would clash
        chart.addAxis(self.periods_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.hours_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.cumulative_axis, Qt.AlignmentFlag.AlignRight)
        self.bars.attachAxis(self.periods_axis)
        self.bars.attachAxis(self.hours_axis)
        for series in (self.cumulative_series, self.total_series):
            series.attachAxis(self.periods_axis)
            series.attachAxis(self.cumulative_axis)

    def show_summary(self, result: LedgerSummary) -> None:
        periods = result.periods
        self.realised_set.remove(0, self.realised_set.count())
        self.share_set.remove(0, self.share_set.count())
        self.realised_set.append([float(p.realised) for p in periods])
        self.share_set.append([float(p.share) for p in periods])
        self.periods_axis.clear()
        self.periods_axis.append([str(p.number) for p in periods])
        self.cumulative_series.replace([])
        for i, p in enumerate(periods):
            self.cumulative_series.append(i, float(p.cumulative))
        total = float(result.ceiling)
        self.total_series.replace([])
        if periods:
            self.total_series.append(-0.5, total)
            self.total_series.append(len(periods) - 0.5, total)
        top_bar = max([float(max(p.realised, p.share)) for p in periods] or [0])
        for axis, value in ((self.hours_axis, top_bar),
                            (self.cumulative_axis, max(total, float(result.realised or Decimal(0))))):
            top, step = _nice_range(value)
            axis.setRange(0, top)
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(0)
            axis.setTickInterval(step)
