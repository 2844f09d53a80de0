"""A table of deadline items (werkvoorraad and dashboard): kind, resident, due date, days left in words.

Overdue rows show in the warning colour; escalated rows are bold and say so. The items arrive sorted
(by the core, in SQL and Python); this model never sorts or filters itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core import labels
from desktop.core.deadlines.queries import DeadlineItem
from desktop.core.nl import format_date
from desktop.ui.style import WARN

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


def days_text(days_left: int) -> str:
    """'nog 5 dagen', 'nog 1 dag', 'vandaag', '1 dag te laat', '12 dagen te laat'."""
    if days_left == 0:
        return "vandaag"
    n = abs(days_left)
    unit = "dag" if n == 1 else "dagen"
    return f"nog {n} {unit}" if days_left > 0 else f"{n} {unit} te laat"


def status_text(item: DeadlineItem) -> str:
    return days_text(item.days_left) + (" · geëscaleerd" if item.escalated else "")


# (header, text of an item, the core's sort key for this column or None)
COLUMNS: tuple[tuple[str, Any, str | None], ...] = (
    ("Soort", lambda i: i.label, "kind"),
    ("Inwoner", lambda i: i.resident_name, None),
    ("Cliëntnummer", lambda i: i.client_number, None),
    ("Uiterste datum", lambda i: format_date(i.due_date), "due"),
    ("Termijn", status_text, "due"),
    ("Wet", lambda i: labels.LAW[i.law], "law"),
    ("Aanbieder", lambda i: i.aanbieder_name, "aanbieder"),
)
CONSULENT_COLUMN = ("Consulent", lambda i: i.consulent_name, "consulent")


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, *, with_consulent: bool = False, parent=None):
        super().__init__(parent)
        self.columns = list(COLUMNS)
        if with_consulent:
            self.columns.insert(3, CONSULENT_COLUMN)
        self._items: list[DeadlineItem] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_items(self, items: Sequence[DeadlineItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> DeadlineItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def sort_key(self, column: int) -> str | None:
        return self.columns[column][2] if 0 <= column < len(self.columns) else None

    def column_of(self, sort_key: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c[2] == sort_key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](item)
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QBrush(QColor(WARN))
        if role == Qt.ItemDataRole.FontRole and item.escalated:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and item.escalated:
            return "Geëscaleerd: zo lang te laat dat de casusregisseur het ziet."
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None
