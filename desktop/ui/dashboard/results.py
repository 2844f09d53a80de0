"""Resultaten per aanbieder: per provider and product how the results came out in the evaluations held in a
period (behaald / deels / niet / vervallen, % behaald of the results that still counted)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from db import clock
from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.deadlines.results import ProviderResults, results_by_provider
from desktop.core.decisions.rules import add_months
from desktop.core.errors import KoersError
from desktop.core.nl import format_date, format_date_short, format_number
from desktop.core.parse import Fields, parse_date
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view

HEADERS = ["Aanbieder", "Product", "Evaluaties", "Behaald", "Deels", "Niet", "Vervallen", "% behaald"]


def result_row(r: ProviderResults) -> tuple[str, ...]:
    counted = r.behaald + r.deels + r.niet
    share = f"{format_number(r.share_achieved * 100, 0)} %" if counted else "–"
    return (r.aanbieder_name or "(geen aanbieder)", f"{r.product_code} {r.product_name}".strip(), str(r.evaluations),
            str(r.behaald), str(r.deels), str(r.niet), str(r.vervallen), share)


class ProviderResultsTab(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        today = clock.today()
        # the last twelve months: on any day of the year the list covers a whole cycle of evaluations
        self.date_from = QLineEdit(format_date_short(add_months(today, -12) + timedelta(days=1)),
                                   placeholderText="dd-mm-jjjj")
        self.date_to = QLineEdit(format_date_short(today), placeholderText="dd-mm-jjjj")
        self.date_from.setAccessibleName("Van")
        self.date_to.setAccessibleName("Tot en met")
        for field in (self.date_from, self.date_to):
            field.setMaximumWidth(120)
            field.returnPressed.connect(self.refresh)
        self.show_button = QPushButton("Tonen")
        self.show_button.clicked.connect(self.refresh)
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()
        self.caption = QLabel(objectName="Muted", wordWrap=True)
        self.model = RowsTableModel(HEADERS, right_aligned=range(2, 8))
        self.table = make_table_view(self.model, name="Resultaten per aanbieder")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)  # the product name takes the room
        row = QHBoxLayout()
        row.addWidget(QLabel("Evaluaties gehouden van"))
        row.addWidget(self.date_from)
        row.addWidget(QLabel("tot en met"))
        row.addWidget(self.date_to)
        row.addWidget(self.show_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        self.rows: list[ProviderResults] = []
        self.loaded = False

    def refresh(self) -> None:
        fields = {"date_from": self.date_from, "date_to": self.date_to}
        clear_marks(fields.values())
        self.error.hide()
        try:
            read = Fields()
            values = {"date_from": read(parse_date, self.date_from.text(), "het begin van de periode",
                                        field="date_from", required=True),
                      "date_to": read(parse_date, self.date_to.text(), "het einde van de periode", field="date_to",
                                      required=True)}
            read.raise_if_any("De periode klopt niet:")
            self.rows = results_by_provider(self._db, self._actor, values["date_from"], values["date_to"])
        except KoersError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            mark_fields(fields, exc.field_errors)
            return
        self.loaded = True
        self.model.set_rows([result_row(r) for r in self.rows])
        held = sum(r.evaluations for r in self.rows)
        self.caption.setText(
            f"{held} evaluaties gehouden van {format_date(values['date_from'])} tot en met "
            f"{format_date(values['date_to'])}. % behaald telt behaald tegen behaald + deels + niet; vervallen "
            "resultaten tellen niet mee." if self.rows else "Geen evaluaties gehouden in deze periode.")
