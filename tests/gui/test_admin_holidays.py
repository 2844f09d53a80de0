"""Beheer > Feestdagen: a beheerder adds a new decree's days, sees every problem at once, and removes a day
of her own; the shipped decrees stay."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel

from desktop.core.deadlines import holidays
from desktop.core.deadlines.settings import deadline_settings
from desktop.ui.admin.page import AdminPage


def _page(qtbot, db, make_actor) -> AdminPage:
    page = AdminPage(db, make_actor("beheerder"))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.tabs.setCurrentWidget(page.holidays_tab)
    return page


def test_the_shipped_decrees_are_listed_and_cannot_be_removed(qtbot, db, make_actor):
    page = _page(qtbot, db, make_actor)
    tab = page.holidays_tab
    assert tab.model.rowCount() == 10
    assert tab.model.index(6, 0).data() == "vrijdag 15 mei 2026"
    assert tab.model.index(6, 1).data() == "meegeleverd"
    tab.table.selectionModel().select(tab.model.index(6, 0), QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
    assert not tab.remove_button.isEnabled()


def test_bad_input_names_every_problem_and_stores_nothing(qtbot, db, make_actor, screenshot):
    page = _page(qtbot, db, make_actor)
    tab = page.holidays_tab
    tab.days.setText("11-05-2029, 31-02-2029, morgen")
    tab.decree.setText("Besluit 2029")
    tab.add_button.click()
    assert "31-02-2029 bestaat niet als datum" in tab.message.text() and "'morgen' is geen datum" in tab.message.text()
    tab.days.setText("11-05-2029, 12-05-2029")
    tab.decree.setText("")
    tab.add_button.click()
    text = tab.message.text()
    assert "Vul de naam van het besluit in" in text and "zaterdag 12 mei 2029 valt in het weekend" in text
    assert tab.days.text() == "11-05-2029, 12-05-2029"  # the input stays for correcting
    assert len(holidays.list_equated(db)) == 10
    screenshot(page, "beheer-feestdagen-fout")


def test_a_new_day_counts_in_the_terms_and_an_own_day_can_be_removed(qtbot, db, make_actor, dialog_calls,
                                                                    screenshot):
    page = _page(qtbot, db, make_actor)
    tab = page.holidays_tab
    tab.days.setText("11-05-2029")
    tab.decree.setText("Besluit gelijkstelling van 11 mei 2029 met een algemeen erkende feestdag")
    tab.add_button.click()
    assert "1 dag gelijkgesteld" in tab.message.text() and tab.days.text() == ""
    assert date(2029, 5, 11) in deadline_settings(db).equated_holidays
    assert tab.model.rowCount() == 11 and tab.model.index(10, 1).data() == "toegevoegd door beheer"
    screenshot(page, "beheer-feestdagen")
    tab.table.selectionModel().select(tab.model.index(10, 0), QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
    assert tab.remove_button.isEnabled()
    dialog_calls.answers["confirm"] = False
    tab.remove_button.click()
    assert tab.model.rowCount() == 11  # cancelled: nothing removed
    dialog_calls.answers["confirm"] = True
    tab.remove_button.click()
    assert dialog_calls[-1][0] == "confirm" and "vrijdag 11 mei 2029" in dialog_calls[-1][2]
    assert tab.model.rowCount() == 10 and "telt weer als werkdag" in tab.message.text()
    assert date(2029, 5, 11) not in deadline_settings(db).equated_holidays
