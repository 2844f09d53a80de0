"""iWmo-berichten: the toewijzingen (WMO301) that still have to go to the aanbieders, and the declaraties (WMO323)
they send back, checked line by line against the ledger before anything is stored.

The work itself is the core's (desktop/core/iwmo); this page chooses files and folders, runs the work off the GUI
thread and shows the answer per Prestatie. A declaration is checked first (nothing stored), then read in one
transaction: it is stored whole or not at all.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models.enums import Law
from db.units import minutes_to_hours
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.iwmo import answer, declarations, export
from desktop.core.nl import format_date, format_hours, format_money, format_number
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask

CHANGE_LABELS = {"toewijzing": "Toewijzing", "wijziging": "Gewijzigd (einddatum)", "beeindiging": "Beëindigd",
                 "intrekking": "Ingetrokken"}
XML_FILTER = "iWmo-berichten (*.xml);;Alle bestanden (*)"


def _moment(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(clock.AMSTERDAM)
    return f"{format_date(local.date())} {local:%H:%M}"


def _cents(value: int | None) -> str:
    return "" if value is None else format_money(Decimal(value) / 100)


class IwmoPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        # The last task stays referenced after it ends: its finished signal is still being emitted when our slot
        # runs, and dropping the only reference there would delete the task in the middle of its own emission.
        self._task: BackgroundTask | None = None
        self.running = False
        self._checked_path: Path | None = None
        self._shown: declarations.DeclarationResult | None = None

        title = QLabel("iWmo-berichten", objectName="PageTitle")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_assignments(), "Toewijzingen (301)")
        self.tabs.addTab(self._build_declarations(), "Declaraties (323)")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the core says how many Prestaties there are
        self.progress.hide()
        self.stop_button = QPushButton("Stoppen")
        self.stop_button.setToolTip("Stoppen met controleren of inlezen: er wordt dan niets opgeslagen")
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.stop_button)
        self.status = QLabel(objectName="Muted", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(busy)
        layout.addWidget(self.status)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.refresh)
        self.refresh()

    # ------------------------------------------------------------ building

    def _build_assignments(self) -> QWidget:
        page = QWidget()
        self.pending_label = QLabel(wordWrap=True)
        self.pending_model = RowsTableModel(["Toewijzing", "Cliënt", "Wat", "Ingang", "Einde", "Reden"])
        self.pending_table = make_table_view(self.pending_model, name="Klaar om te verzenden")
        self.export_button = QPushButton("Berichten maken…", objectName="Primary")
        self.export_button.setToolTip("Per cliënt en aanbieder een WMO301, gecontroleerd tegen het schema, in een map "
                                      "naar keuze (en bewaard in Koers)")
        self.export_button.clicked.connect(self.start_export)
        self.skipped_label = QLabel(wordWrap=True)
        self.skipped_model = RowsTableModel(["Toewijzing", "Cliënt", "Waarom niet"])
        self.skipped_table = make_table_view(self.skipped_model, name="Niet verzonden")
        self.messages_model = RowsTableModel(["Bericht", "Gemaakt", "Door", "Aanbieder", "Identificatie",
                                              "Toewijzingen"], right_aligned=(5,))
        self.messages_table = make_table_view(self.messages_model, name="Berichten")
        top = QHBoxLayout()
        top.addWidget(self.pending_label, 1)
        top.addWidget(self.export_button)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 6, 0, 0)
        ul.addLayout(top)
        ul.addWidget(self.pending_table, 1)
        ul.addWidget(self.skipped_label)
        ul.addWidget(self.skipped_table, 1)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>Gemaakte en ingelezen berichten</b>"))
        ll.addWidget(self.messages_table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        return page

    def _build_declarations(self) -> QWidget:
        page = QWidget()
        self.check_button = QPushButton("Declaratie controleren…")
        self.check_button.setToolTip("Een WMO323-bestand kiezen en elke Prestatie controleren; er wordt nog niets "
                                     "opgeslagen")
        self.check_button.clicked.connect(self.start_check)
        self.read_button = QPushButton("Inlezen", objectName="Primary")
        self.read_button.setToolTip("De gecontroleerde declaratie in één keer opslaan: de goedgekeurde Prestaties "
                                    "worden gerealiseerde uren")
        self.read_button.clicked.connect(self.start_read)
        self.read_button.setEnabled(False)
        self.pdf_button = QPushButton("Antwoord als PDF…")
        self.pdf_button.clicked.connect(lambda: self.save_answer(".pdf"))
        self.csv_button = QPushButton("Antwoord als CSV…")
        self.csv_button.clicked.connect(lambda: self.save_answer(".csv"))
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(False)
        self.answer_title = QLabel(wordWrap=True)
        self.error_panel = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error_panel.hide()
        self.answer_model = RowsTableModel(["Regel", "Referentie", "Cliënt", "Toewijzing", "Periode", "Geleverd",
                                            "Bedrag", "D/C", "Uitkomst", "Reden"], right_aligned=(0, 5, 6))
        self.answer_table = make_table_view(self.answer_model, name="Regels van de declaratie")
        self.history_model = RowsTableModel(["Ingelezen", "Aanbieder", "Declaratie", "Periode", "Goed", "Afgewezen",
                                             "Gecrediteerd", "Goedgekeurd bedrag"], right_aligned=(4, 5, 6, 7))
        self.history_table = make_table_view(self.history_model, name="Ingelezen declaraties")
        self.history_table.doubleClicked.connect(lambda _: self.show_earlier())
        self._history_ids: list[int] = []
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.read_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 6, 0, 0)
        ul.addLayout(buttons)
        ul.addWidget(self.error_panel)
        ul.addWidget(self.answer_title)
        ul.addWidget(self.answer_table, 1)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>Eerder ingelezen declaraties</b> (dubbelklik: het antwoord opnieuw tonen)"))
        ll.addWidget(self.history_table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        return page

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        try:
            pending = export.pending(self._db, self._actor)
            messages = export.list_messages(self._db, self._actor)
            earlier = declarations.list_declarations(self._db, self._actor)
        except KoersError as exc:
            self.status.setText(error_text(exc))
            return
        self.pending_model.set_rows([
            (p.toewijzing_nummer, p.client_number, CHANGE_LABELS.get(p.change, p.change), format_date(p.start_date),
             format_date(p.end_date), p.reason_code or "") for p in pending])
        youth = sum(1 for p in pending if p.law is Law.JEUGDWET)
        wmo = len(pending) - youth
        text = ("1 wijziging wacht" if wmo == 1 else f"{format_number(wmo)} wijzigingen wachten") + \
            " op een toewijzingsbericht." if wmo else "Er wachten geen Wmo-toewijzingen: alles is verstuurd."
        if youth:  # listed too, so nothing is out of sight, but they cannot go yet
            text += (" 1 Jeugdwet-wijziging kan" if youth == 1 else f" {format_number(youth)} Jeugdwet-wijzigingen "
                     "kunnen") + " nog niet: Koers heeft de iJw-schema's (JW301) nog niet."
        self.pending_label.setText(text)
        self.export_button.setEnabled(bool(wmo) and not self.running)
        self.messages_model.set_rows([
            (f"WMO{m.kind} {'uit' if m.direction == 'uit' else 'in'} ({labels.LAW[m.law]})", _moment(m.created_at),
             m.created_by, m.aanbieder, m.identification, format_number(m.assignments)) for m in messages])
        self._history_ids = [d.message_id for d in earlier]
        self.history_model.set_rows([
            (_moment(d.read_at), d.aanbieder, d.declaration_number,
             f"{format_date(d.period_start)} – {format_date(d.period_end)}", format_number(d.accepted),
             format_number(d.refused), format_number(d.credited), _cents(d.accepted_cents)) for d in earlier])
        self.skipped_label.setVisible(self.skipped_model.rowCount() > 0)
        self.skipped_table.setVisible(self.skipped_model.rowCount() > 0)

    def show_answer(self, result: declarations.DeclarationResult) -> None:
        self._shown = result
        h = result.header
        accepted = sum(1 for p in result.prestaties if p.accepted)
        refused = len(result.prestaties) - accepted
        state = ("Gecontroleerd, nog niet opgeslagen" if not result.stored and h.message_id is None else
                 f"Ingelezen {_moment(h.read_at)}" + (f" door {h.read_by}" if h.read_by else ""))
        self.answer_title.setText(
            f"<b>Declaratie {h.declaration_number}</b> van {h.aanbieder}, {format_date(h.period_start)} – "
            f"{format_date(h.period_end)}: {format_number(accepted)} goedgekeurd, {format_number(refused)} "
            f"afgewezen. {state}.")
        self.answer_model.set_rows([
            (format_number(p.line), p.reference, p.client_number or "", p.decision_number or p.toewijzing_nummer,
             f"{format_date(p.period_start)} – {format_date(p.period_end)}",
             format_hours(minutes_to_hours(p.minutes)) if p.minutes is not None else f"{p.volume} ({p.unit_code})",
             _cents(p.amount_cents), p.debit_credit, "goedgekeurd" if p.accepted else "afgewezen",
             p.reason or "") for p in result.prestaties],
            warn_rows=[i for i, p in enumerate(result.prestaties) if not p.accepted])
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(True)

    # ------------------------------------------------------------ work off the GUI thread

    def _busy(self) -> bool:
        return self.running

    def _run(self, work: Any, done: Any, note: str, *, stoppable: bool = False) -> None:
        self.running = True
        self._task = BackgroundTask(work)
        self._task.finished.connect(done)
        self._task.failed.connect(self._failed)
        self._task.progressed.connect(self._progressed)
        for button in (self.export_button, self.check_button, self.read_button):
            button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_button.setEnabled(True)
        self.stop_button.setVisible(stoppable)
        self.status.setText(note)
        self._task.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def stop(self) -> None:
        """Asks the work to stop; the core rolls back, so nothing is stored."""
        if self._task is not None and self.running:
            self._task.cancel()
            self.stop_button.setEnabled(False)
            self.status.setText("Stoppen… er wordt niets opgeslagen.")

    def _end(self) -> None:
        self.running = False
        self.progress.hide()
        self.stop_button.hide()
        self.check_button.setEnabled(True)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.read_button.setEnabled(False)
        message = error_text(exc) if isinstance(exc, KoersError) else "Er ging iets mis; er is niets opgeslagen."
        problems = getattr(exc, "problems", None) or []
        if problems:
            message += "\n" + "\n".join(str(p) for p in problems[:12]) + ("\n…" if len(problems) > 12 else "")
        self.error_panel.setText(message)
        self.error_panel.show()
        self.status.setText("")
        if not isinstance(exc, KoersError):
            from desktop.logs import report_unexpected

            report_unexpected(exc)

    def start_export(self) -> None:
        if self._busy():
            return
        folder = dialogs.ask_folder(self, "Map voor de toewijzingsberichten")
        if not folder:
            return
        db, actor, target = self._db, self._actor, Path(folder)
        self.error_panel.hide()
        self._run(lambda progress: export.export_messages(db, actor, target), self._export_done,
                  "De toewijzingsberichten worden gemaakt en tegen het schema gecontroleerd…")

    def _export_done(self, result: export.ExportResult) -> None:
        self._end()
        self.skipped_model.set_rows([(s.toewijzing_nummer, s.client_number, s.reason) for s in result.skipped])
        self.skipped_label.setText(f"Niet verstuurd ({format_number(len(result.skipped))}): los het op en maak de "
                                   "berichten opnieuw." if result.skipped else "")
        self.skipped_label.setVisible(bool(result.skipped))
        self.skipped_table.setVisible(bool(result.skipped))
        folder = result.made[0].path.parent if result.made else None
        made = len(result.made)
        self.status.setText(("1 bericht gemaakt" if made == 1 else f"{format_number(made)} berichten gemaakt") +
                            (f" in {folder}." if folder else ".") +
                            (f" {format_number(len(result.skipped))} niet verstuurd." if result.skipped else ""))

    def start_check(self) -> None:
        if self._busy():
            return
        chosen = dialogs.ask_open_path(self, "Declaratie (WMO323) controleren", XML_FILTER)
        if not chosen:
            return
        path = Path(chosen)
        self._checked_path = None
        self.error_panel.hide()
        db, actor = self._db, self._actor
        self._run(lambda progress: (path, declarations.read_declaration(db, actor, path, check_only=True,
                                                                        progress=progress)),
                  self._check_done, f"{path.name} wordt gecontroleerd; er wordt nog niets opgeslagen…", stoppable=True)

    def _check_done(self, outcome: tuple[Path, declarations.DeclarationResult]) -> None:
        self._end()
        path, result = outcome
        self.show_answer(result)
        self._checked_path = path
        accepted = sum(1 for p in result.prestaties if p.accepted)
        self.read_button.setEnabled(accepted > 0)
        self.status.setText(f"{path.name} is gecontroleerd. Klik op Inlezen om de {format_number(accepted)} "
                            "goedgekeurde Prestaties op te slaan; de afgewezen krijgen hun reden in het antwoord."
                            if accepted else f"{path.name}: geen enkele Prestatie kan worden goedgekeurd. Er wordt "
                            "niets ingelezen; stuur het antwoord naar de aanbieder.")

    def start_read(self) -> None:
        if self._busy() or self._checked_path is None:
            return
        path, db, actor = self._checked_path, self._db, self._actor
        self.error_panel.hide()
        self._run(lambda progress: declarations.read_declaration(db, actor, path, progress=progress),
                  self._read_done, f"{path.name} wordt ingelezen: in één keer, helemaal of niet…", stoppable=True)

    def _read_done(self, result: declarations.DeclarationResult) -> None:
        self._checked_path = None
        self._end()
        self.read_button.setEnabled(False)
        self.show_answer(result)
        accepted = sum(1 for p in result.prestaties if p.accepted)
        self.status.setText(f"Declaratie {result.header.declaration_number} is ingelezen: "
                            f"{format_number(accepted)} Prestaties zijn als gerealiseerde uren opgeslagen.")

    def show_earlier(self) -> None:
        rows = self.history_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._history_ids):
            return
        try:
            result = declarations.declaration_answer(self._db, self._actor, self._history_ids[rows[0].row()])
        except KoersError as exc:
            dialogs.show_error(self, "Niet geopend", exc.message)
            return
        self._checked_path = None
        self.read_button.setEnabled(False)
        self.error_panel.hide()
        self.show_answer(result)

    def save_answer(self, suffix: str) -> None:
        if self._shown is None:
            return
        h = self._shown.header
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "CSV voor Excel (*.csv)"
        chosen = dialogs.ask_save_path(self, "Antwoord op de declaratie opslaan",
                                       f"antwoord-{h.declaration_number}{suffix}", kind)
        if not chosen:
            return
        try:
            written = answer.write_answer(self._db, self._actor, self._shown, chosen)
        except KoersError as exc:
            dialogs.show_error(self, "Niet opgeslagen", exc.message)
            return
        self.status.setText(f"Het antwoord staat in {written}.")
