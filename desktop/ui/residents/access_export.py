"""An access request (AVG art. 15) answered from the screen: the resident's whole file as a readable PDF, the JSON
and the letters as sent, written into a folder the user chooses (desktop/core/privacy/access_export.py).

One panel serves both places it is asked for: the resident's file (casusregisseur; the client number is the open
file's) and Beheer (beheerder, who opens no files: they type the client number). The reason or kenmerk of the
request is required (the core's rule, checked before the folder is asked) and goes into the access log. The work runs off the GUI thread
(BackgroundTask) with a progress bar. There is no Annuleren while it runs: the export is logged the moment it
starts and takes a second or two for one resident; stopping halfway would only leave half a set of files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.privacy.access_export import AccessFiles, request_reason, write_access_files
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.worker import BackgroundTask

TITLE = "Inzageverzoek exporteren"
EXPLANATION = ("Een inwoner heeft het recht te zien wat de gemeente over hem of haar bewaart (artikel 15 AVG). Koers "
               "maakt in een map die u kiest: een PDF om aan de inwoner te geven, hetzelfde als JSON-bestand, "
               "elke verstuurde brief als eigen PDF en elk document uit het dossier. Wie wanneer exporteert en "
               "waarom, komt in het toegangslog, ook in het overzicht zelf. Geef de bestanden alleen aan de "
               "inwoner of de wettelijk vertegenwoordiger.")
REASON_LABEL = "Reden of kenmerk van het verzoek"


class AccessExportPanel(QWidget):
    """Client number (typed, or fixed to the open file), the reason of the request, 'Map kiezen en exporteren…',
    progress, and where it went."""

    exported = Signal(object)  # AccessFiles

    def __init__(self, db: Database, actor: Actor, client_number: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.task: BackgroundTask | None = None
        self.files: AccessFiles | None = None
        intro = QLabel(EXPLANATION, objectName="Muted", wordWrap=True)
        self.client_number = QLineEdit(client_number or "", placeholderText="bijv. K0000012")
        self.client_number.setMaximumWidth(180)
        self.client_number.setReadOnly(client_number is not None)
        self.client_number.returnPressed.connect(self.start)
        self.reason = QLineEdit(placeholderText="bijv. brief van 12 november 2026, kenmerk INZ/88")
        self.reason.setMinimumWidth(360)
        self.reason.setToolTip("Waarom u exporteert: het kenmerk of een korte omschrijving van het verzoek "
                               "(minstens 5 tekens). Het komt in het toegangslog.")
        self.reason.returnPressed.connect(self.start)
        self.export_button = QPushButton("Map kiezen en exporteren…", objectName="Primary")
        self.export_button.clicked.connect(self.start)
        self.progress = QProgressBar()
        self.progress.setFormat("%v van %m bestanden")
        self.progress.hide()
        self.result = QLabel(wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the folder can be copied
        self.result.hide()
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()
        fields = QWidget()  # the fields and the button stay together, also in Beheer's wide tab
        fields.setMaximumWidth(720)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Cliëntnummer" if client_number is not None else "Cliëntnummer *", self.client_number)
        form.addRow(f"{REASON_LABEL} *", self.reason)
        row = QHBoxLayout()
        row.addWidget(QLabel("Velden met * zijn verplicht.", objectName="Muted"))
        row.addStretch(1)
        row.addWidget(self.export_button)
        inner = QVBoxLayout(fields)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        inner.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(fields)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addStretch(1)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self) -> None:
        if self.busy:
            return
        clear_marks([self.client_number, self.reason])
        self.error.hide()
        number = self.client_number.text().strip()
        reason = self.reason.text()
        problems: dict[str, str] = {}
        if not number:
            problems["client_number"] = "Vul het cliëntnummer van de inwoner in, bijvoorbeeld K0000012."
        try:
            request_reason(reason)
        except KoersError as exc:
            problems["reason"] = exc.message
        if problems:
            self._fail_text("\n".join(problems.values()))
            self._mark(problems)
            return
        folder = dialogs.ask_folder(self, "Map voor het inzageverzoek kiezen")
        if folder is None:
            return
        db, actor = self._db, self._actor

        def work(progress):
            return write_access_files(db, actor, number, Path(folder), lambda done, total: progress(done, total),
                                      reason=reason)

        task = BackgroundTask(work, self)
        self.task = task
        task.progressed.connect(self._progressed)
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        self.result.hide()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.show()
        self.export_button.setEnabled(False)
        task.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, files: AccessFiles) -> None:
        self.task, self.files = None, files
        self.progress.hide()
        self.export_button.setEnabled(True)
        count = len(files.letter_paths)
        letters = ("Er zijn geen brieven." if not count else
                   f"De {'brief staat' if count == 1 else f'{count} brieven staan'} in de map "
                   f"{files.letter_paths[0].parent.name}.")
        count = len(files.document_paths)
        documents = ("" if not count else
                     f" {'Het document staat' if count == 1 else f'De {count} documenten staan'} in de map "
                     f"{files.document_paths[0].parent.name}.")
        self.result.setText(
            f"Klaar. De bestanden staan in {files.pdf_path.parent}:\n"
            f"• {files.pdf_path.name}: het overzicht om aan de inwoner te geven\n"
            f"• {files.json_path.name}: dezelfde gegevens voor een computer\n"
            f"{letters}{documents} De export staat in het toegangslog, met de reden.")
        self.reason.clear()  # the next export is another request
        self.result.show()
        self.exported.emit(files)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self._fail_text(error_text(exc, "Het inzageverzoek is niet geëxporteerd."))
        if isinstance(exc, KoersError) and exc.field_errors:
            self._mark(exc.field_errors)

    def _mark(self, problems: dict[str, str]) -> None:
        mark_fields({"client_number": self.client_number, "reason": self.reason}, problems)

    def _fail_text(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class AccessExportDialog(QDialog):
    """The panel for the open file, in its own window with Sluiten."""

    def __init__(self, db: Database, actor: Actor, client_number: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE}: {name}")
        self.setMinimumWidth(620)
        self.resize(760, 440)  # room for the wrapped explanation, the two fields and the list of files written
        self.panel = AccessExportPanel(db, actor, client_number, self)
        self.panel.reason.setFocus()  # the number is the open file's: the reason is what to type
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)

    def reject(self) -> None:
        if self.panel.busy:  # the files are being written: closing waits for them
            return
        super().reject()
