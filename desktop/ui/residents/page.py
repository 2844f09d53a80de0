"""The Inwoners area: search as you type on the left, the opened file on the right.

Keys: Ctrl+F search, Down from the search box into the list, Enter opens, Escape clears,
Ctrl+N registers a new resident.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models import Beschikking, Casus
from db.models.enums import Role
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.audit import ReasonRequired
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError
from desktop.core.nl import format_date, format_number
from desktop.core.residents.casefile import open_resident_file
from desktop.core.residents.register import get_resident
from desktop.ui import dialogs
from desktop.ui.decisions.create_dialog import CreateDecisionDialog
from desktop.ui.decisions.view import DecisionWindow
from desktop.ui.plan.editor import PlanEditor
from desktop.ui.residents.documents_panel import DocumentsPanel
from desktop.ui.residents.edit_dialog import ResidentDialog
from desktop.ui.residents.file_view import ResidentFileView
from desktop.ui.residents.journal_panel import JournalPanel
from desktop.ui.residents.list_model import LIST_LIMIT, ROW_ID_ROLE, ResidentListModel
from desktop.ui.widgets.tables import make_table_view

SEARCH_DELAY_MS = 120  # long enough to skip keystrokes typed in one burst, short enough to feel instant
SEARCH_SETTLED_MS = 2000  # a search that stands this long is written to the access log (not every keystroke)
COUNT_CAP = LIST_LIMIT  # counted no further than the list goes


class ResidentsPage(QWidget):
    resident_opened = Signal(int)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._reasons: dict[int, str] = {}  # reasons given this session for residents outside the caseload
        self._logged_query: str | None = None
        title = QLabel("Inwoners", objectName="PageTitle")
        self.search = QLineEdit(placeholderText="Naam, adres, cliëntnummer, BSN of postcode (Ctrl+F)")
        self.search.setToolTip(
            "Zoek zoals u een inwoner kent, bijvoorbeeld:\n"
            "Pelgrom  (ook Jansen-Pelgrom)\nAnna Pelgrom,  A. Pelgrom  of  Pelgrom, A\n"
            "Dorpsstraat 12  of  Dorpsstr\nK0000017  of  k17\nBSN of postcode, bijvoorbeeld 7001 AB")
        self.search.setAccessibleName("Inwoner zoeken")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.caseload = QCheckBox("Mijn caseload")
        self.caseload.setToolTip("Alleen de inwoners van wie u de vaste consulent bent")
        if actor.role is not Role.CONSULENT:  # not setVisible(True): without a parent yet it opens as a window and takes the keyboard from Koers
            self.caseload.hide()
        self.caseload.toggled.connect(self._caseload_toggled)
        self.new_button = QPushButton("Nieuwe inwoner…", objectName="Primary")
        self.new_button.setToolTip("Nieuwe inwoner registreren (Ctrl+N)")
        self.new_button.clicked.connect(self.register_resident)
        if not audit.allowed(actor, Action.RESIDENT_CREATE):
            self.new_button.hide()

        self.model = ResidentListModel(db, actor, self)
        self.table = make_table_view(self.model, long_list=True, name="Inwoners")
        self.table.viewport().installEventFilter(self)  # its width changes: the columns fill it again
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.count_label = QLabel(objectName="Muted")

        self.file_view = ResidentFileView()
        self.file_view.clear()
        self.file_view.edit_requested.connect(self.edit_resident)
        self.file_view.edit_button.setVisible(audit.allowed(actor, Action.RESIDENT_UPDATE))
        self.file_view.plan_requested.connect(self.open_plan)
        self.file_view.plan_button.setVisible(audit.allowed(actor, Action.PLAN_VIEW))
        self.plan_editors: dict[int, PlanEditor] = {}  # casus id -> its open (non-modal) editor
        self.file_view.decision_requested.connect(self.open_decision)
        self.decision_windows: dict[int, DecisionWindow] = {}  # beschikking id -> its open window
        self.file_view.new_decision_requested.connect(self.new_decision)
        self.file_view.new_decision_button.setVisible(audit.allowed(actor, Action.DECISION_EDIT))
        self.file_view.melding_requested.connect(self.new_melding)
        self.file_view.melding_button.setVisible(audit.allowed(actor, Action.CASE_INTAKE))
        self.file_view.casus_requested.connect(self.open_casus)
        self.file_view.person_requested.connect(self.add_person)
        self.file_view.person_button.setVisible(audit.allowed(actor, Action.RESIDENT_UPDATE))
        self.file_view.person_end_requested.connect(self.end_person)
        self.file_view.end_person_button.setVisible(audit.allowed(actor, Action.RESIDENT_UPDATE))
        self.file_view.person_edit_requested.connect(self.edit_person)
        self.file_view.edit_person_button.setVisible(audit.allowed(actor, Action.RESIDENT_UPDATE))
        self.file_view.casus_button.setVisible(audit.allowed(actor, Action.PLAN_VIEW))
        self.file_view.access_export_requested.connect(self.export_access)
        self.access_dialog: QWidget | None = None  # the open access-request window, if any
        self.file_view.access_button.setVisible(audit.allowed(actor, Action.PRIVACY_EXPORT))
        # The journal and the documents: only for roles that may read them, and read when their tab is opened
        # (each reading is logged, so a file opened for its hours does not log a look at the conversations).
        self.journal_panel: JournalPanel | None = None
        self.documents_panel: DocumentsPanel | None = None
        if audit.allowed(actor, Action.JOURNAL_VIEW):
            self.journal_panel = JournalPanel(db, actor)
            self.file_view.tabs.addTab(self.journal_panel, "Journaal")
        if audit.allowed(actor, Action.DOCUMENT_VIEW):
            self.documents_panel = DocumentsPanel(db, actor)
            self.file_view.tabs.addTab(self.documents_panel, "Documenten")
        tabs = self.file_view.tabs  # the corrections last: looked at seldom, so the everyday tabs stay in view
        tabs.tabBar().moveTab(self.file_view.corrections_tab, tabs.count() - 1)
        self._panels_shown: dict[QWidget, int | None] = {}  # panel -> the resident it shows
        # Filled when shown (a Show event), not on the tab widget's currentChanged: that signal also fires while
        # the tab widget is being destroyed, and a Python slot then touches half-deleted widgets.
        for panel in (self.journal_panel, self.documents_panel):
            if panel is not None:
                panel.installEventFilter(self)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.search)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.file_view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 680])  # the file a little wider: its eight tabs fit on a 1366 laptop at 100 %
        splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.caseload)  # on the wide title row: the list's own column stays narrow enough
        top.addSpacing(12)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self._settled = QTimer(self, singleShot=True, interval=SEARCH_SETTLED_MS)
        self._settled.timeout.connect(self.log_search)
        self.search.returnPressed.connect(self._enter_from_search)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.register_resident)
        self.run_search()

    # --- search

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    focus_first = focus_search  # where the main window puts the focus on arriving here (Ctrl+number, F6)

    def _caseload_toggled(self, on: bool) -> None:
        self.model.set_caseload(self._actor.user_id if on else None, reload=False)  # run_search reloads
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        query = self.search.text()
        self.model.set_query(query)
        mine = self.model.consulent_id
        total = self.model.total  # counted with the first page, no further than the list can go
        where = " in uw caseload" if mine is not None else ""
        if total > COUNT_CAP:
            text = f"Meer dan {format_number(COUNT_CAP)} inwoners{where}; typ verder om te verfijnen."
        elif query.strip():
            text = f"{format_number(total)} {'inwoner' if total == 1 else 'inwoners'} gevonden{where}"
        else:
            text = f"{format_number(total)} {'inwoner' if total == 1 else 'inwoners'}{where}"
        self.count_label.setText(text)
        if self.model.rowCount():
            self.table.selectRow(0)
        if query.strip():
            self._settled.start()

    def log_search(self) -> None:
        """Writes the search that stands on screen to the access log, once."""
        self._settled.stop()
        query = self.model.query
        if query.strip() and query != self._logged_query:
            audit.search_record(self._db, self._actor, query, self.model.rowCount())
            self._logged_query = query

    def _enter_from_search(self) -> None:
        if self._timer.isActive():
            self.run_search()
        if self.model.rowCount():
            self.open_selected()

    def fit_columns(self) -> None:
        """The columns fill the list's width, so nothing hides behind a horizontal scroll bar; on a narrow
        screen the ones on the right give way (their values stay in the row's tooltip)."""
        bold = self.table.horizontalHeader().font()
        bold.setWeight(QFont.Weight.DemiBold)  # as the style sheet draws the headers
        widths = self.model.column_widths(self.table.viewport().width(), self.table.fontMetrics(),
                                          QFontMetrics(bold))
        for column, width in enumerate(widths):
            self.table.setColumnHidden(column, width == 0)
            if width:
                self.table.setColumnWidth(column, width)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and obj is self.table.viewport():
            self.fit_columns()
        if event.type() == QEvent.Type.Show and obj is not None and (
                obj is getattr(self, "journal_panel", None) or obj is getattr(self, "documents_panel", None)):
            self._fill_panel(obj)  # type: ignore[arg-type]  # one of the two panels
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.search and key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.table.selectRow(0)
                return True
            if obj is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if key == Qt.Key.Key_Escape and (obj is self.search or obj is self.table):
                if self.search.text():
                    self.search.clear()
                    self.run_search()
                self.focus_search()
                return True
        return super().eventFilter(obj, event)

    # --- open, register, edit

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ID_ROLE) if rows else None

    def open_selected(self) -> None:
        resident_id = self.selected_id()
        if resident_id is not None:
            self.open_resident(resident_id)

    def open_resident(self, resident_id: int) -> None:
        self.log_search()
        file = self._with_reason(resident_id, lambda reason: open_resident_file(
            self._db, self._actor, resident_id, reason=reason))
        if file is None:
            return
        row = self.model.row_of(resident_id)
        if row >= 0 and self.selected_id() != resident_id:
            self.table.selectRow(row)
        self.file_view.show_file(file)
        self._show_people(resident_id)
        self._show_corrections(resident_id)
        self._panels_shown = {}
        for panel in (self.journal_panel, self.documents_panel):
            if panel is not None and panel.isVisible():
                self._fill_panel(panel)
        self.resident_opened.emit(resident_id)

    def _fill_panel(self, panel: QWidget) -> None:
        """Shows the open resident in the journal or documents tab (once per resident, when the tab is in view)."""
        file = self.file_view.file
        if file is None:
            panel.clear()
            return
        resident_id = file.resident.id
        if self._panels_shown.get(panel) == resident_id:
            return
        self._panels_shown[panel] = resident_id
        choices = [(c.casus.id, f"{labels.LAW[c.casus.law]}, melding {format_date(c.casus.melding_date)}")
                   for c in sorted(file.cases, key=lambda c: (c.casus.melding_date, c.casus.id), reverse=True)]
        panel.show_resident(resident_id, choices, reason=self._reasons.get(resident_id))

    def _with_reason(self, resident_id: int, call):
        """Runs a core call; when it needs a reason (outside the caseload), asks once per resident."""
        reason = self._reasons.get(resident_id)
        while True:
            try:
                return call(reason)
            except ReasonRequired as exc:
                reason = dialogs.ask_text(self, "Reden nodig", exc.message + "\n\nReden:")
                if reason is None:
                    return None
                self._reasons[resident_id] = reason
            except KoersError as exc:
                dialogs.show_error(self, "Dossier niet geopend", exc.message)
                self.model.refresh()
                return None

    def open_plan(self, casus_id: int) -> PlanEditor | None:
        """Opens (or brings forward) the plan editor of a case of the shown resident."""
        file = self.file_view.file
        if file is None:
            return None
        editor = self.plan_editors.get(casus_id)
        if editor is not None and editor.isVisible():
            editor.raise_()
            editor.activateWindow()
            return editor
        resident_id = file.resident.id
        editor = self._with_reason(resident_id, lambda reason: PlanEditor(
            self._db, self._actor, casus_id, reason=reason, parent=self))
        if editor is None:
            return None
        editor.saved.connect(lambda _: self._refresh_file(resident_id))
        self.plan_editors[casus_id] = editor
        editor.show()
        return editor

    def open_decision(self, decision_id: int) -> DecisionWindow | None:
        """Opens (or brings forward) the decision screen; booked hours refresh the file behind it."""
        file = self.file_view.file
        if file is None:
            return None
        window = self.decision_windows.get(decision_id)
        if window is not None and window.isVisible():
            window.raise_()
            window.activateWindow()
            return window
        resident_id = file.resident.id
        window = self._with_reason(resident_id, lambda reason: DecisionWindow(
            self._db, self._actor, decision_id, parent=self, reason=reason))
        if window is None:
            return None
        window.view.changed.connect(lambda _: self._refresh_file(resident_id))
        self.decision_windows[decision_id] = window
        window.show()
        return window

    def new_decision_dialog(self, casus_id: int) -> CreateDecisionDialog | None:
        """The form for a new decision on a case of the shown resident; None when refused or no agreed plan."""
        file = self.file_view.file
        if file is None:
            return None

        def make(reason):
            try:
                return CreateDecisionDialog(self._db, self._actor, casus_id, reason=reason, parent=self)
            except ReasonRequired:
                raise
            except KoersError as exc:
                dialogs.show_error(self, "Geen nieuwe beschikking", exc.message)
                return None

        return self._with_reason(file.resident.id, make)

    def new_decision(self, casus_id: int) -> Beschikking | None:
        """Opens the form (modal); a stored decision shows in the file at once."""
        dialog = self.new_decision_dialog(casus_id)
        if dialog is None:
            return None
        resident_id = self.file_view.file.resident.id
        if dialog.exec() and dialog.created is not None:
            self._refresh_file(resident_id)
            return dialog.created
        return None

    def new_melding(self, resident_id: int) -> Casus | None:
        """The melding form (modal); the new casus shows in the file at once, and its screen opens."""
        from desktop.core.residents.names import full_name
        from desktop.ui.intake.melding_dialog import MeldingDialog

        file = self.file_view.file
        if file is None or file.resident.id != resident_id:
            return None
        dialog = MeldingDialog(self._db, self._actor, resident_id, full_name(file.resident),
                               reason=self._reasons.get(resident_id), parent=self)
        if dialog.exec() and dialog.created is not None:
            self._refresh_file(resident_id)
            return dialog.created
        return None

    def _show_people(self, resident_id: int) -> None:
        from desktop.core.residents.people import list_people

        try:
            self.file_view.show_people(list_people(self._db, self._actor, resident_id,
                                                   reason=self._reasons.get(resident_id)))
        except KoersError:
            self.file_view.show_people([])

    def _show_corrections(self, resident_id: int) -> None:
        from desktop.core.residents.corrections import list_corrections

        if not audit.allowed(self._actor, Action.JOURNAL_VIEW):  # the tab is hidden then; nothing to refuse
            self.file_view.show_corrections([])
            return
        try:
            self.file_view.show_corrections(list_corrections(self._db, self._actor, resident_id,
                                                             reason=self._reasons.get(resident_id)))
        except KoersError:
            self.file_view.show_corrections([])

    def export_access(self, resident_id: int) -> None:
        """The access request of the open resident: a folder, then the PDF, JSON and letters (logged)."""
        from desktop.core.residents.names import full_name
        from desktop.ui.residents.access_export import AccessExportDialog

        file = self.file_view.file
        if file is None or file.resident.id != resident_id:
            return
        self.access_dialog = AccessExportDialog(self._db, self._actor, file.resident.client_number,
                                                full_name(file.resident), parent=self)
        self.access_dialog.open()

    def add_person(self, resident_id: int) -> None:
        from desktop.ui.residents.people_dialog import PersonDialog

        dialog = PersonDialog(self._db, self._actor, resident_id, reason=self._reasons.get(resident_id), parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._show_people(resident_id)

    def edit_person(self, person_id: int) -> None:
        from desktop.core.residents.people import get_person
        from desktop.ui.residents.people_dialog import PersonDialog

        file = self.file_view.file
        if file is None or not audit.allowed(self._actor, Action.RESIDENT_UPDATE):
            return
        reason = self._reasons.get(file.resident.id)
        try:
            person = get_person(self._db, self._actor, person_id, reason=reason)
        except KoersError as exc:
            dialogs.show_error(self, "Niet geopend", exc.message)
            return
        dialog = PersonDialog(self._db, self._actor, file.resident.id, reason=reason, person=person, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._show_people(file.resident.id)

    def end_person(self, person_id: int) -> None:
        from desktop.core.parse import parse_date
        from desktop.core.residents.people import end_person

        file = self.file_view.file
        if file is None:
            return
        typed = dialogs.ask_text(self, "Betrokkene beëindigen", "Laatste dag (dd-mm-jjjj):")
        if typed is None:
            return
        try:
            last = parse_date(typed, "de laatste dag", required=True)
            assert last is not None  # required
            end_person(self._db, self._actor, person_id, last, reason=self._reasons.get(file.resident.id))
        except KoersError as exc:
            dialogs.show_error(self, "Niet beëindigd", exc.message)
            return
        self._show_people(file.resident.id)

    def open_casus(self, casus_id: int) -> None:
        from desktop.ui.intake.casus_dialog import CasusDialog

        file = self.file_view.file
        if file is None:
            return
        try:
            dialog = CasusDialog(self._db, self._actor, casus_id, reason=self._reasons.get(file.resident.id),
                                 parent=self)
        except KoersError as exc:
            dialogs.show_error(self, "Casus", exc.message)
            return
        dialog.exec()
        if dialog.changed:
            self._refresh_file(file.resident.id)

    def _refresh_file(self, resident_id: int) -> None:
        """After the user's own change (a plan saved, hours booked) the file behind shows the new state. The file
        was opened, and logged, already; the change has its own line, so reading it again writes none."""
        if self.file_view.file is None or self.file_view.file.resident.id != resident_id:
            return
        try:
            file = open_resident_file(self._db, self._actor, resident_id, reason=self._reasons.get(resident_id),
                                      logged=False)
        except KoersError:
            return
        self.file_view.show_file(file)
        self._show_people(resident_id)
        self._show_corrections(resident_id)

    def register_resident(self) -> None:
        dialog = ResidentDialog(self._db, self._actor, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(dialog.saved.id, dialog.saved.surname)

    def edit_resident(self, resident_id: int) -> None:
        resident = self._with_reason(resident_id, lambda reason: get_resident(
            self._db, self._actor, resident_id, reason=reason))
        if resident is None:
            return
        dialog = ResidentDialog(self._db, self._actor, resident, reason=self._reasons.get(resident_id),
                                parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(resident_id, dialog.saved.surname)

    def _after_save(self, resident_id: int, surname: str) -> None:
        self.search.blockSignals(True)
        self.search.setText(surname)
        self.search.blockSignals(False)
        self.run_search()
        row = self.model.row_of(resident_id)
        if row >= 0:
            self.table.selectRow(row)
        self.open_resident(resident_id)
