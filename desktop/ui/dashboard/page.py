"""Termijnen (casusregisseur): counts per consulent and for the team, the list of due and overdue items with
filters, the escalated items, and results per provider. Double-click or Enter opens the case read-only in
the Inwoners area; 'Caseload overdragen…' moves cases to other consulenten.

Every query runs on the GUI thread: `team_overview` is benched below 200 ms on the bench database (about
25 ms on the 450-resident demo) and is capped at 500 rows, so a worker thread would add a loading state
and a second database session for no visible gain. Sorting is done by the core: a click on a header asks
again with DashboardFilter.sort/descending (no proxy model; columns without a core sort key do nothing).

Keys: filters first in the tab order (a combo box applies at once, Enter in a date field applies), then
the lists; Enter or double-click opens; F5 asks again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.models.enums import Role
from desktop.core import catalog, labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.access.users import list_users, team_of
from desktop.core.deadlines.dashboard import MAX_ROWS, Dashboard, DashboardFilter, team_overview
from desktop.core.deadlines.kinds import KIND_LABELS
from desktop.core.deadlines.queries import DeadlineItem
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.core.parse import Fields, parse_date
from desktop.ui.dashboard.results import ProviderResultsTab
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.screen_fit import ScrollingTabs
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.workload.model import DeadlineTableModel

WIDTHS = (160, 165, 115, 170, 165, 250, 85)


def _combo(first: str, choices, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)  # the first item ('Alle …') says what it filters, but only until a choice
    combo.addItem(first, None)
    for value, label in choices:
        combo.addItem(label, value)
    return combo


class DashboardPage(QWidget):
    resident_requested = Signal(int)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.dashboard: Dashboard | None = None
        self._sort, self._descending = "due", False
        self.row_limit = MAX_ROWS  # rows fetched at most; the label says 'n van m getoond' beyond it
        self.team = team_of(db, actor.user_id)  # a large municipality works in teams: hers is shown
        self.title = title = QLabel(f"Termijnen van {self.team}" if self.team else "Termijnen van het team",
                                    objectName="PageTitle")

        # --- filters
        self.whole = QCheckBox("Hele gemeente")
        self.whole.setToolTip("Ook de termijnen van de andere teams; bij een grote gemeente duurt dat langer")
        self.whole.setVisible(self.team is not None)
        self.whole.toggled.connect(self._scope_changed)
        self.consulent = _combo("Alle consulenten", self._consulenten(), "Consulent")
        self.law = _combo("Beide wetten", labels.LAW.items(), "Wet")
        self.aanbieder = _combo("Alle aanbieders", [(a.id, a.name) for a in catalog.list_aanbieders(db, actor)],
                                "Aanbieder")
        self.kind = _combo("Alle soorten", KIND_LABELS.items(), "Soort termijn")
        self.due_from = QLineEdit(placeholderText="dd-mm-jjjj")
        self.due_to = QLineEdit(placeholderText="dd-mm-jjjj")
        self.due_from.setAccessibleName("Uiterste datum van")
        self.due_to.setAccessibleName("Uiterste datum tot en met")
        for field in (self.due_from, self.due_to):
            field.setMaximumWidth(110)
            field.setToolTip("Een periode toont alle open termijnen met een uiterste datum daarin, ook die nog ver "
                             "weg liggen. Leeg: wat binnenkort speelt of te laat is.")
            field.returnPressed.connect(self.apply)
        for combo in (self.consulent, self.law, self.aanbieder, self.kind):
            combo.currentIndexChanged.connect(lambda _: self.apply())
        self.apply_button = QPushButton("Toepassen")
        self.apply_button.clicked.connect(self.apply)
        self.clear_button = QPushButton("Wissen")
        self.clear_button.setToolTip("Alle filters leeg maken")
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QVBoxLayout()  # two rows: one would need more than a laptop screen is wide
        for row_widgets in ((self.whole, self.consulent, self.law, self.aanbieder, self.kind),
                            (QLabel("Uiterste datum van"), self.due_from, QLabel("t/m"), self.due_to,
                             self.apply_button, self.clear_button)):
            filter_row = QHBoxLayout()
            for widget in row_widgets:
                filter_row.addWidget(widget)
            filter_row.addStretch(1)
            filters.addLayout(filter_row)
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()

        # --- overview: counts above, the list below
        self.counts_model = RowsTableModel(["Consulent", "Binnenkort", "Te laat", "Waarvan geëscaleerd", "Totaal"],
                                           right_aligned=(1, 2, 3, 4))
        self.counts_table = make_table_view(self.counts_model, name="Termijnen per consulent")
        self.counts_table.setToolTip("Dubbelklik op een consulent om de lijst op die consulent te filteren")
        self.counts_table.doubleClicked.connect(self._filter_on_counts_row)
        self.counts_table.horizontalHeader().setStretchLastSection(False)
        self.counts_table.verticalHeader().setDefaultSectionSize(self.counts_table.fontMetrics().height() + 10)
        self.model = DeadlineTableModel(with_consulent=True, parent=self)
        self.table = make_table_view(self.model, long_list=True, widths=WIDTHS, name="Termijnen")
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.column_of("due"), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.shown_label = QLabel(objectName="Muted")
        self.open_button = QPushButton("Dossier openen")
        self.open_button.setToolTip("Het dossier van de gekozen regel openen, alleen-lezen (Enter of dubbelklik)")
        self.open_button.clicked.connect(self.open_selected)
        self.handover_button = QPushButton("Caseload overdragen…")
        self.handover_button.clicked.connect(self.hand_over)
        self.handover_button.setVisible(audit.allowed(actor, Action.CASE_ASSIGN))
        list_box = QWidget()
        lb = QVBoxLayout(list_box)
        lb.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.shown_label, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.handover_button)
        lb.addLayout(row)
        lb.addWidget(self.table, 1)
        overview = QSplitter(Qt.Orientation.Vertical)
        overview.addWidget(self.counts_table)
        overview.addWidget(list_box)
        overview.setChildrenCollapsible(False)
        overview.setSizes([300, 420])

        self.escalated_model = DeadlineTableModel(with_consulent=True, parent=self)
        self.escalated_table = make_table_view(self.escalated_model, long_list=True, widths=WIDTHS,
                                               name="Geëscaleerde termijnen")
        self.escalated_label = QLabel(objectName="Muted", wordWrap=True)
        escalated = QWidget()
        el = QVBoxLayout(escalated)
        el.addWidget(self.escalated_label)
        el.addWidget(self.escalated_table, 1)
        self.results = ProviderResultsTab(db, actor)

        self.tabs = ScrollingTabs()
        self.tabs.addTab(overview, "Overzicht")
        self.tabs.addTab(escalated, "Geëscaleerd")
        self.tabs.addTab(self.results, "Resultaten per aanbieder")
        self.tabs.currentChanged.connect(self._tab_changed)
        for table in (self.table, self.escalated_table):
            table.doubleClicked.connect(lambda index, t=table: self._open_row(t, index.row()))
            table.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.apply)
        self._shown_once = False
        self.apply()

    # --- asking the core

    def filters(self) -> DashboardFilter:
        """The filter on screen; raises KoersError (with a field) on a date that is not a date."""
        read = Fields()
        dates = {"due_from": read(parse_date, self.due_from.text(), "de begindatum", field="due_from"),
                 "due_to": read(parse_date, self.due_to.text(), "de einddatum", field="due_to")}
        read.raise_if_any("Het filter klopt niet:")
        kind = self.kind.currentData()
        return DashboardFilter(consulent_id=self.consulent.currentData(), law=self.law.currentData(),
                               aanbieder_id=self.aanbieder.currentData(), kinds=frozenset({kind}) if kind else None,
                               sort=self._sort, descending=self._descending, limit=self.row_limit,
                               whole_municipality=self.whole.isChecked(), **dates)

    def _consulenten(self) -> list[tuple[int, str]]:
        team = None if self.whole.isChecked() else self.team
        return [(u.id, u.display_name) for u in list_users(self._db, Role.CONSULENT, team=team)]

    def _scope_changed(self) -> None:
        """Her team or the whole municipality: the consulent choice follows, the filter on one is cleared."""
        self.consulent.blockSignals(True)
        self.consulent.clear()
        self.consulent.addItem("Alle consulenten", None)
        for value, text in self._consulenten():
            self.consulent.addItem(text, value)
        self.consulent.blockSignals(False)
        self.title.setText("Termijnen van de hele gemeente" if self.whole.isChecked() or not self.team
                           else f"Termijnen van {self.team}")
        self.apply()

    def apply(self) -> None:
        fields = {"due_from": self.due_from, "due_to": self.due_to}
        clear_marks(fields.values())
        try:
            board = team_overview(self._db, self._actor, self.filters())
        except KoersError as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            mark_fields(fields, exc.field_errors)
            return
        self.error.hide()
        self.show_dashboard(board)

    def show_dashboard(self, board: Dashboard) -> None:
        self.dashboard = board
        rows = [(c.name, str(c.due), str(c.overdue), str(c.escalated), str(c.total))
                for c in [*board.per_consulent, board.team]]
        self.counts_model.set_rows(rows, warn_rows=[i for i, c in enumerate(board.per_consulent) if c.escalated])
        t = self.counts_table  # tall enough for the whole team, so no count hides behind a scroll bar
        t.setMinimumHeight(min(t.horizontalHeader().sizeHint().height() + len(rows) * t.verticalHeader()
                               .defaultSectionSize() + 2 * t.frameWidth() + 2, 420))
        self.model.set_items(board.items)
        self.escalated_model.set_items(board.escalated)
        n, m = len(board.items), board.total
        period = self.due_from.text().strip() or self.due_to.text().strip()
        scope = "met een uiterste datum in de gekozen periode" if period else "binnenkort of te laat"
        self.shown_label.setText(f"{n} van {m} getoond ({scope}); verfijn de filters om de rest te zien" if n < m
                                 else f"{m} {'termijn' if m == 1 else 'termijnen'} {scope}")
        self.tabs.setTabText(1, f"Geëscaleerd ({board.escalated_total})")
        e = len(board.escalated)
        self.escalated_label.setText(
            f"{board.escalated_total} termijnen zijn langer te laat dan de escalatietermijn (stand "
            f"{format_date(board.today)})" + (f"; {e} getoond." if e < board.escalated_total else "."))
        self.open_button.setEnabled(bool(board.items))
        if board.items:
            self.table.selectRow(0)

    def clear_filters(self) -> None:
        for combo in (self.consulent, self.law, self.aanbieder, self.kind):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.due_from.clear()
        self.due_to.clear()
        self.apply()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        key = self.model.sort_key(column)
        if key is None:  # resident and client number: the core sorts on urgency, names are not a sort key
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.column_of(self._sort),
                                    Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.apply()

    def sort_by(self, key: str, descending: bool = False) -> None:
        self.table.horizontalHeader().setSortIndicator(
            self.model.column_of(key), Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def _filter_on_counts_row(self, index) -> None:
        if self.dashboard is None or index.row() >= len(self.dashboard.per_consulent):
            return
        uid = self.dashboard.per_consulent[index.row()].consulent_id
        at = self.consulent.findData(uid) if uid is not None else -1
        if at >= 0:
            self.consulent.setCurrentIndex(at)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.page(index) is self.results and not self.results.loaded:
            self.results.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._shown_once:  # read again when the area is shown again: the team kept working
            self.apply()
        self._shown_once = True

    # --- opening a case, handing over

    def _open_row(self, table: QTableView, row: int) -> None:
        item: DeadlineItem | None = table.model().item_at(row)
        if item is not None:
            self.resident_requested.emit(item.resident_id)

    def open_selected(self) -> None:
        table = self.escalated_table if self.tabs.currentIndex() == 1 else self.table
        rows = table.selectionModel().selectedRows()
        if rows:
            self._open_row(table, rows[0].row())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            rows = obj.selectionModel().selectedRows()
            if rows:
                self._open_row(obj, rows[0].row())
            return True
        return super().eventFilter(obj, event)

    def hand_over_dialog(self):
        from desktop.ui.dashboard.handover import HandOverDialog

        return HandOverDialog(self._db, self._actor, source_id=self.consulent.currentData(), parent=self)

    def hand_over(self) -> None:
        dialog = self.hand_over_dialog()
        dialog.exec()
        if dialog.handed_over:
            self.apply()
