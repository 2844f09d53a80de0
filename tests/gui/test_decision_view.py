"""The decision screen on demo data: the regional worked example booked through the widgets, the
overrun refused in the screen itself, deleting an entry, and opening the screen from a resident's file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlmodel import func, select

from db.models import Realisation
from desktop.core.nl import MONTHS, format_date, format_date_short
from desktop.ui.decisions.view import DecisionView, DecisionWindow
from tests.conftest import FIXED_TODAY, monday_weeks_before
from tests.gui.demo_decisions import established_demo_decision
from tests.gui.test_main_window import open_window

START = monday_weeks_before(FIXED_TODAY, 46)  # 5 January 2026 when the tests run on 23 November 2026
REGIONAL = (10, 10, 9, 4, 4, 5, 6)


@pytest.fixture
def regional(demo_db, demo_actor):
    """An established Wmo decision of 7 periods of 4 weeks at 8 hours, € 62,50 an hour, no hours yet."""
    made = established_demo_decision(demo_db, demo_actor("consulent"), start=START, established_on=START - timedelta(days=3),
                                     results=1, period_count=7, motivation="Regionaal rekenvoorbeeld.")
    return {"decision": made["decision"], "resident": made["resident"], "number": made["number"]}


def entries(db, decision_id: int) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Realisation)
                      .where(Realisation.beschikking_id == decision_id)).one()


def cell(model, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def book(qtbot, view: DecisionView, day: date, hours: str) -> None:
    view.date_field.setText(format_date_short(day))
    view.hours_field.setText(hours)
    qtbot.keyClick(view.hours_field, Qt.Key.Key_Return)  # Enter submits


def settle(qtbot) -> None:
    """Lets pending layout requests run, so a screenshot shows the screen as the user would."""
    qtbot.wait(50)


def show_window(qtbot, demo_db, actor, decision_id: int) -> DecisionWindow:
    window = DecisionWindow(demo_db, actor, decision_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_regional_example_booked_through_the_screen(qtbot, demo_db, demo_actor, regional, screenshot):
    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    assert view.title.text() == f"Beschikking {regional['number']}"
    assert view.facts["Tarief"].text() == "€ 62,50 per uur"
    assert view.facts["Perioden"].text() == "7 × 4 weken"
    assert view.facts["Omvang"].text().startswith("56 uur geïndiceerd")
    assert view.periods_model.rowCount() == 7 and view.months_model.rowCount() == 0
    assert view.forecast_panel.isVisible() and "Onderbesteding" in view.forecast_panel.text()  # 0 of 56 used
    settle(qtbot)
    screenshot(window, "decision-forecast")

    for n, hours in enumerate(REGIONAL):
        book(qtbot, view, START + timedelta(days=28 * n + 2), str(hours))
        assert view.error_panel.isHidden(), view.error_panel.text()
        assert view.hours_field.text() == ""  # cleared for the next entry
    assert entries(demo_db, regional["decision"]) == 7

    pm = view.periods_model
    assert [cell(pm, r, 4) for r in range(7)] == [f"{h} uur" for h in REGIONAL]
    assert cell(pm, 6, 5) == "48 uur" and cell(pm, 6, 6) == "8 uur"
    assert cell(pm, 0, 3) == "8 uur" and cell(pm, 0, 7) == "€ 625,00"
    assert pm._warn == {0, 1, 2}  # more than the 8-hour share: flexible use, marked not refused
    assert cell(view.months_model, 0, 0) == f"{MONTHS[START.month - 1]} {START.year}"
    assert "48 uur" in view.totals.text() and "8 uur" in view.totals.text()
    assert "€ 3.000,00" in view.totals.text()
    assert view.summary.billed == 3000

    chart = view.chart
    assert chart.realised_set.count() == chart.share_set.count() == 7
    assert [chart.realised_set.at(i) for i in range(7)] == list(REGIONAL)
    assert [chart.share_set.at(i) for i in range(7)] == [8] * 7
    points = chart.cumulative_series.points()
    assert len(points) == 7 and points[-1].y() == 48
    assert {p.y() for p in chart.total_series.points()} == {56}
    assert chart.periods_axis.count() == 7
    assert view.forecast_panel.isHidden()  # 48 of 56 after the whole term: no warning
    settle(qtbot)
    screenshot(window, "decision-view")

    # 57 > 56: refused in the screen itself, nothing stored
    book(qtbot, view, START + timedelta(days=191), "9")  # in period 7
    assert view.error_panel.isVisible()
    assert "nog 8 uur beschikbaar" in view.error_panel.text()
    assert "niets opgeslagen" in view.error_panel.text()
    assert entries(demo_db, regional["decision"]) == 7
    assert view.hours_field.text() == "9"  # kept, so the user can lower it
    assert cell(pm, 6, 5) == "48 uur"
    settle(qtbot)
    screenshot(window, "decision-refusal")

    # a correct entry afterwards clears the refusal
    book(qtbot, view, START + timedelta(days=191), "8")
    assert view.error_panel.isHidden()
    assert entries(demo_db, regional["decision"]) == 8
    assert cell(pm, 6, 6) == "0 uur"


def test_bad_input_lists_the_problems_and_stores_nothing(qtbot, demo_db, demo_actor, regional):
    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    book(qtbot, view, START + timedelta(days=2), "2,333")
    assert "twee decimalen" in view.error_panel.text()
    view.date_field.setText("31-02-2026")
    view.hours_field.setText("2")
    view.book_button.click()
    assert "bestaat niet als datum" in view.error_panel.text()
    book(qtbot, view, START + timedelta(days=367), "2")
    assert "buiten de beschikking" in view.error_panel.text()
    assert entries(demo_db, regional["decision"]) == 0


def _answer(monkeypatch, dialog_class, fill):
    """Replaces exec of a booking dialog: fill its fields, press OK once, and report whether it closed."""
    shown = []

    def fake_exec(dialog):
        fill(dialog)
        dialog.submit()
        shown.append(dialog)
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return shown


def test_delete_asks_a_reason_and_removes_the_selected_entry(qtbot, demo_db, demo_actor, regional, monkeypatch):
    from desktop.ui.decisions.booking_dialogs import DeleteBookingDialog

    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    book(qtbot, view, START + timedelta(days=2), "2,5")
    book(qtbot, view, START + timedelta(days=35), "1,25")
    assert [cell(view.entries_model, r, 0) for r in range(2)] == [format_date(START + timedelta(days=35)),
                                                                 format_date(START + timedelta(days=2))]
    assert not view.delete_button.isEnabled() and not view.correct_button.isEnabled()
    view.entries_table.selectRow(1)
    assert view.delete_button.isEnabled() and view.correct_button.isEnabled()
    shown = _answer(monkeypatch, DeleteBookingDialog, lambda d: d.reason.setPlainText(""))
    view.delete_button.click()  # no reason: the dialog says why and stays open; nothing deleted
    assert "Vul de reden in" in shown[-1].error_panel.text() and shown[-1].result() == 0
    assert "2,5 uur" in shown[-1].findChildren(QLabel)[1].text()
    assert entries(demo_db, regional["decision"]) == 2
    _answer(monkeypatch, DeleteBookingDialog, lambda d: d.reason.setPlainText("dubbel geboekt"))
    view.entries_table.selectRow(1)
    view.delete_button.click()
    assert entries(demo_db, regional["decision"]) == 1
    assert view.entries_model.rowCount() == 1 and cell(view.entries_model, 0, 1) == "1,25 uur"
    assert "1,25 uur" in view.totals.text()


def test_a_period_booking_is_one_entry_corrected_in_one_step(qtbot, demo_db, demo_actor, regional, monkeypatch,
                                                            screenshot):
    from desktop.ui.decisions.booking_dialogs import CorrectBookingDialog

    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    view.mode.setCurrentIndex(view.mode.findData("period"))
    view.period_choice.setCurrentIndex(view.period_choice.findData(1))
    view.hours_field.setText("0,25")
    view.book_button.click()
    assert entries(demo_db, regional["decision"]) == 1
    assert view.entries_model.rowCount() == 1
    last = START + timedelta(days=27)  # e.g. 'periode 1 (05-01 – 01-02-2026)'; the year once unless it differs
    first = f"{START:%d-%m}" if START.year == last.year else format_date_short(START)
    assert cell(view.entries_model, 0, 0) == f"periode 1 ({first} – {format_date_short(last)})"
    view.entries_table.selectRow(0)

    def fill(dialog, hours="0,5", reason="aanbieder belde"):
        dialog.hours_field.setText(hours)
        dialog.reason.setPlainText(reason)

    shown = _answer(monkeypatch, CorrectBookingDialog, lambda d: fill(d, "0,333", ""))
    view.correct_button.click()  # both problems at once: the hours and the missing reason
    text = shown[-1].error_panel.text()
    assert "twee decimalen" in text and "reden" in text
    _answer(monkeypatch, CorrectBookingDialog, fill)
    view.entries_table.selectRow(0)
    view.correct_button.click()
    assert entries(demo_db, regional["decision"]) == 1
    assert cell(view.entries_model, 0, 1) == "0,5 uur" and cell(view.periods_model, 0, 4) == "0,5 uur"
    settle(qtbot)
    screenshot(window, "decision-period-entry")


def test_consulent_sees_the_decision_without_hours_entry(qtbot, demo_db, demo_actor, regional):
    window = show_window(qtbot, demo_db, demo_actor("consulent"), regional["decision"])
    view = window.view
    assert view.periods_model.rowCount() == 7
    assert not view.book_button.isVisible() and not view.delete_button.isVisible()


def test_opened_from_the_residents_file(qtbot, demo_path, demo_db, demo_actor, regional, screenshot):
    main, page = open_window(qtbot, demo_path, demo_actor("medewerker"))
    page.open_resident(regional["resident"])
    fv = page.file_view
    fv.tabs.setCurrentIndex(2)
    row = fv._decision_ids.index(regional["decision"])
    fv.decisions_table.selectRow(row)
    settle(qtbot)
    screenshot(main, "file-decisions-tab")
    fv.decision_open_button.click()
    window = page.decision_windows[regional["decision"]]
    assert window.isVisible() and window.view.decision_id == regional["decision"]
    book(qtbot, window.view, START + timedelta(days=2), "3")
    assert entries(demo_db, regional["decision"]) == 1
    # the file behind it follows: its Beschikkingen row shows the booked hours
    assert fv.decisions_model.data(fv.decisions_model.index(row, 8)) == "3 uur"
    assert page.open_decision(regional["decision"]) is window  # a second open brings the same window forward


def test_an_empty_hours_field_is_a_dutch_message_beside_it_not_a_crash(qtbot, demo_db, demo_actor, regional,
                                                                        screenshot):
    """Once a bare TypeError (`used + minutes` with no minutes): now the parser says what is missing."""
    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    book(qtbot, view, START + timedelta(days=2), "")
    assert view.error_panel.isVisible() and "Vul het aantal uren in." in view.error_panel.text()
    assert view.hours_field.property("invalid") is True and "Vul het aantal uren in." in view.hours_field.toolTip()
    view.date_field.setText("")
    view.hours_field.setText("twee")
    view.book_button.click()
    text = view.error_panel.text()
    assert "is geen getal: 'twee'" in text and "Vul de datum in (dd-mm-jjjj)." in text  # both at once
    assert view.hours_field.property("invalid") is True and view.date_field.property("invalid") is True
    settle(qtbot)
    screenshot(window, "decision-booking-errors")
    view.mode.setCurrentIndex(view.mode.findData("period"))
    view.hours_field.setText("")
    view.book_button.click()
    assert "Vul het aantal uren in." in view.error_panel.text()
    assert entries(demo_db, regional["decision"]) == 0


def test_booking_from_the_file_writes_one_line_and_reads_again_without_another(qtbot, demo_path, demo_db, demo_actor,
                                                                             regional):
    """Once every booking wrote two lines: the booking and a fresh 'inwoner.inzien' for the file behind it."""
    from db.models import AuditEntry

    def actions_since(first_id: int) -> list[str]:
        with demo_db.read() as s:
            return [a for a in s.exec(select(AuditEntry.action).where(AuditEntry.id > first_id)
                                      .order_by(AuditEntry.id))]

    main, page = open_window(qtbot, demo_path, demo_actor("medewerker"))
    page.open_resident(regional["resident"])
    fv = page.file_view
    fv.tabs.setCurrentIndex(2)
    fv.decisions_table.selectRow(fv._decision_ids.index(regional["decision"]))
    with demo_db.read() as s:
        mark = s.exec(select(func.max(AuditEntry.id))).one()
    fv.decision_open_button.click()
    window = page.decision_windows[regional["decision"]]
    assert actions_since(mark) == ["beschikking.inzien"]  # opening the screen: one line
    with demo_db.read() as s:
        mark = s.exec(select(func.max(AuditEntry.id))).one()
    book(qtbot, window.view, START + timedelta(days=2), "3")
    assert actions_since(mark) == ["uren.invoeren"]  # the booking only: screen and file read again unlogged
    row = fv._decision_ids.index(regional["decision"])
    assert fv.decisions_model.data(fv.decisions_model.index(row, 8)) == "3 uur"


def test_a_refusal_in_the_booking_form_does_not_move_the_form_or_the_list(qtbot, demo_db, demo_actor, regional):
    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    settle(qtbot)
    before = (view.book_button.mapTo(window, view.book_button.rect().topLeft()), view.entries_table.height())
    book(qtbot, view, START + timedelta(days=2), "2,333")
    settle(qtbot)
    assert view.error_panel.isVisible() and "twee decimalen" in view.error_panel.text()
    assert (view.book_button.mapTo(window, view.book_button.rect().topLeft()), view.entries_table.height()) == before
    book(qtbot, view, START + timedelta(days=2), "2")
    settle(qtbot)
    assert view.error_panel.isHidden()
    assert (view.book_button.mapTo(window, view.book_button.rect().topLeft()), view.entries_table.height()) == before
