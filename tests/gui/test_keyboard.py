"""The keyboard alone: the side bar is in the Tab order, Ctrl+number switches areas, F6 jumps between side bar
and area, F1 lists the shortcuts, and Tab leaves a list instead of walking its cells."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

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
