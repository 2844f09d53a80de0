"""Every form asks before typing is thrown away (Annuleren, Esc, the close button), and closes at once when
nothing was typed (issue 17, point 4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.admin.user_dialogs import NewUserDialog
from desktop.ui.intake.melding_dialog import MeldingDialog
from desktop.ui.residents.people_dialog import PersonDialog
from tests.gui.test_intake_gui import a_resident


def forms(db, actor, resident_id):
    return {
        "melding": (lambda: MeldingDialog(db, actor, resident_id, "A. de Wit"), "question"),
        "betrokkene": (lambda: PersonDialog(db, actor, resident_id), "surname"),
        "gebruiker": (lambda: NewUserDialog(db, actor), "display_name"),
    }


@pytest.mark.parametrize("kind", ["melding", "betrokkene", "gebruiker"])
def test_typing_is_not_thrown_away_without_asking(kind, qtbot, db, make_actor, dialog_calls):
    actor = make_actor("beheerder" if kind == "gebruiker" else "consulent")
    resident_id = a_resident(db, make_actor("consulent"))
    make, field = forms(db, actor, resident_id)[kind]

    untouched = make()
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and dialog_calls == []  # nothing typed: closes at once

    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    widget = getattr(dialog, field)
    widget.setFocus()
    qtbot.keyClicks(widget, "Iets getypt")
    dialog_calls.answers["confirm"] = False  # 'Terug naar het formulier'
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and [c[0] for c in dialog_calls] == ["discard"]
    assert "Iets getypt" in (widget.text() if hasattr(widget, "text") else widget.toPlainText())
    dialog_calls.answers["confirm"] = True  # 'Weggooien'
    dialog.close()
    assert not dialog.isVisible() and [c[0] for c in dialog_calls] == ["discard", "discard"]
