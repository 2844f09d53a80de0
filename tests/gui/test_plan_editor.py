"""The plan editor on demo data: writing a plan through the widgets, gentle warnings, errors that block,
agreeing (frozen), a new version, comparing, and the two promises: a conflict loses nothing, and unsaved
changes are never silently dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import Casus, Plan
from db.models.enums import LifeDomain, PlanStatus
from desktop.core.nl import format_date, format_date_short
from desktop.core.plans import versions as plans
from desktop.ui.plan.compare_dialog import CompareDialog
from desktop.ui.plan.editor import PlanEditor
from tests.conftest import FIXED_TODAY

TARGET_1 = FIXED_TODAY + timedelta(days=98)  # 1 March 2027 when the tests run on 23 November 2026
TARGET_2 = FIXED_TODAY + timedelta(days=190)  # 1 June 2027
LONG_QUESTION = ("Ik wil graag weer zelf mijn boodschappen kunnen doen. Sinds mijn val in het voorjaar durf ik "
                 "niet meer alleen naar buiten en mijn dochter woont ver weg. ") * 6


@pytest.fixture
def consulent(demo_actor):
    return demo_actor("consulent")


@pytest.fixture
def own_case(demo_db, consulent) -> int:
    """A case of this consulent whose latest plan is agreed, or that has no plan: editing starts a fresh draft."""
    with demo_db.read() as s:
        for casus in s.exec(select(Casus).where(Casus.consulent_id == consulent.user_id).order_by(Casus.id)):
            latest = s.exec(select(Plan).where(Plan.casus_id == casus.id)
                            .order_by(Plan.version_no.desc())).first()
            if latest is None:
                return casus.id
            if latest.status is PlanStatus.AKKOORD:
                return casus.id
    raise AssertionError("the demo data has no case of this consulent to work on")


def open_editor(qtbot, db, actor, casus_id) -> PlanEditor:
    editor = PlanEditor(db, actor, casus_id)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitActive(editor):
        editor.activateWindow()
    if not editor.document.editable:
        assert editor.new_version_button.isVisible(), editor.status.text()
        editor.new_version_button.click()
    assert editor.document.editable
    return editor


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    qtbot.keyClicks(widget, text)


def clear_plan(editor: PlanEditor) -> None:
    """A demo draft based on an agreed version carries its goals; start from an empty plan for exact counts."""
    for box in list(editor.goals):
        editor.remove_goal(box)


def write_plan(qtbot, editor: PlanEditor) -> None:
    clear_plan(editor)
    editor.question.clear()
    editor.question.setPlainText(LONG_QUESTION)  # long text: setPlainText; short fields below are typed
    editor.what_matters.clear()
    type_into(qtbot, editor.what_matters, "Zelfstandig blijven wonen.")
    editor.tabs.setCurrentIndex(1)
    editor.domain_list.setCurrentRow(list(LifeDomain).index(LifeDomain.JUSTITIE))
    qtbot.mouseClick(editor.not_relevant_button, Qt.MouseButton.LeftButton)
    editor.domain_list.setCurrentRow(list(LifeDomain).index(LifeDomain.INSTRUMENTELE_ADL))
    qtbot.mouseClick(editor.relevant_button, Qt.MouseButton.LeftButton)
    editor.score.setCurrentIndex(editor.score.findData(2))
    type_into(qtbot, editor.domain_fields["situation"], "Boodschappen lukken niet zonder hulp.")
    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.add_goal_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_goal_button, Qt.MouseButton.LeftButton)
    g1, g2 = editor.goals
    type_into(qtbot, g1.description, "Zelf boodschappen doen")
    type_into(qtbot, g1.results[0].description, "Ik ga twee keer per week zelf naar de supermarkt.")
    type_into(qtbot, g1.results[0].indicator, "Boodschappenlijst afgevinkt")
    type_into(qtbot, g1.results[0].target_date, format_date_short(TARGET_1))
    g1.results[0].contributors["inwoner"].setChecked(True)
    qtbot.mouseClick(g1.add_result_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, g1.results[1].description, "Mijn buurman rijdt mee naar de markt.")
    g1.results[1].contributors["netwerk"].setChecked(True)  # no date, no indicator: a warning
    type_into(qtbot, g2.description, "Minder alleen zijn")
    type_into(qtbot, g2.results[0].description, "Een middag per week naar het buurthuis.")
    type_into(qtbot, g2.results[0].indicator, "Aanwezig bij de koffieochtend")
    type_into(qtbot, g2.results[0].target_date, f"{TARGET_2.day}-{TARGET_2.month}-{TARGET_2.year}")


def test_write_plan_save_with_ctrl_s_and_reopen(qtbot, demo_db, consulent, own_case, dialog_calls, screenshot):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    write_plan(qtbot, editor)
    assert editor.has_changes()
    assert "niet relevant" in editor.domain_list.item(list(LifeDomain).index(LifeDomain.JUSTITIE)).text()
    assert "relevant, score 2" in editor.domain_list.item(
        list(LifeDomain).index(LifeDomain.INSTRUMENTELE_ADL)).text()
    assert editor.domain_fields["situation"].isEnabled()  # the shown domain is relevant
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.error_panel.isHidden(), editor.error_panel.text()
    assert not editor.has_changes()
    assert not editor.warning_panel.isHidden()
    assert "Resultaat 1.2" in editor.warning_panel.text()
    assert dialog_calls == []

    doc = plans.open_plan(demo_db, consulent, own_case)
    assert doc.plan.id == editor.document.plan.id and doc.editable
    assert doc.plan.question == LONG_QUESTION.strip()
    assert [len(g.results) for g in doc.view.goals] == [2, 1]
    assert doc.view.goals[0].results[0].target_date == TARGET_1
    assert doc.view.goals[0].results[1].contributors == "netwerk"
    domains = {d.domain: d for d in doc.view.domains}
    assert domains[LifeDomain.JUSTITIE].relevant is False and domains[LifeDomain.JUSTITIE].situation is None
    assert domains[LifeDomain.INSTRUMENTELE_ADL].score == 2
    assert domains[LifeDomain.INSTRUMENTELE_ADL].situation == "Boodschappen lukken niet zonder hulp."

    editor.tabs.setCurrentIndex(0)
    screenshot(editor, "plan-vraag")
    editor.tabs.setCurrentIndex(1)
    screenshot(editor, "plan-leefgebieden")
    editor.tabs.setCurrentIndex(2)
    screenshot(editor, "plan-doelen")
    editor.close()
    assert dialog_calls == []  # nothing unsaved

    again = PlanEditor(demo_db, consulent, own_case)
    qtbot.addWidget(again)
    assert again.question.toPlainText() == LONG_QUESTION.strip()
    assert [g.description.toPlainText() for g in again.goals] == ["Zelf boodschappen doen", "Minder alleen zijn"]
    assert again.goals[1].results[0].target_date.text() == format_date_short(TARGET_2)
    assert "niet relevant" in again.domain_list.item(list(LifeDomain).index(LifeDomain.JUSTITIE)).text()
    assert not again.has_changes()


def test_empty_goal_and_bad_date_show_the_red_panel_and_store_nothing(qtbot, demo_db, consulent, own_case,
                                                                        dialog_calls, screenshot):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    before = plans.open_plan(demo_db, consulent, own_case)
    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.add_goal_button, Qt.MouseButton.LeftButton)
    goal = editor.goals[-1]
    number = len(editor.goals)
    type_into(qtbot, goal.results[0].description, "Iets wat anders is")
    type_into(qtbot, goal.results[0].target_date, f"31-02-{TARGET_1.year}")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.error_panel.isHidden()
    assert goal.results[0].target_date.property("invalid") is True
    assert "bestaat niet als datum" in editor.error_panel.text()
    type_into(qtbot, goal.results[0].target_date, f"28-02-{TARGET_1.year + 1}")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert f"Doel {number} heeft nog geen omschrijving" in editor.error_panel.text()
    assert not goal.results[0].target_date.property("invalid")
    screenshot(editor, "plan-foutpaneel")
    after = plans.open_plan(demo_db, consulent, own_case)
    assert after.plan.version == before.plan.version and len(after.view.goals) == len(before.view.goals)
    assert goal.results[0].description.toPlainText() == "Iets wat anders is"  # kept
    assert dialog_calls == []
    dialog_calls.answers["confirm"] = True
    editor.close()
    assert [c[0] for c in dialog_calls] == ["discard"]


def test_agree_freeze_new_version_and_compare(qtbot, demo_db, consulent, own_case, dialog_calls, monkeypatch,
                                              screenshot, today):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    write_plan(qtbot, editor)
    assert editor.save()
    version_no = editor.document.plan.version_no
    monkeypatch.setattr(editor, "ask_agreed_date", lambda: today - timedelta(days=3))
    qtbot.mouseClick(editor.agree_button, Qt.MouseButton.LeftButton)
    assert editor.error_panel.isHidden(), editor.error_panel.text()
    assert not editor.document.editable
    assert f"akkoord {format_date(today - timedelta(days=3))}" in editor.version_combo.currentText()
    assert editor.question.isReadOnly() and editor.goals[0].description.isReadOnly()
    assert editor.save_button.isHidden() and not editor.new_version_button.isHidden()
    assert not editor.relevant_button.isEnabled()

    qtbot.mouseClick(editor.new_version_button, Qt.MouseButton.LeftButton)
    assert editor.document.editable and editor.document.plan.version_no == version_no + 1
    assert editor.version_combo.count() >= 2
    assert editor.goals[0].description.toPlainText() == "Zelf boodschappen doen"  # based on the agreed one
    type_into(qtbot, editor.goals[0].description, "Zelf boodschappen doen, ook in de winter")
    assert editor.save()

    editor.open_compare()
    dialog: CompareDialog = editor.compare_dialog
    qtbot.addWidget(dialog)
    assert dialog.left.currentData() == version_no and dialog.right.currentData() == version_no + 1
    changed = dialog.changed_rows()
    assert [(r.label, r.left, r.right) for r in changed] == [
        ("Doel 1", "Zelf boodschappen doen", "Zelf boodschappen doen, ook in de winter")]
    assert dialog.model.rowCount() == len(changed)  # only the changes, by default
    screenshot(dialog, "plan-vergelijken")

    # an older, agreed version can be looked at read-only from the combo
    assert editor.show_version(version_no)
    assert not editor.document.editable and editor.question.isReadOnly()
    assert dialog_calls == []


@pytest.fixture
def conflict_answer(monkeypatch, screenshot):
    """Answers the conflict dialog with conflict_answer.choice after looking at (and copying from) it."""
    from desktop.ui import conflict_dialog

    class Answer:
        choice = 0
        shown: list = []
        mine_enabled = None

    def choose(dialog):
        Answer.shown.append([tuple(dialog.model._rows[i]) for i in range(dialog.model.rowCount())])
        screenshot(dialog, "plan-conflict")
        dialog.copy_button.click()
        Answer.mine_enabled = dialog.mine_button.isEnabled()
        return Answer.choice

    monkeypatch.setattr(conflict_dialog, "choose", choose)
    Answer.shown = []
    return Answer


def colleague_saves(db, consulent, editor, question: str) -> None:
    doc = editor.document
    data = doc.to_input()
    data.question = question
    plans.save_draft(db, consulent, doc.plan.id, data, doc.plan.version)


def test_conflict_keeps_every_typed_word(qtbot, demo_db, consulent, own_case, dialog_calls, conflict_answer):
    from PySide6.QtWidgets import QApplication

    editor = open_editor(qtbot, demo_db, consulent, own_case)
    colleague_saves(demo_db, consulent, editor, "De vraag zoals de collega hem opschreef.")
    editor.question.clear()
    type_into(qtbot, editor.question, "Mijn eigen woorden die niet verloren mogen gaan.")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    rows = conflict_answer.shown[0]
    assert ("Vraag – Vraag van de inwoner", "De vraag zoals de collega hem opschreef.",
            "Mijn eigen woorden die niet verloren mogen gaan.") in rows
    assert "Mijn eigen woorden die niet verloren mogen gaan." in QApplication.clipboard().text()  # copied out
    assert editor.question.toPlainText() == "Mijn eigen woorden die niet verloren mogen gaan."  # back to the form
    assert editor.has_changes()
    dialog_calls.answers["confirm"] = False
    editor.close()
    assert editor.isVisible()  # the user chose to go back to the form
    assert [c[0] for c in dialog_calls] == ["discard"]


def test_conflict_take_theirs(qtbot, demo_db, consulent, own_case, dialog_calls, conflict_answer):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    colleague_saves(demo_db, consulent, editor, "De vraag van de collega.")
    type_into(qtbot, editor.question, "Mijn woorden.")
    conflict_answer.choice = conflict_answer_choice("THEIRS")
    assert editor.save() is False
    assert editor.question.toPlainText() == "De vraag van de collega." and not editor.has_changes()
    with demo_db.read() as s:
        assert s.get(Plan, editor.document.plan.id).question == "De vraag van de collega."


def test_conflict_keep_mine_on_top(qtbot, demo_db, consulent, own_case, dialog_calls, conflict_answer):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    colleague_saves(demo_db, consulent, editor, "De vraag van de collega.")
    type_into(qtbot, editor.question, "Mijn woorden gaan voor.")
    conflict_answer.choice = conflict_answer_choice("MINE")
    assert editor.save() is True
    assert conflict_answer.mine_enabled
    with demo_db.read() as s:
        assert s.get(Plan, editor.document.plan.id).question == "Mijn woorden gaan voor."
    assert not editor.has_changes()


def test_conflict_after_the_colleague_agreed_cannot_overwrite(qtbot, demo_db, consulent, own_case, dialog_calls,
                                                              conflict_answer, today):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    write_plan(qtbot, editor)
    assert editor.save()
    doc = editor.document
    plans.agree(demo_db, consulent, doc.plan.id, today, doc.plan.version)  # a colleague agrees it meanwhile
    type_into(qtbot, editor.question, "Nog een zin.")
    conflict_answer.choice = conflict_answer_choice("MINE")
    assert editor.save() is False
    assert not conflict_answer.mine_enabled
    assert editor.question.toPlainText().endswith("Nog een zin.")  # nothing lost


def conflict_answer_choice(name: str) -> int:
    from desktop.ui.conflict_dialog import ConflictDialog

    return getattr(ConflictDialog, name)


def test_typing_is_kept_as_a_draft_and_offered_back(qtbot, demo_db, consulent, own_case, dialog_calls):
    from desktop.core import drafts

    editor = open_editor(qtbot, demo_db, consulent, own_case)
    plan_id = editor.document.plan.id
    editor.question.clear()
    type_into(qtbot, editor.question, "Getypt vlak voor de stroomstoring.")
    editor.keep_draft()  # what the timer does every few seconds
    found = drafts.find(demo_db, consulent, "plan", plan_id)
    assert found is not None and found.content["plan"]["question"] == "Getypt vlak voor de stroomstoring."
    editor.draft_timer.stop()  # Koers 'crashes' here: nothing saved, nothing asked; the draft is all there is

    dialog_calls.answers["confirm"] = True
    again = open_editor(qtbot, demo_db, consulent, own_case)  # offered as soon as the editor is on screen
    qtbot.waitUntil(lambda: bool(dialog_calls))
    assert ("confirm", "Niet-opgeslagen tekst terugzetten?") == dialog_calls[-1][:2]
    assert again.question.toPlainText() == "Getypt vlak voor de stroomstoring." and again.has_changes()
    assert again.save()
    assert drafts.find(demo_db, consulent, "plan", plan_id) is None  # saved: no draft left
    with demo_db.read() as s:
        assert s.get(Plan, plan_id).question == "Getypt vlak voor de stroomstoring."


def test_a_declined_or_discarded_draft_is_gone(qtbot, demo_db, consulent, own_case, dialog_calls):
    from desktop.core import drafts

    editor = open_editor(qtbot, demo_db, consulent, own_case)
    plan_id = editor.document.plan.id
    type_into(qtbot, editor.question, "Weg ermee.")
    editor.keep_draft()
    dialog_calls.answers["confirm"] = True  # 'Wijzigingen weggooien?' yes
    editor.close()
    assert drafts.find(demo_db, consulent, "plan", plan_id) is None

    editor = open_editor(qtbot, demo_db, consulent, own_case)
    type_into(qtbot, editor.question, "Ook weg.")
    editor.keep_draft()
    editor.draft_timer.stop()
    dialog_calls.answers["confirm"] = False  # 'Weggooien'
    again = open_editor(qtbot, demo_db, consulent, own_case)
    qtbot.waitUntil(lambda: dialog_calls[-1][1] == "Niet-opgeslagen tekst terugzetten?")
    assert drafts.find(demo_db, consulent, "plan", plan_id) is None
    assert "Ook weg." not in again.question.toPlainText()


def test_plan_button_in_the_file_opens_the_editor(qtbot, demo_path, demo_db, consulent, own_case, dialog_calls):
    from tests.gui.test_main_window import open_window

    _, page = open_window(qtbot, demo_path, consulent)
    with demo_db.read() as s:
        resident_id = s.get(Casus, own_case).resident_id
    page.open_resident(resident_id)
    view = page.file_view
    assert not view.plan_button.isHidden()
    view.plan_case.setCurrentIndex(view.plan_case.findData(own_case))
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    editor = page.plan_editors[own_case]
    qtbot.addWidget(editor)
    assert editor.isVisible() and editor.document.casus.id == own_case
    editor.close()


def test_pdf_for_the_resident_is_saved_and_logged(qtbot, demo_db, consulent, own_case, monkeypatch, dialog_calls,
                                                  tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    from desktop.ui import dialogs

    editor = open_editor(qtbot, demo_db, consulent, own_case)
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: str(target))
    editor.pdf_button.click()
    assert dialog_calls[-1][0] == "info" and str(target) in dialog_calls[-1][2]
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(target.read_bytes())).pages)
    assert "Uw ondersteuningsplan" in text and editor._doc.client_number in text
    assert not list(tmp_path.glob("*.deel"))
    with demo_db.read() as s:
        from db.models import AuditEntry

        assert s.exec(select(AuditEntry).where(AuditEntry.action == "plan.afdrukken",
                                               AuditEntry.record_id == editor._doc.plan.id)).first()


def test_comparison_shows_only_the_changes_by_default(qtbot, demo_db, consulent, own_case, dialog_calls):
    from desktop.ui.plan.compare_dialog import CompareDialog

    editor = open_editor(qtbot, demo_db, consulent, own_case)
    if editor._doc.editable:  # make sure there is an agreed version and a changed draft after it
        editor.save()
    draft = plans.start_draft(demo_db, consulent, own_case)
    data = draft.to_input()
    data.what_matters = (data.what_matters or "") + " En ik wil weer naar de markt."
    plans.save_draft(demo_db, consulent, draft.plan.id, data, draft.plan.version)
    versions = plans.open_plan(demo_db, consulent, own_case).versions
    dialog = CompareDialog(demo_db, consulent, own_case, versions, versions[-2].version_no,
                           versions[-1].version_no)
    qtbot.addWidget(dialog)
    assert dialog.only_changes.isChecked()
    assert dialog.model.rowCount() == len(dialog.changed_rows()) >= 1
    dialog.only_changes.setChecked(False)
    assert dialog.model.rowCount() == len(dialog.rows) > len(dialog.changed_rows())


def test_tab_moves_through_the_conversation_fields_in_order(qtbot, demo_db, consulent, own_case, dialog_calls):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.tabs.setCurrentIndex(0)
    editor.question.setFocus()
    before = editor.question.toPlainText()
    qtbot.keyClick(editor.question, Qt.Key.Key_Tab)
    assert editor.what_matters.hasFocus()
    assert editor.question.toPlainText() == before  # Tab moved on; it typed no tab character
    qtbot.keyClick(editor.what_matters, Qt.Key.Key_Tab)
    assert editor.circumstances.hasFocus()
    qtbot.keyClick(editor.circumstances, Qt.Key.Key_Backtab)
    assert editor.what_matters.hasFocus()


def test_closing_koers_with_an_unsaved_plan_asks_and_keeps_a_draft(qtbot, demo_path, demo_db, consulent, own_case,
                                                                   dialog_calls):
    from desktop.core import drafts
    from tests.gui.test_main_window import open_window

    window, page = open_window(qtbot, demo_path, consulent)
    with demo_db.read() as s:
        resident_id = s.get(Casus, own_case).resident_id
    page.open_resident(resident_id)
    view = page.file_view
    view.plan_case.setCurrentIndex(view.plan_case.findData(own_case))
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    editor = page.plan_editors[own_case]
    qtbot.addWidget(editor)
    if not editor.document.editable:
        editor.new_version_button.click()
    type_into(qtbot, editor.question, "Nog niet opgeslagen.")
    plan_id = editor.document.plan.id

    dialog_calls.answers["confirm"] = False  # 'Terug'
    window.close()
    assert window.isVisible() and editor.isVisible()
    assert dialog_calls[-1][:2] == ("confirm", "Niet-opgeslagen wijzigingen")
    assert editor.windowTitle() in dialog_calls[-1][2]

    dialog_calls.answers["confirm"] = True  # 'Toch afsluiten'
    window.close()
    assert not window.isVisible()
    found = drafts.find(demo_db, consulent, "plan", plan_id)
    assert found is not None and found.content["plan"]["question"].endswith("Nog niet opgeslagen.")
