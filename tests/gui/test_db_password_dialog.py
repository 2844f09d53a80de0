"""The dialog that asks for the team database's password before sign-in (only when the keyring has none)."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.engine import make_url

from desktop.core.maintenance import db_password
from desktop.core.maintenance.db_password import Answer, PasswordRequest, Probe
from desktop.ui.db_password_dialog import DbPasswordDialog
from tests.unit.test_db_password import MemoryKeyring

REQUEST = PasswordRequest("postgresql://koers@db.gemeente.local:5433/koers_team",
                          "koers@db.gemeente.local:5433/koers_team", can_remember=True)


@pytest.fixture(autouse=True)
def memory_keyring():
    """Never the real keyring: an empty one in memory, and what was there before afterwards."""
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def test_the_dialog_asks_in_dutch_and_offers_to_remember(qtbot, screenshot):
    dialog = DbPasswordDialog(REQUEST)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Wachtwoord van de teamdatabase"
    assert not dialog.remember.isHidden() and dialog.remember.text().startswith("Onthouden in de sleutelbos van ")
    assert dialog.error.isHidden() and dialog.ok_button.text() == "Verbinden"
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    qtbot.keyClicks(dialog.password, "Geheim-w8woord!")
    dialog.remember.setChecked(True)
    screenshot(dialog, "teamdatabase-wachtwoord")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.answer() == Answer("Geheim-w8woord!", remember=True)


def test_without_a_keyring_there_is_no_box_and_a_wrong_password_says_so(qtbot, screenshot):
    dialog = DbPasswordDialog(PasswordRequest(REQUEST.where, REQUEST.account, can_remember=False,
                                              error="Het wachtwoord klopt niet. Controleer het en probeer het "
                                                    "opnieuw."))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.remember.isHidden() and not dialog.error.isHidden()
    dialog.remember.setChecked(True)  # hidden: never counts
    dialog.password.setText("x")
    screenshot(dialog, "teamdatabase-wachtwoord-fout")
    assert dialog.answer() == Answer("x", remember=False)


def test_koers_asks_before_sign_in_and_keeps_it_when_ticked(qtbot, monkeypatch, memory_keyring):
    """desktop.app's wiring: keyring empty, the server wants a password, the dialog gives it."""
    from desktop.app import with_team_password

    tried: list[str] = []
    monkeypatch.setattr(db_password, "probe",
                        lambda url: tried.append(url) or (Probe.OK if make_url(url).password else Probe.NEEDS_PASSWORD))
    shown: list[DbPasswordDialog] = []

    class Window(QWidget):
        def run_dialog(self, dialog: DbPasswordDialog) -> bool:
            shown.append(dialog)
            dialog.password.setText("Geheim-w8woord!")
            dialog.remember.setChecked(True)
            return True

    window = Window()
    qtbot.addWidget(window)
    url = with_team_password(REQUEST.where, window)  # type: ignore[arg-type]
    assert url is not None and make_url(url).password == "Geheim-w8woord!"
    assert len(shown) == 1 and len(tried) == 2
    assert memory_keyring.kept == {("Koers", REQUEST.account): "Geheim-w8woord!"}
    # the next start finds it in the keyring and asks nothing
    assert make_url(str(with_team_password(REQUEST.where, window))).password == "Geheim-w8woord!"  # type: ignore[arg-type]
    assert len(shown) == 1


def test_cancelling_opens_without_a_password(qtbot, monkeypatch):
    from desktop.app import with_team_password

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(db_password, "probe", lambda url: Probe.NEEDS_PASSWORD)

    class Window(QWidget):
        def run_dialog(self, dialog: DbPasswordDialog) -> bool:
            assert dialog.remember.isHidden()  # no keyring to keep it in
            return False

    window = Window()
    qtbot.addWidget(window)
    url = with_team_password(REQUEST.where, window)  # type: ignore[arg-type]
    assert url is not None and make_url(url).password is None
