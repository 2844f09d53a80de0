"""Beheer > Brieven > Briefhoofd: the municipality, addresses, signer, objection address, court, CAK amount, logo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.letters import letterhead
from desktop.core.nl import format_number
from desktop.core.parse import parse_money
from desktop.ui import dialogs
from desktop.ui.messages import error_text

LOGO_FILTER = "Afbeeldingen (*.png *.jpg *.jpeg);;Alle bestanden (*)"


def _lines_edit(accessible: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(accessible)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 14)
    return edit


class LetterheadForm(QWidget):
    saved = Signal()  # settings or logo changed: the preview shows them

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.municipality = QLineEdit(placeholderText="Gemeente Koersveen")
        self.address_lines = _lines_edit("Adres in het briefhoofd")
        self.address_lines.setPlaceholderText("Postbus 100\n7000 AA  Koersveen")
        self.contact_lines = _lines_edit("Contactgegevens")
        self.contact_lines.setPlaceholderText("Telefoon 14 0314\nwww.koersveen.nl")
        self.signer_name = QLineEdit(placeholderText="J. Hendriksen")
        self.signer_title = QLineEdit(placeholderText="teammanager Sociaal Domein")
        self.objection_address = QLineEdit(placeholderText="College van burgemeester en wethouders, Postbus 100, …")
        self.objection_url = QLineEdit(placeholderText="www.koersveen.nl/bezwaar (leeg: alleen per post)")
        self.court_name = QLineEdit(placeholderText="rechtbank Gelderland")
        self.cak_monthly = QLineEdit(placeholderText="21,80")
        self.cak_monthly.setMaximumWidth(120)
        self.save_button = QPushButton("Opslaan", objectName="Primary")
        self.save_button.clicked.connect(self.save)
        for edit in (self.municipality, self.signer_name, self.signer_title, self.objection_address,
                     self.objection_url, self.court_name, self.cak_monthly):
            edit.returnPressed.connect(self.save)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        self.status = QLabel("", objectName="Muted")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Naam van de gemeente", self.municipality)
        form.addRow("Adres (hoogstens 4 regels)", self.address_lines)
        form.addRow("Contact (hoogstens 4 regels)", self.contact_lines)
        form.addRow("Ondertekenaar", self.signer_name)
        form.addRow("Functie ondertekenaar", self.signer_title)
        form.addRow("Adres voor bezwaar", self.objection_address)
        form.addRow("Digitaal bezwaar (webadres)", self.objection_url)
        form.addRow("Rechtbank", self.court_name)
        form.addRow("Eigen bijdrage CAK per maand (€)", self.cak_monthly)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status, 1)
        form.addRow("", save_row)
        settings_box = QGroupBox("Briefhoofd en ondertekening")
        sl = QVBoxLayout(settings_box)
        sl.addWidget(self.error_panel)
        sl.addLayout(form)
        sl.addStretch(1)

        # logo
        self.logo_view = QLabel("Geen logo", objectName="Muted")
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setFixedSize(220, 90)
        self.logo_view.setStyleSheet("QLabel { background: white; border: 1px solid #d5dbe0; border-radius: 4px; }")
        self.logo_button = QPushButton("Logo kiezen…")
        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Logo verwijderen")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.logo_error = QLabel(objectName="ErrorPanel")
        self.logo_error.setWordWrap(True)
        self.logo_error.hide()
        logo_note = QLabel("PNG of JPEG, tot 2 MB; het logo staat linksboven op elke brief.", objectName="Muted")
        logo_note.setWordWrap(True)
        logo_box = QGroupBox("Logo")
        ll = QVBoxLayout(logo_box)
        ll.addWidget(self.logo_view)
        ll.addWidget(logo_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        ll.addLayout(buttons)
        ll.addWidget(self.logo_error)
        ll.addStretch(1)

        layout = QHBoxLayout(self)
        layout.addWidget(settings_box, 3)
        layout.addWidget(logo_box, 1)
        self.load()

    def load(self) -> None:
        s = letterhead.letter_settings(self._db)
        self.municipality.setText(s.municipality)
        self.address_lines.setPlainText("\n".join(s.address_lines))
        self.contact_lines.setPlainText("\n".join(s.contact_lines))
        self.signer_name.setText(s.signer_name)
        self.signer_title.setText(s.signer_title)
        self.objection_address.setText(s.objection_address)
        self.objection_url.setText(s.objection_url)
        self.court_name.setText(s.court_name)
        self.cak_monthly.setText(format_number(s.cak_monthly, 2))
        self._show_logo()
        self._loaded = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return (self.municipality.text(), self.address_lines.toPlainText(), self.contact_lines.toPlainText(),
                self.signer_name.text(), self.signer_title.text(), self.objection_address.text(),
                self.objection_url.text(), self.court_name.text(), self.cak_monthly.text())

    unsaved_label = "Beheer > Brieven > Briefhoofd en logo"

    def has_changes(self) -> bool:
        """Typed and not saved: closing Koers asks first (MainWindow.unsaved_windows)."""
        return self._typed() != self._loaded

    def save(self) -> None:
        try:
            cak = parse_money(self.cak_monthly.text(), "de eigen bijdrage per maand", field="cak_monthly_cents")
            letterhead.save_letter_settings(
                self._db, self._actor, municipality=self.municipality.text(),
                address_lines=self.address_lines.toPlainText().split("\n"),
                contact_lines=self.contact_lines.toPlainText().split("\n"), signer_name=self.signer_name.text(),
                signer_title=self.signer_title.text(), objection_address=self.objection_address.text(),
                court_name=self.court_name.text(), cak_monthly=cak, objection_url=self.objection_url.text())
        except KoersError as exc:
            self.error_panel.setText(error_text(exc))
            self.error_panel.show()
            self.status.setText("")
            return
        self.error_panel.hide()
        self.load()
        self.status.setText("Opgeslagen.")
        self.saved.emit()

    # ---------------------------------------------------------------- logo

    def _show_logo(self) -> None:
        data = letterhead.logo(self._db)
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            box = self.logo_view.size() - QSize(12, 12)
            self.logo_view.setPixmap(pixmap.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText("Geen logo")
        self.remove_logo_button.setEnabled(bool(data))

    def choose_logo(self) -> None:
        path = dialogs.ask_open_path(self, "Logo kiezen", LOGO_FILTER)
        if not path:
            return
        try:
            data = Path(path).read_bytes()
            letterhead.set_logo(self._db, self._actor, data)
        except OSError as exc:
            self._logo_error(f"Het bestand kon niet worden gelezen: {exc.strerror or exc}.")
            return
        except KoersError as exc:
            self._logo_error(exc.message)
            return
        self.logo_error.hide()
        self._show_logo()
        self.saved.emit()

    def remove_logo(self) -> None:
        if not dialogs.ask_confirm(self, "Logo verwijderen", "Het logo van de brieven verwijderen? Nieuwe brieven "
                                   "krijgen dan geen logo; brieven die al zijn gemaakt, blijven zoals ze zijn.",
                                   yes="Verwijderen", no="Annuleren"):
            return
        try:
            letterhead.remove_logo(self._db, self._actor)
        except KoersError as exc:
            self._logo_error(exc.message)
            return
        self.logo_error.hide()
        self._show_logo()
        self.saved.emit()

    def _logo_error(self, text: str) -> None:
        self.logo_error.setText(text)
        self.logo_error.show()
