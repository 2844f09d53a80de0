"""The resident list: a database query fetched page by page as the view scrolls.

Order and filtering happen in SQL (an index on the normalised surname), never in a
proxy model, so 100,000 residents cost the same as 200 until someone scrolls.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.engine import Database
from desktop.core.auth import Actor
from desktop.core.nl import format_date_short, format_postcode
from desktop.core.residents import ResidentRow, search_residents

Index = QModelIndex | QPersistentModelIndex
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS = (
    ("Naam", lambda r: r.display_name),
    ("BSN", lambda r: r.bsn or "onbekend"),
    ("Geboortedatum", lambda r: format_date_short(r.date_of_birth)),
    ("Adres", lambda r: r.address),
    ("Postcode", lambda r: format_postcode(r.postcode)),
    ("Woonplaats", lambda r: r.city),
    ("Klantnummer", lambda r: r.client_number),
)


class ResidentListModel(QAbstractTableModel):
    PAGE = 200

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._query = ""
        self._rows: list[ResidentRow] = []
        self._exhausted = True

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self._query = query
        self._rows = search_residents(self._db, self._actor, query, limit=self.PAGE)
        self._exhausted = len(self._rows) < self.PAGE
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def row_at(self, row: int) -> ResidentRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, resident_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == resident_id), -1)

    # --- Qt model contract

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or not self._rows:
            return
        page = search_residents(self._db, self._actor, self._query, limit=self.PAGE,
                                after=self._rows[-1].sort_key)
        self._exhausted = len(page) < self.PAGE
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == ROW_ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None
