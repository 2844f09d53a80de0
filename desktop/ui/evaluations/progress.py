"""Scores per life domain over time: one row per domain, one column per moment (the plan, then each
evaluation), so progress on the zelfredzaamheidsmatrix reads from left to right."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from db.models.enums import LifeDomain
from desktop.core import labels
from desktop.core.evaluations.recording import ScorePoint
from desktop.core.nl import format_date_short
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view


def progress_rows(scores: Mapping[LifeDomain, Sequence[ScorePoint]]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Headers ('Leefgebied', then each date with its source) and a row per scored domain."""
    moments = sorted({(p.on, p.source) for series in scores.values() for p in series},
                     key=lambda m: (m[0], m[1] != "plan"))
    headers = ["Leefgebied"] + [f"{'plan' if src == 'plan' else 'evaluatie'}\n{format_date_short(on)}"
                                for on, src in moments]
    rows = []
    for domain, series in scores.items():
        by_moment = {(p.on, p.source): p.score for p in series}
        rows.append((labels.LIFE_DOMAIN[domain], *(str(by_moment.get(m, "")) for m in moments)))
    return headers, rows


class DomainProgressView(QWidget):
    def __init__(self, scores: Mapping[LifeDomain, Sequence[ScorePoint]], parent: QWidget | None = None):
        super().__init__(parent)
        headers, rows = progress_rows(scores)
        self.model = RowsTableModel(headers, rows, right_aligned=range(1, len(headers)))
        self.table = make_table_view(self.model)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.empty = QLabel("Nog geen scores: het plan en eerdere evaluaties gaven geen score op de "
                            "zelfredzaamheidsmatrix.", objectName="Muted")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Voortgang per leefgebied (1 = acute problematiek, 5 = volledig zelfredzaam)",
                                objectName="Muted", wordWrap=True))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
