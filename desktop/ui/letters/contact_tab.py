"""The tab 'Nieuwe contactpersoon' of the letter queue: the letters a caseload hand-over queued.

Pending letters with a checkbox ('Alles selecteren'); letters that cannot be made yet stay in the list,
greyed and not selectable, with what to fix. 'Brieven maken' issues the selected letters in a background
thread (progress bar, Annuleren); each letter is archived as it is made, so cancelling leaves only whole
letters. The printer PDF is then saved where the user chooses. Made letters wait below until they are
marked as sent.

Embed it as one tab of the letter queue page: `tabs.addTab(ContactLettersTab(db, actor, page), "Nieuwe
contactpersoon")`; call `refresh()` when the tab is shown again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
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
from desktop.core.letters import contact_letters
from desktop.core.nl import format_date, format_date_short
from desktop.core.parse import parse_date
from desktop.ui import dialogs
from desktop.ui.letters.fields import letter_date
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask

Index = QModelIndex | QPersistentModelIndex
WARN = QColor("#9a3412")


class CheckRowsModel(QAbstractTableModel):
    """Rows of display strings with a checkbox in the first column; rows with `enabled=False` cannot be checked."""

    changed = Signal()

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self._headers = ["", *headers]
        self._rows: list[tuple[str, ...]] = []
        self._ids: list[int] = []
        self._enabled: list[bool] = []
        self._checked: set[int] = set()

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str], bool]], *, check_all: bool = False) -> None:
        self.beginResetModel()
        self._ids = [i for i, _, _ in rows]
        self._rows = [tuple(cells) for _, cells, _ in rows]
        self._enabled = [ok for _, _, ok in rows]
        keep = {i for i, ok in zip(self._ids, self._enabled, strict=True) if ok}
        self._checked = keep if check_all else self._checked & keep
        self.endResetModel()
        self.changed.emit()

    def checked_ids(self) -> list[int]:
        return [i for i in self._ids if i in self._checked]

    def selectable_count(self) -> int:
        return sum(self._enabled)

    def set_all(self, on: bool) -> None:
        self._checked = {i for i, ok in zip(self._ids, self._enabled, strict=True) if ok} if on else set()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.changed.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self._enabled[index.row()]:
            return Qt.ItemFlag.ItemIsEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if column == 0:
            if role == Qt.ItemDataRole.CheckStateRole and self._enabled[row]:
                return Qt.CheckState.Checked if self._ids[row] in self._checked else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][column - 1]
        if role == Qt.ItemDataRole.ForegroundRole and not self._enabled[row]:
            return QBrush(WARN)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not self._enabled[index.row()]:
            return False
        letter_id = self._ids[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(letter_id)
        else:
            self._checked.discard(letter_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.changed.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + 1)
    label.setFont(font)
    return label


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class ContactLettersTab(QWidget):
    """Pending letters 'uw nieuwe contactpersoon': select, make (in the background), save for the printer, send."""

    issued = Signal(object)  # ContactBatchResult, after a batch ends (also when cancelled)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.task: BackgroundTask | None = None
        self.last_result: contact_letters.ContactBatchResult | None = None
        self.may_issue = audit.allowed(actor, Action.LETTER_QUEUE)
        self.may_send = audit.allowed(actor, Action.LETTER_SEND)

        intro = QLabel("Na een overdracht van casussen krijgt elke inwoner met een nieuwe vaste consulent een korte "
                       "brief: wie nu de contactpersoon is, en dat de ondersteuning hetzelfde blijft.",
                       objectName="Muted")
        intro.setWordWrap(True)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_panel.hide()

        # pending letters
        self.pending_title = _heading("Te maken")
        self.select_all = QCheckBox("Alles selecteren")
        self.select_all.toggled.connect(self._select_all)
        self.date_edit = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.date_edit.setMaximumWidth(120)
        self.date_edit.setAccessibleName("Briefdatum")
        self.refresh_button = QPushButton("Vernieuwen")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.pending_title)
        top.addStretch(1)
        top.addWidget(QLabel("Briefdatum"))
        top.addWidget(self.date_edit)
        top.addWidget(self.refresh_button)
        self.pending_model = CheckRowsModel(["Inwoner", "Cliëntnummer", "Nieuwe contactpersoon",
                                             "Vorige contactpersoon", "Overgedragen op", "Eerst herstellen"], self)
        self.pending_model.changed.connect(self._update_buttons)
        self.pending_table = make_table_view(self.pending_model)
        # what to fix is a sentence or two: wrap it in its own wide column instead of cutting it off
        self.pending_table.setWordWrap(True)
        self.pending_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.pending_table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.chosen_label = QLabel("", objectName="Muted")

        self.make_button = QPushButton("Brieven maken", objectName="Primary")
        self.make_button.clicked.connect(self.start_issue)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setFormat("%v van %m")
        self.progress.hide()
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.clicked.connect(self.cancel_issue)
        self.cancel_button.hide()
        self.save_again_button = QPushButton("Afdruk opnieuw bewaren")
        self.save_again_button.clicked.connect(self.save_printer_pdf)
        self.save_again_button.hide()
        self.status = QLabel("", objectName="Muted")
        self.status.setWordWrap(True)
        make_row = QHBoxLayout()
        make_row.addWidget(self.select_all)
        make_row.addWidget(self.chosen_label)
        make_row.addStretch(1)
        make_row.addWidget(self.progress)
        make_row.addWidget(self.cancel_button)
        make_row.addWidget(self.save_again_button)
        make_row.addWidget(self.make_button)

        # made, not yet sent
        self.unsent_title = _heading("Gemaakt, nog niet verzonden")
        self.unsent_model = CheckRowsModel(["Kenmerk", "Inwoner", "Cliëntnummer", "Nieuwe contactpersoon",
                                            "Briefdatum"], self)
        self.unsent_model.changed.connect(self._update_buttons)
        self.unsent_table = make_table_view(self.unsent_model)
        self.sent_edit = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.sent_edit.setMaximumWidth(120)
        self.sent_edit.setAccessibleName("Verzenddatum")
        self.sent_button = QPushButton("Markeren als verzonden")
        self.sent_button.clicked.connect(self.mark_sent)
        sent_label = QLabel("Verzonden op")
        sent_row = QHBoxLayout()
        sent_row.addStretch(1)
        sent_row.addWidget(sent_label)
        sent_row.addWidget(self.sent_edit)
        sent_row.addWidget(self.sent_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error_panel)
        layout.addLayout(top)
        layout.addWidget(self.pending_table, 3)
        layout.addLayout(make_row)
        layout.addWidget(self.status)
        layout.addWidget(self.unsent_title)
        layout.addWidget(self.unsent_table, 2)
        layout.addLayout(sent_row)
        if not self.may_send:
            for widget in (sent_label, self.sent_edit, self.sent_button):
                widget.hide()
        if not self.may_issue:
            self.setEnabled(False)
            self.status.setText("Uw rol mag geen brieven maken. Een medewerker met de brievenwachtrij doet dit.")
            return
        self.refresh()

    # ---------------------------------------------------------------- lists

    def refresh(self) -> None:
        if self.task is not None or not self.may_issue:
            return
        try:
            letter_date = self._letter_date(quiet=True) or clock.today()
            rows = contact_letters.pending(self._db, self._actor, letter_date=letter_date)
            made = contact_letters.unsent(self._db, self._actor)
        except KoersError as exc:
            self._show_error(exc)
            return
        self.pending_model.set_rows([
            (r.id, (r.resident_name, r.client_number, r.consulent_name or "–", r.previous_consulent_name or "–",
                    format_date(r.effective_date), " ".join(r.problems)), r.ready) for r in rows])
        self.unsent_model.set_rows([
            (u.id, (u.kenmerk, u.resident_name, u.client_number, u.consulent_name or "–", format_date(u.letter_date)),
             True) for u in made], check_all=True)
        ready = sum(r.ready for r in rows)
        parked = len(rows) - ready
        self.pending_title.setText(f"Te maken ({ready})" + (f", {parked} eerst herstellen" if parked else ""))
        self.unsent_title.setText(f"Gemaakt, nog niet verzonden ({len(made)})")
        self.select_all.blockSignals(True)
        self.select_all.setChecked(bool(ready) and len(self.pending_model.checked_ids()) == ready)
        self.select_all.blockSignals(False)
        self._update_buttons()

    def _select_all(self, on: bool) -> None:
        self.pending_model.set_all(on)

    def _update_buttons(self) -> None:
        busy = self.task is not None
        chosen = len(self.pending_model.checked_ids())
        self.make_button.setEnabled(not busy and chosen > 0)
        ready = self.pending_model.selectable_count()
        self.chosen_label.setText(f"{chosen} van {ready} gekozen" if ready else "")
        self.sent_button.setEnabled(not busy and self.may_send and bool(self.unsent_model.checked_ids()))
        self.select_all.setEnabled(not busy and self.pending_model.selectable_count() > 0)
        self.refresh_button.setEnabled(not busy)

    # ---------------------------------------------------------------- issuing

    def _letter_date(self, *, quiet: bool = False) -> date | None:
        return letter_date(self.date_edit.text(), quiet=quiet)

    def start_issue(self) -> None:
        if self.task is not None:
            return
        ids = self.pending_model.checked_ids()
        try:
            letter_date = self._letter_date()
        except KoersError as exc:
            self._show_error(exc)
            return
        if not ids:
            return
        self.error_panel.hide()
        db, actor = self._db, self._actor
        task: BackgroundTask | None = None

        def work(progress):
            return contact_letters.issue(db, actor, ids, letter_date=letter_date, progress=progress,
                                         cancelled=lambda: task is not None and task.cancelled)

        task = BackgroundTask(work, self)
        self.task = task
        task.progressed.connect(self._progressed)
        task.finished.connect(self._issue_done)
        task.failed.connect(self._issue_failed)
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.status.setText(f"Bezig met {_plural(len(ids), 'brief', 'brieven')} maken…")
        self._update_buttons()
        task.start()

    def cancel_issue(self) -> None:
        if self.task is None:
            return
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText("Annuleren… De brief die nu wordt gemaakt, wordt nog afgemaakt en bewaard.")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _end_task(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()

    def _issue_done(self, result: contact_letters.ContactBatchResult) -> None:
        self._end_task()
        self.last_result = result
        made = len(result.letter_ids)
        lines = [f"{_plural(made, 'brief', 'brieven')} gemaakt en bewaard in het archief."]
        if result.cancelled:
            lines.append(f"Geannuleerd: {result.total - made} van de {result.total} niet gemaakt.")
        self.status.setText(" ".join(lines))
        if result.parked:
            self.error_panel.setText("Niet gemaakt:\n" + "\n".join(
                f"• {p.resident_name or 'Brief ' + str(p.id)}: {' '.join(p.problems)}" for p in result.parked))
            self.error_panel.show()
        self.save_again_button.setVisible(bool(result.printer_pdf))
        self.refresh()
        if result.printer_pdf:
            self.save_printer_pdf()
        self.issued.emit(result)

    def _issue_failed(self, exc: BaseException) -> None:
        self._end_task()
        self.status.setText("")
        self._show_error(exc)
        self.refresh()  # the letters made before the failure are archived; show them

    def save_printer_pdf(self) -> None:
        result = self.last_result
        if result is None or not result.printer_pdf:
            return
        name = f"contactbrieven-{self.date_edit.text().strip() or format_date_short(clock.today())}.pdf"
        path = dialogs.ask_save_path(self, "Brieven voor de printer bewaren", name, "PDF-bestand (*.pdf)")
        if not path:
            self.status.setText(self.status.text() + " De afdruk is nog niet bewaard: klik op 'Afdruk opnieuw "
                                                      "bewaren'.")
            return
        try:
            Path(path).write_bytes(result.printer_pdf)
        except OSError as exc:
            self.error_panel.setText(f"De afdruk kon niet worden bewaard in {path}: {exc.strerror or exc}. Kies een "
                                     "andere map en klik op 'Afdruk opnieuw bewaren'.")
            self.error_panel.show()
            return
        self.status.setText(f"{_plural(len(result.letter_ids), 'brief', 'brieven')} gemaakt; de afdruk is bewaard "
                            f"als {Path(path).name}. Druk hem af en markeer de brieven daarna als verzonden.")

    # ---------------------------------------------------------------- sending

    def mark_sent(self) -> None:
        ids = self.unsent_model.checked_ids()
        if not ids:
            return
        try:
            sent_on = parse_date(self.sent_edit.text(), "de verzenddatum", field="sent_on", required=True)
        except KoersError as exc:
            self._show_error(exc)
            return
        if not dialogs.ask_confirm(self, "Markeren als verzonden",
                                   f"{_plural(len(ids), 'brief', 'brieven')} als verzonden markeren op "
                                   f"{format_date(sent_on)}?", yes="Markeren", no="Annuleren"):
            return
        try:
            count = contact_letters.mark_sent(self._db, self._actor, ids, sent_on)
        except KoersError as exc:
            self._show_error(exc)
            return
        self.error_panel.hide()
        self.save_again_button.hide()  # that batch is out of the door
        self.status.setText(f"{_plural(count, 'brief', 'brieven')} gemarkeerd als verzonden op "
                            f"{format_date(sent_on)}.")
        self.refresh()

    # ---------------------------------------------------------------- messages

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, KoersError):
            text = "\n".join([exc.message, *(f"• {p}" for p in exc.problems)])
        else:
            text = ("Er ging iets mis bij het maken van de brieven. De brieven die al klaar waren, zijn bewaard. "
                    "Probeer het opnieuw; lukt het niet, meld dit dan bij de beheerder.")
        self.error_panel.setText(text)
        self.error_panel.show()
