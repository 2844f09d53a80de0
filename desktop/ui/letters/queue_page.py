"""The area 'Brieven' for the medewerker: every letter waiting to be made (the decisions vastgesteld without
their letter, and the letters 'uw nieuwe contactpersoon' a hand-over asked for), what to fix first, and the
letters made but not yet sent.

'Brieven maken' checks the chosen letters first (preflight), says how many are ready and how many are left
out, then issues them in the background (BatchPanel); the GUI thread never renders a letter.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.letters import pipeline
from desktop.core.letters.texts import KIND_LABEL
from desktop.core.nl import format_date_short
from desktop.ui import dialogs
from desktop.ui.letters.batch_panel import BatchPanel, plural
from desktop.ui.letters.fields import letter_date
from desktop.ui.letters.queue_model import ABOUT_COLUMN, STATUS_COLUMN, QueueModel, kind_text
from desktop.ui.letters.unsent_tab import UnsentLettersTab
from desktop.ui.messages import error_text
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view


class LetterQueuePage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor

        title = QLabel("Brieven", objectName="PageTitle")
        intro = QLabel("Brieven die nog gemaakt moeten worden: bij een nieuwe melding, een afgerond onderzoek (verslag), "
                       "een vastgestelde beschikking en een nieuwe contactpersoon. Kies de brieven die u wilt maken; "
                       "Koers controleert ze eerst en maakt daarna één PDF voor de printer.", objectName="Muted")
        intro.setWordWrap(True)
        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_panel.hide()

        # --- the queue
        self.model = QueueModel(self)
        self.model.changed.connect(self._update_buttons)
        self.table = make_table_view(self.model, name="Brieven klaar om te verzenden")
        self.table.setAccessibleName("Brievenwachtrij")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ABOUT_COLUMN, 240), (ABOUT_COLUMN + 1, 170)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)  # long names elide; the tooltip has them whole
        # what to fix is a sentence: wrap it in the status column instead of cutting it off
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _: self.preview_selected())
        self.select_all = QCheckBox("Alles selecteren")
        self.select_all.toggled.connect(self.model.set_all)
        self.chosen_label = QLabel("", objectName="Muted")
        self.date_edit = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.date_edit.setMaximumWidth(120)
        self.date_edit.setAccessibleName("Briefdatum")
        self.date_edit.setToolTip("De datum boven de brieven; de bezwaartermijn telt vanaf deze datum")
        self.date_edit.editingFinished.connect(self._date_edited)
        self.refresh_button = QPushButton("Vernieuwen")
        self.refresh_button.setToolTip("Vernieuwen (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.preview_button = QPushButton("Voorbeeld…")
        self.preview_button.setToolTip("De brief van de gekozen regel, als voorbeeld (nog niet gemaakt)")
        self.preview_button.clicked.connect(self.preview_selected)
        self.make_button = QPushButton("Brieven maken", objectName="Primary")
        self.make_button.setMinimumWidth(170)
        self.make_button.clicked.connect(self.make_letters)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        top = QHBoxLayout()
        top.addWidget(self.select_all)
        top.addWidget(self.chosen_label)
        top.addStretch(1)
        date_label = QLabel("&Briefdatum")
        date_label.setBuddy(self.date_edit)
        top.addWidget(date_label)
        top.addWidget(self.date_edit)
        top.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.preview_button)
        bottom.addStretch(1)
        bottom.addWidget(self.make_button)
        self.batch = BatchPanel(db, actor, self)
        self.batch.finished.connect(self._batch_done)
        self.batch.sent.connect(self._batch_done)
        self.batch.error.connect(self.show_error)

        queue_tab = QWidget()
        ql = QVBoxLayout(queue_tab)
        ql.addLayout(top)
        ql.addWidget(self.table, 1)
        ql.addLayout(bottom)
        ql.addWidget(self.batch)

        # --- what to fix first
        self.parked_model = RowsTableModel(["Inwoner", "Cliëntnummer", "Waarover", "Soort brief",
                                            "Eerst herstellen"], parent=self)
        self.parked_table = make_table_view(self.parked_model, name="Te herstellen brieven")
        self.parked_table.setWordWrap(True)
        self.parked_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.parked_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        parked_note = QLabel("Deze brieven kunnen pas worden gemaakt als het volgende is hersteld. Herstel het in het "
                             "dossier van de inwoner of vraag de consulent, de casusregisseur of de beheerder; daarna "
                             "staat de brief vanzelf klaar.", objectName="Muted")
        parked_note.setWordWrap(True)
        parked_tab = QWidget()
        pl = QVBoxLayout(parked_tab)
        pl.addWidget(parked_note)
        pl.addWidget(self.parked_table, 1)

        # --- made, not yet sent
        self.unsent_tab = UnsentLettersTab(db, actor, self)
        self.unsent_tab.changed.connect(self._unsent_counted)

        self.tabs = QTabWidget()
        self.tabs.addTab(queue_tab, "Te maken")
        self.tabs.addTab(parked_tab, "Te herstellen")
        self.tabs.addTab(self.unsent_tab, "Aangemaakt, nog niet verzonden")
        self.tabs.currentChanged.connect(self._tab_shown)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.error_panel)
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.select_all, self.date_edit)
        self.setTabOrder(self.date_edit, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self.setTabOrder(self.table, self.preview_button)
        self.setTabOrder(self.preview_button, self.make_button)
        self.refresh()
        self.unsent_tab.refresh()

    # ---------------------------------------------------------------- the lists

    def refresh(self) -> None:
        if self.batch.busy:
            return
        letter_date = self._letter_date(quiet=True) or clock.today()
        try:
            rows = pipeline.letter_queue(self._db, self._actor, letter_date=letter_date)
        except KoersError as exc:
            self.show_error(error_text(exc))
            return
        self.model.set_queue(rows)
        parked = self.model.parked()
        self.parked_model.set_rows([(r.resident_name, r.client_number, r.about, kind_text(r),
                                     "\n".join(f"• {p}" for p in r.problems)) for r in parked],
                                   warn_rows=range(len(parked)))
        ready = self.model.ready_count()
        self.tabs.setTabText(0, f"Te maken ({ready})")
        self.tabs.setTabText(1, f"Te herstellen ({len(parked)})")
        self.select_all.blockSignals(True)
        self.select_all.setChecked(bool(ready) and len(self.model.checked_ids()) == ready)
        self.select_all.blockSignals(False)
        self._update_buttons()
        if self.tabs.currentIndex() == 2:
            self.unsent_tab.refresh()

    def _unsent_counted(self, count: int) -> None:
        self.tabs.setTabText(2, f"Aangemaakt, nog niet verzonden ({count})")

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.unsent_tab:
            self.unsent_tab.refresh()

    def _date_edited(self) -> None:
        if self._letter_date(quiet=True) is not None:
            self.refresh()  # the verdict can depend on the date (a decision established after it)

    def _update_buttons(self) -> None:
        busy = self.batch.busy
        chosen = len(self.model.checked_ids())
        ready = self.model.ready_count()
        self.chosen_label.setText(f"{chosen} van {ready} gekozen" if ready else "Er staan geen brieven klaar.")
        self.make_button.setEnabled(not busy and chosen > 0)
        self.make_button.setText(f"{plural(chosen, 'brief', 'brieven')} maken" if chosen else "Brieven maken")
        self.preview_button.setEnabled(self.selected_row() is not None)
        self.select_all.setEnabled(not busy and ready > 0)
        self.refresh_button.setEnabled(not busy)
        self.date_edit.setEnabled(not busy)
        self.table.setEnabled(not busy)

    def selected_row(self) -> pipeline.QueueRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _letter_date(self, *, quiet: bool = False) -> date | None:
        return letter_date(self.date_edit.text(), quiet=quiet)

    # ---------------------------------------------------------------- preview and issuing

    def preview_selected(self) -> None:
        from desktop.ui.letters.preview import LetterPreviewDialog

        row = self.selected_row()
        if row is None:
            return
        try:
            letter_date = self._letter_date()
            pdf = pipeline.draft_letter(self._db, self._actor, row.job, letter_date=letter_date)
        except KoersError as exc:
            self.show_error(error_text(exc))
            return
        LetterPreviewDialog(f"Voorbeeld: brief {KIND_LABEL[row.kind]} aan {row.resident_name}", pdf, row.problems,
                            self, draft=True, file_name=f"voorbeeld-{row.job.source}-{row.job.id}.pdf").exec()

    def make_letters(self) -> None:
        if self.batch.busy:
            return
        ids = self.model.checked_ids()
        if not ids:
            return
        try:
            letter_date = self._letter_date()
            check = pipeline.preflight(self._db, self._actor, ids, letter_date=letter_date)
        except KoersError as exc:
            self.show_error(error_text(exc))
            return
        self.error_panel.hide()
        ready, parked = len(check.ready), len(check.parked)
        if not ready:
            self.show_error("Geen van de gekozen brieven kan nu worden gemaakt:\n" + "\n".join(
                f"• {p.resident_name or p.job}: {' '.join(p.problems)}" for p in check.parked))
            self.refresh()
            return
        text = f"{plural(ready, 'brief staat', 'brieven staan')} klaar om te maken"
        text += f"; {plural(parked, 'brief wordt', 'brieven worden')} overgeslagen (eerst herstellen)." \
            if parked else "."
        text += ("\n\nElke brief wordt gemaakt en meteen bewaard in het archief. U kunt tussendoor annuleren; de "
                 "brieven die dan al gemaakt zijn, blijven gemaakt.")
        if not dialogs.ask_confirm(self, "Brieven maken", text, yes="Brieven maken", no="Annuleren"):
            return
        self.batch.start(list(check.ready), letter_date)
        self._update_buttons()

    def _batch_done(self, _result) -> None:
        self.refresh()
        self.unsent_tab.refresh()

    def show_error(self, text: str) -> None:
        self.error_panel.setText(text)
        self.error_panel.setVisible(bool(text))
