"""A new beschikking from the file: the regional example (8 uur x 7 perioden van 4 weken) with its live preview,
saved and established; bad input shows the red panel and stores nothing; a medewerker has no button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import func, select

from db.models import Beschikking, Casus, Period, Plan
from db.models.enums import Complexity, DecisionStatus, IndicationCategory, PlanStatus
from desktop.core.decisions import screen
from desktop.core.nl import format_date, format_date_short
from desktop.ui.decisions.create_dialog import CreateDecisionDialog
from tests.conftest import FIXED_TODAY, monday_weeks_before

START = monday_weeks_before(FIXED_TODAY, 46)  # 5 January 2026 when the tests run on 23 November 2026
END = START + timedelta(days=7 * 4 * 7 - 1)


@pytest.fixture
def consulent(demo_actor):
    return demo_actor("consulent")


@pytest.fixture
def own_case(demo_db, consulent) -> int:
    """An open case of this consulent whose latest plan is agreed, whose melding lies before START, and
    that is its resident's newest case (the one the file's button uses)."""
    with demo_db.read() as s:
        for casus in s.exec(select(Casus).where(Casus.consulent_id == consulent.user_id,
                                                Casus.melding_date <= START,
                                                Casus.closed_date.is_(None)).order_by(Casus.id)):
            latest = s.exec(select(Plan).where(Plan.casus_id == casus.id)
                            .order_by(Plan.version_no.desc())).first()
            newest = s.exec(select(Casus.id).where(Casus.resident_id == casus.resident_id)
                            .order_by(Casus.melding_date.desc(), Casus.id.desc())).first()
            if latest is not None and latest.status is PlanStatus.AKKOORD and newest == casus.id:
                return casus.id
    raise AssertionError("the demo data has no open case of this consulent with an agreed plan")


def decision_count(db, casus_id: int) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Beschikking).where(Beschikking.casus_id == casus_id)).one()


def fill_regional_example(qtbot, dialog: CreateDecisionDialog) -> None:
    dialog.product.setCurrentIndex(0)
    dialog.complexity.setCurrentIndex(dialog.complexity.findData(Complexity.M))
    dialog.category.setCurrentIndex(dialog.category.findData(IndicationCategory.INTENSIEF))
    for widget, text in ((dialog.hours, "8"), (dialog.start, format_date_short(START))):
        widget.setFocus()
        widget.selectAll()
        qtbot.keyClicks(widget, text)
    dialog.period_count.setValue(7)
    dialog.period_weeks.setValue(4)
    dialog.motivation.setPlainText("Zonder begeleiding lukt het huishouden niet; de inwoner wil het weer zelf "
                                   "leren.")


def open_dialog(qtbot, db, actor, casus_id) -> CreateDecisionDialog:
    dialog = CreateDecisionDialog(db, actor, casus_id)
    qtbot.addWidget(dialog)
    dialog.resize(dialog.sizeHint())
    dialog.show()
    return dialog


def test_regional_example_preview_save_and_establish(qtbot, demo_db, consulent, own_case, dialog_calls, today,
                                                     screenshot):
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    assert dialog.version.count() >= 1 and "akkoord" in dialog.version.currentText()
    assert dialog.results.count() >= 1
    assert len(dialog.selected_result_ids()) == dialog.results.count()  # all ticked by default
    assert dialog.start.text() == format_date_short(today)
    assert dialog.tariff.placeholderText() == "uit de catalogus"
    fill_regional_example(qtbot, dialog)
    assert f"Einddatum {format_date(END)}" in dialog.preview.text()
    assert "56 uur in 7 perioden van 4 weken" in dialog.preview.text()
    assert not dialog.fixed.isEnabled()  # hours x tariff: no fixed amount
    screenshot(dialog, "decision-create")

    before = decision_count(demo_db, own_case)
    qtbot.mouseClick(dialog.establish_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_panel.text()
    assert [c[0] for c in dialog_calls] == ["confirm"]
    created = dialog.created
    assert created is not None and decision_count(demo_db, own_case) == before + 1
    header = screen.get_decision(demo_db, consulent, created.id)
    b = header.decision
    assert b.status is DecisionStatus.VASTGESTELD and b.established_date == today
    assert (b.start_date, b.end_date) == (START, END)
    assert (b.minutes_per_period, b.indicated_minutes, b.period_count, b.period_weeks) == (480, 3360, 7, 4)
    assert (b.complexity, b.category) == (Complexity.M, IndicationCategory.INTENSIEF)
    with demo_db.read() as s:
        periods = s.exec(select(Period).where(Period.beschikking_id == b.id).order_by(Period.number)).all()
    assert len(periods) == 7 and all(p.share_minutes == 480 for p in periods)


def test_save_as_concept(qtbot, demo_db, consulent, own_case, dialog_calls, today):
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    fill_regional_example(qtbot, dialog)
    qtbot.mouseClick(dialog.concept_button, Qt.MouseButton.LeftButton)
    assert dialog.created is not None and dialog.created.status is DecisionStatus.CONCEPT
    assert dialog_calls == []


def test_bad_input_shows_the_red_panel_and_stores_nothing(qtbot, demo_db, consulent, own_case, dialog_calls,
                                                          today, screenshot):
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    fill_regional_example(qtbot, dialog)
    before = decision_count(demo_db, own_case)

    dialog.hours.clear()  # no extent
    qtbot.mouseClick(dialog.establish_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.created is None
    assert not dialog.error_panel.isHidden()
    assert "uren per periode" in dialog.error_panel.text()
    assert dialog.hours.property("invalid")
    screenshot(dialog, "decision-create-errors")

    qtbot.keyClicks(dialog.hours, "8")
    with demo_db.read() as s:
        melding = s.get(Casus, own_case).melding_date
    dialog.start.setText("01-01-2020")  # before the melding
    qtbot.mouseClick(dialog.concept_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.created is None
    assert "vóór de melding" in dialog.error_panel.text() and str(melding.year) in dialog.error_panel.text()
    assert dialog.start.property("invalid")

    for item in range(dialog.results.count()):  # no result ticked
        dialog.results.item(item).setCheckState(Qt.CheckState.Unchecked)
    dialog.start.setText(format_date_short(START))
    qtbot.mouseClick(dialog.concept_button, Qt.MouseButton.LeftButton)
    assert "resultaat" in dialog.error_panel.text()
    assert decision_count(demo_db, own_case) == before
    assert dialog_calls == []  # bad input is refused before the establish question

    dialog.reject()  # unsaved changes: asks before dropping them
    assert dialog_calls[-1][0] == "discard"


def test_button_in_the_file_opens_the_form_and_refreshes(qtbot, demo_path, demo_db, consulent, own_case,
                                                         dialog_calls, today, monkeypatch, screenshot):
    from tests.gui.test_main_window import open_window

    _, page = open_window(qtbot, demo_path, consulent)
    with demo_db.read() as s:
        resident_id = s.get(Casus, own_case).resident_id
    page.open_resident(resident_id)
    view = page.file_view
    view.tabs.setCurrentIndex(2)
    assert not view.new_decision_button.isHidden() and view.new_decision_button.isEnabled()
    rows_before = view.decisions_model.rowCount()
    screenshot(view, "decision-create-button")
    opened = []

    def fake_exec(dialog):
        opened.append(dialog._casus_id)
        fill_regional_example(qtbot, dialog)
        dialog.save(establish=False)
        return dialog.result()

    monkeypatch.setattr(CreateDecisionDialog, "exec", fake_exec)
    qtbot.mouseClick(view.new_decision_button, Qt.MouseButton.LeftButton)
    assert opened == [own_case]
    assert view.decisions_model.rowCount() == rows_before + 1  # the file shows the new concept at once


def test_a_medewerker_has_no_new_decision_button(qtbot, demo_path, demo_db, demo_actor, own_case, today):
    from tests.gui.test_main_window import open_window

    _, page = open_window(qtbot, demo_path, demo_actor("medewerker"))
    with demo_db.read() as s:
        resident_id = s.get(Casus, own_case).resident_id
    page.open_resident(resident_id)
    assert page.file_view.new_decision_button.isHidden()


@pytest.mark.parametrize(("typed", "cents"), [("€ 62,50", 6250), ("62.50", 6250), ("1.062,50", 106250)])
def test_a_tariff_is_read_as_people_type_it(qtbot, demo_db, consulent, own_case, dialog_calls, typed, cents):
    """'€ 62,50' once raised a bare ValueError in this form; the one money parser reads it."""
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    fill_regional_example(qtbot, dialog)
    dialog.tariff.setText(typed)
    qtbot.mouseClick(dialog.concept_button, Qt.MouseButton.LeftButton)
    assert dialog.created is not None, dialog.error_panel.text()
    assert dialog.created.tariff_cents == cents


def test_a_tariff_that_is_no_amount_is_marked_beside_the_field_with_the_other_problems(
        qtbot, demo_db, consulent, own_case, dialog_calls, screenshot):
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    fill_regional_example(qtbot, dialog)
    before = decision_count(demo_db, own_case)
    dialog.tariff.setText("€ 62,505")
    dialog.surplus.setText("veel")
    dialog.start.setText("31-02-2026")
    qtbot.mouseClick(dialog.concept_button, Qt.MouseButton.LeftButton)
    text = dialog.error_panel.text()
    assert "twee cijfers achter de komma" in text and "geen getal: 'veel'" in text and "bestaat niet als datum" in text
    assert all(w.property("invalid") for w in (dialog.tariff, dialog.surplus, dialog.start))
    screenshot(dialog, "decision-create-parse-errors")
    assert dialog.created is None and decision_count(demo_db, own_case) == before


def test_establish_names_every_problem_before_it_asks_to_confirm(qtbot, demo_db, consulent, own_case, dialog_calls):
    """Validate first, confirm after: a start before the melding is said at once, without 'Nu vaststellen?'."""
    with demo_db.read() as s:
        melding = s.get(Casus, own_case).melding_date
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    fill_regional_example(qtbot, dialog)
    dialog.start.setText(format_date_short(melding - timedelta(days=10)))
    for row in range(dialog.results.count()):  # and no result chosen: both problems at once
        dialog.results.item(row).setCheckState(Qt.CheckState.Unchecked)
    before = decision_count(demo_db, own_case)
    qtbot.mouseClick(dialog.establish_button, Qt.MouseButton.LeftButton)
    assert dialog_calls == []  # no confirmation asked for something that cannot be stored
    text = dialog.error_panel.text()
    assert "vóór de melding" in text and "ten minste één resultaat" in text
    assert dialog.isVisible() and decision_count(demo_db, own_case) == before
    # put right, it asks once, then stores a vastgesteld decision in one go
    dialog.start.setText(format_date_short(START))
    for row in range(dialog.results.count()):
        dialog.results.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.establish_button, Qt.MouseButton.LeftButton)
    assert [c[0] for c in dialog_calls] == ["confirm"]
    assert dialog.created.status is DecisionStatus.VASTGESTELD and decision_count(demo_db, own_case) == before + 1


def test_declining_the_confirmation_stores_nothing(qtbot, demo_db, consulent, own_case, dialog_calls):
    dialog = open_dialog(qtbot, demo_db, consulent, own_case)
    fill_regional_example(qtbot, dialog)
    dialog_calls.answers["confirm"] = False
    before = decision_count(demo_db, own_case)
    qtbot.mouseClick(dialog.establish_button, Qt.MouseButton.LeftButton)
    assert [c[0] for c in dialog_calls] == ["confirm"] and dialog.created is None
    assert decision_count(demo_db, own_case) == before and dialog.isVisible()
