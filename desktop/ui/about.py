"""'Over Koers': the version (pyproject.toml's, through desktop.version), the database in use and the log folder,
what a beheerder or the helpdesk asks first; and the licences of what Koers ships (DejaVu, Qt).

Opened from the main window's status bar and with Shift+F1 (listed under F1), and from the sign-in dialog. The
database is named as the status bar names it (describe_target: a file's path, a server's address without its
password).
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.version import name_and_version, version

TITLE = "Over Koers"
KEYS = "Shift+F1"
NO_DATABASE = "geen database geopend"


def database_text(url: str | None) -> str:
    if not url:
        return NO_DATABASE
    from desktop.core.maintenance.database import describe_target

    return describe_target(url)


def licence_text() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return (f"Koers is vrije software onder de EUPL-1.2. Brieven en andere PDF's bevatten de lettertypen DejaVu "
            f"(vrije licentie van Bitstream Vera en DejaVu, bijgeleverd als LICENSE-DejaVu.txt). Het venster "
            f"gebruikt Qt {qVersion()} via PySide6 {PySide6.__version__}, onder de GNU LGPL versie 3; "
            f"Python {platform.python_version()}.")


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class AboutDialog(QDialog):
    """`database_url`: the open database's URL, or None before one could be opened."""

    def __init__(self, database_url: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(560)
        self.folder = logs.log_folder()
        heading = QLabel(name_and_version(), objectName="PageTitle")
        heading.setAccessibleName(name_and_version())
        what = QLabel("Casusregie voor de Wmo 2015 en de Jeugdwet.")
        self.version = _selectable(version())
        self.database = _selectable(database_text(database_url))
        self.log_path = _selectable(str(self.folder))
        self.copy_button = QPushButton("Pad kopiëren")
        self.copy_button.setToolTip("Kopieer het pad van de logmap, om het bij een melding te plakken")
        self.copy_button.clicked.connect(self.copy_path)
        self.open_button = QPushButton("Map openen")
        self.open_button.setToolTip("Open de logmap in de bestandsbeheerder")
        self.open_button.clicked.connect(self.open_folder)
        self.feedback = QLabel(objectName="Muted")
        self.feedback.setWordWrap(True)
        self.feedback.hide()
        log_buttons = QHBoxLayout()
        log_buttons.addWidget(self.copy_button)
        log_buttons.addWidget(self.open_button)
        log_buttons.addStretch(1)
        log_note = QLabel(f"In {logs.LOG_NAME} staan alleen technische gegevens (foutcodes en waar in Koers iets "
                          "misging), geen namen of BSN's. Noem bij een melding de foutcode uit de foutmelding.",
                          objectName="Muted")
        log_note.setWordWrap(True)
        log_box = QVBoxLayout()
        log_box.addLayout(log_buttons)
        log_box.addWidget(self.feedback)
        log_box.addWidget(log_note)
        form = QGridLayout()  # not a QFormLayout: that centres a label beside a value that wraps
        form.setColumnStretch(1, 1)
        for row, (name, value) in enumerate((("Versie", self.version), ("Database", self.database),
                                             ("Logmap", self.log_path))):
            label = QLabel(name)
            label.setBuddy(value)
            form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            form.addWidget(value, row, 1)
        form.addLayout(log_box, 3, 1)
        self.licence = QLabel(licence_text(), objectName="Muted")
        self.licence.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(what)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.licence)
        layout.addWidget(buttons)
        close.setDefault(True)
        close.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        """Everything the dialog says, as one string (for tests and for a screen reader's summary)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel) if label.text())

    def copy_path(self) -> None:
        QApplication.clipboard().setText(str(self.folder))
        self._say(f"Het pad is gekopieerd: {self.folder}")

    def open_folder(self) -> None:
        """Opens the log folder in the file manager; it exists once Koers has logged anything, so it is made here
        when it does not yet (an empty folder, rather than a refusal)."""
        try:
            Path(self.folder).mkdir(parents=True, exist_ok=True)
            opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        except OSError:
            opened = False
        if not opened:
            self._say(f"De map kon niet worden geopend. Het pad is {self.folder}; kopieer het met 'Pad kopiëren'.")

    def _say(self, text: str) -> None:
        self.feedback.setText(text)
        self.feedback.show()


def offer_in(buttons: QDialogButtonBox, show: Callable[[], None]) -> QPushButton:
    """An 'Over Koers' button in another dialog's button row (the sign-in dialog): `show` opens this dialog."""
    button = buttons.addButton(TITLE, QDialogButtonBox.ButtonRole.HelpRole)
    button.setAutoDefault(False)
    buttons.helpRequested.connect(show)
    return button
