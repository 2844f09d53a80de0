"""A table of display strings with a check box in the first column: the letter queue and the lists of letters
to mark as sent. A row that may not be chosen (a letter to fix first) shows, greyed, without a box."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
WARN = QColor("#9a3412")


class CheckRowsModel(QAbstractTableModel):
    """Rows of display strings with a checkbox in the first column; rows with `enabled=False` cannot be checked."""

    changed = Signal()

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self._headers = ["", *headers]
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[Hashable] = []
        self._enabled: list[bool] = []
        self._checked: set[Hashable] = set()

    def set_rows(self, rows: Sequence[tuple[Hashable, Sequence[str], bool]], *, check_all: bool = False) -> None:
        self.beginResetModel()
        self._ids = [i for i, _, _ in rows]
        self._rows = [tuple(cells) for _, cells, _ in rows]
        self._enabled = [ok for _, _, ok in rows]
        keep = {i for i, ok in zip(self._ids, self._enabled, strict=True) if ok}
        self._checked = keep if check_all else self._checked & keep
        self.endResetModel()
        self.changed.emit()

    def checked_ids(self) -> list[Any]:
        return [i for i in self._ids if i in self._checked]

    def selectable_count(self) -> int:
        return sum(self._enabled)

    def set_all(self, on: bool) -> None:
        self._checked = {i for i, ok in zip(self._ids, self._enabled, strict=True) if ok} if on else set()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self._enabled[index.row()]:
            return Qt.ItemFlag.ItemIsEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == 0:
            if role == Qt.ItemDataRole.CheckStateRole and self._enabled[row]:
                return Qt.CheckState.Checked if self._ids[row] in self._checked else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][column - 1]
        if role == Qt.ItemDataRole.ForegroundRole and not self._enabled[row]:
            return QBrush(WARN)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not self._enabled[index.row()]:
            return False
        letter_id = self._ids[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(letter_id)
        else:
            self._checked.discard(letter_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.changed.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None
