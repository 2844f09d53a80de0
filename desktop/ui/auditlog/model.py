"""The access log as a table: newest first, 200 lines a page, in words (desktop/core/access/audit_text)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from db.clock import AMSTERDAM
from db.engine import Database
from desktop.core.access import audit, audit_text
from desktop.core.access.actor import Actor
from desktop.ui.widgets.paged_model import PagedTableModel


class AuditLogModel(PagedTableModel[audit.AuditRow]):
    columns = (
        ("Tijdstip", lambda r: r.at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")),
        ("Gebruiker", lambda r: r.username),  # replaced per row by the display name (data below)
        ("Cliëntnummer", lambda r: r.client_number or ""),
        ("Actie", lambda r: audit_text.entry_text(r.action, r.outcome)),
        ("Wijziging", lambda r: ""),  # needs the user names: data below
        ("Reden", lambda r: r.reason or ""),
        ("Uitkomst", lambda r: audit_text.outcome_text(r.outcome)),  # a refusal also shows in colour
        ("Rol", lambda r: audit_text.role_text(r.role)),
        ("Werkplek", lambda r: r.workstation),
    )
    USER, CHANGES, REASON = 1, 4, 5

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._filter = audit.AuditFilter()
        self._names: dict[int, str] = {}  # user id -> display name, for the changes
        self._users: dict[str, str] = {}  # username -> display name

    @property
    def filter(self) -> audit.AuditFilter:
        return self._filter

    def set_filter(self, f: audit.AuditFilter) -> None:
        previous, self._filter = self._filter, f
        try:
            self.reload()
        except Exception:
            self._filter = previous
            raise

    def refresh(self) -> None:
        self.reload()

    def fetch_page(self, after: audit.AuditRow | None) -> list[audit.AuditRow]:
        rows = audit.list_entries(self._db, self._actor, self._filter, limit=self.PAGE,
                                  before_id=after.id if after else None)
        if after is None:  # a fresh start: users may have been added or renamed since
            self._users = dict(audit_text.log_users(self._db))
            self._names = {}
        missing = audit_text.user_ids(rows) - self._names.keys()
        self._names.update(audit_text.user_names(self._db, missing))  # one query a page
        return rows

    def user_text(self, row: audit.AuditRow) -> str:
        return self._users.get(row.username, row.username)

    def changes_text(self, row: audit.AuditRow, sep: str = "; ") -> str:
        return audit_text.describe(row.changes, self._names, sep=sep)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.USER:
                return self.user_text(row)
            if index.column() == self.CHANGES:
                return self.changes_text(row)
        return super().data(index, role)

    def role_data(self, row: audit.AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.outcome != "ok":
            return QBrush(QColor("#9a3412"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CHANGES and row.changes:
                return self.changes_text(row, "\n")
            if column == self.USER:
                return f"{self.user_text(row)} (gebruikersnaam {row.username})"
            if column == self.REASON and row.reason:
                return row.reason
        return None
