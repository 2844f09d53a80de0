"""A read-only table over a short list of plain rows (a resident's decisions, evaluations, periods).

Long lists get their own lazily fetching model; this one is for tens of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """`rows` are tuples of display strings; `alignments` right-aligns figures; `warn` marks rows."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]] = (), *,
                 right_aligned: Sequence[int] = (), warn_rows: Sequence[int] = (), parent=None):
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [tuple(r) for r in rows]
        self._right = set(right_aligned)
        self._warn = set(warn_rows)

    def set_rows(self, rows: Sequence[Sequence[str]], warn_rows: Sequence[int] = ()) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._warn = set(warn_rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # a long text a narrow column elides can still be read whole
            text = self._rows[index.row()][index.column()]
            return text if isinstance(text, str) and len(text) > 40 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self._warn:
            return QBrush(QColor("#9a3412"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None
