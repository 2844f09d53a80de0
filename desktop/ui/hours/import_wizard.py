"""Uren inlezen: choose a provider's CSV file, check every line, then store the whole file or nothing.

A calm page in three steps rather than a modal wizard. The check and the import run off the GUI
thread. The import is one transaction: cancelling before it starts stops it; once it runs it either
completes or is rolled back completely, and the page says so.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import Law
from db.units import minutes_to_hours
from desktop.core.access.actor import Actor
from desktop.core.decisions import hours_import
from desktop.core.errors import KoersError
from desktop.core.nl import format_date, format_hours
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.style import MUTED
from desktop.ui.widgets.screen_fit import scrolling
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask

EXPLANATION = (
    "Het bestand is een CSV-bestand zoals Excel het bewaart ('CSV (gescheiden door lijstscheidingsteken)'): "
    "kolommen gescheiden door puntkomma's, met op de eerste regel de kolomnamen "
    "<b>toewijzingnummer;datum;uren;no_show</b>. De datum als dd-mm-jjjj, uren met een decimale komma "
    "(bijv. 2,5), no_show is ja of nee en mag ontbreken. Voorbeeld: <tt>2026000123;02-02-2026;2,5;nee</tt>. "
    "Ook 'Unicode-tekst' uit Excel (tabs) wordt gelezen. Een kolom <b>wet</b> (Wmo of Jeugdwet) mag; zonder die "
    "kolom geldt de wet die u hieronder kiest."
)
RUNNING_NOTE = ("Het bestand wordt in één keer ingelezen. Annuleren kan zolang het inlezen nog niet is begonnen; "
                "daarna wordt het afgerond of helemaal teruggedraaid. Er komt nooit een half bestand in Koers.")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def decision_numbers(text: str) -> dict[int, str]:
    """Line number -> the toewijzingnummer as written in the file (for display; numbered as the check does)."""
    rows = hours_import.read_rows(text)
    if not rows:
        return {}
    header = [hours_import.ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in rows[0]]
    if "toewijzingnummer" not in header:
        return {}
    col = header.index("toewijzingnummer")
    return {n: row[col].strip() for n, row in enumerate(rows[1:], start=2) if len(row) > col}


def _step_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class HoursImportPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.path: Path | None = None
        self.check: hours_import.ImportCheck | None = None
        self.check_task: BackgroundTask | None = None
        self.import_task: BackgroundTask | None = None
        self._import_started = threading.Event()

        title = QLabel("Uren inlezen", objectName="PageTitle")
        intro = QLabel("Lees de gerealiseerde uren van een aanbieder in uit een CSV-bestand. Koers controleert eerst "
                       "elke regel en leest daarna het hele bestand in, of niets.", objectName="Muted")
        intro.setWordWrap(True)

        # Step 1: choose a file
        explanation = QLabel(EXPLANATION, objectName="Muted")
        explanation.setWordWrap(True)
        self.choose_button = QPushButton("Bestand kiezen…")
        self.choose_button.clicked.connect(self.choose_file)
        self.path_label = QLabel("Nog geen bestand gekozen.", objectName="Muted")
        self.path_label.setWordWrap(True)
        self.law_combo = QComboBox()
        self.law_combo.addItem("Uit het bestand, of waar het nummer bestaat", None)
        self.law_combo.addItem("Wmo 2015", Law.WMO)
        self.law_combo.addItem("Jeugdwet", Law.JEUGDWET)
        self.law_combo.setAccessibleName("Wet van de uren")
        self.law_combo.setToolTip("Een toewijzingnummer is uniek binnen één wet. Kies de wet als het bestand geen "
                                  "kolom wet heeft en een nummer onder beide wetten bestaat.")
        self.law_combo.currentIndexChanged.connect(self._law_changed)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addWidget(self.path_label, 1)
        choose_row.addWidget(QLabel("Wet:"))
        choose_row.addWidget(self.law_combo)

        # Step 2: check
        self.check_button = QPushButton("Controleren")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.start_check)
        self.check_status = QLabel("", objectName="Muted")
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_status, 1)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        self.rejected_title = QLabel("Regels die niet kloppen")
        self.rejected_model = RowsTableModel(["Regel", "Reden"], right_aligned=(0,), parent=self)
        self.rejected_table = make_table_view(self.rejected_model, long_list=True, widths=(70, 600))
        self.accepted_title = QLabel("Regels die kloppen")
        self.accepted_model = RowsTableModel(["Regel", "Toewijzing", "Datum", "Uren", "No-show"],
                                             right_aligned=(0, 3), parent=self)
        self.accepted_table = make_table_view(self.accepted_model, long_list=True, widths=(70, 130, 170, 90, 80))
        for w in (self.rejected_title, self.rejected_table, self.accepted_title, self.accepted_table):
            w.hide()

        # Step 3: import
        self.import_button = QPushButton("Inlezen", objectName="Primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: one transaction has no meaningful steps to count
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.clicked.connect(self.cancel_import)
        self.cancel_button.hide()
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_button)
        import_row.addWidget(self.progress)
        import_row.addWidget(self.cancel_button)
        import_row.addStretch(1)
        self.import_note = QLabel("", objectName="Muted")
        self.import_note.setWordWrap(True)
        self.import_note.hide()
        self.done_label = QLabel(objectName="DoneLabel")
        self.done_label.setStyleSheet("QLabel { background: #e8f5e9; color: #1b5e20; border: 1px solid #b7dfb9; "
                                      "border-radius: 6px; padding: 8px; }")
        self.done_label.setWordWrap(True)
        self.done_label.hide()

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d5dbe0;")
        content = QWidget()  # the three steps scroll on a low screen; the tables stretch on a tall one
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.done_label)
        layout.addSpacing(6)
        layout.addWidget(_step_title("1. Bestand kiezen"))
        layout.addWidget(explanation)
        layout.addLayout(choose_row)
        layout.addSpacing(6)
        layout.addWidget(_step_title("2. Controleren"))
        layout.addLayout(check_row)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.rejected_title)
        layout.addWidget(self.rejected_table, 1)
        layout.addWidget(self.accepted_title)
        layout.addWidget(self.accepted_table, 2)
        layout.addSpacing(6)
        layout.addWidget(line)
        layout.addWidget(_step_title("3. Inlezen"))
        layout.addLayout(import_row)
        layout.addWidget(self.import_note)
        layout.addStretch(0)

    # Step 1 ---------------------------------------------------------------------------------------------------

    def ask_file(self) -> str:
        """The file dialog; tests replace this method."""
        return dialogs.ask_open_path(self, "Urenbestand kiezen",
                                     "CSV-bestanden (*.csv *.txt);;Alle bestanden (*)") or ""

    def choose_file(self) -> None:
        if self._busy():
            return
        chosen = self.ask_file()
        if not chosen:
            return
        self.set_file(Path(chosen))

    def set_file(self, path: Path) -> None:
        self._clear_preview()
        self.done_label.hide()
        self.path = Path(path)
        self.path_label.setText(str(self.path))
        self.path_label.setStyleSheet("color: #1d2a33;")
        self.check_button.setEnabled(True)
        self.check_status.setText("Klik op Controleren: er wordt dan nog niets opgeslagen.")

    # Step 2 ---------------------------------------------------------------------------------------------------

    def start_check(self) -> None:
        if self.path is None or self._busy():
            return
        self._clear_preview()
        self.done_label.hide()
        db, actor, path, law = self._db, self._actor, self.path, self.law_combo.currentData()

        def work(progress):
            check = hours_import.check_file(db, actor, path, law)
            return check, decision_numbers(hours_import.read_text(path))

        self._set_buttons(busy=True)
        self.check_status.setText("Bezig met controleren…")
        self.check_task = BackgroundTask(work, self)
        self.check_task.finished.connect(self._check_done)
        self.check_task.failed.connect(self._check_failed)
        self.check_task.start()

    def _check_done(self, result) -> None:
        self.check_task = None
        check, numbers = result
        self.check = check
        self._set_buttons(busy=False)
        total = len(check.lines) + len(check.rejected)
        accepted = [(str(x.line), numbers.get(x.line, str(x.decision_id)), format_date(x.service_date),
                     format_hours(minutes_to_hours(x.minutes)), "ja" if x.no_show else "nee") for x in check.lines]
        self.accepted_model.set_rows(accepted)
        self.accepted_title.setText(f"Regels die kloppen ({len(check.lines)})")
        self.accepted_title.setVisible(bool(accepted))
        self.accepted_table.setVisible(bool(accepted))
        if check.rejected:
            wrong = len(check.rejected)
            self.rejected_model.set_rows([(str(n), reason) for n, reason in check.rejected])
            self.rejected_title.setText(f"Regels die niet kloppen ({wrong})")
            self.rejected_title.show()
            self.rejected_table.show()
            self._show_error(f"{wrong} van {total} {_plural(total, 'regel', 'regels')} "
                             f"{_plural(wrong, 'klopt', 'kloppen')} niet: er wordt niets ingelezen tot het hele "
                             "bestand klopt. Herstel het bestand en controleer het opnieuw.")
            self.check_status.setText("")
        else:
            self.check_status.setText("De regel klopt. Klik op Inlezen om hem op te slaan." if total == 1 else
                                      f"Alle {total} regels kloppen. Klik op Inlezen om ze op te slaan.")
        self.import_button.setEnabled(check.ok)

    def _check_failed(self, exc) -> None:
        self.check_task = None
        self._set_buttons(busy=False)
        self.check_status.setText("")
        self._show_error(self._message(exc))

    # Step 3 ---------------------------------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.path is None or self.check is None or not self.check.ok or self._busy():
            return
        db, actor, path, law = self._db, self._actor, self.path, self.law_combo.currentData()
        started = self._import_started = threading.Event()

        def work(progress):
            if not progress(0, 0):  # cancelled before it began: nothing has been touched
                return None
            started.set()
            return hours_import.import_file(db, actor, path, law)

        self._set_buttons(busy=True)
        self.error_panel.hide()
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.import_note.setText(RUNNING_NOTE)
        self.import_note.show()
        self.import_task = BackgroundTask(work, self)
        self.import_task.finished.connect(self._import_done)
        self.import_task.failed.connect(self._import_failed)
        self.import_task.start()

    def cancel_import(self) -> None:
        if self.import_task is None:
            return
        self.import_task.cancel()
        self.cancel_button.setEnabled(False)
        if self._import_started.is_set():
            self.import_note.setText("Het inlezen was al begonnen en kan niet meer worden onderbroken: het wordt "
                                     "afgerond of helemaal teruggedraaid. Er komt nooit een half bestand in Koers.")
        else:
            self.import_note.setText("Annuleren…")

    def _end_import(self) -> None:
        self.import_task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.import_note.hide()
        self._set_buttons(busy=False)

    def _import_done(self, check) -> None:
        self._end_import()
        if check is None:
            self.import_note.setText("Geannuleerd: er is niets ingelezen.")
            self.import_note.show()
            return
        name = self.path.name if self.path else ""
        count = len(check.lines)
        self._reset()
        self.done_label.setText(f"{count} {_plural(count, 'regel', 'regels')} ingelezen uit {name}.")
        self.done_label.show()

    def _import_failed(self, exc) -> None:
        self._end_import()
        self.import_button.setEnabled(False)  # the file or the decisions changed: check again first
        message = self._message(exc)
        problems = getattr(exc, "problems", None) or []
        if problems:
            message += "\n" + "\n".join(problems[:10]) + ("\n…" if len(problems) > 10 else "")
        self._show_error(message + "\nControleer het bestand opnieuw.")

    # Helpers --------------------------------------------------------------------------------------------------

    def _busy(self) -> bool:
        return self.check_task is not None or self.import_task is not None

    def _law_changed(self) -> None:
        """Another law means other decisions: the earlier check no longer holds."""
        if self.check is None or self._busy():
            return
        self._clear_preview()
        self.import_button.setEnabled(False)
        self.check_status.setText("De wet is gewijzigd: klik opnieuw op Controleren.")

    def _set_buttons(self, *, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.law_combo.setEnabled(not busy)
        self.check_button.setEnabled(not busy and self.path is not None)
        self.import_button.setEnabled(not busy and self.check is not None and self.check.ok)

    def _message(self, exc: BaseException) -> str:
        if isinstance(exc, KoersError):
            return exc.message
        return error_text(exc, "Het bestand kon niet worden verwerkt; er is niets ingelezen.")

    def _show_error(self, text: str) -> None:
        self.error_panel.setText(text)
        self.error_panel.show()

    def _clear_preview(self) -> None:
        self.check = None
        self.error_panel.hide()
        self.import_note.hide()
        self.accepted_model.set_rows([])
        self.rejected_model.set_rows([])
        for w in (self.rejected_title, self.rejected_table, self.accepted_title, self.accepted_table):
            w.hide()
        self.import_button.setEnabled(False)

    def _reset(self) -> None:
        self._clear_preview()
        self.path = None
        self.path_label.setText("Nog geen bestand gekozen.")
        self.path_label.setStyleSheet(f"color: {MUTED};")
        self.check_button.setEnabled(False)
        self.check_status.setText("")

    def wait(self, ms: int = 30_000) -> None:
        """Blocks until running work is done (closing the window mid-import)."""
        for task in (self.check_task, self.import_task):
            if task is not None:
                task.wait(ms)
