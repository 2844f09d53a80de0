"""Every Qt model Koers defines keeps Qt's model contract (pytest-qt's qtmodeltester), while it is filled,
refilled, emptied, checked and paged: first each class on its own, then every model the real screens
show on demo data, for every role. A new model class must be added here (the last test says so)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTabWidget

import desktop.ui
from desktop.core.access import audit
from desktop.core.deadlines.dashboard import DashboardFilter, team_overview
from desktop.core.letters.pipeline import letter_queue
from desktop.core.team.handover import cases_of
from desktop.ui import dialogs
from desktop.ui.auditlog.model import AuditLogModel
from desktop.ui.dashboard.handover import CasesModel
from desktop.ui.letters.queue_model import QueueModel
from desktop.ui.residents.list_model import ResidentListModel
from desktop.ui.widgets.check_model import CheckRowsModel
from desktop.ui.widgets.paged_model import PagedTableModel
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.workload.model import DeadlineTableModel
from tests.gui.test_workload import start

CHECKED = Qt.CheckState.Checked.value


def lazy_model_tester(model: QAbstractItemModel) -> QAbstractItemModelTester:
    """Qt's tester (the one qtmodeltester runs) for a model that fetches lazily, told not to call fetchMore
    itself: it would do so inside its own rowsInserted handler and then count two pages as one insert. The
    test calls fetchMore, as a scrolling view does, and the tester checks every insert it causes."""
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    tester.setUseFetchMore(False)
    return tester
UNCHECKED = Qt.CheckState.Unchecked.value


def test_rows_table_model_filled_refilled_and_emptied(qtmodeltester):
    model = RowsTableModel(["Datum", "Uren"], [("1 november 2026", "2"), ("8 november 2026", "1,5")],
                           right_aligned=(1,), warn_rows=(1,))
    qtmodeltester.check(model)
    model.set_rows([(f"{d} november 2026", "1") for d in range(1, 31)], warn_rows=(3, 4))
    model.set_rows([])
    assert model.rowCount() == 0 and model.columnCount() == 2
    model.set_rows([("1 december 2026", "8")])
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) is not None


def test_check_rows_model_checks_only_enabled_rows(qtmodeltester):
    model = CheckRowsModel(["Kenmerk", "Inwoner"])
    qtmodeltester.check(model)
    model.set_rows([(1, ("B-1", "A. de Vries"), True), (2, ("B-2", "K. Çelik"), False),
                    (3, ("B-3", "J. Jansen"), True)], check_all=True)
    assert model.checked_ids() == [1, 3]
    assert model.setData(model.index(0, 0), UNCHECKED, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(1, 0), CHECKED, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(0, 1), CHECKED, Qt.ItemDataRole.CheckStateRole)
    assert model.checked_ids() == [3]
    model.set_all(True)
    model.set_rows([(3, ("B-3", "J. Jansen"), True)])
    assert model.checked_ids() == [3]  # a refill keeps what was checked and still there
    model.set_all(False)
    model.set_rows([])
    model.set_all(True)
    assert model.checked_ids() == [] and model.rowCount() == 0


class _Numbers(PagedTableModel[int]):
    PAGE = 20
    columns = (("Getal", str), ("Kwadraat", lambda n: str(n * n)))

    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def fetch_page(self, after: int | None) -> list[int]:
        first = 0 if after is None else after + 1
        return list(range(first, min(first + self.PAGE, self.count)))


@pytest.mark.parametrize("count", [0, 7, 20, 45])
def test_paged_model_fetches_page_by_page_to_the_end(count):
    model = _Numbers(count)
    tester = lazy_model_tester(model)
    model.reload()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == count and not model.canFetchMore(QModelIndex())
    assert [model.data(model.index(r, 0)) for r in range(count)] == [str(n) for n in range(count)]
    model.count = 3
    model.reload()
    assert model.rowCount() == 3 and tester


def test_resident_list_model_over_the_demo(demo_db, demo_actor):
    model = ResidentListModel(demo_db, demo_actor("casusregisseur"))
    tester = lazy_model_tester(model)
    model.set_query("")
    model.fetchMore(QModelIndex())
    assert model.rowCount() > model.PAGE
    model.set_query("de")
    model.set_query("geen-inwoner-heet-zo")
    assert model.rowCount() == 0 and tester


def test_audit_log_model_over_the_demo(demo_db, demo_actor):
    beheerder = demo_actor("beheerder")
    for _ in range(5):
        letter_queue(demo_db, demo_actor("medewerker"))  # a few access-log lines to page through
    model = AuditLogModel(demo_db, beheerder)
    model.PAGE = 2
    tester = lazy_model_tester(model)
    model.refresh()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    everything = audit.list_entries(demo_db, beheerder, limit=1000)
    assert [model.row_at(r).id for r in range(model.rowCount())] == [e.id for e in everything]
    assert model.rowCount() > 5 and tester


def test_queue_model_over_the_real_queue(qtmodeltester, demo_db, demo_actor):
    rows = letter_queue(demo_db, demo_actor("medewerker"))
    assert rows
    model = QueueModel()
    qtmodeltester.check(model)
    model.set_queue(rows)
    model.set_all(True)
    assert len(model.checked_ids()) == model.ready_count()
    model.set_queue(rows[:1])
    model.set_queue([])


@pytest.mark.parametrize("with_consulent", [False, True])
def test_deadline_model_over_the_team_overview(qtmodeltester, demo_db, demo_actor, with_consulent):
    items = team_overview(demo_db, demo_actor("casusregisseur"), DashboardFilter(limit=50)).items
    assert items
    model = DeadlineTableModel(with_consulent=with_consulent)
    qtmodeltester.check(model)
    model.set_items(items)
    model.set_items(items[:5])
    model.set_items([])


def test_cases_model_over_a_consulents_caseload(qtmodeltester, demo_db, demo_actor):
    regisseur = demo_actor("casusregisseur")
    consulent = demo_actor("consulent")
    rows = cases_of(demo_db, regisseur, consulent.user_id)
    assert rows
    model = CasesModel()
    qtmodeltester.check(model)
    model.set_rows(rows)
    model.set_checked(0, True)
    model.set_all(True)
    assert len(model.checked_ids()) == len(rows)
    model.set_rows([])
    model.set_all(True)
    assert model.checked_ids() == []


# ---------------------------------------------------------------- every model on every screen

ROLES = ("consulent", "casusregisseur", "medewerker", "beheerder")


def _visit_every_tab(widget) -> None:
    for tabs in widget.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)


def _our_models_on_screen() -> list[QAbstractItemModel]:
    seen: dict[int, QAbstractItemModel] = {}
    for top in QApplication.topLevelWidgets():
        for view in top.findChildren(QAbstractItemView):
            model = view.model()
            if model is not None and type(model).__module__.startswith("desktop."):
                seen.setdefault(id(model), model)
    return list(seen.values())


@pytest.mark.parametrize("role", ROLES)
def test_every_model_the_screens_show_keeps_the_contract(qtbot, monkeypatch, demo_path, demo_actor,
                                                         role):
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kwargs: "Controle van de tabellen")
    actor = demo_actor(role)
    window = start(qtbot, demo_path, actor)
    for name in list(window.areas):
        _visit_every_tab(window.show_area(name))
        qtbot.wait(10)
    residents = window.areas.get("Inwoners")
    if residents is not None:  # a resident file and a decision window: their tables too
        residents.run_search()
        model = residents.model
        assert model.rowCount() > 0
        residents.open_resident(model.row_at(0).id)
        _visit_every_tab(residents)
        decisions = [d for case in residents.file_view.file.cases for d in case.decisions]
        if decisions:
            _visit_every_tab(residents.open_decision(decisions[0].decision.id))
    models = _our_models_on_screen()
    assert len(models) >= 3
    # Qt's own tester, one per model; a broken contract is a 'qt.modeltest' warning, which pytest-qt turns
    # into a failure of this test. The testers stay attached while the screens refresh below.
    testers = [lazy_model_tester(model) if isinstance(model, PagedTableModel) else
               QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
               for model in models]
    for name in list(window.areas):
        _visit_every_tab(window.show_area(name))
    assert len(testers) == len(models)


def test_report_table_model_pages_sorts_and_keeps_the_total_last(qtmodeltester):
    from datetime import date
    from decimal import Decimal

    from desktop.core.reports.base import Chart, ChartKind, Column, Kind, Report
    from desktop.core.reports.filters import ReportFilter
    from desktop.ui.reports.table_model import PAGE, ReportSortProxy, ReportTableModel

    def report(n: int) -> Report:
        rows = tuple((f"Aanbieder {i:05d}", i, Decimal(i) / 4) for i in range(n))
        return Report("test", "Test", (Column("groep", "Aanbieder"), Column("n", "Aantal", Kind.COUNT),
                                       Column("uren", "Uren", Kind.HOURS)), rows,
                      Chart(ChartKind.BAR, (), (), "uren"), ReportFilter(as_of=date(2026, 11, 23)).resolved(),
                      totals=("Totaal", sum(r[1] for r in rows), sum(r[2] for r in rows)))

    model = ReportTableModel()
    tester = lazy_model_tester(model)
    model.set_report(report(3))
    assert [model.data(model.index(r, 2)) for r in range(4)] == ["0 uur", "0,25 uur", "0,5 uur", "0,75 uur"]
    model.set_report(report(PAGE + 20))
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 21 and not model.canFetchMore()
    proxy = ReportSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert proxy.data(proxy.index(0, 1)) == format(PAGE + 19, ",").replace(",", ".")
    assert proxy.data(proxy.index(proxy.rowCount() - 1, 0)) == "Totaal"
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert proxy.data(proxy.index(proxy.rowCount() - 1, 0)) == "Totaal"
    model.set_report(None)
    assert model.rowCount() == model.columnCount() == 0
    qtmodeltester.check(model)
    assert tester is not None


def _model_classes() -> set[type]:
    for info in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        importlib.import_module(info.name)
    found: set[type] = set()
    todo = [QAbstractItemModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("desktop."):
                found.add(sub)
    return found


def test_every_model_class_is_tried_in_this_file():
    # BudgetTableModel has its qtmodeltester in tests/gui/test_budget_page.py, JournalTableModel in
    # tests/gui/test_journal_panel.py, the documents model in tests/gui/test_documents_panel.py, ExpiredFilesModel
    # in tests/gui/test_retention_tab.py
    from desktop.ui.admin.retention_tab import ExpiredFilesModel
    from desktop.ui.reports.budget_page import BudgetTableModel
    from desktop.ui.reports.table_model import ReportSortProxy, ReportTableModel
    from desktop.ui.residents.documents_panel import _DocumentsModel
    from desktop.ui.residents.journal_panel import JournalTableModel

    tried = {RowsTableModel, CheckRowsModel, PagedTableModel, ResidentListModel, AuditLogModel, QueueModel,
             DeadlineTableModel, CasesModel, ReportTableModel, ReportSortProxy, BudgetTableModel, JournalTableModel,
             _DocumentsModel, ExpiredFilesModel}
    assert _model_classes() == tried
