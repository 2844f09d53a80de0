"""The access log as a table: newest first, 200 lines a page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from db.clock import AMSTERDAM
from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.ui.widgets.paged_model import PagedTableModel


class AuditLogModel(PagedTableModel[audit.AuditRow]):
    columns = (
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

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._filter = audit.AuditFilter()

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
        return audit.list_entries(self._db, self._actor, self._filter, limit=self.PAGE,
                                  before_id=after.id if after else None)

    def role_data(self, row: audit.AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.outcome != "ok":
            return QBrush(QColor("#9a3412"))
        return None
