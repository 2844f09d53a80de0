"""The resident list: surname order (the index on the normalised surname), 200 rows a page; enough columns
(first name, date of birth, address, vaste consulent) to tell people with the same name apart.

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


def address_of(row: ResidentRow) -> str:
    """'Dorpsstraat 12, 7001 AB Doetinchem': the whole address in one column, to tell namesakes apart."""
    place = " ".join(p for p in (format_postcode(row.postcode), row.city) if p)
    return ", ".join(p for p in (row.address, place) if p)


class ResidentListModel(PagedTableModel[ResidentRow]):
    columns = (
        ("Naam", lambda r: r.display_name),
        ("Geboortedatum", lambda r: format_date_short(r.date_of_birth)),
        ("Adres", address_of),
        ("Vaste consulent", lambda r: r.consulent),
        ("Cliëntnummer", lambda r: r.client_number),
        ("BSN", lambda r: r.bsn or "onbekend"),
    )
    # Starting widths; the user can drag each column and long texts elide, so the list fits a laptop screen.
    widths = (200, 126, 240, 130, 100, 84)

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._query = ""
        self._consulent_id: int | None = None

    @property
    def consulent_id(self) -> int | None:
        """The vaste consulent the list is limited to ('Mijn caseload'), or None for everyone."""
        return self._consulent_id

    def set_caseload(self, consulent_id: int | None, *, reload: bool = True) -> None:
        self._consulent_id = consulent_id
        if reload:
            self.reload()

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
                                after=after.sort_key if after else None, consulent_id=self._consulent_id)

    def row_of(self, resident_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == resident_id), -1)

    def role_data(self, row: ResidentRow, column: int, role: int) -> Any:
        if role == ROW_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 2):  # a name or address cut off: all of it
            return self.columns[column][1](row)
        return None
