"""A table over a database query, fetched a page at a time as the view scrolls (keyset paging).

Subclasses set `columns` and define `fetch_page(after) -> list`, the rows following `after` (None: the
first page). Ordering and filtering happen in SQL, never in a proxy model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    PAGE = 200
    MAX_ROWS: int | None = None  # a list of search results stops here: the user types on (memory stays small)
    # The roles role_data answers besides DisplayRole (None: ask it for every role). A view asks some seven roles
    # of every visible cell at each paint; the others are answered here without touching the row.
    extra_roles: frozenset[int] | None = None
    columns: Sequence[tuple[str, Callable[[Any], str]]] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Row] = []
        self._exhausted = True

    def role_data(self, row: Row, column: int, role: int) -> Any:
        """Roles other than DisplayRole (colours, ids); None by default."""
        return None

    def first_page(self) -> list[Row]:
        """The rows a reload shows; a subclass may fetch more with them (a count) in the same read."""
        return self.fetch_page(None)

    def reload(self) -> None:
        rows = self.first_page()  # may raise: the view keeps what it showed
        self.beginResetModel()
        self._rows = rows
        self._exhausted = len(rows) < self.PAGE or self._full()
        self.endResetModel()

    def _full(self) -> bool:
        return self.MAX_ROWS is not None and len(self._rows) >= self.MAX_ROWS

    @property
    def capped(self) -> bool:
        """True when the list stopped at MAX_ROWS with more rows to come."""
        return self._full()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or not self._rows:
            return
        page = self.fetch_page(self._rows[-1])
        self._exhausted = len(page) < self.PAGE
        if self.MAX_ROWS is not None:
            page = page[:self.MAX_ROWS - len(self._rows)]
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self._exhausted = self._exhausted or self._full()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        display = role == Qt.ItemDataRole.DisplayRole
        if not display and self.extra_roles is not None and role not in self.extra_roles:
            return None
        number = index.row()
        if not 0 <= number < len(self._rows) or not index.isValid():
            return None
        row = self._rows[number]
        if display:
            return self.columns[index.column()][1](row)
        return self.role_data(row, index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None
