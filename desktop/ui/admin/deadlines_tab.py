"""Beheer > Termijnen: when a deadline shows in the werkvoorraad, when it escalates to the casusregisseur,
and the statutory terms per law. All values are saved in one step, or none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import Law
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.deadlines import settings
from desktop.core.deadlines.kinds import KIND_LABELS, DeadlineKind
from desktop.core.errors import KoersError


class DeadlinesTab(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.fields: dict[str, QSpinBox] = {}

        items = QGroupBox("Wanneer een termijn verschijnt en escaleert")
        grid = QGridLayout(items)
        grid.addWidget(QLabel("Soort", objectName="Muted"), 0, 0)
        grid.addWidget(QLabel("Zichtbaar vanaf … dagen vóór de datum", objectName="Muted"), 0, 1)
        grid.addWidget(QLabel("Naar de casusregisseur na … dagen te laat", objectName="Muted"), 0, 2)
        for row, kind in enumerate(DeadlineKind, start=1):
            grid.addWidget(QLabel(KIND_LABELS[kind]), row, 0)
            grid.addWidget(self._spin(settings.WINDOW_KEY.format(kind=kind.value), "dagen"), row, 1)
            grid.addWidget(self._spin(settings.ESCALATION_KEY.format(kind=kind.value), "dagen"), row, 2)
        grid.setColumnStretch(3, 1)

        terms = QGroupBox("Wettelijke termijnen")
        tgrid = QGridLayout(terms)
        tgrid.addWidget(QLabel("", objectName="Muted"), 0, 0)
        tgrid.addWidget(QLabel("Onderzoek na melding", objectName="Muted"), 0, 1)
        tgrid.addWidget(QLabel("Besluit na aanvraag", objectName="Muted"), 0, 2)
        for row, law in enumerate(Law, start=1):
            tgrid.addWidget(QLabel(labels.LAW[law]), row, 0)
            tgrid.addWidget(self._spin(settings.RESEARCH_WEEKS_KEY.format(law=law.value), "weken"), row, 1)
            tgrid.addWidget(self._spin(settings.DECISION_WEEKS_KEY.format(law=law.value), "weken"), row, 2)
        tgrid.addWidget(QLabel("Brief verzenden na vaststellen"), len(Law) + 1, 0)
        tgrid.addWidget(self._spin(settings.LETTER_DAYS_KEY, "werkdagen"), len(Law) + 1, 1)
        tgrid.setColumnStretch(3, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton("Opslaan", objectName="Primary")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("Standaardwaarden")
        self.reset_button.setToolTip("Zet de standaardwaarden van Koers terug in het formulier (nog niet opgeslagen)")
        self.reset_button.clicked.connect(self.defaults)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Termijnen worden steeds opnieuw uit de datums berekend. Hier stelt u in wanneer ze in "
                                "de werkvoorraad verschijnen en wanneer ze escaleren.", wordWrap=True,
                                objectName="Muted"))
        layout.addWidget(items)
        layout.addWidget(terms)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.load()

    def _spin(self, key: str, unit: str) -> QSpinBox:
        low, high, label = settings.SETTING_SPECS[key]
        spin = QSpinBox(minimum=low, maximum=high, suffix=f" {unit}")
        spin.setToolTip(label)
        spin.setAccessibleName(label[0].upper() + label[1:])  # in a grid without labels of its own
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields[key] = spin
        return spin

    def _show(self, values: dict[str, int]) -> None:
        for key, spin in self.fields.items():
            spin.setValue(values[key])

    def load(self) -> None:
        self._show(settings.settings_as_values(settings.deadline_settings(self._db)))
        self.message.hide()

    def defaults(self) -> None:
        self._show(settings.settings_as_values(settings.DeadlineSettings()))
        self.message.setObjectName("Muted")
        self.message.setText("Standaardwaarden in het formulier gezet; nog niet opgeslagen.")
        self.message.show()

    def save(self) -> None:
        try:
            changed = settings.set_deadline_settings(self._db, self._actor,
                                                      {key: spin.value() for key, spin in self.fields.items()})
        except KoersError as exc:
            self.message.setObjectName("ErrorPanel")
            self.message.setText(exc.message)
        else:
            self.message.setObjectName("Muted")
            self.message.setText(f"Opgeslagen ({changed} gewijzigd)." if changed else "Er was niets gewijzigd.")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
