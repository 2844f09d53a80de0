"""Beheer > Feestdagen: the days the government equated to a holiday (Atw art. 3 lid 3). The shipped
decrees are listed; a beheerder adds a new decree's days, or removes a day of her own added by mistake."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.deadlines import holidays
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.core.parse import parse_dates
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view


class HolidaysTab(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._rows: list[holidays.EquatedRow] = []
        self.model = RowsTableModel(["Datum", "Herkomst", "Besluit"])
        self.table = make_table_view(self.model, name="Feestdagen")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # a long decree is elided, never scrolled
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.days = QLineEdit(placeholderText="bijvoorbeeld 11-05-2029, 27-12-2029")
        self.days.setAccessibleName("Datums")
        self.decree = QLineEdit(placeholderText="Besluit gelijkstelling van … met een algemeen erkende feestdag")
        self.decree.setAccessibleName("Naam van het besluit")
        self.decree.setMaxLength(holidays.DECREE_MAX)
        self.add_button = QPushButton("Toevoegen", objectName="Primary")
        self.add_button.clicked.connect(self.add)
        self.decree.returnPressed.connect(self.add)
        self.remove_button = QPushButton("Verwijderen…")
        self.remove_button.setEnabled(False)
        self.remove_button.setToolTip("Alleen een zelf toegevoegde dag; de besluiten die Koers meelevert blijven")
        self.remove_button.clicked.connect(self.remove)
        self.message = QLabel(wordWrap=True)
        self.message.hide()

        form = QFormLayout()
        form.addRow("Datums", self.days)
        form.addRow("Besluit", self.decree)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Een termijn die eindigt op een zaterdag, zondag of feestdag loopt door tot de "
                                "volgende werkdag (Algemene termijnenwet). De regering kan een dag bij besluit "
                                "met een feestdag gelijkstellen; Koers kent de besluiten hieronder en rekent er mee "
                                "in elke termijn, ook de bezwaartermijn in de brieven. Voeg een nieuw besluit toe "
                                "zodra het in de Staatscourant staat.", wordWrap=True, objectName="Muted"))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        self._rows = holidays.list_equated(self._db)
        self.model.set_rows([(format_date(r.day, weekday=True),
                              "meegeleverd" if r.shipped else "toegevoegd door beheer", r.decree)
                             for r in self._rows])
        self._selection_changed()

    def _selected(self) -> holidays.EquatedRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _selection_changed(self, *_: object) -> None:
        row = self._selected()
        self.remove_button.setEnabled(row is not None and not row.shipped)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setObjectName("ErrorPanel" if error else "Muted")
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def add(self) -> None:
        try:
            days = parse_dates(self.days.text(), "de datums", field="days")
            added = holidays.add_equated(self._db, self._actor, days, self.decree.text())
        except KoersError as exc:
            self._say(error_text(exc), error=True)
            return
        self.days.clear()
        self.decree.clear()
        self.load()
        self._say(f"{len(added)} {'dag' if len(added) == 1 else 'dagen'} gelijkgesteld met een feestdag; "
                  "de termijnen rekenen er vanaf nu mee.", error=False)

    def remove(self) -> None:
        row = self._selected()
        if row is None or row.shipped:
            return
        shown = format_date(row.day, weekday=True)
        if not dialogs.ask_confirm(self, "Dag verwijderen", f"{shown} weer als gewone werkdag tellen?",
                                   yes="Verwijderen", no="Annuleren"):
            return
        try:
            holidays.remove_equated(self._db, self._actor, row.day)
        except KoersError as exc:
            self._say(error_text(exc), error=True)
            return
        self.load()
        self._say(f"{shown} telt weer als werkdag.", error=False)
