"""The Rapportages area as a controller and a casusregisseur use it: every report opens with a chart and a
table on demo data, filters re-run it, the total row stays last when sorting, a bad date is said in Dutch, and
an export runs in the background to a real file."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop.core.nl import MONTHS
from desktop.core.reports import registry
from desktop.ui import dialogs
from desktop.ui.reports.page import ReportsPage
from desktop.ui.reports.report_view import ReportView
from tests.gui.fit import assert_fits
from tests.gui.test_main_window import open_window


def shown(qtbot, view: ReportView) -> None:
    qtbot.waitUntil(lambda: view.report is not None and " regels · " in view.status.text(), timeout=10_000)


def cell(view: ReportView, row: int, column: int) -> str:
    return view.proxy.data(view.proxy.index(row, column))


def test_the_controller_lands_in_the_reports_and_sees_every_one(qtbot, demo_actor, demo_path, screenshot):
    window, _ = open_window(qtbot, demo_path, demo_actor("controller"))
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == ["Rapportages"]
    page = window.show_area("Rapportages")
    assert isinstance(page, ReportsPage)
    titles = page.titles()
    assert titles[:len(registry.specs())] == [s.title for s in registry.specs()]
    assert titles[len(registry.specs()):] == ["Aanbieder in gesprek (monitor en PDF)", "Begroting vaststellen",
                                              "Steekproeven trekken en controleren"]
    for row, spec in enumerate(registry.specs()):
        view = page.open_entry(row)
        shown(qtbot, view)
        assert view.error.isHidden(), view.error.text()
        assert view.chart.chart().series(), spec.name
        assert view.model.rowCount() == len(view.report.rows) + (1 if view.report.totals else 0) or \
            view.model.canFetchMore()
        screenshot(window, f"rapportage-{spec.name}")
    for row in range(len(registry.specs()), len(titles)):  # the pages that act, built when first chosen
        acting = page.open_entry(row)
        assert acting.isVisible() and page.stack.currentWidget().isAncestorOf(acting)
        screenshot(window, f"rapportage-pagina-{row}")
    assert_fits(window, "Rapportages")


def test_a_casusregisseur_reads_accounts_and_sets_no_budget(qtbot, demo_actor, demo_db):
    page = ReportsPage(demo_db, demo_actor("casusregisseur"))
    qtbot.addWidget(page)
    page.show()
    assert "Begroting vaststellen" not in page.titles()
    view = page.open_titled("Uitkomsten: zelfredzaamheid en resultaten")
    shown(qtbot, view)
    assert view.report.accounts and view.views.indexOf(view.accounts) >= 0
    assert "Tellen en vertellen" in view.accounts.toPlainText()


def test_filters_sorting_and_a_bad_date(qtbot, demo_actor, demo_db):
    page = ReportsPage(demo_db, demo_actor("casusregisseur"))
    qtbot.addWidget(page)
    page.show()
    view = page.open_titled("Realisatie tegenover indicatie")
    shown(qtbot, view)
    providers = [cell(view, r, 0) for r in range(view.proxy.rowCount())]
    assert providers[-1] == "Totaal" and len(providers) > 2
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # gerealiseerd uren, most first
    assert cell(view, view.proxy.rowCount() - 1, 0) == "Totaal"
    view.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert cell(view, view.proxy.rowCount() - 1, 0) == "Totaal"
    # per month: one row per calendar month of the span
    view.group.setCurrentIndex(view.group.findData("maand"))
    view.run()
    qtbot.waitUntil(lambda: view.report.filters.group == "maand", timeout=10_000)
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the first column sorts in the report's own order
    months = [cell(view, r, 0).split()[0] for r in range(view.proxy.rowCount() - 1)]  # the last row: Totaal
    assert months == list(MONTHS[:len(months)]) and len(months) == view.report.filters.end.month
    # one aanbieder: its row and the total are the same figures
    view.aanbieder.setCurrentIndex(1)
    view.group.setCurrentIndex(0)
    view.run()
    qtbot.waitUntil(lambda: view.report.filters.aanbieder_id is not None, timeout=10_000)
    assert view.proxy.rowCount() == 2 and cell(view, 0, 3) == cell(view, 1, 3)
    view.date_from.setText("31-02-2026")
    view.run()
    assert view.error.isVisible() and "begindatum" in view.error.text()


def test_export_to_excel_in_the_background(qtbot, demo_actor, demo_db, tmp_path, monkeypatch):
    target = tmp_path / "realisatie.xlsx"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: str(target))
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: None)
    page = ReportsPage(demo_db, demo_actor("controller"))
    qtbot.addWidget(page)
    page.show()
    view = page.open_entry(0)
    shown(qtbot, view)
    view.xlsx_button.click()
    qtbot.waitUntil(lambda: target.exists(), timeout=10_000)
    sheet = load_workbook(target).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row and row[0] == "Totaal" for row in values)
    assert any(isinstance(v, (int, float)) for row in values for v in row[1:])


def test_the_beheerder_sets_the_budget_under_beheer(qtbot, demo_actor, demo_db):
    from desktop.ui.admin.page import AdminPage
    from desktop.ui.reports.budget_page import BudgetPage

    page = AdminPage(demo_db, demo_actor("beheerder"))
    qtbot.addWidget(page)
    page.show()
    assert page.budget_tab is not None and page.budget_tab.page is None  # built when first opened
    page.tabs.setCurrentWidget(page.budget_tab)
    qtbot.waitUntil(lambda: page.budget_tab.page is not None, timeout=5000)
    budget_page = page.budget_tab.page
    assert isinstance(budget_page, BudgetPage)
    qtbot.waitUntil(lambda: budget_page.model.rowCount() > 0, timeout=5000)
