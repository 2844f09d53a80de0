"""Mijn werkvoorraad: what opens first for a consulent. The due and overdue items of the consulent's own
cases, most urgent first, with one step to the case: an evaluation opens the evaluation form, anything
else (a follow-up of the contact journal too) the resident's file in the Inwoners area.

Keys: the list has the focus; Up/Down choose, Enter opens, F5 refreshes. The list is read again each time
the page is shown and after an evaluation is recorded.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines import queries
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.core.deadlines.queries import DeadlineItem
from desktop.core.errors import KoersError
from desktop.ui import dialogs
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.workload.model import DeadlineTableModel


def count_line(items: list[DeadlineItem]) -> str:
    """'7 te laat (2 geëscaleerd), 12 binnenkort'."""
    late = sum(1 for i in items if i.overdue)
    escalated = sum(1 for i in items if i.escalated)
    soon = len(items) - late
    text = f"{late} te laat" + (f" ({escalated} geëscaleerd)" if escalated else "")
    return f"{text}, {soon} binnenkort"


def _key(item: DeadlineItem) -> tuple[object, ...]:
    """What one row is about, so a refresh keeps the same row chosen."""
    return item.kind, item.casus_id, item.beschikking_id, item.evaluation_id, item.journal_entry_id


class WorkloadPage(QWidget):
    resident_requested = Signal(int)  # the main window opens the resident in the Inwoners area
    evaluation_recorded = Signal(int)  # evaluation id

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.can_evaluate = audit.allowed(actor, Action.EVALUATION_RECORD)
        title = QLabel("Mijn werkvoorraad", objectName="PageTitle")
        self.count_label = QLabel(objectName="Muted")
        self.refresh_button = QPushButton("Vernieuwen")
        self.refresh_button.setToolTip("De lijst opnieuw lezen (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton("Openen", objectName="Primary")
        self.open_button.setToolTip("De casus van de gekozen regel openen (Enter of dubbelklik)")
        self.open_button.clicked.connect(self.open_selected)
        self.model = DeadlineTableModel(parent=self)
        self.table = make_table_view(self.model, long_list=True, widths=(165, 190, 115, 150, 260, 90),
                                     name="Werkvoorraad")
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.empty = QLabel("Niets te doen: er vallen geen termijnen, evaluaties of opvolgingen van uw casussen "
                            "binnen de komende weken, en niets is te laat.", objectName="Muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()
        hint = QLabel("Het meest dringende staat bovenaan. Enter of dubbelklik opent de casus; een evaluatie "
                      "opent het evaluatieformulier.", objectName="Muted")
        hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.refresh)
        self._loaded = False
        self.refresh()

    # --- reading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._loaded:  # the first read happened in __init__; later showings read again
            self.refresh()
        self._loaded = True
        focused = QApplication.focusWidget()
        if focused is None or self.isAncestorOf(focused):  # never steal it from the side bar being arrowed through
            self.focus_first()

    def focus_first(self) -> None:
        """The list has the focus: Up/Down choose, Enter opens."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        chosen = self.selected_item()
        try:
            items = queries.my_workload(self._db, self._actor)
        except KoersError as exc:
            self.error.setText(f"De werkvoorraad kan niet worden gelezen: {exc.message}")
            self.error.show()
            return
        self.error.hide()
        self.model.set_items(items)
        self.count_label.setText(count_line(items) if items else "Niets te doen")
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
        if items:
            keep = next((r for r, i in enumerate(items) if chosen and _key(i) == _key(chosen)), 0)
            self.table.selectRow(keep)
        self._buttons()

    def selected_item(self) -> DeadlineItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.item_at(rows[0].row()) if rows else None

    def _buttons(self) -> None:
        self.open_button.setEnabled(self.selected_item() is not None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        return super().eventFilter(obj, event)

    # --- opening

    def open_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_item(item)

    def open_item(self, item: DeadlineItem) -> None:
        if item.kind is DeadlineKind.EVALUATIE and item.evaluation_id and self.can_evaluate:
            self.open_evaluation(item.evaluation_id)
        else:
            self.resident_requested.emit(item.resident_id)

    def evaluation_dialog(self, evaluation_id: int):
        from desktop.ui.evaluations.dialog import EvaluationDialog

        try:
            return EvaluationDialog(self._db, self._actor, evaluation_id, parent=self)
        except KoersError as exc:
            dialogs.show_error(self, "Evaluatie niet geopend", exc.message)
            self.refresh()
            return None

    def open_evaluation(self, evaluation_id: int) -> None:
        dialog = self.evaluation_dialog(evaluation_id)
        if dialog is None:
            return
        dialog.exec()
        if dialog.saved is not None:
            self.refresh()
            self.evaluation_recorded.emit(evaluation_id)
