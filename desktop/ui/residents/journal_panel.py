"""Het contactjournaal in the resident's file: every contact of all cases (or of one), newest first, with the
selected contact in full below. A corrected contact stays readable, greyed and marked 'gecorrigeerd', with its
correction above it. Recording, correcting and marking a follow-up done go through the core (desktop.core.residents.journal);
a role that may not write the journal sees no such buttons, and a role that may not read it sees no contacts."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.core.residents import journal
from desktop.core.residents.journal import JournalRow
from desktop.ui.messages import error_text
from desktop.ui.residents.journal_dialog import JournalDialog
from desktop.ui.widgets.table_model import Index, RowsTableModel
from desktop.ui.widgets.tables import make_table_view

HEADERS = ("Datum", "Soort", "Met wie", "Samenvatting", "Afspraken", "Opvolging", "Door")
# Date, kind, follow-up and author fit their (short) contents; with whom and agreements get a set width and the
# summary the rest: the pane below shows every text whole. Beside the resident list (about 560 pixels on a
# 1366-wide laptop) the list keeps date, kind, summary and follow-up, and the kind a set width.
FIT_COLUMNS = (0, 1, 5, 6)
WIDTHS = {2: 140, 4: 150}
SUMMARY_COLUMN = 3
NARROW = 900  # below this width: no 'Met wie', 'Afspraken' and 'Door' in the list (they are in the pane)
NARROW_HIDDEN = (2, 4, 6)
NARROW_KIND_WIDTH = 140
ALL_CASES = None
PREVIEW = 90  # characters of a long text in the list; the pane below shows it whole
MUTED = "#6b7280"


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    more = len(line) > PREVIEW or "\n" in text.strip()
    return (line[:PREVIEW].rstrip() + " …") if more else line


def follow_up_text(row: JournalRow) -> str:
    if row.follow_up_date is None:
        return ""
    if row.follow_up_done_date is not None:
        return "afgehandeld"  # when, and by whom, in the pane below
    if row.corrected:
        return format_date(row.follow_up_date)
    late = row.follow_up_date < clock.today()
    return f"{format_date(row.follow_up_date)}" + (" · te laat" if late else "")


def kind_text(row: JournalRow) -> str:
    """A corrected contact says so first, so a narrow column still shows it (its correction, the version that
    counts, stands above it)."""
    return f"Gecorrigeerd · {row.kind_label}" if row.corrected else row.kind_label


class JournalTableModel(RowsTableModel):
    """The rows as text; a corrected contact greyed and in italics, an overdue follow-up in the warning colour."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(HEADERS, parent=parent)
        self.entries: list[JournalRow] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_entries(self, entries: list[JournalRow]) -> None:
        self.entries = list(entries)
        today = clock.today()
        self.set_rows([(format_date(r.contact_date), kind_text(r), r.with_whom, _first_line(r.summary),
                        _first_line(r.agreements), follow_up_text(r), r.author) for r in entries],
                      warn_rows=[i for i, r in enumerate(entries)
                                 if r.follow_up_open and r.follow_up_date is not None and r.follow_up_date < today])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self.entries) and self.entries[index.row()].corrected:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(MUTED))
            if role == Qt.ItemDataRole.FontRole:
                return self._italic
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Gecorrigeerd: de nieuwe versie staat erboven. Dit origineel blijft leesbaar."
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 1:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class JournalPanel(QWidget):
    """`show_resident(resident_id, casus_choices)` fills it; `changed` is emitted after anything was stored."""

    changed = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._resident_id: int | None = None
        self._choices: list[tuple[int, str]] = []
        self._reason: str | None = None
        self.can_read = audit.allowed(actor, Action.JOURNAL_VIEW)
        self.can_write = audit.allowed(actor, Action.JOURNAL_WRITE)

        self.casus = QComboBox()
        self.casus.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.casus.setMinimumContentsLength(28)
        self.casus.setAccessibleName("Casus")
        self.casus.currentIndexChanged.connect(lambda _: self.reload())
        self.casus_label = QLabel("Casus:")
        self.count = QLabel(objectName="Muted")
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()
        self.message = QLabel(objectName="Muted", wordWrap=True)
        self.message.hide()

        self.model = JournalTableModel(self)
        self.table = make_table_view(self.model, name="Journaal")
        self.table.horizontalHeader().setStretchLastSection(False)
        self._narrow: bool | None = None
        self._fit_columns(narrow=False)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail = QTextBrowser()
        self.detail.setTabChangesFocus(True)  # read-only: Tab moves on
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("Gekozen contact")
        self.detail.setPlaceholderText("Kies een contact om het hier volledig te lezen.")
        self.empty = QLabel(objectName="Muted", wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.split = split

        self.add_button = QPushButton("Contact vastleggen…", objectName="Primary")
        self.add_button.setToolTip("Een gesprek, telefoontje, huisbezoek of overleg vastleggen (Ctrl+J)")
        self.add_button.clicked.connect(self.add_entry)
        self.correct_button = QPushButton("Corrigeren…")
        self.correct_button.setToolTip("Een nieuwe versie met de reden; het origineel blijft zichtbaar")
        self.correct_button.clicked.connect(self.correct_entry)
        self.done_button = QPushButton("Afgehandeld")
        self.done_button.setToolTip("De opvolging van het gekozen contact is vandaag afgehandeld: ze verdwijnt uit "
                                    "de werkvoorraad")
        self.done_button.clicked.connect(self.mark_done)
        self.move_button = QPushButton("Verzetten…")
        self.move_button.setToolTip("De opvolgdatum van het gekozen contact verzetten (vastgelegd in het toegangslog)")
        self.move_button.clicked.connect(self.move_follow_up)
        for button in (self.add_button, self.correct_button, self.done_button, self.move_button):
            if not self.can_write:  # not setVisible(True): without a parent yet it opens as a window and takes the keyboard from Koers
                button.hide()
        self.add_shortcut = QShortcut(QKeySequence("Ctrl+J"), self, activated=self.add_entry,
                                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_shortcut.setEnabled(self.can_write)

        top = QHBoxLayout()
        top.addWidget(self.casus_label)
        top.addWidget(self.casus)
        top.addSpacing(12)
        top.addWidget(self.count, 1)
        # Two rows, so the file keeps its width beside the resident list: the follow-up's actions, then the entry's.
        self.follow_label = QLabel("Opvolging:")
        if not self.can_write:
            self.follow_label.hide()
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_label)
        follow_row.addWidget(self.move_button)
        follow_row.addWidget(self.done_button)
        follow_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addLayout(follow_row, 1)
        entry_row = QHBoxLayout()
        entry_row.addStretch(1)
        entry_row.addWidget(self.correct_button)
        entry_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addLayout(entry_row)
        self.clear()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns(narrow=self.width() < NARROW)

    def _fit_columns(self, *, narrow: bool) -> None:
        if narrow == self._narrow:
            return
        self._narrow = narrow
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS)):
            self.table.setColumnHidden(column, narrow and column in NARROW_HIDDEN)
        for column in FIT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, width in WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        if narrow:  # a long kind elides; its tooltip and the pane below name it whole
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(1, NARROW_KIND_WIDTH)
        header.setSectionResizeMode(SUMMARY_COLUMN, QHeaderView.ResizeMode.Stretch)

    # --- filling

    def show_resident(self, resident_id: int, casus_choices: list[tuple[int, str]], *,
                      reason: str | None = None) -> None:
        """The journal of this resident; `casus_choices` are the cases as (id, label), newest first. `reason` is
        the one given to open a file outside the own caseload, logged again with each reading."""
        self._resident_id, self._choices, self._reason = resident_id, list(casus_choices), reason
        self.casus.blockSignals(True)
        self.casus.clear()
        self.casus.addItem("Alle casussen", ALL_CASES)
        for cid, label in self._choices:
            self.casus.addItem(label, cid)
        self.casus.setCurrentIndex(0)
        self.casus.blockSignals(False)
        several = len(self._choices) > 1 and self.can_read
        self.casus.setVisible(several)
        self.casus_label.setVisible(several)
        self.reload()

    def clear(self) -> None:
        self._resident_id, self._choices, self._reason = None, [], None
        self.casus.blockSignals(True)
        self.casus.clear()
        self.casus.blockSignals(False)
        self.casus.hide()
        self.casus_label.hide()
        self.model.set_entries([])
        self.detail.clear()
        self.count.clear()
        self.error.hide()
        self.message.hide()
        self._show_list(False, "")
        self._buttons()

    def reload(self, keep: int | None = None) -> None:
        """Reads the journal again (each reading is logged) and selects `keep`, or the newest contact."""
        self.error.hide()
        if self._resident_id is None:
            return
        if not self.can_read:
            self.model.set_entries([])
            self._show_list(False, "Het contactjournaal is niet zichtbaar voor uw rol.")
            self._buttons()
            return
        chosen = self.casus.currentData()
        try:
            if chosen is ALL_CASES:
                rows = journal.list_entries(self._db, self._actor, resident_id=self._resident_id, reason=self._reason)
            else:
                rows = journal.list_entries(self._db, self._actor, casus_id=chosen, reason=self._reason)
        except KoersError as exc:
            self.model.set_entries([])
            self._show_list(False, "")
            self.error.setText(error_text(exc))
            self.error.show()
            self._buttons()
            return
        self.model.set_entries(rows)
        open_ = sum(1 for r in rows if r.follow_up_open)
        current = sum(1 for r in rows if not r.corrected)
        self.count.setText(f"{current} {'contact' if current == 1 else 'contacten'}"
                           + (f" · {open_} open {'opvolging' if open_ == 1 else 'opvolgingen'}" if open_ else ""))
        if not self._choices:
            self._show_list(False, "Deze inwoner heeft nog geen casus. Een contact hoort bij een casus: registreer "
                                   "eerst een melding.")
        elif not rows:
            self._show_list(False, "Nog geen contacten vastgelegd." + (
                " Kies ‘Contact vastleggen…’ (Ctrl+J) na een gesprek, telefoontje of huisbezoek."
                if self.can_write else ""))
        else:
            self._show_list(True, "")
            row = next((i for i, r in enumerate(rows) if r.id == keep), 0)
            self.table.selectRow(row)
        self._buttons()

    def _show_list(self, visible: bool, empty_text: str) -> None:
        self.split.setVisible(visible)
        self.empty.setText(empty_text)
        self.empty.setVisible(not visible and bool(empty_text))

    # --- the chosen contact

    def selected(self) -> JournalRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.model.entries):
            return None
        return self.model.entries[rows[0].row()]

    def _selected(self, *_: QItemSelection) -> None:
        row = self.selected()
        self.detail.setHtml(self.detail_html(row) if row else "")
        self._buttons()

    def _buttons(self) -> None:
        row = self.selected()
        self.add_button.setEnabled(bool(self._choices) and self.can_read)
        self.correct_button.setEnabled(row is not None and not row.corrected)
        self.done_button.setEnabled(row is not None and row.follow_up_open)
        self.move_button.setEnabled(row is not None and row.follow_up_open)

    def _by_id(self, entry_id: int | None) -> JournalRow | None:
        return next((r for r in self.model.entries if r.id == entry_id), None)

    def detail_html(self, row: JournalRow) -> str:
        """The contact in full: what was said and agreed, the follow-up, who recorded it, and for a correction the
        reason and the original it replaces."""
        parts = [f"<h3>{escape(row.kind_label)} op {format_date(row.contact_date)}</h3>"]
        if row.corrected:
            newer = self._by_id(row.corrected_by_id)
            when = f" op {format_date(newer.created_at.astimezone(clock.AMSTERDAM).date())}" if newer else ""
            by = f" door {escape(newer.author)}" if newer and newer.author else ""
            parts.append(f"<p style='color:#9a3412'><b>Gecorrigeerd</b>{when}{by}: de nieuwe versie staat erboven "
                         "in de lijst. Dit is het origineel, zoals het toen is vastgelegd.</p>")
        if row.is_correction:
            parts.append(f"<p><b>Correctie.</b> Reden: {_text(row.correction_reason or '')}</p>")
        parts.append(_fields(row))
        if row.is_correction:
            original = self._by_id(row.corrects_id)
            if original is not None:
                parts.append(f"<hr><p><b>Het origineel dat deze correctie vervangt</b> (vastgelegd door "
                             f"{escape(original.author or 'onbekend')})</p>")
                parts.append(f"<div style='color:{MUTED}'>{_fields(original, heading=True)}</div>")
        return "".join(parts)

    # --- acting

    def _dialog(self, **options: Any) -> JournalDialog:
        casus = self.casus.currentData()
        return JournalDialog(self._db, self._actor, self._choices, casus_id=casus if casus is not None else None,
                             reason=self._reason, parent=self, **options)

    def add_entry(self) -> None:
        if not self.can_write or not self._choices or not self.add_button.isEnabled():
            return
        dialog = self._dialog()
        if dialog.exec() and dialog.saved is not None:
            self._stored(dialog.saved.id, "Contact vastgelegd.")

    def correct_entry(self) -> None:
        row = self.selected()
        if not self.can_write or row is None or row.corrected:
            return
        dialog = self._dialog(entry=row)
        if dialog.exec() and dialog.saved is not None:
            self._stored(dialog.saved.id, "Correctie vastgelegd; het origineel blijft leesbaar, gemarkeerd als "
                                          "gecorrigeerd.")

    def mark_done(self) -> None:
        row = self.selected()
        if not self.can_write or row is None or not row.follow_up_open:
            return
        try:
            journal.mark_follow_up_done(self._db, self._actor, row.id, clock.today(), reason=self._reason)
        except KoersError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self._stored(row.id, f"Opvolging van {format_date(row.contact_date)} afgehandeld.")

    def move_follow_up(self) -> None:
        """Asks the new follow-up date; the core checks it (not before the contact, not in the past)."""
        from desktop.core.parse import parse_date
        from desktop.ui import dialogs

        row = self.selected()
        if not self.can_write or row is None or not row.follow_up_open:
            return
        typed = dialogs.ask_text(self, "Opvolging verzetten", "Nieuwe opvolgdatum (dd-mm-jjjj):")
        if typed is None:
            return
        try:
            new_date = parse_date(typed, "de nieuwe opvolgdatum", required=True)
            assert new_date is not None  # required
            journal.move_follow_up(self._db, self._actor, row.id, new_date, reason=self._reason)
        except KoersError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self._stored(row.id, f"Opvolging verzet naar {format_date(new_date)}.")

    def _stored(self, entry_id: int | None, text: str) -> None:
        self.reload(keep=entry_id)
        self.message.setText(text)
        self.message.show()
        self.changed.emit()


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _fields(row: JournalRow, *, heading: bool = False) -> str:
    lines = []
    if heading:
        lines.append(f"<p><b>{escape(row.kind_label)} op {format_date(row.contact_date)}</b></p>")
    lines.append(f"<p><b>Met wie:</b> {_text(row.with_whom) or '–'}</p>")
    lines.append(f"<p><b>Samenvatting</b><br>{_text(row.summary)}</p>")
    lines.append(f"<p><b>Afspraken</b><br>{_text(row.agreements) or '–'}</p>")
    follow = "geen"
    if row.follow_up_date is not None:
        follow = format_date(row.follow_up_date)
        if row.follow_up_done_date is not None:
            by = f" door {escape(row.follow_up_done_by)}" if row.follow_up_done_by else ""
            follow += f" · afgehandeld op {format_date(row.follow_up_done_date)}{by}"
    lines.append(f"<p><b>Opvolging:</b> {follow}</p>")
    recorded = format_date(row.created_at.astimezone(clock.AMSTERDAM).date())
    lines.append(f"<p style='color:{MUTED}'>Vastgelegd door {escape(row.author or 'onbekend')} op {recorded}</p>")
    return "".join(lines)
