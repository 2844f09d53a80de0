"""The Begroting page as a controller and a beheerder use it: type an amount in the table, store it by keyboard,
see a wrong amount refused in Dutch with nothing stored, remove a budget and set it again, change the year with
typed amounts asked about first; on a 1366×768 laptop."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication
from sqlmodel import select

from db.models import Budget, Product
from db.models.enums import Law
from desktop.core.reports import budget
from desktop.ui.reports.budget_page import NOT_SAVED, BudgetPage
from tests.gui.fit import assert_fits
from tests.unit.decision_setting import make_setting

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def cells(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def stored(db) -> list[tuple]:
    with db.read() as s:
        return sorted((b.year, b.law.value, b.category_code, b.amount_cents) for b in s.exec(select(Budget)))


def open_page(qtbot, db, actor) -> BudgetPage:
    page = BudgetPage(db, actor)
    qtbot.addWidget(page)
    page.resize(1340, 680)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    return page


def type_amount(qtbot, page: BudgetPage, row: int, text: str) -> None:
    """Selects a row and types the amount as a user does: the first key opens the editor, Enter closes it."""
    page.table.setFocus()
    page.select(row)
    qtbot.keyClicks(page.table, text[0])
    editor = QApplication.focusWidget()
    assert editor is not page.table and page.table.isAncestorOf(editor), "typing opens the amount's editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState, timeout=2000)  # queued


def catalogue(db, actors) -> None:
    """The worked example's Wmo 02 product, and a Wmo 01 and a Jeugdwet 45 product."""
    make_setting(db, actors)
    with db.write() as s:
        s.add(Product(law=Law.WMO, category_code="01", code="01A01", name="Hulp bij het huishouden", unit_code="04",
                      frequency_code="6"))
        s.add(Product(law=Law.JEUGDWET, category_code="45", code="45A02", name="Jeugdhulp ambulant groep",
                      unit_code="04", frequency_code="6"))


def test_a_controller_sets_refuses_removes_and_sets_again(qtbot, qtmodeltester, db, actors, today, dialog_calls,
                                                          screenshot):
    catalogue(db, actors)
    page = open_page(qtbot, db, actors.controller)
    assert page.year.value() == today.year
    assert cells(page.model) == [["Wmo 2015", "01 Hulp bij het huishouden", "geen", "", ""],
                                 ["Wmo 2015", "02 Begeleiding", "geen", "", ""],
                                 ["Jeugdwet", "45 Jeugdhulp ambulant", "geen", "", ""]]
    qtmodeltester.check(page.model)
    assert not page.remove_button.isEnabled(), "nothing to remove yet"

    # typed, not yet stored: the row says so
    type_amount(qtbot, page, 1, "125.000")
    assert cells(page.model)[1][2:4] == ["125.000", NOT_SAVED]
    assert stored(db) == []
    qtbot.keyClick(page.table, Qt.Key.Key_O, ALT)  # a mnemonic clicks after a short animation
    qtbot.waitUntil(lambda: stored(db) == [(today.year, "wmo", "02", 12_500_000)], timeout=2000)
    assert cells(page.model)[1] == ["Wmo 2015", "02 Begeleiding", "€ 125.000,00", "Cor Controller",
                                    today.strftime("%d-%m-%Y")]
    assert page.status.text() == f"Begroting {today.year} voor Wmo 2015, 02 Begeleiding vastgesteld op € 125.000,00."
    assert page.remove_button.isEnabled()

    # a negative amount and text that is no amount: refused in Dutch, the table marked, nothing stored
    type_amount(qtbot, page, 0, "-50")
    qtbot.keyClick(page.table, Qt.Key.Key_S, CTRL)
    assert page.error.isVisible() and "niet negatief" in page.error.text()
    assert page.table.property("invalid") is True
    type_amount(qtbot, page, 0, "veel")
    page.save_button.click()
    assert "De begroting is geen bedrag: 'veel'" in page.error.text()
    assert stored(db) == [(today.year, "wmo", "02", 12_500_000)]
    assert cells(page.model)[0][2:4] == ["veel", NOT_SAVED], "what was typed stays to be corrected"

    # corrected while the editor is still open: Alt+O stores what is in it
    page.select(0)
    qtbot.keyClicks(page.table, "8")
    qtbot.keyClicks(QApplication.focusWidget(), "0.000,50")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: len(stored(db)) == 2, timeout=2000)
    assert not page.error.isVisible() and page.table.property("invalid") is not True
    assert stored(db) == [(today.year, "wmo", "01", 8_000_050), (today.year, "wmo", "02", 12_500_000)]

    # removed by accident, and set again from the message
    page.select(1)
    qtbot.keyClick(page.table, Qt.Key.Key_V, ALT)
    qtbot.waitUntil(lambda: stored(db) == [(today.year, "wmo", "01", 8_000_050)], timeout=2000)
    assert "verwijderd (was € 125.000,00)" in page.status.text()
    assert cells(page.model)[1][2] == "geen" and not page.remove_button.isEnabled()
    type_amount(qtbot, page, 1, "125000")
    page.save_button.click()
    assert (today.year, "wmo", "02", 12_500_000) in stored(db)
    screenshot(page, "begroting")
    assert_fits(page, "Begroting")
    screenshot(page, "begroting-125")


def test_changing_the_year_asks_about_typed_amounts(qtbot, db, actors, today, dialog_calls):
    catalogue(db, actors)
    budget.set_budget(db, actors.beheerder, today.year + 1, Law.JEUGDWET, "45", 30_000_00)
    page = open_page(qtbot, db, actors.beheerder)
    type_amount(qtbot, page, 2, "1000")
    dialog_calls.answers["confirm"] = False  # 'Terug naar het formulier'
    page.year.setValue(today.year + 1)
    assert page.year.value() == today.year and cells(page.model)[2][2] == "1000"
    dialog_calls.answers["confirm"] = True
    page.year.setValue(today.year + 1)
    assert [kind for kind, *_ in dialog_calls] == ["discard", "discard"]
    assert cells(page.model)[2][2:4] == ["€ 30.000,00", "Bea Beheerder"]
    assert page.model.pending() == {}
    page.year.setValue(today.year)  # nothing typed: no question
    assert len(dialog_calls) == 2 and stored(db) == [(today.year + 1, "jeugdwet", "45", 30_000_00)]


def test_the_demo_s_budgets_for_a_beheerder_and_a_refusal_for_a_consulent(qtbot, demo_db, demo_actor, today,
                                                                           screenshot):
    page = open_page(qtbot, demo_db, demo_actor("beheerder"))
    rows = cells(page.model)
    assert len(rows) >= 3 and all(row[2].startswith("€ ") for row in rows)
    assert page.table.currentIndex().row() == 0 and page.table.hasFocus() is False
    screenshot(page, "begroting-demo")
    assert_fits(page, "Begroting (demo)")
    page.year.setValue(date(today.year - 2, 1, 1).year)
    assert all(row[2] == "geen" for row in cells(page.model))
    other = open_page(qtbot, demo_db, demo_actor("consulent"))
    assert other.model.rowCount() == 0 and "mag dit niet" in other.error.text()
