"""Rapportages: every report of the core on the left, the chosen one on the right; beside the reports the
pages that act (setting the budget, the provider monitor with its printable sheets, the sample checks).

The controller lands here. A page is built when it is first chosen, so opening the area costs one report."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListView, QStackedWidget, QWidget

from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.reports import registry
from desktop.core.reports.choices import filter_choices
from desktop.ui.reports.report_view import ReportView
from desktop.ui.widgets.screen_fit import scrolling

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1


class ReportsPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._makers: list[Callable[[], QWidget]] = []
        self._built: dict[int, QWidget] = {}
        self._holders: dict[int, QWidget] = {}  # what the stack holds: the page, or a scroll area around it
        self.entries = QStandardItemModel(self)
        choices = filter_choices(db, actor)
        for spec in registry.specs():
            self._add(spec.title, lambda spec=spec: ReportView(db, actor, spec, choices))
        self._scrolls: set[int] = set()
        for title, maker, scrolls in _acting_pages(db, actor):
            if scrolls:
                self._scrolls.add(len(self._makers))
            self._add(title, maker)
        self.nav = QListView()
        self.nav.setModel(self.entries)
        self.nav.setAccessibleName("Rapportages")
        self.nav.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nav.setWordWrap(True)  # long titles take two lines rather than the page's width
        self.nav.setFixedWidth(self.fontMetrics().horizontalAdvance("Begroting vaststellen") + 28)
        self.nav.setSpacing(2)
        self.nav.selectionModel().currentChanged.connect(self._chosen)
        self.stack = QStackedWidget()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)

    def _add(self, title: str, maker: Callable[[], QWidget]) -> None:
        item = QStandardItem(title)
        item.setData(len(self._makers), PAGE_ROLE)
        self._makers.append(maker)
        self.entries.appendRow(item)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.nav.currentIndex().isValid() and self.entries.rowCount():
            self.open_entry(0)

    def focus_first(self) -> None:
        self.nav.setFocus()

    def open_entry(self, row: int) -> QWidget:
        """Shows entry `row` (building it the first time) and returns its page."""
        self.nav.selectionModel().setCurrentIndex(self.entries.index(row, 0),
                                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return self._built[row]

    def open_titled(self, title: str) -> QWidget:
        for row in range(self.entries.rowCount()):
            if self.entries.item(row).text() == title:
                return self.open_entry(row)
        raise KeyError(title)

    def titles(self) -> list[str]:
        return [self.entries.item(row).text() for row in range(self.entries.rowCount())]

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        n = current.data(PAGE_ROLE)
        page = self._built.get(n)
        if page is None:
            page = self._makers[n]()
            self._built[n] = page
            if isinstance(page, ReportView):
                page.run()
            # a page made for a whole area scrolls beside the list rather than widening the window
            self._holders[n] = scrolling(page) if n in self._scrolls else page
            self.stack.addWidget(self._holders[n])
        self.stack.setCurrentWidget(self._holders[n])


def _provider_page(db: Database, actor: Actor) -> QWidget:
    from desktop.ui.reports.provider_page import ProviderPage

    return ProviderPage(db, actor)


def _acting_pages(db: Database, actor: Actor) -> list[tuple[str, Callable[[], QWidget], bool]]:
    """(title, maker, whether it needs to scroll beside the list: made for a whole area's width)."""
    pages: list[tuple[str, Callable[[], QWidget], bool]] = [
        ("Aanbieder in gesprek (monitor en PDF)", lambda: _provider_page(db, actor), False)]
    if audit.allowed(actor, Action.BUDGET_MANAGE):
        from desktop.ui.reports.budget_page import BudgetPage

        pages.append(("Begroting vaststellen", lambda: BudgetPage(db, actor), True))
    if audit.allowed(actor, Action.SAMPLE_CHECK):
        from desktop.ui.reports.samples_page import SamplesPage

        pages.append(("Steekproeven trekken en controleren", lambda: SamplesPage(db, actor), True))
    return pages
