"""The resident list: surname order (the index on the normalised surname), 100 rows a page, at most 1,000; enough columns
(first name, date of birth, address, vaste consulent) to tell people with the same name apart.

100,000 residents cost the same as 200 until someone scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.nl import format_date_short, format_postcode
from desktop.core.residents.search import ResidentRow, search_residents, search_with_count
from desktop.ui.widgets.paged_model import PagedTableModel

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_LIMIT = 1_000  # rows the list holds at most: beyond this the user types on; the count above the list says so


def address_of(row: ResidentRow) -> str:
    """'Dorpsstraat 12, 7001 AB Doetinchem': the whole address in one column, to tell namesakes apart."""
    place = " ".join(p for p in (format_postcode(row.postcode), row.city) if p)
    return ", ".join(p for p in (row.address, place) if p)


@dataclass(frozen=True)
class ColumnFit:
    """How a column of the list takes its share of a narrow or wide screen."""

    sample: str  # a usual long value: with the header, the column's natural width
    minimum: str  # the narrowest it becomes (longer values elide) before it gives way altogether
    stretch: int  # its share of room to spare; 0: it keeps its natural width


CELL_PADDING = 16  # the cell's margins and a little air
HEADER_PADDING = 24  # the header's margins and its sort indicator


def fit_widths(available: int, natural: Sequence[int], minimum: Sequence[int],
               stretch: Sequence[int]) -> list[int]:
    """Column widths that together fill `available` pixels, so the list never needs a horizontal scroll bar.
    When even the minimums do not fit, columns give way from the right (width 0: hidden); the first one always
    stays. Short of room, the remaining columns shrink toward their minimum in proportion to what they can give;
    with room to spare, the stretching columns share it."""
    shown = len(natural)
    while shown > 1 and sum(minimum[:shown]) > available:
        shown -= 1
    widths = list(natural[:shown])
    room = available - sum(widths)
    if room < 0:
        slack = [max(0, natural[i] - minimum[i]) for i in range(shown)]
        total = sum(slack)
        for i in range(shown):
            widths[i] -= min(slack[i], -room * slack[i] // total) if total else 0
        over = sum(widths) - available
        for i in reversed(range(shown)):  # what rounding left over, from the right
            cut = min(over, widths[i] - minimum[i])
            if cut > 0:
                widths[i] -= cut
                over -= cut
    else:
        weights = [stretch[i] for i in range(shown)]
        total = sum(weights)
        if total:
            for i in range(shown):
                widths[i] += room * weights[i] // total
        widths[-1] += available - sum(widths)  # rounding, or no stretching column: the last one takes it
    return widths + [0] * (len(natural) - shown)


class ResidentListModel(PagedTableModel[ResidentRow]):
    PAGE = 100  # a screenful and some: each keystroke builds no more rows than it can show
    MAX_ROWS = LIST_LIMIT
    extra_roles = frozenset({int(ROW_ID_ROLE), int(Qt.ItemDataRole.ToolTipRole)})
    columns = (
        ("Naam", lambda r: r.display_name),
        ("Geboren", lambda r: format_date_short(r.date_of_birth)),
        ("Adres", address_of),
        ("Vaste consulent", lambda r: r.consulent),
        ("Cliëntnummer", lambda r: r.client_number),
        ("BSN", lambda r: r.bsn or "onbekend"),
    )
    # In order of importance: on a narrow screen the columns on the right give way first (their values stay in
    # the row's tooltip); the name and the address stretch, elided when they must.
    fits = (
        ColumnFit("Jansen-Pelgrom, A.M. (Anna)", "Pelgrom, A. (Anna)", 3),
        ColumnFit("00-00-0000", "00-00-0000", 0),
        ColumnFit("Dorpsstraat 120, 7001 AB Doetinchem", "Dorpsstraat 12, 70", 3),
        ColumnFit("M. van der Velden", "M. de Vries", 1),
        ColumnFit("K0000000", "K0000000", 0),
        ColumnFit("000000000", "000000000", 0),
    )

    def __init__(self, db: Database, actor: Actor, parent=None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._query = ""
        self._consulent_id: int | None = None
        self.total = 0  # how many match, counted up to LIST_LIMIT + 1 (with the first page)

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

    def first_page(self) -> list[ResidentRow]:
        rows, self.total = search_with_count(self._db, self._actor, self._query, limit=self.PAGE,
                                             cap=LIST_LIMIT + 1, consulent_id=self._consulent_id)
        return rows

    def fetch_page(self, after: ResidentRow | None) -> list[ResidentRow]:
        return search_residents(self._db, self._actor, self._query, limit=self.PAGE,
                                after=after.sort_key if after else None, consulent_id=self._consulent_id)

    def row_of(self, resident_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == resident_id), -1)

    def role_data(self, row: ResidentRow, column: int, role: int) -> Any:
        if role == ROW_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole row: for a value cut off, or a column left out
            return "\n".join(f"{title}: {text}" for title, value in self.columns if (text := value(row)))
        return None

    def column_widths(self, available: int, cells: QFontMetrics, header: QFontMetrics) -> list[int]:
        """The widths that fill `available` pixels of the view (0: the column is left out), measured in the
        view's own fonts, so they hold at any scaling."""
        natural, minimum = [], []
        for (title, _), fit in zip(self.columns, self.fits, strict=True):
            head = header.horizontalAdvance(title) + HEADER_PADDING
            natural.append(max(head, cells.horizontalAdvance(fit.sample) + CELL_PADDING))
            low = cells.horizontalAdvance(fit.minimum) + CELL_PADDING
            minimum.append(max(low, head))  # a header is never cut off (Qt clips it instead of eliding)
        return fit_widths(available, natural, minimum, [f.stretch for f in self.fits])
