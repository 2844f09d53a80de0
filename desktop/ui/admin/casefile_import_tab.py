"""Beheer > Dossiers inlezen: residents with their case files from another system (a koers-dossier file), checked
whole first, then stored whole, off the GUI thread with a progress bar that can cancel (nothing is then stored).
The same core as `koers import`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.privacy import case_import
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.worker import BackgroundTask

INTRO = ("Lees inwoners met hun casussen, plannen, beschikkingen, uren, evaluaties en brieven in uit een ander "
         "systeem. Het bestand is een koers-dossier (JSON), zoals Koers het zelf maakt met 'koers export-client "
         "--gegevens'; de leverancier van het andere systeem vindt de beschrijving in de documentatie van Koers "
         "(dossier-format). Koers controleert eerst het hele bestand en slaat daarna alles in één keer op, of niets.")


class CaseFileImportTab(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.path: Path | None = None
        self.checked_ok = False
        self.task: BackgroundTask | None = None
        intro = QLabel(INTRO, wordWrap=True)
        self.choose_button = QPushButton("&Bestand kiezen…")
        self.choose_button.clicked.connect(self.choose)
        self.path_label = QLabel("Nog geen bestand gekozen.", wordWrap=True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton("&Controleren", enabled=False)
        self.check_button.setToolTip("Controleert het hele bestand; er wordt nog niets opgeslagen.")
        self.check_button.clicked.connect(self.start_check)
        self.import_button = QPushButton("&Inlezen", enabled=False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("&Afbreken")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Voortgang van het inlezen")
        self.progress.hide()
        self.status = QLabel("", wordWrap=True)
        self.status.setAccessibleName("Uitkomst")
        self.problems_model = QStringListModel()
        self.problems_view = QListView()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setWordWrap(True)
        self.problems_view.setAlternatingRowColors(True)  # one problem per band: where it is, then what is wrong
        self.problems_view.setSpacing(2)
        self.problems_view.setAccessibleName("Wat er niet klopt in het bestand")
        self.problems_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.problems_view.hide()
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.path_label, 1)
        buttons = QHBoxLayout()
        for button in (self.check_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.problems_view, 1)
        layout.addStretch(0)

    def choose(self) -> None:
        chosen = dialogs.ask_open_path(self, "Dossierbestand kiezen", "Koers-dossier (*.json)")
        if chosen:
            self.set_file(Path(chosen))

    def set_file(self, path: Path) -> None:
        self.path = path
        self.checked_ok = False
        self.path_label.setText(str(path))
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self.problems_view.hide()
        self.status.setText("Klik op Controleren: er wordt dan nog niets opgeslagen.")

    def _busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy and self.path is not None)
        self.import_button.setEnabled(not busy and self.checked_ok)

    def start_check(self) -> None:
        if self.path is None or self.task is not None:
            return
        db, actor, path = self._db, self._actor, self.path

        def work(progress: Any) -> tuple[int, list[str]]:
            doc = case_import.read_file(path)
            problems = case_import.check(db, actor, doc)
            return len(doc.get("inwoners") or []) if isinstance(doc, dict) else 0, problems

        self._run(work, self._check_done, "Bezig met controleren…")

    def _check_done(self, result: tuple[int, list[str]]) -> None:
        count, problems = result
        self.checked_ok = not problems
        if problems:
            self.problems_model.setStringList(problems)
            self.problems_view.show()
            self.status.setText(f"Het bestand kan zo niet worden ingelezen: {len(problems)} "
                                f"{'punt' if len(problems) == 1 else 'punten'} om te herstellen. Er is niets "
                                "opgeslagen.")
        else:
            self.problems_view.hide()
            self.status.setText(f"Het bestand is in orde: {count} {'inwoner' if count == 1 else 'inwoners'}. "
                                "Klik op Inlezen om alles op te slaan.")
        self._busy(False)

    def start_import(self) -> None:
        if self.path is None or not self.checked_ok or self.task is not None:
            return
        db, actor, path = self._db, self._actor, self.path

        def work(progress: Any) -> case_import.ImportSummary:
            return case_import.import_case_files(db, actor, case_import.read_file(path), progress)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self._run(work, self._import_done, "Bezig met inlezen…")
        assert self.task is not None
        self.task.progressed.connect(self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Afbreken… Er wordt niets opgeslagen.")

    def _import_done(self, summary: case_import.ImportSummary) -> None:
        self._end_progress()
        self.checked_ok = False
        text = (f"{summary.residents} {'inwoner' if summary.residents == 1 else 'inwoners'} ingelezen, met "
                f"{summary.decisions} beschikkingen en {summary.hour_lines} urenregels.")
        renumbered = [f"Cliëntnummer {old} kon niet blijven (al in gebruik, of niet in de vorm K0000012); deze "
                      f"inwoner kreeg {new}."
                      for old, new in summary.renumbered.items()]
        self.problems_model.setStringList(renumbered)
        self.problems_view.setVisible(bool(renumbered))
        self.status.setText(text)
        self._busy(False)

    def _end_progress(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _run(self, work: Any, done: Any, message: str) -> None:
        self.status.setText(message)
        self._busy(True)
        self.task = BackgroundTask(work, self)
        self.task.finished.connect(lambda result: (self._clear_task(), done(result)))
        self.task.failed.connect(lambda exc: (self._clear_task(), self._failed(exc)))
        self.task.start()

    def _clear_task(self) -> None:
        self.task = None

    def _failed(self, exc: BaseException) -> None:
        self._end_progress()
        self.checked_ok = False
        if isinstance(exc, KoersError) and exc.problems:
            self.problems_model.setStringList(exc.problems)
            self.problems_view.show()
            self.status.setText(exc.message)
        else:
            self.problems_view.hide()
            self.status.setText(error_text(exc, "Het inlezen is niet gelukt; er is niets opgeslagen."))
        self._busy(False)
