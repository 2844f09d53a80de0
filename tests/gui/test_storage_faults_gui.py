"""A fault while saving, seen from the screen: the form stays open with every typed word, says in Dutch what is
wrong and that nothing was stored, and Opslaan works once the cause is fixed (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlmodel import func, select

from db.engine import Database
from db.models import Plan, Resident
from desktop.ui.residents.edit_dialog import ResidentDialog
from tests.conftest import copy_template
from tests.faults import fault, fault_names
from tests.gui.test_plan_editor import LONG_QUESTION, consulent, open_editor, own_case, type_into  # noqa: F401 - fixtures
from tests.gui.test_resident_dialog import VALID, fill


@pytest.fixture
def db_path(template_db_path, tmp_path) -> Path:
    folder = tmp_path / "gegevens"
    folder.mkdir()
    return copy_template(template_db_path, folder / "koers.sqlite")


@pytest.fixture
def demo_path(demo_template, tmp_path) -> Path:
    folder = tmp_path / "gegevens"
    folder.mkdir()
    return copy_template(demo_template, folder / "demo.sqlite")


def residents(db: Database) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one()


@pytest.mark.parametrize("name", fault_names())
def test_the_resident_form_keeps_its_input_through_a_fault(name, qtbot, db, make_actor, monkeypatch, screenshot):
    dialog = ResidentDialog(db, make_actor("consulent"))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    fill(qtbot, dialog, **VALID)
    typed = dialog._snapshot()
    with fault(name, db, monkeypatch):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert dialog.isVisible() and dialog.result() != ResidentDialog.DialogCode.Accepted
        assert not dialog.error_panel.isHidden()
        assert "Er is niets opgeslagen; wat u invulde staat er nog." in dialog.error_panel.text()
        assert dialog._snapshot() == typed
        screenshot(dialog, f"fout-{name}")
    assert residents(db) == 0
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # the cause is fixed: save again
    assert dialog.result() == ResidentDialog.DialogCode.Accepted, dialog.error_panel.text()
    assert residents(db) == 1


@pytest.mark.parametrize("name", ["disk_full", "folder_gone"])
def test_the_plan_editor_keeps_every_word_through_a_fault(name, qtbot, demo_db, consulent, own_case,  # noqa: F811
                                                          monkeypatch, dialog_calls):
    editor = open_editor(qtbot, demo_db, consulent, own_case)
    editor.question.clear()
    editor.question.setPlainText(LONG_QUESTION)
    type_into(qtbot, editor.what_matters, "Zelf boodschappen doen.")
    version = editor.document.plan.version
    with fault(name, demo_db, monkeypatch):
        assert editor.save() is False
        assert "Er is niets opgeslagen" in editor.error_panel.text()
    assert editor.question.toPlainText() == LONG_QUESTION and editor.has_changes()
    assert editor.what_matters.toPlainText() == "Zelf boodschappen doen."
    with demo_db.read() as s:
        assert s.get(Plan, editor.document.plan.id).version == version
    assert editor.save() is True
    with demo_db.read() as s:
        assert s.get(Plan, editor.document.plan.id).question == LONG_QUESTION.strip()
