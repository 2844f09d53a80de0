"""'Aangemaakt, nog niet verzonden': letters made earlier that wait for the post, to mark them sent later."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from db import clock
from db.clock import AMSTERDAM
from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError
from desktop.core.letters import pipeline
from desktop.core.letters.texts import KIND_LABEL
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import parse_date
from desktop.ui import dialogs
from desktop.ui.letters.batch_panel import plural
from desktop.ui.messages import error_text
from desktop.ui.widgets.check_model import CheckRowsModel
from desktop.ui.widgets.tables import make_table_view


class UnsentLettersTab(QWidget):
    changed = Signal(int)  # how many letters wait now

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.may_send = audit.allowed(actor, Action.LETTER_SEND)
        self.rows: list[pipeline.UnsentLetter] = []

        intro = QLabel("Brieven die al zijn gemaakt en bewaard, maar nog niet als verzonden zijn gemarkeerd. Markeer "
                       "ze op de dag dat ze de deur uit gaan; een beschikking krijgt dan de status 'verzonden'.",
                       objectName="Muted")
        intro.setWordWrap(True)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        self.status = QLabel("", objectName="Muted")
        self.status.setWordWrap(True)
        self.model = CheckRowsModel(["Kenmerk", "Soort brief", "Inwoner", "Cliëntnummer", "Briefdatum",
                                     "Aangemaakt op", "Door"], self)
        self.model.changed.connect(self._update_buttons)
        self.table = make_table_view(self.model)
        self.table.setAccessibleName("Aangemaakt, nog niet verzonden")
        self.table.doubleClicked.connect(lambda _: self.view_letter())
        self.select_all = QCheckBox("Alles selecteren")
        self.select_all.toggled.connect(self.model.set_all)
        self.view_button = QPushButton("Bekijken…")
        self.view_button.setToolTip("De brief zoals hij is gemaakt")
        self.view_button.clicked.connect(self.view_letter)
        self.sent_edit = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.sent_edit.setMaximumWidth(120)
        self.sent_edit.setAccessibleName("Verzenddatum")
        self.sent_edit.returnPressed.connect(self.mark_sent)
        self.sent_button = QPushButton("Markeren als verzonden", objectName="Primary")
        self.sent_button.clicked.connect(self.mark_sent)
        sent_label = QLabel("Verzonden op")
        row = QHBoxLayout()
        row.addWidget(self.select_all)
        row.addWidget(self.view_button)
        row.addStretch(1)
        for w in (sent_label, self.sent_edit, self.sent_button):
            row.addWidget(w)
            w.setVisible(self.may_send)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def refresh(self) -> None:
        try:
            self.rows = pipeline.unsent_letters(self._db, self._actor)
        except KoersError as exc:
            self._show_error(error_text(exc))
            return
        self.model.set_rows([(r.id, (r.kenmerk, KIND_LABEL[r.kind].capitalize(), r.resident_name, r.client_number,
                                     format_date(r.letter_date), format_date(r.issued_at.astimezone(AMSTERDAM).date()),
                                     r.issued_by or "–"), True) for r in self.rows], check_all=True)
        self.select_all.blockSignals(True)
        self.select_all.setChecked(bool(self.rows) and len(self.model.checked_ids()) == len(self.rows))
        self.select_all.blockSignals(False)
        self._update_buttons()
        self.changed.emit(len(self.rows))

    def selected(self) -> pipeline.UnsentLetter | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        self.view_button.setEnabled(self.selected() is not None)
        self.sent_button.setEnabled(self.may_send and bool(self.model.checked_ids()))
        self.select_all.setEnabled(bool(self.rows))

    def view_letter(self) -> None:
        from desktop.ui.letters.preview import LetterPreviewDialog

        row = self.selected()
        if row is None:
            return
        try:
            pdf = pipeline.open_letter(self._db, self._actor, row.id)
        except KoersError as exc:
            self._show_error(error_text(exc))
            return
        LetterPreviewDialog(f"Brief {KIND_LABEL[row.kind]} {row.kenmerk}", pdf, parent=self,
                            note=f"Aangemaakt op {format_date(row.issued_at.astimezone(AMSTERDAM).date())}, nog "
                                 "niet verzonden", file_name=f"{row.kenmerk}.pdf").exec()

    def mark_sent(self) -> None:
        ids = self.model.checked_ids()
        if not ids or not self.may_send:
            return
        try:
            sent_on = parse_date(self.sent_edit.text(), "de verzenddatum", required=True)
        except KoersError as exc:
            self._show_error(exc.message)
            self.sent_edit.setFocus()
            return
        if not dialogs.ask_confirm(self, "Markeren als verzonden", f"{plural(len(ids), 'brief', 'brieven')} als "
                                   f"verzonden markeren op {format_date(sent_on)}?", yes="Markeren", no="Annuleren"):
            return
        try:
            count = pipeline.mark_sent(self._db, self._actor, ids, sent_on)
        except KoersError as exc:
            self._show_error(error_text(exc))
            return
        self.error_panel.hide()
        self.status.setText(f"{plural(count, 'brief', 'brieven')} gemarkeerd als verzonden op {format_date(sent_on)}.")
        self.refresh()

    def _show_error(self, text: str) -> None:
        self.error_panel.setText(text)
        self.error_panel.show()

