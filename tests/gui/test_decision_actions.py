"""What happens to a decision after it is made, through the decision screen: a wijziging (afschalen) that
replaces it, beëindigen, intrekken, editing evaluation moments, and booking a whole period at once."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from sqlmodel import select

from db.models import Beschikking, Evaluation, Realisation
from db.models.enums import DecisionKind, DecisionStatus
from db.units import minutes_to_hours
from desktop.core.decisions import lifecycle, rules
from desktop.core.nl import format_date, format_date_short, format_hours
from tests.gui.test_decision_view import START, cell, entries, regional, settle, show_window  # noqa: F401 - fixture

__all__ = ["regional"]


def on_modal(qtbot, action, screenshot=None, name: str | None = None) -> list:
    """Runs action(dialog) on the next modal dialog; closes it if the action left it open (never hangs)."""
    seen = []

    def run():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, run)
            return
        seen.append(dialog)
        try:
            action(dialog)
            if screenshot and name:
                screenshot(dialog, name)
        finally:
            if dialog.isVisible() and dialog.property("keep_open") is not True:
                dialog.done(QDialog.DialogCode.Rejected)  # the harness closes it: no 'weggooien?' for a test's leftovers

    QTimer.singleShot(0, run)
    return seen


def _decision(db, decision_id: int) -> Beschikking:
    with db.read() as s:
        return s.get(Beschikking, decision_id)


def test_a_wijziging_scales_down_from_a_date_and_the_window_shows_the_new_decision(
        qtbot, demo_db, demo_actor, regional, dialog_calls, screenshot):
    window = show_window(qtbot, demo_db, demo_actor("consulent"), regional["decision"])
    view = window.view
    assert view.change_button.isEnabled() and not view.establish_button.isEnabled()
    saw = {}

    def fill(dialog):
        saw["hours"], saw["periods"] = dialog.hours.text(), dialog.period_count.value()
        saw["start"] = dialog.start.text()
        dialog.save(establish=True)  # no reason yet: refused inside the form
        saw["first_error"] = dialog.error_panel.text()
        dialog.change_reason.setCurrentIndex(dialog.change_reason.findData("05"))
        dialog.change_explanation.setPlainText("Afschalen: de weekplanning loopt, minder begeleiding nodig.")
        dialog.hours.setText("6")
        dialog.period_count.setValue(4)
        dialog.start.setText(format_date_short(START + timedelta(days=56)))  # period 3
        screenshot(dialog, "decision-wijziging")
        dialog.save(establish=True)

    on_modal(qtbot, fill)
    view.change_button.click()
    assert saw["hours"] == "8" and saw["periods"] == 7  # a copy of the decision it replaces
    assert saw["start"] == format_date_short(START + timedelta(days=195))  # today is past the end: its last day
    assert "reden" in saw["first_error"].lower()
    old = _decision(demo_db, regional["decision"])
    assert old.status is DecisionStatus.VERVANGEN and old.ended_date == START + timedelta(days=55)
    new_view = window.view
    assert new_view is not view and new_view.decision_id != regional["decision"]
    new = _decision(demo_db, new_view.decision_id)
    assert (new.kind, new.status, new.replaces_id) == (DecisionKind.WIJZIGING, DecisionStatus.VASTGESTELD, old.id)
    assert (new.minutes_per_period, new.period_count, new.change_reason_code) == (360, 4, "05")
    assert new_view.facts["Status"].text() == "Vastgesteld"
    assert new_view.moments_model.rowCount() >= 1  # moments planned at vaststelling
    settle(qtbot)
    screenshot(window, "decision-after-wijziging")


def test_a_concept_wijziging_waits_for_vaststellen_and_can_be_withdrawn(
        qtbot, demo_db, demo_actor, regional, dialog_calls, screenshot):
    window = show_window(qtbot, demo_db, demo_actor("consulent"), regional["decision"])

    def fill(dialog):
        dialog.change_reason.setCurrentIndex(dialog.change_reason.findData("05"))
        dialog.change_explanation.setPlainText("Afschalen: minder begeleiding nodig.")
        dialog.hours.setText("6")
        dialog.start.setText(format_date_short(START + timedelta(days=56)))
        dialog.save(establish=False)

    on_modal(qtbot, fill)
    window.view.change_button.click()
    concept_view = window.view
    old = _decision(demo_db, regional["decision"])
    assert (old.status, old.ended_date) == (DecisionStatus.VASTGESTELD, None)  # still in force
    assert concept_view.facts["Status"].text() == "Concept"
    assert "Zij gaat pas bij vaststellen in" in concept_view.notice_panel.text()
    assert not concept_view.notice_panel.isHidden() and concept_view.forecast_panel.isHidden()
    assert concept_view.establish_button.isEnabled() and concept_view.revoke_button.isEnabled()
    settle(qtbot)
    screenshot(window, "decision-concept-wijziging")

    def withdraw(dialog):
        assert "blijft ongewijzigd gelden" in " ".join(w.text() for w in dialog.findChildren(QLabel))
        dialog.explanation.setPlainText("Toch niet: de inwoner wil eerst het gesprek met de aanbieder.")
        dialog.ok_button.click()

    on_modal(qtbot, withdraw)
    concept_view.revoke_button.click()
    assert _decision(demo_db, concept_view.decision_id).status is DecisionStatus.INGETROKKEN
    old = _decision(demo_db, regional["decision"])
    assert (old.status, old.ended_date) == (DecisionStatus.VASTGESTELD, None)


def test_ending_asks_for_a_reason_and_then_ends_the_decision(qtbot, demo_db, demo_actor, regional, screenshot):
    window = show_window(qtbot, demo_db, demo_actor("consulent"), regional["decision"])
    view = window.view
    errors = []

    def fill(dialog):
        dialog.end_date.setText(format_date_short(START + timedelta(days=115)))
        dialog.ok_button.click()
        errors.append(dialog.error_panel.text())
        dialog.reason.setCurrentIndex(dialog.reason.findData("23"))
        dialog.explanation.setPlainText("In overleg voortijdig beëindigd: de inwoner redt het zelf.")
        screenshot(dialog, "decision-end")
        dialog.ok_button.click()

    on_modal(qtbot, fill)
    view.end_button.click()
    assert "Kies een reden" in errors[0]
    d = _decision(demo_db, regional["decision"])
    assert (d.status, d.ended_date, d.end_reason_code) == (DecisionStatus.BEEINDIGD, START + timedelta(days=115), "23")
    assert view.facts["Status"].text() == "Beëindigd"
    assert not view.end_button.isEnabled() and not view.change_button.isEnabled()


def test_a_concept_is_established_or_revoked_from_the_screen(qtbot, demo_db, demo_actor, regional, dialog_calls):
    consulent = demo_actor("consulent")
    data = lifecycle.draft_input(demo_db, consulent, regional["decision"], START + timedelta(days=210))
    with demo_db.read() as s:
        casus_id = s.get(Beschikking, regional["decision"]).casus_id
    concept = lifecycle.create_decision(demo_db, consulent, casus_id, data)
    window = show_window(qtbot, demo_db, consulent, concept.id)
    view = window.view
    assert view.establish_button.isEnabled() and not view.change_button.isEnabled()
    assert not view.moment_add.isEnabled()  # moments are planned at vaststelling

    def revoke(dialog):
        dialog.explanation.setPlainText("Dubbel opgesteld; de eerste beschikking loopt door.")
        dialog.ok_button.click()

    on_modal(qtbot, revoke)
    view.revoke_button.click()
    assert _decision(demo_db, concept.id).status is DecisionStatus.INGETROKKEN
    assert view.facts["Status"].text() == "Ingetrokken"
    assert not view.establish_button.isEnabled() and not view.revoke_button.isEnabled()


def test_evaluation_moments_are_added_moved_and_removed(qtbot, demo_db, demo_actor, regional, dialog_calls,
                                                        screenshot):
    window = show_window(qtbot, demo_db, demo_actor("consulent"), regional["decision"])
    view = window.view
    assert [cell(view.moments_model, r, 0) for r in range(view.moments_model.rowCount())] == [
        format_date(rules.add_months(START, 3)), format_date(rules.add_months(START, 6))]
    errors = []

    def add(dialog):
        dialog.date_field.setText(format_date_short(START + timedelta(days=361)))  # after the end: refused in the dialog
        dialog.ok_button.click()
        errors.append(dialog.error_panel.text())
        screenshot(dialog, "moment-refused")
        dialog.date_field.setText(format_date_short(START + timedelta(days=42)))
        dialog.ok_button.click()

    on_modal(qtbot, add)
    view.moment_add.click()
    assert "uiterlijk op de einddatum" in errors[0]
    assert cell(view.moments_model, 0, 0) == format_date(START + timedelta(days=42))

    view.moments_table.selectRow(1)  # the first moment of the two planned
    assert view.moment_move.isEnabled()
    on_modal(qtbot, lambda d: (d.date_field.setText(format_date_short(START + timedelta(days=105))), d.ok_button.click()))
    view.moment_move.click()
    view.moments_table.selectRow(0)
    view.moment_remove.click()
    with demo_db.read() as s:
        planned = sorted(e.planned_date for e in s.exec(select(Evaluation).where(
            Evaluation.beschikking_id == regional["decision"])))
    assert planned == [START + timedelta(days=105), rules.add_months(START, 6)]
    assert [c[0] for c in dialog_calls] == ["confirm"]
    settle(qtbot)
    screenshot(window, "decision-moments")


def test_a_medewerker_books_a_whole_period_and_it_splits_over_the_months(qtbot, demo_db, demo_actor, regional,
                                                                        screenshot):
    window = show_window(qtbot, demo_db, demo_actor("medewerker"), regional["decision"])
    view = window.view
    assert not view.change_button.isVisible() and not view.moment_add.isVisible()
    assert not view.moments_table.isVisible()
    assert not view.period_choice.isVisible()
    view.mode.setCurrentIndex(view.mode.findData("period"))
    assert view.period_choice.isVisible() and not view.date_field.isVisible()
    view.period_choice.setCurrentIndex(view.period_choice.findData(1))
    view.hours_field.setText("10")
    view.book_button.click()
    assert view.error_panel.isHidden(), view.error_panel.text()
    assert entries(demo_db, regional["decision"]) == 1  # one entry; its month split is derived
    assert cell(view.periods_model, 0, 4) == "10 uur"
    # spread over the calendar months of period 1 in proportion to the days (9,63 + 0,37 uur for 5 Jan - 1 Feb)
    parts = rules.period_parts(START, START + timedelta(days=27), 600)
    assert [cell(view.months_model, r, 1) for r in range(len(parts))] == [
        format_hours(minutes_to_hours(m)) for _, m in parts]
    view.hours_field.setText("47")  # 57 > 56
    view.book_button.click()
    assert "nog 46 uur beschikbaar" in view.error_panel.text()
    with demo_db.read() as s:
        assert sum(r.minutes for r in s.exec(select(Realisation).where(
            Realisation.beschikking_id == regional["decision"]))) == 600
    settle(qtbot)
    screenshot(window, "decision-period-booking")


def test_a_jeugdwet_decision_offers_the_ijw_reasons_for_ending(qtbot, demo_db, demo_actor, screenshot, dialog_calls):
    from db.models.enums import Law
    from desktop.ui.decisions.actions import EndDecisionDialog

    with demo_db.read() as s:
        d = s.exec(select(Beschikking).where(Beschikking.law == Law.JEUGDWET, Beschikking.status.in_(
            (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)))).first()
    assert d is not None
    dialog = EndDecisionDialog(demo_db, demo_actor("consulent"), d)
    qtbot.addWidget(dialog)
    dialog.show()
    codes = [dialog.reason.itemData(i) for i in range(dialog.reason.count())]
    assert "19" not in codes and "21" not in codes and {"32", "33", "34", "35"} <= set(codes)
    assert dialog.reason.itemText(dialog.reason.findData("31")) == "31 levering volgens plan beëindigd"
    dialog.reason.setCurrentIndex(dialog.reason.findData("31"))
    screenshot(dialog, "decision-end-jeugdwet")
    dialog.close()  # a reason was chosen: closing asks before it is thrown away
    assert [c[0] for c in dialog_calls] == ["discard"] and not dialog.isVisible()
