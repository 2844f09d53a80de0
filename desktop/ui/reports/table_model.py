"""A report's rows as a table: Dutch figures on screen, the raw values for sorting, the total row kept last, and
rows handed to the view in pages (a per-decision report can hold fifty thousand)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from desktop.core.reports.base import Kind, Report, shown

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 500


class ReportTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._report: Report | None = None
        self._rows: list[tuple[Any, ...]] = []
        self._loaded = 0

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self._report = report
        self._rows = [] if report is None else [*report.rows, *((report.totals,) if report.totals else ())]
        self._loaded = min(PAGE, len(self._rows))
        self.endResetModel()

    @property
    def report(self) -> Report | None:
        return self._report

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self._report is None else len(self._report.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._loaded < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        more = min(PAGE, len(self._rows) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def is_total(self, row: int) -> bool:
        return self._report is not None and self._report.totals is not None and row == len(self._rows) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._report is None:
            return None
        column = self._report.columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(value, column.kind)
        if role == SORT_ROLE:
            if index.column() == 0:  # the group: the report's own order (names A-Z, months and periods in time)
                return index.row()
            if value is None:
                return float("-inf") if column.kind is not Kind.TEXT else ""
            return float(value) if isinstance(value, (Decimal, int)) else str(value).casefold()
        if role == TOTAL_ROLE:
            return self.is_total(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind is not Kind.TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column.kind is Kind.TEXT and isinstance(value, str) \
                and len(value) > 30:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._report is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._report.columns[section].label
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal \
                and self._report.columns[section].kind is not Kind.TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ReportSortProxy(QSortFilterProxyModel):
    """Sorts by the raw value; the total row stays at the bottom whichever way the column sorts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        source = self.sourceModel()
        left_total, right_total = source.data(left, TOTAL_ROLE), source.data(right, TOTAL_ROLE)
        if left_total or right_total:
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return bool(right_total) != descending if left_total != right_total else False
        return bool(source.data(left, SORT_ROLE) < source.data(right, SORT_ROLE))
