"""The Steekproeven page as a controller uses it: draw a sample, walk its lines setting outcomes (mouse and
keyboard), change an earlier one, make the draw again with its seed; all on a 1366×768 laptop, without a name or
BSN on screen."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from db.models import AuditEntry, Sample, SampleLine
from db.models.enums import SampleOutcome
from desktop.ui.reports.samples_page import SamplesPage, last_month
from tests.gui.fit import assert_fits
from tests.unit.sample_setting import make_sample_world

B, N, R = SampleOutcome.BEVESTIGD, SampleOutcome.NIET_BEVESTIGD, SampleOutcome.MET_OPMERKING


def cells(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def cell(model, row: int, header: str) -> str:
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.data(model.index(row, columns.index(header)))


def column(model, header: str) -> list[str]:
    return [cell(model, row, header) for row in range(model.rowCount())]


def selected_line(page: SamplesPage) -> int:
    rows = page.line_table.selectionModel().selectedRows()
    assert len(rows) == 1
    return rows[0].row()


def open_page(qtbot, db, actor) -> SamplesPage:
    page = SamplesPage(db, actor)
    qtbot.addWidget(page)
    page.resize(1340, 680)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    return page


def test_a_controller_draws_and_checks_a_sample(qtbot, qtmodeltester, db, actors, today, dialog_calls, screenshot):
    world = make_sample_world(db, actors)
    page = open_page(qtbot, db, actors.controller)
    assert [page.aanbieder.itemText(i) for i in range(page.aanbieder.count())] == [
        "Thuiszorg Het Anker", "Zorggroep De Linde"]
    start, end = last_month(today)
    assert (page.date_from.text(), page.date_to.text(), page.sample_size.value(), page.seed.text()) == (
        start.strftime("%d-%m-%Y"), end.strftime("%d-%m-%Y"), 25, "")
    assert page.sample_model.rowCount() == 0 and page.line_model.rowCount() == 0
    assert not any(b.isEnabled() for b in page.outcome_buttons.values())

    # larger than the population: refused beside the field, nothing stored
    page.aanbieder.setCurrentIndex(page.aanbieder.findData(world.linde))
    page.date_from.setText("01-01-2026")
    page.date_to.setText("31-03-2026")
    page.sample_size.setValue(13)
    page.seed.setText("2026")
    page.draw_button.click()
    assert page.error.isVisible() and "12 urenregels" in page.error.text()
    assert page.sample_size.property("invalid") is True
    with db.read() as s:
        assert s.exec(select(Sample)).all() == []

    page.sample_size.setValue(5)
    page.draw_button.click()
    assert not page.error.isVisible() and page.sample_size.property("invalid") is not True
    assert page.seed.text() == "", "the seed field is for repeating a draw; it is emptied after one"
    assert cells(page.sample_model) == [["Zorggroep De Linde", "0 van 5", "1-1-2026 t/m 31-3-2026",
                                         today.strftime("%d-%m-%Y")]]
    assert "seed 2026" in page.caption.text() and "5 van 12 urenregels" in page.caption.text()
    with db.read() as s:
        sample = s.exec(select(Sample)).one()
        drawn = s.exec(select(SampleLine.realisation_id).where(SampleLine.sample_id == sample.id)
                       .order_by(SampleLine.position)).all()
    assert drawn == random.Random(2026).sample(world.linde_quarter, 5)
    lines = page.line_model
    assert column(lines, "Nr.") == ["1", "2", "3", "4", "5"]
    assert set(column(lines, "Toewijzingnummer")) == {world.toewijzing[world.linde_decision]}
    assert set(column(lines, "Product")) == {"02A08 Begeleiding individueel"}
    assert set(column(lines, "Uren")) == {"1 uur"} and set(column(lines, "Uitkomst")) == {"Open"}
    assert selected_line(page) == 0 and all(b.isEnabled() for b in page.outcome_buttons.values())

    # line 1 bevestigd; the selection moves on
    page.outcome_buttons[B].click()
    assert cell(lines, 0, "Uitkomst") == "Bevestigd" and selected_line(page) == 1
    assert cell(lines, 0, "Gecontroleerd door") == "Cor Controller"
    # line 2 'met opmerking' without a remark: refused beside the remark, then with one
    page.outcome_buttons[R].click()
    assert page.line_error.isVisible() and "hoort een opmerking" in page.line_error.text()
    assert page.remark.property("invalid") is True and selected_line(page) == 1
    page.remark.setText("datum wijkt een dag af")
    page.outcome_buttons[R].click()
    assert not page.line_error.isVisible()
    assert (cell(lines, 1, "Uitkomst"), cell(lines, 1, "Opmerking")) == ("Met opmerking", "datum wijkt een dag af")
    assert selected_line(page) == 2 and page.remark.text() == ""
    # line 3 by keyboard: Alt+N is 'Niet bevestigd'
    page.line_table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.line_table, timeout=2000)
    qtbot.keyClick(page.line_table, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: cell(lines, 2, "Uitkomst") == "Niet bevestigd", timeout=2000)  # a mnemonic clicks
    assert selected_line(page) == 3  # after a short animation
    assert QApplication.focusWidget() is page.line_table, "the focus stays in the lines, ready for the next"
    assert cell(page.sample_model, 0, "Gecontroleerd") == "3 van 5"
    assert "3 gecontroleerd, 2 open" in page.caption.text()

    # an earlier outcome changed: back to line 1, niet bevestigd; the log holds old and new
    page.line_table.selectRow(0)
    page.outcome_buttons[N].click()
    assert cell(lines, 0, "Uitkomst") == "Niet bevestigd" and selected_line(page) == 1
    with db.read() as s:
        logged = s.exec(select(AuditEntry.changes).where(AuditEntry.action == "steekproef.gecontroleerd")
                        .order_by(AuditEntry.id)).all()
    assert len(logged) == 4 and '"outcome": ["bevestigd", "niet_bevestigd"]' in logged[-1]

    # the draw made again with its seed gives the same lines
    page.redraw_button.click()
    assert dialog_calls[-1][0:2] == ("info", "Trekking nagaan") and "dezelfde 5 regels" in dialog_calls[-1][2]

    shown = repr(cells(page.line_model)) + repr(cells(page.sample_model)) + page.caption.text()
    for personal in ("Jansen", "999900006", "K0000001", "grip op mijn week"):
        assert personal not in shown
    qtmodeltester.check(page.sample_model)
    qtmodeltester.check(page.line_model)
    screenshot(page, "steekproeven")
    assert_fits(page, "Steekproeven")
    screenshot(page, "steekproeven-125")  # as assert_fits left it: the laptop at 125 %


def test_a_second_sample_and_a_consulent_sees_a_refusal_not_a_traceback(qtbot, db, actors, dialog_calls):
    world = make_sample_world(db, actors)
    page = open_page(qtbot, db, actors.controller)
    for aanbieder, size in ((world.linde, 3), (world.anker, 2)):
        page.aanbieder.setCurrentIndex(page.aanbieder.findData(aanbieder))
        page.date_from.setText("1-1-2026")
        page.date_to.setText("31-3-2026")
        page.sample_size.setValue(size)
        page.draw_button.click()
    assert column(page.sample_model, "Aanbieder") == ["Thuiszorg Het Anker", "Zorggroep De Linde"]
    assert page.line_model.rowCount() == 2, "the sample just drawn is the one shown"
    page.sample_table.selectRow(1)
    assert page.line_model.rowCount() == 3 and "Zorggroep De Linde" in page.caption.text()
    # a wrong date and seed: both named, nothing drawn
    page.date_to.setText("31-13-2026")
    page.seed.setText("twee")
    page.draw_button.click()
    assert page.error.isVisible() and page.date_to.property("invalid") is True
    assert page.seed.property("invalid") is True and page.sample_model.rowCount() == 2

    refused = open_page(qtbot, db, actors.consulent)
    assert refused.error.isVisible() and "mag dit niet" in refused.error.text()
    assert refused.sample_model.rowCount() == 0
