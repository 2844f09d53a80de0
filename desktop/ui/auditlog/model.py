"""The access log as a table: newest first, fetched a page at a time by id."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from db.engine import Database
from desktop.core import audit
from desktop.core.auth import Actor
from desktop.core.clock import AMSTERDAM

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("Tijdstip", lambda r: r.at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S")),
    ("Gebruiker", lambda r: r.username),
    ("Rol", lambda r: r.role),
    ("Werkplek", lambda r: r.workstation),
    ("Actie", lambda r: audit.action_label(r.action)),
    ("Klantnummer", lambda r: r.client_number or ""),
    ("Uitkomst", lambda r: audit.OUTCOME_LABELS.get(r.outcome, r.outcome)),
    ("Wijzigingen", lambda r: audit.describe_changes(r.changes)),
    ("Reden", lambda r: r.reason or ""),
)


class AuditLogModel(QAbstractTableModel):
    PAGE = 200

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._filter = audit.AuditFilter()
        self._rows: list[audit.AuditRow] = []
        self._exhausted = True

    @property
    def filter(self) -> audit.AuditFilter:
        return self._filter

    def set_filter(self, f: audit.AuditFilter) -> None:
        rows = audit.list_entries(self._db, self._actor, f, limit=self.PAGE)  # raises before the view changes
        self.beginResetModel()
        self._filter = f
        self._rows = rows
        self._exhausted = len(rows) < self.PAGE
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def row_at(self, row: int) -> audit.AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or self._exhausted or not self._rows:
            return
        page = audit.list_entries(self._db, self._actor, self._filter, limit=self.PAGE, before_id=self._rows[-1].id)
        self._exhausted = len(page) < self.PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and row.outcome != "ok":
            return QBrush(QColor("#9a3412"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None
