"""The resident list: surname order (the index on the normalised surname), 200 rows a page.

100,000 residents cost the same as 200 until someone scrolls.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.nl import format_date_short, format_postcode
from desktop.core.residents.search import ResidentRow, search_residents
from desktop.ui.widgets.paged_model import PagedTableModel

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ResidentListModel(PagedTableModel[ResidentRow]):
    columns = (
        ("Naam", lambda r: r.display_name),
        ("BSN", lambda r: r.bsn or "onbekend"),
        ("Geboortedatum", lambda r: format_date_short(r.date_of_birth)),
        ("Adres", lambda r: r.address),
        ("Postcode", lambda r: format_postcode(r.postcode)),
        ("Woonplaats", lambda r: r.city),
        ("Klantnummer", lambda r: r.client_number),
    )

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._query = ""

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, query: str) -> None:
        self._query = query
        self.reload()

    def refresh(self) -> None:
        self.reload()

    def fetch_page(self, after: ResidentRow | None) -> list[ResidentRow]:
        return search_residents(self._db, self._actor, self._query, limit=self.PAGE,
                                after=after.sort_key if after else None)

    def row_of(self, resident_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == resident_id), -1)

    def role_data(self, row: ResidentRow, column: int, role: int) -> Any:
        return row.id if role == ROW_ID_ROLE else None
