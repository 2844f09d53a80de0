"""The main window on demo data: areas, search as you type, keyboard, opening a file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import Beschikking, Casus, Resident
from desktop.core.text import search_key
from desktop.ui.main_window import MainWindow
from desktop.ui.residents.list_model import ROW_ID_ROLE
from desktop.ui.residents.page import ResidentsPage


def open_window(qtbot, path, actor) -> tuple[MainWindow, ResidentsPage]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_database(str(path), actor=actor)
    page = window.show_area("Inwoners")  # a consulent starts in 'Mijn werkvoorraad'
    return window, page


def visible_ids(page: ResidentsPage) -> list[int]:
    m = page.model
    return [m.data(m.index(r, 0), ROW_ID_ROLE) for r in range(m.rowCount())]


def search(qtbot, page: ResidentsPage, text: str) -> None:
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: page.model.query == text and not page._timer.isActive(), timeout=3000)


def test_opens_on_demo_data_with_only_working_areas(qtbot, demo_actor, demo_path, screenshot):
    window, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "Inwoners", "Termijnen", "Rapportages", "Toegangslog"]
    assert window.stack.currentWidget() is page
    assert page.model.rowCount() == page.model.PAGE  # first page only: the rest is fetched on scrolling
    assert page.count_label.text() == "450 inwoners"
    assert "demo.sqlite" in window.db_label.text()
    screenshot(window, "main-window")


def test_list_is_in_dutch_surname_order_and_fetches_lazily(qtbot, demo_actor, demo_path, demo_db):
    _, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    model = page.model
    assert model.canFetchMore()
    for _ in range(4):  # 100 a page
        model.fetchMore()
    assert not model.canFetchMore()
    ids = visible_ids(page)
    assert len(ids) == len(set(ids)) == 450
    with demo_db.read() as s:
        expected = [r.id for r in s.exec(select(Resident).order_by(Resident.search_name, Resident.id))]
    assert ids == expected


def test_the_list_stops_at_its_limit_and_the_count_says_to_type_on(qtbot, demo_actor, demo_path, monkeypatch):
    """A list of search results holds at most LIST_LIMIT rows (1,000; 150 here): nobody scrolls through a
    million residents, and memory stays small; the count above it says there are more."""
    from desktop.ui.residents import list_model
    from desktop.ui.residents import page as page_module

    monkeypatch.setattr(list_model.ResidentListModel, "MAX_ROWS", 150)
    monkeypatch.setattr(page_module, "COUNT_CAP", 150)
    _, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    model = page.model
    assert page.count_label.text() == "Meer dan 150 inwoners; typ verder om te verfijnen."
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 150 and model.capped
    ids = visible_ids(page)
    assert len(set(ids)) == 150
    search(qtbot, page, "zzzz")
    assert page.count_label.text() == "0 inwoners gevonden" and not model.capped


def test_search_as_you_type_by_surname_bsn_and_postcode(qtbot, demo_actor, demo_path, demo_db):
    _, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    with demo_db.read() as s:
        someone = s.exec(select(Resident).where(Resident.postcode.is_not(None)).order_by(Resident.id)).first()
        all_rows = s.exec(select(Resident)).all()

    typed = someone.surname[:3]
    search(qtbot, page, typed)
    key = search_key(typed)
    expected = {r.id for r in all_rows  # a surname, its second part, a first name or a street (issue 20)
                if any((k or "").startswith(key) for k in (r.search_name, r.search_alt, r.search_first,
                                                           r.search_street))}
    assert set(visible_ids(page)) == expected and someone.id in expected
    assert page.count_label.text().endswith("gevonden")

    search(qtbot, page, someone.bsn)
    assert visible_ids(page) == [someone.id]
    assert page.count_label.text() == "1 inwoner gevonden"

    spaced = f"{someone.postcode[:4]} {someone.postcode[4:].lower()}"
    search(qtbot, page, spaced)
    assert someone.id in visible_ids(page)
    assert all(r.postcode == someone.postcode for r in all_rows if r.id in visible_ids(page))

    search(qtbot, page, "xqzxqz")
    assert page.model.rowCount() == 0
    assert page.count_label.text() == "0 inwoners gevonden"


def test_keyboard_ctrl_f_down_enter_escape(qtbot, demo_actor, demo_path):
    window, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    with qtbot.waitActive(window):
        window.activateWindow()
    page.table.setFocus()
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()

    search(qtbot, page, "b")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    chosen = page.selected_id()
    assert chosen == visible_ids(page)[1]
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.file_view.file is not None and page.file_view.file.resident.id == chosen

    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.search.hasFocus()
    assert page.model.rowCount() == page.model.PAGE


def test_enter_in_search_box_opens_first_match(qtbot, demo_actor, demo_path, demo_db):
    _, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    with demo_db.read() as s:
        target = s.exec(select(Resident).order_by(Resident.id.desc())).first()
    page.search.setText(target.bsn)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # before the debounce fires: Enter searches first
    assert page.file_view.file.resident.id == target.id


def test_opened_file_shows_cases_plan_decisions_hours_and_evaluations(qtbot, demo_actor, demo_path, demo_db, screenshot):
    with demo_db.read() as s:
        resident_id = s.exec(select(Casus.resident_id).join(Beschikking, Beschikking.casus_id == Casus.id)
                             .where(Beschikking.status == "verzonden").order_by(Casus.resident_id)).first()
        resident = s.get(Resident, resident_id)
    window, page = open_window(qtbot, demo_path, demo_actor('casusregisseur'))
    page.open_resident(resident_id)
    view = page.file_view
    assert resident.surname in view.name.text()
    assert resident.bsn in view.details.text() and resident.client_number in view.caseload.text()
    assert view.cases_model.rowCount() >= 1
    assert view.decisions_model.rowCount() >= 1
    assert "uur" in view.decisions_model.data(view.decisions_model.index(0, 7))
    html = view.plan_text.toPlainText()
    assert "Doel:" in html and "Vraag van de inwoner" in html
    assert view.periods_model.rowCount() == view.decision_choice.currentData().decision.period_count
    assert "geïndiceerd" in view.hours_summary.text()
    assert view.evaluations_model.rowCount() >= 1
    screenshot(window, "resident-file-cases")
    for index, name in ((1, "plan"), (2, "decisions"), (3, "hours"), (4, "evaluations")):
        view.tabs.setCurrentIndex(index)
        screenshot(window, f"resident-file-{name}")


def test_resident_list_model_contract(qtbot, demo_actor, qtmodeltester, demo_db):
    from desktop.ui.residents.list_model import ResidentListModel

    model = ResidentListModel(demo_db, demo_actor("casusregisseur"))
    model.set_query("")
    qtmodeltester.check(model, force_py=True)
    model.set_query("de")
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize(("role", "first"), [("consulent", "Mijn werkvoorraad"), ("casusregisseur", "Termijnen"),
                                             ("medewerker", "Brieven"), ("beheerder", "Beheer")])
def test_each_role_lands_where_its_day_starts(qtbot, demo_actor, demo_path, role, first):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_database(str(demo_path), actor=demo_actor(role))
    assert window.sidebar.currentItem().text() == first
    assert window.stack.currentWidget() is window.areas[first]
