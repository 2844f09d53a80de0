"""Toegangslog: filter by user, resident and period; export as CSV; undo a single recorded change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError
from desktop.core.parse import Fields, parse_date
from desktop.ui import dialogs
from desktop.ui.auditlog.model import AuditLogModel
from desktop.ui.messages import error_text
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask


class AuditLogPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.export_task: BackgroundTask | None = None
        title = QLabel("Toegangslog", objectName="PageTitle")
        intro = QLabel("Wie heeft wanneer welk dossier ingezien of gewijzigd. Regels kunnen niet worden gewijzigd "
                       "of verwijderd.", objectName="Muted")
        self.user = QLineEdit(placeholderText="gebruikersnaam")
        self.client = QLineEdit(placeholderText="klantnummer, bijv. K0000012")
        self.date_from = QLineEdit(placeholderText="van dd-mm-jjjj")
        self.date_to = QLineEdit(placeholderText="tot en met dd-mm-jjjj")
        self.apply_button = QPushButton("Filteren", objectName="Primary")
        self.apply_button.clicked.connect(self.apply_filter)
        for field in (self.user, self.client, self.date_from, self.date_to):
            field.returnPressed.connect(self.apply_filter)
        self.export_button = QPushButton("Exporteren naar CSV…")
        self.export_button.clicked.connect(self.export)
        self.export_button.setVisible(audit.allowed(actor, Action.AUDIT_EXPORT))
        self.undo_button = QPushButton("Wijziging terugdraaien…")
        self.undo_button.clicked.connect(self.undo_selected)
        self.undo_button.setVisible(audit.allowed(actor, Action.AUDIT_UNDO))
        self.undo_button.setEnabled(False)
        self.error = QLabel(objectName="ErrorPanel")
        self.error.hide()

        self.model = AuditLogModel(db, actor, self)
        self.table = make_table_view(self.model, long_list=True, widths=(150, 100, 110, 110, 200, 112, 90, 320))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        filters = QHBoxLayout()
        for w in (self.user, self.client, self.date_from, self.date_to, self.apply_button):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.undo_button)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.apply_filter()

    def current_filter(self) -> audit.AuditFilter:
        read = Fields()
        start = read(parse_date, self.date_from.text(), "de begindatum", field="date_from")
        end = read(parse_date, self.date_to.text(), "de einddatum", field="date_to")
        read.raise_if_any("Het filter klopt niet:")
        return audit.AuditFilter(username=self.user.text().strip() or None,
                                 client_number=self.client.text().strip() or None, date_from=start, date_to=end)

    def apply_filter(self) -> None:
        try:
            self.model.set_filter(self.current_filter())
        except KoersError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.error.hide()
        self._selection_changed()

    def _selection_changed(self, *_) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        self.undo_button.setEnabled(bool(row and row.undoable))

    def undo_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            return
        reason = dialogs.ask_text(self, "Wijziging terugdraaien",
                                  f"U draait deze wijziging terug:\n{audit.describe_changes(row.changes)}\n\n"
                                  "Waarom? De reden wordt vastgelegd.")
        if reason is None:
            return
        try:
            audit.undo(self._db, self._actor, row.id, reason)
        except KoersError as exc:
            dialogs.show_error(self, "Niet teruggedraaid", exc.message)
            return
        self.model.refresh()
        dialogs.show_info(self, "Teruggedraaid", "De oude waarden staan terug. Ook dit is vastgelegd in het log.")

    def export(self) -> None:
        try:
            f = self.current_filter()
        except KoersError as exc:
            dialogs.show_error(self, "Export", exc.message)
            return
        path = dialogs.ask_save_path(self, "Toegangslog exporteren", "toegangslog.csv", "CSV-bestand (*.csv)")
        if not path:
            return
        db, actor = self._db, self._actor
        self.export_task = BackgroundTask(lambda progress: audit.export_csv(db, actor, f, Path(path), progress), self)
        progress = QProgressDialog("Toegangslog exporteren…", "Afbreken", 0, 0, self)
        progress.setWindowTitle("Exporteren")
        progress.setMinimumDuration(300)
        progress.canceled.connect(self.export_task.cancel)
        self.export_task.progressed.connect(lambda done, _: progress.setLabelText(f"{done} regels geschreven…"))
        self.export_task.finished.connect(lambda count: (progress.close(), dialogs.show_info(
            self, "Export klaar", f"{count} regels geschreven naar {path}."), self.model.refresh()))
        self.export_task.failed.connect(lambda exc: (progress.close(), dialogs.show_error(
            self, "Export", error_text(exc, "De export is niet gelukt; er is geen bestand gemaakt."))))
        self.export_task.start()
