"""Termijnen (casusregisseur): only that role sees it; counts match the core; each filter narrows the list;
a header click sorts through the core; the results per provider; opening a case; the caseload hand-over."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import AuditEntry, Casus
from db.models.enums import Law
from desktop.core.deadlines import dashboard, results
from desktop.core.deadlines.dashboard import DashboardFilter
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.core.decisions.rules import add_months
from desktop.core.nl import format_date_short
from desktop.core.team.handover import cases_of
from desktop.ui.dashboard.page import DashboardPage
from desktop.ui.dashboard.results import result_row
from tests.gui.test_workload import start


def items(page: DashboardPage):
    return [page.model.item_at(r) for r in range(page.model.rowCount())]


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def make_page(qtbot, demo_db, actor) -> DashboardPage:
    page = DashboardPage(demo_db, actor)
    qtbot.addWidget(page)
    page.resize(1360, 820)
    page.show()
    return page


def test_only_the_casusregisseur_has_the_area(qtbot, demo_path, demo_actor, today):
    consulent = start(qtbot, demo_path, demo_actor("consulent"))
    assert "Termijnen" not in consulent.areas
    regisseur = start(qtbot, demo_path, demo_actor("casusregisseur"))
    assert isinstance(regisseur.areas["Termijnen"], DashboardPage)


def test_counts_match_the_core_and_each_filter_narrows_the_list(qtbot, demo_db, demo_actor, today, screenshot):
    actor = demo_actor("casusregisseur")
    page = make_page(qtbot, demo_db, actor)
    core = dashboard.team_overview(demo_db, actor)
    counts = [tuple(page.counts_model.data(page.counts_model.index(r, c)) for c in range(5))
              for r in range(page.counts_model.rowCount())]
    assert counts == [(c.name, str(c.due), str(c.overdue), str(c.escalated), str(c.total))
                      for c in [*core.per_consulent, core.team]]
    assert len(items(page)) == core.total and page.shown_label.text().startswith(f"{core.total} termijnen")
    assert page.tabs.tabText(1) == f"Geëscaleerd ({core.escalated_total})"
    assert page.escalated_model.rowCount() == core.escalated_total
    qtbot.wait(50)
    screenshot(page, "dashboard")

    first = core.per_consulent[0]
    choose(page.consulent, first.consulent_id)
    assert 0 < len(items(page)) == first.total < core.total
    assert all(i.consulent_id == first.consulent_id for i in items(page))
    choose(page.consulent, None)

    choose(page.law, Law.JEUGDWET)
    assert 0 < len(items(page)) < core.total and all(i.law is Law.JEUGDWET for i in items(page))
    choose(page.law, None)

    provider = next(i for i in core.items if i.aanbieder_id).aanbieder_id
    choose(page.aanbieder, provider)
    assert 0 < len(items(page)) < core.total and all(i.aanbieder_id == provider for i in items(page))
    choose(page.aanbieder, None)

    choose(page.kind, DeadlineKind.AFLOOP)
    assert 0 < len(items(page)) < core.total and all(i.kind is DeadlineKind.AFLOOP for i in items(page))
    choose(page.kind, None)

    first, last = today + timedelta(days=8), today + timedelta(days=38)
    page.due_from.setText(format_date_short(first))
    page.due_to.setText(format_date_short(last))
    qtbot.keyClick(page.due_to, Qt.Key.Key_Return)
    period = items(page)
    assert period and all(first <= i.due_date <= last for i in period)
    assert len(period) == dashboard.team_overview(demo_db, actor, DashboardFilter(
        due_from=first, due_to=last)).total

    page.due_from.setText(format_date_short(last))
    page.due_to.setText(format_date_short(first))
    page.apply_button.click()
    assert "vóór de begindatum" in page.error.text() and page.due_to.property("invalid") is True
    assert items(page) == period  # the list on screen stays as it was
    page.clear_filters()
    assert len(items(page)) == core.total and page.error.isHidden()


def test_a_header_click_sorts_through_the_core_and_a_limit_shows_n_of_m(qtbot, demo_db, demo_actor, today):
    actor = demo_actor("casusregisseur")
    page = make_page(qtbot, demo_db, actor)
    page.sort_by("consulent", descending=True)
    names = [i.consulent_name.casefold() for i in items(page)]
    assert names == sorted(names, reverse=True) and names[0] != names[-1]
    page.sort_by("due")
    assert [i.due_date for i in items(page)] == sorted(i.due_date for i in items(page))
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # Inwoner: no core sort key
    assert page._sort == "due" and page.table.horizontalHeader().sortIndicatorSection() == page.model.column_of("due")

    assert page.row_limit == dashboard.MAX_ROWS
    page.row_limit = 100  # a limit below this demo's total, whatever its size
    page.due_from.setText(format_date_short(today - timedelta(days=3650)))
    page.due_to.setText(format_date_short(today + timedelta(days=3650)))
    page.apply()
    board = page.dashboard
    assert board.total > len(board.items) == 100
    assert page.shown_label.text().startswith(f"100 van {board.total} getoond")


def test_results_per_provider(qtbot, demo_db, demo_actor, today, screenshot):
    actor = demo_actor("casusregisseur")
    page = make_page(qtbot, demo_db, actor)
    page.tabs.setCurrentWidget(page.results)
    tab = page.results
    year_ago = add_months(today, -12) + timedelta(days=1)
    assert tab.loaded and (tab.date_from.text(), tab.date_to.text()) == (format_date_short(year_ago),
                                                                         format_date_short(today))  # the last year
    core = results.results_by_provider(demo_db, actor, year_ago, today)
    shown = [tuple(tab.model.data(tab.model.index(r, c)) for c in range(8)) for r in range(tab.model.rowCount())]
    assert shown == [result_row(r) for r in core] and shown
    qtbot.wait(50)
    screenshot(page, "dashboard-results")
    tab.date_from.setText(format_date_short(today - timedelta(days=120)))
    qtbot.keyClick(tab.date_from, Qt.Key.Key_Return)
    assert sum(r.evaluations for r in tab.rows) < sum(r.evaluations for r in core)


def test_double_click_opens_the_case_read_only_in_inwoners(qtbot, demo_path, demo_actor, today):
    window = start(qtbot, demo_path, demo_actor("casusregisseur"))
    page = window.show_area("Termijnen")
    item = page.model.item_at(0)
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    residents = window.areas["Inwoners"]
    assert window.stack.currentWidget() is residents
    view = residents.file_view
    assert view.file.resident.id == item.resident_id
    assert view.edit_button.isHidden() and view.new_decision_button.isHidden()


def test_hand_over_moves_the_chosen_cases_and_logs_them(qtbot, demo_db, demo_actor, today, screenshot, dialog_calls):
    actor = demo_actor("casusregisseur")
    page = make_page(qtbot, demo_db, actor)
    board = page.dashboard
    source, target = board.per_consulent[0], board.per_consulent[1]
    choose(page.consulent, source.consulent_id)
    dialog = page.hand_over_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.source.currentData() == source.consulent_id
    before = cases_of(demo_db, actor, source.consulent_id)
    assert dialog.model.rowCount() == len(before) >= 3
    dialog.select_all.setChecked(True)
    assert dialog.count.text() == f"{len(before)} van {len(before)} casussen gekozen"
    dialog.select_all.setChecked(False)
    for row in range(3):
        dialog.model.set_checked(row, True)
    dialog.ok_button.click()  # no reason and nobody to take over: both said at once, nothing asked or moved
    assert "reden" in dialog.error_panel.text() and dialog.reason.property("invalid") is True
    assert "ten minste één consulent" in dialog.error_panel.text() and dialog.targets.property("invalid") is True
    assert dialog_calls == [] and len(cases_of(demo_db, actor, source.consulent_id)) == len(before)
    dialog.check_target(target.consulent_id)
    dialog.reason.setPlainText("Collega met verlof vanaf 1 december")
    dialog_calls.answers["confirm"] = False
    dialog.ok_button.click()  # the confirmation names the count; 'Terug' moves nothing
    residents = len({c.resident_id for c in before[:3]})
    assert dialog_calls[-1][0] == "confirm" and dialog_calls[-1][2].startswith(
        f"3 casussen van {residents} {'inwoner' if residents == 1 else 'inwoners'} overdragen aan {target.name}?")
    assert len(cases_of(demo_db, actor, source.consulent_id)) == len(before)
    dialog_calls.answers["confirm"] = True

    qtbot.wait(50)
    screenshot(dialog, "handover")
    dialog.ok_button.click()
    moved = [c.casus_id for c in before[:3]]
    assert dialog.error_panel.isHidden()
    assert dialog.summary.text().startswith(f"<b>3 casussen overgedragen aan {target.name}.")
    with demo_db.read() as s:
        assert {s.get(Casus, cid).consulent_id for cid in moved} == {target.consulent_id}
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "casus.overdragen")).all()
    assert sorted(int(line.record_id) for line in lines) == sorted(moved)
    assert all(line.reason == "Collega met verlof vanaf 1 december" for line in lines)
    assert dialog.model.rowCount() == len(before) - 3
    qtbot.wait(50)
    screenshot(dialog, "handover-done")
    dialog.buttons.rejected.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
