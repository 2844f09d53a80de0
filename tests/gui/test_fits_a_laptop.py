"""Every area and the large windows on the common municipal laptop (1366×768) at 100 % and 125 %: each can be
made that small and then leaves no button, field or list out of reach (tests/gui/fit.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.ui.decisions.view import DecisionWindow
from tests.gui.demo_decisions import established_demo_decision
from tests.gui.fit import assert_fits, assert_opens_within_the_screen
from tests.gui.test_decision_view import START, settle
from tests.gui.test_main_window import open_window


@pytest.mark.parametrize("role", ["consulent", "casusregisseur", "medewerker", "beheerder"])
def test_every_area_of_every_role_fits(qtbot, demo_path, demo_actor, role, screenshot):
    window, _ = open_window(qtbot, demo_path, demo_actor(role))
    assert_opens_within_the_screen(window, "het hoofdvenster")
    for row in range(window.sidebar.count()):
        name = window.sidebar.item(row).text()
        window.sidebar.setCurrentRow(row)
        settle(qtbot)
        assert_fits(window, f"{name} ({role})")
        tabs = getattr(window.areas[name], "tabs", None)
        for tab in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(tab)
            settle(qtbot)
            assert_fits(window, f"{name} > {tabs.tabText(tab)} ({role})")
    screenshot(window, f"fit-125-{role}")


def test_the_residents_file_fits_on_every_tab(qtbot, demo_path, demo_db, demo_actor, screenshot):
    consulent = demo_actor("consulent")
    made = established_demo_decision(demo_db, consulent, start=START, established_on=START - timedelta(days=3),
                                     results=1, period_count=7, motivation="Regionaal rekenvoorbeeld.")
    window, page = open_window(qtbot, demo_path, consulent)
    page.open_resident(made["resident"])
    tabs = page.file_view.tabs
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        settle(qtbot)
        assert_fits(window, f"het dossier > {tabs.tabText(tab)}")
    screenshot(window, "fit-125-file")


@pytest.mark.parametrize("role", ["consulent", "medewerker"])
def test_the_decision_window_fits_and_opens_within_the_screen(qtbot, demo_db, demo_actor, role, screenshot):
    made = established_demo_decision(demo_db, demo_actor("consulent"), start=START,
                                     established_on=START - timedelta(days=3), results=1, period_count=7,
                                     motivation="Regionaal rekenvoorbeeld.")
    window = DecisionWindow(demo_db, demo_actor(role), made["decision"])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert_opens_within_the_screen(window, "het beschikkingsvenster")
    assert_fits(window, f"het beschikkingsvenster ({role})")
    screenshot(window, f"fit-125-decision-{role}")
