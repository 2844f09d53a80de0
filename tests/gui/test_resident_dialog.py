"""Registering and changing a resident through the form: the core decides, the form shows it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import func, select

from db.models import Resident
from db.models.enums import Salutation
from desktop.core.nl import format_date_short
from desktop.core.residents import register
from desktop.ui.residents.edit_dialog import ResidentDialog
from tests.gui.test_main_window import open_window


def count(db) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one()


def fill(qtbot, dialog: ResidentDialog, **values) -> None:
    for name, text in values.items():
        widget = getattr(dialog, name)
        if name == "salutation":  # a choice, not typed: '' leaves none chosen
            widget.setCurrentIndex(widget.findData(Salutation(text)) if text else 0)
            continue
        widget.clear()
        qtbot.keyClicks(widget, text)


VALID_DATE = date(1960, 5, 17)
VALID = dict(salutation="mevrouw", initials="m", prefix="van 't", surname="Hof", date_of_birth="4-3-1950", bsn="999900006",
             street="Kerkstraat", house_number="12", suffix="A", postcode="7101 bc", city="Winterswijk")


def test_register_new_resident_through_the_form(qtbot, db, today, screenshot, make_actor):
    dialog = ResidentDialog(db, make_actor('consulent'))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    fill(qtbot, dialog, **VALID)
    screenshot(dialog, "resident-dialog-new")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert dialog.error_panel.isHidden(), dialog.error_panel.text()
    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    saved = register.get_resident(db, dialog._actor, dialog.saved.id)
    assert (saved.initials, saved.prefix, saved.surname, saved.postcode) == ("M.", "van 't", "Hof", "7101BC")
    assert saved.house_number == 12 and saved.house_number_suffix == "A"
    assert saved.salutation.value == "mevrouw"


def test_bad_input_is_shown_per_field_and_nothing_is_stored(qtbot, db, today, screenshot, make_actor):
    dialog = ResidentDialog(db, make_actor('consulent'))
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, **{**VALID, "bsn": "123456789", "date_of_birth": format_date_short(today + timedelta(days=1)), "surname": "",
                           "postcode": "0123 AB"})
    dialog.save()
    assert dialog.result() != ResidentDialog.DialogCode.Accepted
    assert count(db) == 0
    panel = dialog.error_panel.text()
    assert not dialog.error_panel.isHidden()
    assert "elfproef" in panel and "toekomst" in panel and "achternaam" in panel and "postcode" in panel
    for widget in (dialog.bsn, dialog.date_of_birth, dialog.surname, dialog.postcode):
        assert widget.property("invalid") is True and widget.toolTip()
    assert dialog.initials.property("invalid") in (None, False)
    screenshot(dialog, "resident-dialog-errors")

    fill(qtbot, dialog, bsn="999900006", date_of_birth="01-01-1990", surname="Hof", postcode="7101 BC")
    dialog.save()
    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    assert count(db) == 1
    assert dialog.bsn.property("invalid") is False


def test_unreadable_birth_date_gets_a_dutch_hint(qtbot, db, today, make_actor):
    dialog = ResidentDialog(db, make_actor('consulent'))
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, **{**VALID, "date_of_birth": "31-02-1950"})
    dialog.save()
    assert "bestaat niet als datum" in dialog.error_panel.text()
    assert count(db) == 0


def test_cancel_with_changes_asks_before_discarding(qtbot, db, today, dialog_calls, make_actor):
    dialog = ResidentDialog(db, make_actor('consulent'))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, surname="Jansen")
    dialog_calls.answers["confirm"] = False
    dialog.reject()
    assert dialog.isVisible() and dialog_calls[-1][0] == "discard"
    dialog_calls.answers["confirm"] = True
    dialog.reject()
    assert not dialog.isVisible()
    assert count(db) == 0


@pytest.fixture
def conflict_choice(monkeypatch, screenshot):
    """Answers the conflict dialog with conflict_choice.choice; records its rows."""
    from desktop.ui import conflict_dialog

    class Choice:
        choice = 0
        rows: list = []

    def choose(dialog):
        Choice.rows = [tuple(dialog.model._rows[i]) for i in range(dialog.model.rowCount())]
        screenshot(dialog, "inwoner-conflict")
        return Choice.choice

    monkeypatch.setattr(conflict_dialog, "choose", choose)
    return Choice


def _conflicting_form(qtbot, db, make_actor):
    me = make_actor("consulent")
    resident = register.create_resident(db, me, register.ResidentInput(
        bsn="999900006", initials="A", surname="Bakker", date_of_birth=VALID_DATE, consulent_id=me.user_id))
    dialog = ResidentDialog(db, me, resident)
    qtbot.addWidget(dialog)
    _change_elsewhere(db, me, resident)  # a colleague on another workstation saves first
    fill(qtbot, dialog, surname="Bakker-de Wit")
    return me, resident, dialog


def test_edit_conflict_shows_both_and_keeps_the_form(qtbot, db, today, dialog_calls, make_actor, conflict_choice):
    me, resident, dialog = _conflicting_form(qtbot, db, make_actor)
    dialog.save()  # 'Terug naar het formulier'
    assert dialog.result() != ResidentDialog.DialogCode.Accepted
    assert conflict_choice.rows == [("Achternaam", "Bakker-Elders", "Bakker-de Wit")]
    assert dialog.surname.text() == "Bakker-de Wit"
    assert register.get_resident(db, me, resident.id).surname == "Bakker-Elders"


def test_edit_conflict_take_theirs_or_keep_mine(qtbot, db, today, dialog_calls, make_actor, conflict_choice):
    from desktop.ui.conflict_dialog import ConflictDialog

    me, resident, dialog = _conflicting_form(qtbot, db, make_actor)
    conflict_choice.choice = ConflictDialog.THEIRS
    dialog.save()
    assert dialog.surname.text() == "Bakker-Elders" and not dialog.has_changes()
    fill(qtbot, dialog, surname="Bakker-de Wit")
    _change_elsewhere(db, me, register.get_resident(db, me, resident.id), surname="Bakker-Derde")
    conflict_choice.choice = ConflictDialog.MINE
    dialog.save()
    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    assert register.get_resident(db, me, resident.id).surname == "Bakker-de Wit"


def _change_elsewhere(db, actor, resident, surname="Bakker-Elders"):
    data = register.input_from(resident)
    data.surname = surname
    register.update_resident(db, actor, resident.id, data, resident.version)


def test_new_resident_from_main_window_appears_opened(qtbot, demo_path, demo_db, monkeypatch, demo_actor):
    window, page = open_window(qtbot, demo_path, demo_actor("consulent"))

    def fake_exec(dialog):
        fill(qtbot, dialog, **{**VALID, "bsn": _free_bsn(demo_db), "surname": "Zwaneveld"})
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ResidentDialog, "exec", fake_exec)
    with qtbot.waitActive(window):
        window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.search.text() == "Zwaneveld"
    assert page.file_view.file.resident.surname == "Zwaneveld"
    assert page.model.rowCount() >= 1


def _free_bsn(db) -> str:
    from desktop.core.residents.bsn import test_bsns

    with db.read() as s:
        used = set(s.exec(select(Resident.bsn)).all())
    return next(b for b in test_bsns() if b not in used)
