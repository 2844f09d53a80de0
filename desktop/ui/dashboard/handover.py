"""Caseload overdragen: the cases of one consulent, chosen with check boxes, move to one or more other
consulenten in one step (`handover.hand_over`), with a required reason that goes into the access log.

Keys: Tab walks source, list, 'alles selecteren', targets, reason, Overdragen; Space ticks a row; Escape closes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import Role
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.access.users import list_users
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.core.team import handover
from desktop.core.team.handover import CaseRow
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.screen_fit import fit_to_screen
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.widgets.unsaved import AsksBeforeDiscarding

Index = QModelIndex | QPersistentModelIndex


class CasesModel(QAbstractTableModel):
    """A consulent's cases with a check box in the first column."""

    HEADERS = ("Inwoner", "Cliëntnummer", "Wet", "Status", "Melding")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        self._checked: set[int] = set()

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._checked = set()
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        return [r.casus_id for r in self._rows if r.casus_id in self._checked]

    def residents_of(self, casus_ids: list[int]) -> int:
        """How many residents the chosen cases belong to (the confirmation names both counts)."""
        chosen = set(casus_ids)
        return len({r.resident_id for r in self._rows if r.casus_id in chosen})

    def set_all(self, checked: bool) -> None:
        self._checked = {r.casus_id for r in self._rows} if checked else set()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def set_checked(self, row: int, checked: bool) -> None:
        self.setData(self.index(row, 0), Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                     Qt.ItemDataRole.CheckStateRole)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.resident_name, r.client_number, labels.LAW[r.law], labels.CASE_STATUS[r.status],
                    format_date(r.melding_date))[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if r.casus_id in self._checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not index.isValid():
            return False
        cid = self._rows[index.row()].casus_id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(cid)
        else:
            self._checked.discard(cid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


class HandOverDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, db: Database, actor: Actor, *, source_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.moved: list[tuple[int, int]] = []  # (resident id, new consulent) per changed vaste consulent
        self.handed_over = 0
        self.setWindowTitle("Caseload overdragen")
        self.setMinimumSize(720, 460)
        fit_to_screen(self, 1000, 640)
        active = list_users(db, Role.CONSULENT)
        everyone = list_users(db, Role.CONSULENT, active_only=False)
        active_ids = {u.id for u in active}
        self._names = {u.id: u.display_name for u in everyone}

        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.summary = QLabel(objectName="FileHeader", wordWrap=True)
        self.summary.setContentsMargins(10, 8, 10, 8)
        self.summary.hide()
        self.source = QComboBox()
        for u in everyone:
            self.source.addItem(u.display_name + ("" if u.id in active_ids else " (uitgeschakeld)"), u.id)
        self.model = CasesModel(self)
        self.table = make_table_view(self.model, long_list=True, widths=(200, 115, 85, 80))
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        self.table.clicked.connect(self._row_clicked)
        self.select_all = QCheckBox("Alles selecteren")
        self.select_all.toggled.connect(self.model.set_all)
        self.count = QLabel(objectName="Muted")
        self.model.dataChanged.connect(lambda *_: self._count())
        self.model.modelReset.connect(self._count)
        self.targets = QListWidget()
        self.targets.setMinimumWidth(230)
        self.targets.setMaximumWidth(280)
        for u in active:
            item = QListWidgetItem(u.display_name)
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.targets.addItem(item)
        self.reason = QPlainTextEdit(placeholderText="Bijvoorbeeld: collega met zwangerschapsverlof per 1 december")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Overdragen")
        self.ok_button.setObjectName("Primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.buttons.accepted.connect(self.hand_over)
        self.buttons.rejected.connect(self._close)

        grid = QGridLayout()
        grid.addWidget(QLabel("Casussen van *"), 0, 0)
        grid.addWidget(self.source, 0, 1)
        grid.addWidget(QLabel("Naar *"), 0, 2)
        grid.addWidget(self.table, 1, 0, 1, 2)
        grid.addWidget(self.targets, 1, 2)
        grid.addWidget(self.select_all, 2, 0)
        grid.addWidget(self.count, 2, 1)
        grid.addWidget(QLabel("Meerdere consulenten: de inwoners worden om de beurt verdeeld; alle casussen van één "
                              "inwoner gaan naar dezelfde consulent.", objectName="Muted", wordWrap=True), 2, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)
        layout.addWidget(QLabel("Reden van de overdracht * (komt in de toegangslog)"))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self._fields = {"casus_ids": self.table, "targets": self.targets, "reason": self.reason}
        self.source.currentIndexChanged.connect(self.load_cases)
        if source_id is not None and self.source.findData(source_id) >= 0:
            self.source.setCurrentIndex(self.source.findData(source_id))
        self.load_cases()
        self.source.setFocus()

    def load_cases(self) -> None:
        source = self.source.currentData()
        for i in range(self.targets.count()):  # nobody hands cases to themselves
            item = self.targets.item(i)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) == source)
            if item.isHidden():
                item.setCheckState(Qt.CheckState.Unchecked)
        try:
            rows = handover.cases_of(self._db, self._actor, source) if source is not None else []
        except KoersError as exc:
            self._show_error(exc.message)
            rows = []
        self.select_all.blockSignals(True)
        self.select_all.setChecked(False)
        self.select_all.blockSignals(False)
        self.model.set_rows(rows)

    def _row_clicked(self, index: QModelIndex) -> None:
        if index.column() != 0:  # a click anywhere on the row ticks it, not only on the box
            checked = self.model.data(self.model.index(index.row(), 0), Qt.ItemDataRole.CheckStateRole)
            self.model.set_checked(index.row(), checked != Qt.CheckState.Checked)

    def _count(self) -> None:
        self.count.setText(f"{len(self.model.checked_ids())} van {self.model.rowCount()} casussen gekozen")

    def target_ids(self) -> list[int]:
        return [self.targets.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.targets.count())
                if not self.targets.item(i).isHidden()
                and self.targets.item(i).checkState() == Qt.CheckState.Checked]

    def check_target(self, user_id: int) -> None:
        for i in range(self.targets.count()):
            if self.targets.item(i).data(Qt.ItemDataRole.UserRole) == user_id:
                self.targets.item(i).setCheckState(Qt.CheckState.Checked)

    def _show_error(self, text: str) -> None:
        self.error_panel.setText(text)
        self.error_panel.setVisible(bool(text))

    def hand_over(self) -> None:
        clear_marks(self._fields.values())
        self._show_error("")
        ids, targets = self.model.checked_ids(), self.target_ids()
        try:
            handover.check_request(ids, targets, self.reason.toPlainText())  # every missing part at once, first
            residents = self.model.residents_of(ids)
            names = _names([self._names.get(t, "?") for t in targets])
            if not dialogs.ask_confirm(
                    self, "Caseload overdragen",
                    f"{len(ids)} {'casus' if len(ids) == 1 else 'casussen'} van {residents} "
                    f"{'inwoner' if residents == 1 else 'inwoners'} overdragen aan {names}? Wie een nieuwe vaste "
                    "consulent krijgt, krijgt daarover een brief.", yes="Overdragen", no="Terug"):
                return
            self.moved = handover.hand_over(self._db, self._actor, ids, targets, self.reason.toPlainText())
        except KoersError as exc:
            self._show_error(error_text(exc) if exc.problems else "Er is niets overgedragen. " + exc.message)
            mark_fields(self._fields, exc.field_errors or ({exc.field: exc.message} if exc.field else {}))
            return
        self.handed_over += len(ids)
        names = _names([self._names.get(t, "?") for t in targets])
        word = "casus" if len(ids) == 1 else "casussen"
        letters = (f" {len(self.moved)} {'inwoner krijgt' if len(self.moved) == 1 else 'inwoners krijgen'} een "
                   "nieuwe vaste consulent." if self.moved else "")
        self.summary.setText(f"<b>{len(ids)} {word} overgedragen aan {names}.</b>{letters}")
        self.summary.show()
        self.reason.clear()
        self.load_cases()

    def _close(self) -> None:
        if self.handed_over:
            self.accept()
        else:
            self.reject()
