"""The evaluation form driven through its widgets: afschalen continues in the prefilled wijziging; bad input
stays in the form and stores nothing; the decision screen opens the form for a chosen moment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from db.models import (
    Beschikking,
    Evaluation,
    EvaluationDomainScore,
    EvaluationResult,
)
from db.models.enums import (
    DecisionKind,
    DecisionStatus,
    EvaluationOutcome,
    ResultStatus,
)
from desktop.core.decisions.rules import add_months
from desktop.core.nl import format_date_short
from desktop.ui.evaluations.dialog import EvaluationDialog
from tests.conftest import FIXED_TODAY, monday_weeks_before
from tests.gui.demo_decisions import established_demo_decision
from tests.gui.test_decision_actions import on_modal

START = monday_weeks_before(FIXED_TODAY, 16)  # 3 August 2026 when the tests run on 23 November 2026
FIRST = add_months(START, 3)  # intensief: the first evaluation moment, some 20 days before 'today'
NEXT = add_months(START, 6)  # the moment after it


@pytest.fixture
def running(demo_db, demo_actor, today):
    """A running Wmo decision of the first demo consulent (13 periods of 4 weeks from START, 8 hours a
    period) serving two results of an agreed plan; its first evaluation moment is overdue."""
    consulent = demo_actor("consulent")
    made = established_demo_decision(demo_db, consulent, start=START, established_on=START - timedelta(days=3), results=2,
                                     period_count=13, motivation="Begeleiding om de week op orde te krijgen.",
                                     open_cases_only=True)
    with demo_db.read() as s:
        first = s.exec(select(Evaluation).where(Evaluation.beschikking_id == made["decision"])
                       .order_by(Evaluation.planned_date)).first()
    assert first.planned_date == FIRST < today
    return {"decision": made["decision"], "casus": made["casus"], "resident": made["resident"],
            "evaluation": first.id, "results": made["results"], "actor": consulent, "today": today}


def show_dialog(qtbot, demo_db, actor, evaluation_id) -> EvaluationDialog:
    dialog = EvaluationDialog(demo_db, actor, evaluation_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_recording_an_evaluation_that_scales_down_opens_the_prefilled_wijziging(
        qtbot, demo_db, running, dialog_calls, screenshot, today):
    dialog = show_dialog(qtbot, demo_db, running["actor"], running["evaluation"])
    assert [b.line.result_id for b in dialog.result_boxes] == running["results"]
    assert (dialog.done_date.text(), dialog.next_date.text()) == (format_date_short(today), format_date_short(NEXT))
    choose(dialog.result_boxes[0].status, ResultStatus.DEELS)
    choose(dialog.result_boxes[1].status, ResultStatus.BEHAALD)
    dialog.result_boxes[0].account.setPlainText("Het lukt al vaker zelf, de planning hangt op de koelkast.")
    domain = next(iter(dialog.scores))
    choose(dialog.scores[domain], 4)
    dialog.outcome_buttons[EvaluationOutcome.AFSCHALEN].click()
    dialog.summary.setPlainText("Het gaat goed; minder begeleiding nodig.")
    qtbot.wait(50)
    screenshot(dialog, "evaluation-filled")
    saw = {}

    def change(form):
        saw["title"] = form.windowTitle()
        saw["hours"], saw["start"] = form.hours.text(), form.start.text()
        form.change_reason.setCurrentIndex(form.change_reason.findData("05"))
        form.change_explanation.setPlainText("Afschalen na de evaluatie: de weekplanning loopt.")
        form.hours.setText("6")
        form.save(establish=True)

    on_modal(qtbot, change)
    dialog.save_button.click()
    assert saw["hours"] == "8" and saw["start"] == format_date_short(today) and "Wijziging" in saw["title"]
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.follow_up is not None
    with demo_db.read() as s:
        evaluation = s.get(Evaluation, running["evaluation"])
        assert (evaluation.done_date, evaluation.outcome, evaluation.next_date) == (
            today, EvaluationOutcome.AFSCHALEN, NEXT)
        statuses = {r.result_id: (r.status, r.account) for r in s.exec(
            select(EvaluationResult).where(EvaluationResult.evaluation_id == evaluation.id))}
        assert statuses == {running["results"][0]: (ResultStatus.DEELS,
                                                    "Het lukt al vaker zelf, de planning hangt op de koelkast."),
                            running["results"][1]: (ResultStatus.BEHAALD, None)}
        assert [(x.domain, x.score) for x in s.exec(select(EvaluationDomainScore).where(
            EvaluationDomainScore.evaluation_id == evaluation.id))] == [(domain, 4)]
        old = s.get(Beschikking, running["decision"])
        new = s.get(Beschikking, dialog.follow_up.id)
    assert old.status is DecisionStatus.VERVANGEN
    assert (new.kind, new.status, new.replaces_id, new.change_reason_code, new.minutes_per_period) == (
        DecisionKind.WIJZIGING, DecisionStatus.VASTGESTELD, old.id, "05", 360)
    assert [c[0] for c in dialog_calls] == ["confirm"]  # 'nu vaststellen?' in the wijziging


def test_bad_input_stays_in_the_form_and_stores_nothing(qtbot, demo_db, running, dialog_calls, screenshot):
    dialog = show_dialog(qtbot, demo_db, running["actor"], running["evaluation"])
    choose(dialog.result_boxes[0].status, ResultStatus.BEHAALD)  # the second result gets no status
    dialog.outcome_buttons[EvaluationOutcome.VOORTZETTEN].click()
    dialog.save_button.click()
    assert dialog.isVisible() and not dialog.error_panel.isHidden()
    assert "Beoordeel elk resultaat" in dialog.error_panel.text()
    assert dialog.result_boxes[1].status.property("invalid") is True
    assert not dialog.result_boxes[0].status.property("invalid")

    choose(dialog.result_boxes[1].status, ResultStatus.NIET)
    dialog.next_date.setText(format_date_short(FIRST - timedelta(days=2)))  # before the evaluation itself
    dialog.save_button.click()
    assert "volgende evaluatie" in dialog.error_panel.text().lower()
    assert dialog.next_date.property("invalid") is True
    assert not dialog.result_boxes[1].status.property("invalid")
    qtbot.wait(50)
    screenshot(dialog, "evaluation-error")
    dialog.done_date.setText("31-11-2026")
    dialog.save_button.click()
    assert "bestaat niet als datum" in dialog.error_panel.text() and dialog.done_date.property("invalid") is True

    dialog.outcome_buttons[EvaluationOutcome.BEEINDIGEN].click()  # no next evaluation after ending
    assert not dialog.next_date.isEnabled() and dialog.next_date.text() == ""
    dialog.outcome_buttons[EvaluationOutcome.VOORTZETTEN].click()
    assert dialog.next_date.isEnabled() and dialog.next_date.text() == format_date_short(NEXT)
    with demo_db.read() as s:
        assert s.get(Evaluation, running["evaluation"]).done_date is None
        assert s.exec(select(EvaluationResult).where(
            EvaluationResult.evaluation_id == running["evaluation"])).all() == []
    dialog.reject()
    assert [c[0] for c in dialog_calls] == ["discard"] and not dialog.isVisible()


def test_the_decision_screen_opens_the_form_for_a_chosen_moment(qtbot, demo_db, running, dialog_calls):
    from desktop.ui.decisions.view import DecisionWindow

    window = DecisionWindow(demo_db, running["actor"], running["decision"])
    qtbot.addWidget(window)
    window.show()
    view = window.view
    qtbot.waitUntil(lambda: view.moment_evaluate.isVisible())
    assert not view.moment_evaluate.isEnabled()
    view.moments_table.selectRow(0)
    assert view.moment_evaluate.isEnabled()

    def record(dialog):
        assert isinstance(dialog, EvaluationDialog) and dialog.form.evaluation_id == running["evaluation"]
        for box in dialog.result_boxes:
            choose(box.status, ResultStatus.DEELS)
        dialog.outcome_buttons[EvaluationOutcome.VOORTZETTEN].click()
        dialog.save_button.click()

    on_modal(qtbot, record)
    view.moment_evaluate.click()
    assert view.moments_model.data(view.moments_model.index(0, 2)) == "Voortzetten"
    view.moments_table.selectRow(0)
    assert not view.moment_evaluate.isEnabled()  # held: nothing more to record


def test_a_role_without_evaluations_sees_no_button(qtbot, demo_db, demo_actor, running):
    from desktop.ui.decisions.view import DecisionWindow

    window = DecisionWindow(demo_db, demo_actor("casusregisseur"), running["decision"])
    qtbot.addWidget(window)
    assert window.view.moment_evaluate.isHidden()


def test_what_was_typed_is_kept_as_a_draft_and_offered_back(qtbot, demo_db, running, dialog_calls):
    from desktop.core import drafts

    actor, evaluation_id = running["actor"], running["evaluation"]
    dialog = show_dialog(qtbot, demo_db, actor, evaluation_id)
    choose(dialog.result_boxes[0].status, ResultStatus.BEHAALD)
    dialog.result_boxes[0].account.setPlainText("Ze doet de boodschappen weer zelf.")
    dialog.outcome_buttons[EvaluationOutcome.AFSCHALEN].click()
    dialog.summary.setPlainText("Goed gesprek, minder uren nodig.")
    dialog.keep_draft()  # what the timer does every few seconds
    dialog.draft_timer.stop()  # and here the power goes: nothing saved, nothing asked
    typed = dialog._snapshot()
    assert drafts.find(demo_db, actor, "evaluatie", evaluation_id) is not None

    dialog_calls.answers["confirm"] = True
    again = show_dialog(qtbot, demo_db, actor, evaluation_id)
    qtbot.waitUntil(lambda: bool(dialog_calls))
    assert dialog_calls[-1][:2] == ("confirm", "Niet-opgeslagen tekst terugzetten?")
    assert again._snapshot() == typed and again.has_changes()
    again.done_date.setText(format_date_short(FIRST))
    choose(again.result_boxes[1].status, ResultStatus.NIET)
    again.outcome_buttons[EvaluationOutcome.VOORTZETTEN].click()
    again.save_button.click()
    assert again.saved is not None, again.error_panel.text()
    assert drafts.find(demo_db, actor, "evaluatie", evaluation_id) is None
    with demo_db.read() as s:
        assert s.get(Evaluation, evaluation_id).summary == "Goed gesprek, minder uren nodig."
    dialog_calls.answers["confirm"] = True
    dialog.reject()
