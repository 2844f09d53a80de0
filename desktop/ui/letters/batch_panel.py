"""One run of 'Brieven maken': issuing in the background, then printing or saving, then 'verzonden'.

Issuing runs in a BackgroundTask (progress bar, Annuleren between letters); each letter is archived as it
is made, so cancelling keeps the letters already made. Afterwards the printer PDF (all letters of this run)
can be saved or printed (printing also runs in the background), and the letters of this run can be
marked as sent on a date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError
from desktop.core.letters import pipeline
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import parse_date
from desktop.ui import dialogs
from desktop.ui.letters.output import print_pages, save_pdf
from desktop.ui.messages import error_text
from desktop.ui.worker import BackgroundTask

DONE_STYLE = ("QFrame#BatchDone { background: #e8f5e9; border: 1px solid #b7dfb9; border-radius: 6px; }"
              "QFrame#BatchDone QLabel { color: #1b5e20; }")


BATCH_UNEXPECTED = ("Er ging iets mis. De brieven die al klaar waren, zijn bewaard in het archief. Probeer het opnieuw; "
                    "lukt het niet, meld dit dan bij de beheerder.")


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class BatchPanel(QWidget):
    """Shows nothing until `start`; then the progress, and when done what to do with the pipeline."""

    finished = Signal(object)  # BatchResult, also after a cancel
    sent = Signal(int)  # letters marked as sent
    error = Signal(str)  # a message for the page's error panel

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.task: BackgroundTask | None = None
        self.print_task: BackgroundTask | None = None
        self.result: pipeline.BatchResult | None = None
        self.letter_date: date | None = None
        self.may_send = audit.allowed(actor, Action.LETTER_SEND)

        # running
        self.progress = QProgressBar()
        self.progress.setFormat("%v van %m")
        self.progress.setMinimumWidth(260)
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.clicked.connect(self.cancel)
        self.running_note = QLabel("Brieven die al gemaakt zijn, blijven gemaakt en bewaard, ook als u annuleert. "
                                   "Annuleren stopt na de brief die nu wordt gemaakt.", objectName="Muted")
        self.running_note.setWordWrap(True)
        run_row = QHBoxLayout()
        run_row.setContentsMargins(0, 0, 0, 0)
        run_row.addWidget(self.progress)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.running_note, 1)
        self.running = QWidget()
        self.running.setLayout(run_row)

        # done
        self.done = QFrame(objectName="BatchDone")
        self.done.setStyleSheet(DONE_STYLE)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton("Afdruk bewaren…")
        self.save_button.setToolTip("Alle brieven van deze ronde in één PDF, voor de printer")
        self.save_button.clicked.connect(self.save_printer_pdf)
        self.print_button = QPushButton("Afdrukken…")
        self.print_button.clicked.connect(self.print_letters)
        self.sent_label = QLabel("Verzonden op")
        self.sent_edit = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.sent_edit.setMaximumWidth(120)
        self.sent_edit.setAccessibleName("Verzenddatum")
        self.sent_edit.returnPressed.connect(self.mark_sent)
        self.sent_button = QPushButton("Markeren als verzonden", objectName="Primary")
        self.sent_button.clicked.connect(self.mark_sent)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        for w in (self.sent_label, self.sent_edit, self.sent_button):
            actions.addWidget(w)
            w.setVisible(self.may_send)
        done_layout = QVBoxLayout(self.done)
        done_layout.addWidget(self.summary)
        done_layout.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.running)
        layout.addWidget(self.done)
        self.running.hide()
        self.done.hide()

    # ---------------------------------------------------------------- issuing

    @property
    def busy(self) -> bool:
        return self.task is not None or self.print_task is not None

    def start(self, jobs: list, letter_date: date) -> None:
        if self.busy:
            return
        db, actor = self._db, self._actor
        task: BackgroundTask | None = None

        def work(progress):
            return pipeline.issue_letters(db, actor, jobs, letter_date=letter_date,
                                         progress=lambda done, total: progress(done, total),
                                         cancelled=lambda: task is not None and task.cancelled)

        task = BackgroundTask(work, self)
        self.task, self.letter_date, self.result = task, letter_date, None
        task.progressed.connect(self._progressed)
        task.finished.connect(self._issue_done)
        task.failed.connect(self._issue_failed)
        self.progress.setRange(0, max(len(jobs), 1))
        self.progress.setValue(0)
        self.progress.setFormat("%v van %m")
        self.cancel_button.setEnabled(True)
        self.running_note.setText(f"Bezig met {plural(len(jobs), 'brief', 'brieven')} maken… Brieven die "
                                  "al gemaakt zijn, blijven gemaakt en bewaard, ook als u annuleert.")
        self.done.hide()
        self.running.show()
        task.start()

    def cancel(self) -> None:
        task = self.task or self.print_task
        if task is None:
            return
        task.cancel()
        self.cancel_button.setEnabled(False)
        if self.task is not None:
            self.running_note.setText("Annuleren… De brief die nu wordt gemaakt, wordt nog afgemaakt en bewaard; "
                                      "de brieven die al gemaakt zijn, blijven gemaakt.")
        else:
            self.running_note.setText("Afdrukken stoppen… De pagina die nu naar de printer gaat, wordt afgemaakt.")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _issue_done(self, result: pipeline.BatchResult) -> None:
        self.task = None
        self.result = result
        self.running.hide()
        made = len(result.letter_ids)
        lines = [f"{plural(made, 'brief', 'brieven')} gemaakt en bewaard in het archief."]
        if result.cancelled:
            kept = ("de brief die al klaar was, blijft gemaakt" if made == 1 else
                    f"de {made} brieven die al klaar waren, blijven gemaakt" if made else "er is geen brief gemaakt")
            lines.append(f"Geannuleerd: {result.total - made} van de {result.total} niet gemaakt; {kept}.")
        if result.parked:
            lines.append(f"{plural(len(result.parked), 'beschikking', 'beschikkingen')} overgeslagen (zie 'Te "
                         "herstellen').")
        if made:
            lines.append("Bewaar of druk de afdruk af, verstuur de brieven en markeer ze daarna als verzonden."
                         if self.may_send else "Bewaar of druk de afdruk af.")
        self.summary.setText(" ".join(lines))
        for w in (self.save_button, self.print_button, self.sent_button, self.sent_edit, self.sent_label):
            w.setEnabled(bool(made))
        self.done.show()
        self.finished.emit(result)

    def _issue_failed(self, exc: BaseException) -> None:
        self.task = None
        self.running.hide()
        self.error.emit(error_text(exc, BATCH_UNEXPECTED))
        self.finished.emit(None)  # the letters made before the failure are archived: the page refreshes

    # ---------------------------------------------------------------- after the run

    def suggested_name(self) -> str:
        return f"brieven-{format_date_short(self.letter_date or clock.today())}.pdf"

    def save_printer_pdf(self) -> None:
        if self.result is None or not self.result.printer_pdf:
            return
        try:
            path = save_pdf(self, self.result.printer_pdf, "Brieven voor de printer bewaren", self.suggested_name())
        except OSError as exc:
            self.error.emit(f"De afdruk kon niet worden bewaard: {exc.strerror or exc}. Kies een andere map.")
            return
        if path is not None:
            self.summary.setText(f"{plural(len(self.result.letter_ids), 'brief', 'brieven')} gemaakt; de afdruk is "
                                 f"bewaard als {path.name}." + (" Markeer de brieven als verzonden zodra ze de deur "
                                                                "uit gaan." if self.may_send else ""))

    def print_letters(self) -> None:
        if self.result is None or not self.result.printer_pdf or self.busy:
            return
        printer = dialogs.ask_printer(self, "Brieven afdrukken")
        if printer is None:
            return
        data = self.result.printer_pdf
        task = BackgroundTask(lambda progress: print_pages(printer, data, progress), self)
        self.print_task = task
        task.progressed.connect(self._progressed)
        task.finished.connect(self._print_done)
        task.failed.connect(self._print_failed)
        self.progress.setRange(0, 0)
        self.progress.setFormat("pagina %v van %m")
        self.cancel_button.setEnabled(True)
        self.running_note.setText("Bezig met afdrukken…")
        self.running.show()
        self.done.setEnabled(False)
        task.start()

    def _print_done(self, pages: int) -> None:
        self.print_task = None
        self.running.hide()
        self.done.setEnabled(True)
        self.summary.setText(f"{plural(pages, 'pagina', 'pagina’s')} naar de printer gestuurd." +
                             (" Markeer de brieven als verzonden zodra ze de deur uit gaan." if self.may_send else ""))

    def _print_failed(self, exc: BaseException) -> None:
        self.print_task = None
        self.running.hide()
        self.done.setEnabled(True)
        self.error.emit(str(exc) if isinstance(exc, (OSError, ValueError)) else error_text(exc, BATCH_UNEXPECTED))

    def mark_sent(self) -> None:
        if self.result is None or not self.result.letter_ids or not self.may_send or self.busy:
            return
        ids = list(self.result.letter_ids)
        try:
            sent_on = parse_date(self.sent_edit.text(), "de verzenddatum", required=True)
        except KoersError as exc:
            self.error.emit(exc.message)
            self.sent_edit.setFocus()
            return
        if not dialogs.ask_confirm(self, "Markeren als verzonden",
                                   f"De {plural(len(ids), 'brief', 'brieven')} van deze ronde als verzonden markeren "
                                   f"op {format_date(sent_on)}?", yes="Markeren", no="Annuleren"):
            return
        try:
            count = pipeline.mark_sent(self._db, self._actor, ids, sent_on)
        except KoersError as exc:
            self.error.emit(error_text(exc))
            return
        self.summary.setText(f"{plural(count, 'brief', 'brieven')} gemarkeerd als verzonden op {format_date(sent_on)}.")
        for w in (self.sent_button, self.sent_edit, self.sent_label):
            w.setEnabled(False)
        self.sent.emit(count)

    def wait(self, ms: int = 30_000) -> None:
        for task in (self.task, self.print_task):
            if task is not None:
                task.wait(ms)

