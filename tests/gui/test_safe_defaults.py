"""Safe defaults: Enter in 'discard changes?' keeps the work; a plain confirmation keeps Enter for 'yes'."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui import dialogs


def _press(qtbot, box, key) -> None:
    box.open()
    qtbot.waitExposed(box)
    qtbot.keyClick(box, key)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)


def test_enter_in_the_discard_question_keeps_the_changes(qtbot):
    box, discard = dialogs.discard_box(None)
    qtbot.addWidget(box)
    assert box.defaultButton().text() == "Terug naar het formulier"
    _press(qtbot, box, Qt.Key.Key_Return)
    assert box.clickedButton() is not discard and box.clickedButton().text() == "Terug naar het formulier"


def test_escape_never_confirms(qtbot):
    box, yes = dialogs.confirm_box(None, "Beschikking vaststellen", "Nu vaststellen?", yes="Vaststellen",
                                   no="Annuleren")
    qtbot.addWidget(box)
    _press(qtbot, box, Qt.Key.Key_Escape)
    assert box.clickedButton() is not yes


def test_a_plain_confirmation_keeps_enter_for_yes(qtbot):
    box, yes = dialogs.confirm_box(None, "Afmelden", "Wilt u zich afmelden?", yes="Ja", no="Nee")
    qtbot.addWidget(box)
    _press(qtbot, box, Qt.Key.Key_Return)
    assert box.clickedButton() is yes
