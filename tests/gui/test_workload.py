"""Mijn werkvoorraad: what a consulent sees first, only their own items, most urgent first; Enter opens the case
(an evaluation opens the evaluation form); a recorded evaluation leaves the list; an empty list says so."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db.models import User
from db.models.enums import EvaluationOutcome, ResultStatus, Role
from desktop.core.access.actor import Actor
from desktop.core.access.signin import hash_password
from desktop.core.deadlines import queries
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.ui.evaluations.dialog import EvaluationDialog
from desktop.ui.workload.model import days_text
from desktop.ui.workload.page import WorkloadPage, count_line
from tests.gui.test_decision_actions import on_modal
from tests.gui.test_evaluation_dialog import choose, running  # noqa: F401 - fixture
from tests.gui.test_main_window import open_window

__all__ = ["running"]


def start(qtbot, demo_path, actor):
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_database(str(demo_path), actor=actor)
    return window


def rows(page: WorkloadPage):
    return [page.model.item_at(r) for r in range(page.model.rowCount())]


def test_days_in_words():
    assert [days_text(d) for d in (5, 1, 0, -1, -12)] == ["nog 5 dagen", "nog 1 dag", "vandaag", "1 dag te laat",
                                                         "12 dagen te laat"]


def test_the_consulent_starts_in_the_werkvoorraad_with_only_own_items_by_urgency(
        qtbot, demo_path, demo_db, running, screenshot):
    me = running["actor"]
    window = start(qtbot, demo_path, me)
    page = window.areas["Mijn werkvoorraad"]
    assert window.sidebar.item(0).text() == "Mijn werkvoorraad" and window.stack.currentWidget() is page
    items = rows(page)
    assert items and items == queries.my_workload(demo_db, me)
    assert all(i.consulent_id == me.user_id for i in items)
    assert [i.due_date for i in items] == sorted(i.due_date for i in items)
    assert page.count_label.text() == count_line(items)
    late = sum(1 for i in items if i.overdue)
    assert page.count_label.text().startswith(f"{late} te laat")
    assert page.table.hasFocus() or not window.isActiveWindow()
    qtbot.wait(50)
    screenshot(window, "werkvoorraad")

    # Enter on a non-evaluation item: the resident's file in the Inwoners area
    other = next(r for r, i in enumerate(items) if i.kind is not DeadlineKind.EVALUATIE)
    page.table.selectRow(other)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    residents = window.areas["Inwoners"]
    assert window.stack.currentWidget() is residents and window.sidebar.currentRow() == 1
    assert residents.file_view.file.resident.id == items[other].resident_id


def test_enter_on_an_evaluation_opens_the_form_and_saving_refreshes_the_list(
        qtbot, demo_path, demo_db, running, dialog_calls):
    window = start(qtbot, demo_path, running["actor"])
    page = window.areas["Mijn werkvoorraad"]
    row = next(r for r, i in enumerate(rows(page)) if i.evaluation_id == running["evaluation"])
    item = page.model.item_at(row)
    late = (running["today"] - item.due_date).days  # 20 days when the tests run on 23 November 2026
    assert item.escalated and page.model.data(page.model.index(row, 4)) == f"{late} dagen te laat · geëscaleerd"
    page.table.selectRow(row)
    opened = []

    def record(dialog):
        opened.append(dialog)
        assert isinstance(dialog, EvaluationDialog)
        for box in dialog.result_boxes:
            choose(box.status, ResultStatus.BEHAALD)
        dialog.outcome_buttons[EvaluationOutcome.VOORTZETTEN].click()
        dialog.save_button.click()

    on_modal(qtbot, record)
    recorded = []
    page.evaluation_recorded.connect(recorded.append)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened and recorded == [running["evaluation"]]
    assert all(i.evaluation_id != running["evaluation"] for i in rows(page))
    assert window.stack.currentWidget() is page


def test_an_empty_werkvoorraad_says_so(qtbot, demo_db, today):
    with demo_db.write() as s:
        user = User(username="nieuw", display_name="Nieuwe Collega", role=Role.CONSULENT,
                    password_hash=hash_password("een lang wachtwoord"))
        s.add(user)
        s.flush()
        actor = Actor(user.id, user.username, user.display_name, user.role, "testwerkplek")
    page = WorkloadPage(demo_db, actor)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0 and page.empty.isVisible() and not page.table.isVisible()
    assert page.count_label.text() == "Niets te doen" and not page.open_button.isEnabled()


def test_open_window_still_lands_in_inwoners_for_older_tests(qtbot, demo_path, demo_actor):
    window, page = open_window(qtbot, demo_path, demo_actor("consulent"))
    assert window.stack.currentWidget() is page
