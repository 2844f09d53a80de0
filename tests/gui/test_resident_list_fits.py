"""The Inwoners list on the common laptop (1366×768) at 100 % and 125 %: the columns fill the list's width, no
horizontal scroll bar; name, date of birth and address always show, and on the wider screen the vaste consulent
too; what gives way stays in the row's tooltip (issue 20 points 1 and 5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.residents.list_model import fit_widths
from tests.gui.fit import LAPTOP, assert_fits
from tests.gui.test_decision_view import settle
from tests.gui.test_main_window import open_window, search


def test_fit_widths_fills_the_room_exactly():
    assert fit_widths(600, [100, 80, 100], [60, 80, 60], [1, 0, 1]) == [260, 80, 260]
    assert fit_widths(200, [100, 80, 100], [60, 80, 60], [1, 0, 1]) == [60, 80, 60]  # all at their minimum
    shrunk = fit_widths(250, [100, 80, 100], [60, 80, 60], [1, 0, 1])
    assert sum(shrunk) == 250 and shrunk[1] == 80 and all(w >= 60 for w in shrunk)


def test_fit_widths_drops_columns_from_the_right():
    assert fit_widths(150, [100, 80, 100], [60, 80, 60], [1, 0, 1]) == [70, 80, 0]
    assert fit_widths(100, [100, 80, 100], [60, 80, 60], [1, 0, 1]) == [100, 0, 0]
    assert fit_widths(40, [100, 80, 100], [60, 80, 60], [1, 0, 1]) == [60, 0, 0]  # the first one always stays


def test_fit_widths_without_stretch_gives_the_rest_to_the_last():
    assert fit_widths(300, [100, 80], [100, 80], [0, 0]) == [100, 200]


@pytest.mark.parametrize("scale", list(LAPTOP))
def test_the_list_fills_its_width_on_the_laptop(qtbot, demo_actor, demo_path, screenshot, scale):
    window, page = open_window(qtbot, demo_path, demo_actor("consulent"))
    search(qtbot, page, "Pelgrom")
    window.resize(LAPTOP[scale])
    settle(qtbot)
    QApplication.processEvents()
    table = page.table
    shown = [c for c in range(page.model.columnCount()) if not table.isColumnHidden(c)]
    titles = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in shown]
    assert titles[:3] == ["Naam", "Geboren", "Adres"]
    if scale == "100 %":
        assert "Vaste consulent" in titles
    assert not table.horizontalScrollBar().isVisible()
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width()
    assert page.search.isVisible() and page.new_button.isVisible()
    assert_fits(window, "Inwoners")
    window.resize(LAPTOP[scale])
    settle(qtbot)
    tip = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Vaste consulent:" in tip and "Cliëntnummer: K" in tip and "BSN:" in tip
    screenshot(window, f"residents-list-{scale.split()[0]}")
