"""Toegangslog: who did what to which resident's record, in words; filter by resident (cliëntnummer), user,
action and period; export as CSV; undo a single recorded change. Refreshed each time it is shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access import audit, audit_text
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
        self.client = QLineEdit(placeholderText="cliëntnummer, bijv. K0000012")
        self.client.setAccessibleName("Cliëntnummer")
        self.user = QComboBox()
        self.user.setAccessibleName("Gebruiker")
        self.user.addItem("Alle gebruikers", None)
        self.action = QComboBox()
        self.action.setAccessibleName("Actie")
        self.action.addItem("Alle acties", None)
        for text, codes in audit_text.action_choices():
            self.action.addItem(text, tuple(codes))
        self.action.setMaxVisibleItems(20)
        self.date_from = QLineEdit(placeholderText="dd-mm-jjjj")
        self.date_from.setAccessibleName("Van")
        self.date_to = QLineEdit(placeholderText="dd-mm-jjjj")
        self.date_to.setAccessibleName("Tot en met")
        for field in (self.date_from, self.date_to):
            field.setFixedWidth(self.fontMetrics().horizontalAdvance("00-00-00000") + 28)
        self.apply_button = QPushButton("Filteren", objectName="Primary")
        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button = QPushButton("Filter wissen")
        self.clear_button.clicked.connect(self.clear_filter)
        for field in (self.client, self.date_from, self.date_to):
            field.returnPressed.connect(self.apply_filter)
        for combo in (self.user, self.action):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.activated.connect(lambda _index: self.apply_filter())
        self.export_button = QPushButton("Exporteren naar CSV…")
        self.export_button.clicked.connect(self.export)
        if not audit.allowed(actor, Action.AUDIT_EXPORT):  # not setVisible(True): without a parent yet it opens as a window and takes the keyboard from Koers
            self.export_button.hide()
        self.undo_button = QPushButton("Wijziging terugdraaien…")
        self.undo_button.clicked.connect(self.undo_selected)
        if not audit.allowed(actor, Action.AUDIT_UNDO):
            self.undo_button.hide()
        self.undo_button.setEnabled(False)
        self.error = QLabel(objectName="ErrorPanel")
        self.error.hide()

        self.model = AuditLogModel(db, actor, self)
        self.table = make_table_view(self.model, long_list=True, widths=self._column_widths(),
                                     name="Toegangslog")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        first = QHBoxLayout()  # two rows: one does not fit a 1366×768 laptop at 125 %
        for label, field, stretch in (("Cliëntnummer", self.client, 2), ("Gebruiker", self.user, 3),
                                      ("Actie", self.action, 4)):
            caption = QLabel(label)
            caption.setBuddy(field)
            first.addWidget(caption)
            first.addWidget(field, stretch)
        second = QHBoxLayout()
        for label, field in (("Van", self.date_from), ("Tot en met", self.date_to)):
            caption = QLabel(label)
            caption.setBuddy(field)
            second.addWidget(caption)
            second.addWidget(field)
        second.addWidget(self.apply_button)
        second.addWidget(self.clear_button)
        second.addStretch(1)
        actions = QHBoxLayout()  # under the list: what to do with the line or the lines shown
        actions.addStretch(1)
        actions.addWidget(self.undo_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    def _column_widths(self) -> tuple[int, ...]:
        """Wide enough for a bold header or a typical value, whichever is wider."""
        plain = self.fontMetrics()
        bold_font = self.font()
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        samples = ("23-11-2026 10:00", "Marieke Hulshof", "K0000012", "Persoonsgegevens gewijzigd", "",
                   "waarneming voor een collega", "geweigerd", "Casusregisseur", "werkplek-01")
        widths = []
        for (header, _), sample in zip(self.model.columns, samples, strict=True):
            widths.append(max(bold.horizontalAdvance(header), plain.horizontalAdvance(sample)) + 24)
        widths[self.model.CHANGES] = 420
        return tuple(widths)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Each time the area is opened: the newest lines (and users), with the filter as it was left."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        self._fill_users()
        self.apply_filter()

    def _fill_users(self) -> None:
        chosen = self.user.currentData()
        self.user.blockSignals(True)
        try:
            self.user.clear()
            self.user.addItem("Alle gebruikers", None)
            for username, name in audit_text.log_users(self._db):
                self.user.addItem(f"{name} ({username})" if name != username else username, username)
            self.user.setCurrentIndex(max(0, self.user.findData(chosen)) if chosen else 0)
        finally:
            self.user.blockSignals(False)

    def clear_filter(self) -> None:
        for field in (self.client, self.date_from, self.date_to):
            field.clear()
        self.user.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.apply_filter()

    def current_filter(self) -> audit.AuditFilter:
        read = Fields()
        start = read(parse_date, self.date_from.text(), "de begindatum", field="date_from")
        end = read(parse_date, self.date_to.text(), "de einddatum", field="date_to")
        read.raise_if_any("Het filter klopt niet:")
        return audit.AuditFilter(username=self.user.currentData() or None,
                                 client_number=self.client.text().strip() or None, date_from=start, date_to=end,
                                 actions=tuple(self.action.currentData() or ()))

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
        changes = self.model.changes_text(row, "\n")
        reason = dialogs.ask_text(self, "Wijziging terugdraaien", f"U draait deze wijziging terug:\n{changes}\n\n"
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
