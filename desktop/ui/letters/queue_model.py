"""The letter queue as a table: one row per letter waiting to be made, of every kind, a checkbox on the ready ones.

Rows that must be fixed first stay in the list, not checkable, with 'te herstellen: …' in the status column.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from desktop.core.letters.pipeline import QueueRow
from desktop.core.letters.texts import KIND_LABEL
from desktop.core.nl import format_date
from desktop.ui.widgets.check_model import CheckRowsModel

HEADERS = ("Soort brief", "Inwoner", "Cliëntnummer", "Waarover", "Aanbieder", "Sinds", "Status")
STATUS_COLUMN = len(HEADERS)  # the checkbox column comes first
ABOUT_COLUMN = HEADERS.index("Waarover") + 1


def status_text(row: QueueRow) -> str:
    return "klaar" if row.ready else "te herstellen: " + " ".join(row.problems)


def kind_text(row: QueueRow) -> str:
    return KIND_LABEL[row.kind].capitalize()


class QueueModel(CheckRowsModel):
    """`rows` holds the QueueRow of each table row (same order); the checked ids are the rows' jobs."""

    def __init__(self, parent=None):
        super().__init__(HEADERS, parent)
        self.rows: list[QueueRow] = []

    def set_queue(self, rows: Sequence[QueueRow]) -> None:
        self.rows = list(rows)
        self.set_rows([(r.job, (kind_text(r), r.resident_name, r.client_number, r.about, r.aanbieder or "–",
                                format_date(r.since), status_text(r)), r.ready) for r in self.rows])

    def flags(self, index):
        """A row to fix can still be chosen for 'Voorbeeld…' (it shows what to fix); only its checkbox is off."""
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsSelectable
        return flags

    def row_at(self, index: int) -> QueueRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def ready_count(self) -> int:
        return sum(r.ready for r in self.rows)

    def parked(self) -> list[QueueRow]:
        return [r for r in self.rows if not r.ready]
