"""Tick who of the resident's network is meant: under a life domain's 'eigen kracht, netwerk' and under a result's
'wie draagt bij'. The people come from the file's Betrokkenen; the core checks they belong to this resident."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

COLUMNS = 2


class PeoplePicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._boxes: dict[int, QCheckBox] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setColumnStretch(COLUMNS, 1)  # the names stay together on the left
        self._empty = QLabel("Nog niemand vastgelegd. Leg mantelzorgers, huisgenoten en andere betrokkenen vast "
                             "bij Betrokkenen in het dossier.", objectName="Muted", wordWrap=True)
        self._grid.addWidget(self._empty, 0, 0, 1, COLUMNS)

    def set_people(self, people: dict[int, str]) -> None:
        for box in self._boxes.values():
            self._grid.removeWidget(box)
            box.deleteLater()
        self._boxes = {}
        for i, (person_id, label) in enumerate(people.items()):
            box = QCheckBox(label)
            box.toggled.connect(lambda _=False: self.changed.emit())
            self._grid.addWidget(box, 1 + i // COLUMNS, i % COLUMNS)
            self._boxes[person_id] = box
        self._empty.setVisible(not people)

    def set_checked(self, ids: list[int] | tuple[int, ...]) -> None:
        wanted = set(ids)
        for person_id, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(person_id in wanted)
            box.blockSignals(False)

    def checked(self) -> list[int]:
        return [person_id for person_id, box in self._boxes.items() if box.isChecked()]

    def set_editable(self, editable: bool) -> None:
        for box in self._boxes.values():
            box.setEnabled(editable)

    def boxes(self) -> dict[int, QCheckBox]:
        return dict(self._boxes)
