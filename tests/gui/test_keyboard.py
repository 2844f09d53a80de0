"""The keyboard alone: the side bar is in the Tab order, Ctrl+number switches areas, F6 jumps between side bar
and area, F1 lists the shortcuts, and Tab leaves a list instead of walking its cells."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop.ui.main_window import MainWindow


def _window(qtbot, demo_path, actor) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.open_database(str(demo_path), actor=actor)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


def _tab(qtbot) -> object:
    focused = QApplication.focusWidget()
    assert focused is not None, "niets heeft de focus"
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return QApplication.focusWidget()


@pytest.mark.parametrize("role", ["consulent", "casusregisseur", "medewerker", "beheerder"])
def test_tab_goes_round_every_area_and_back_to_the_side_bar(qtbot, demo_path, demo_actor, role):
    window = _window(qtbot, demo_path, demo_actor(role))
    for row in range(window.sidebar.count()):
        name = window.sidebar.item(row).text()
        window.sidebar.setCurrentRow(row)
        window.sidebar.setFocus()
        visited = []
        for _ in range(80):
            widget = _tab(qtbot)
            if widget is window.sidebar:
                break
            visited.append(widget)
        else:
            raise AssertionError(f"{name}: Tab komt niet terug bij de zijbalk ({len(visited)} stappen)")
        area = window.areas[name]
        inside = [w for w in visited if area.isAncestorOf(w)]
        assert inside, f"{name}: Tab bereikt niets in het gebied"


def test_ctrl_number_switches_areas_and_puts_the_focus_in_them(qtbot, demo_path, demo_actor):
    window = _window(qtbot, demo_path, demo_actor("consulent"))
    names = window.area_names()
    assert names[:2] == ["Mijn werkvoorraad", "Inwoners"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    residents = window.areas["Inwoners"]
    assert window.stack.currentWidget() is residents
    assert residents.isAncestorOf(QApplication.focusWidget())
    assert isinstance(QApplication.focusWidget(), QLineEdit)  # the search box comes first
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.sidebar
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)  # arrows in the side bar switch areas too
    assert window.stack.currentWidget() is window.areas["Mijn werkvoorraad"]
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.areas["Mijn werkvoorraad"].isAncestorOf(QApplication.focusWidget())


def test_f1_lists_the_shortcuts_of_this_role(qtbot, demo_path, demo_actor, monkeypatch, screenshot):
    window = _window(qtbot, demo_path, demo_actor("casusregisseur"))
    shown = []
    monkeypatch.setattr(window, "run_dialog", lambda dialog: (shown.append(dialog), screenshot(dialog, "shortcuts"))
                        and False)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    [dialog] = shown
    rows = [[dialog.model.data(dialog.model.index(r, c)) for c in range(3)] for r in range(dialog.model.rowCount())]
    assert ["Ctrl+2", "Naar Termijnen", "overal in het hoofdvenster"] in rows
    assert any(r[0] == "F6" for r in rows) and any(r[0] == "Ctrl+F" for r in rows)


def test_tab_leaves_a_list_instead_of_walking_its_cells(qtbot, demo_path, demo_actor):
    window = _window(qtbot, demo_path, demo_actor("consulent"))
    window.go_to_area(2)
    table = window.areas["Inwoners"].table
    assert isinstance(table, QTableView) and not table.tabKeyNavigation()
    table.setFocus()
    assert _tab(qtbot) is not table


# --- whole walks by keyboard only: keys in, the focus checked at every step; no mouse, no calls into the screens


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None, "niets heeft de focus"
    qtbot.keyClick(focused, key, modifier)
    return QApplication.focusWidget()


def _tab_until(qtbot, found, limit: int = 60) -> QWidget:
    for _ in range(limit):
        widget = _press(qtbot, Qt.Key.Key_Tab)
        if found(widget):
            return widget
    raise AssertionError(f"met Tab niet bereikt; de focus staat op {QApplication.focusWidget()!r}")


def test_a_consulent_finds_a_resident_and_walks_the_file_by_keyboard(qtbot, demo_path, demo_actor, screenshot):
    window = _window(qtbot, demo_path, demo_actor("consulent"))
    page = window.areas["Inwoners"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    assert _tab_until(qtbot, lambda w: w is page.caseload) is page.caseload  # her own residents: no reason asked
    _press(qtbot, Qt.Key.Key_Space)
    assert page.caseload.isChecked()
    assert _press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier) is page.search
    qtbot.keyClicks(page.search, "a")
    qtbot.waitUntil(lambda: page.model.query == "a" and page.model.rowCount() > 1, timeout=3000)
    assert _press(qtbot, Qt.Key.Key_Down) is page.table
    first = page.selected_id()
    assert _press(qtbot, Qt.Key.Key_Down) is page.table
    second = page.selected_id()
    assert second is not None and second != first
    _press(qtbot, Qt.Key.Key_Return)
    assert page.file_view.file is not None and page.file_view.file.resident.id == second
    tabs = page.file_view.tabs
    # into the file: Tab reaches its tab bar, and Ctrl+Tab goes through the tabs from wherever in it
    assert _tab_until(qtbot, lambda w: w is tabs.tabBar()) is tabs.tabBar()
    seen = [tabs.tabText(tabs.currentIndex())]
    for _ in range(tabs.count() - 1):
        _press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        seen.append(tabs.tabText(tabs.currentIndex()))
        assert tabs.isAncestorOf(QApplication.focusWidget()), f"focus buiten het dossier op tab {seen[-1]}"
    assert seen == [tabs.tabText(i) for i in range(tabs.count())]
    # the Journaal tab: Ctrl+J opens the form (its first field has the focus), Esc closes it untouched
    journal = page.journal_panel
    while tabs.currentWidget() is not journal:
        _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _tab_until(qtbot, journal.isAncestorOf)
    opened = []

    def in_the_form():
        form = QApplication.activeModalWidget()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
        opened.append((form, QApplication.focusWidget()))
        screenshot(form, "keyboard-journal-form")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        opened.append(form.isVisible())
        if form.isVisible():  # Esc did not close it: fail the test instead of waiting forever
            form.done(0)

    QTimer.singleShot(0, in_the_form)
    _press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    [(form, focus), still_open] = opened
    assert not still_open, "Esc sluit het formulier niet"
    assert form is not None and form.isAncestorOf(focus), "het formulier heeft de focus niet"
    assert not form.isVisible() and QApplication.activeModalWidget() is None
    window.activateWindow()  # a window manager gives the activation back to Koers; the offscreen platform does not
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert journal.isAncestorOf(QApplication.focusWidget())  # back where the work was


def test_a_medewerker_reaches_the_letter_queue_and_its_first_button(qtbot, demo_path, demo_actor):
    window = _window(qtbot, demo_path, demo_actor("medewerker"))
    number = window.area_names().index("Brieven") + 1
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    queue = window.areas["Brieven"]
    assert window.stack.currentWidget() is queue and queue.isAncestorOf(QApplication.focusWidget())
    button = _tab_until(qtbot, lambda w: isinstance(w, QPushButton) and queue.isAncestorOf(w))
    assert button.isEnabled() and button.text()


def test_a_beheerder_walks_beheer_tabs_to_the_retention_spin_boxes(qtbot, demo_path, demo_actor, screenshot):
    window = _window(qtbot, demo_path, demo_actor("beheerder"))
    admin = window.areas["Beheer"]
    assert window.stack.currentWidget() is admin  # a beheerder starts here
    if not admin.isAncestorOf(QApplication.focusWidget()):
        qtbot.keyClick(window, Qt.Key.Key_F6)  # from the side bar into Beheer
    assert admin.isAncestorOf(QApplication.focusWidget())
    tabs = next(t for t in admin.findChildren(QTabWidget) if t.isVisible())  # Beheer's own: the first
    _tab_until(qtbot, lambda w: tabs.isAncestorOf(w))
    for _ in range(tabs.count()):
        if tabs.tabText(tabs.currentIndex()) == "Bewaartermijnen":
            break
        _press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert tabs.isAncestorOf(QApplication.focusWidget())
    assert tabs.tabText(tabs.currentIndex()) == "Bewaartermijnen"
    tab = tabs.currentWidget()
    spins = [_tab_until(qtbot, lambda w: isinstance(w, QSpinBox) and tab.isAncestorOf(w))]
    spins += [_press(qtbot, Qt.Key.Key_Tab), _press(qtbot, Qt.Key.Key_Tab)]
    assert all(isinstance(s, QSpinBox) for s in spins) and len(set(spins)) == 3, spins
    assert [s.accessibleName() for s in spins] == ["Wmo, toegekend", "Wmo, niets toegekend", "Jeugdwet"]
    screenshot(window, "keyboard-retention")
