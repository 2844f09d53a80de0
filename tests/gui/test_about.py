"""'Over Koers': the one version number, the database in use (never its password) and the log folder, reachable
from the status bar, with Shift+F1 (listed under F1) and from the sign-in dialog."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from desktop import logs
from desktop.ui import about
from desktop.ui.about import AboutDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.shortcuts import ShortcutsDialog, shortcuts
from desktop.version import name_and_version, version


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    """The log folder of a test: never the user's own."""
    folder = tmp_path / "logmap"
    monkeypatch.setattr(logs, "log_folder", lambda: folder)
    return folder


def test_it_names_the_version_the_database_and_the_log_file(qtbot, tmp_path, log_folder, screenshot):
    path = tmp_path / "gemeente" / "koers.sqlite"
    dialog = AboutDialog(f"sqlite:///{path}")
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.text()
    assert dialog.windowTitle() == "Over Koers"
    assert name_and_version() in text and dialog.version.text() == version() == "0.1.0"
    assert dialog.database.text() == str(path)
    assert dialog.log_path.text() == str(log_folder)
    assert "In koers.log staan alleen technische gegevens" in text and "geen namen of BSN's" in text
    assert "DejaVu" in dialog.licence.text() and "LGPL" in dialog.licence.text() and "EUPL" in dialog.licence.text()
    screenshot(dialog, "about")
    if os.environ.get("KOERS_ABOUT_PNG"):  # to look at it: KOERS_ABOUT_PNG=/tmp/about.png
        dialog.grab().save(os.environ["KOERS_ABOUT_PNG"])


def test_a_team_database_is_named_without_its_password(qtbot, log_folder):
    dialog = AboutDialog("postgresql+psycopg://koers:Geheim-2026@db.gemeente.nl:5432/koers")
    qtbot.addWidget(dialog)
    assert "db.gemeente.nl" in dialog.database.text() and "Geheim-2026" not in dialog.text()
    unopened = AboutDialog(None)
    qtbot.addWidget(unopened)
    assert unopened.database.text() == "geen database geopend"


def test_the_log_folders_path_is_copied_or_the_folder_opened(qtbot, log_folder, monkeypatch):
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == str(log_folder)
    assert "gekopieerd" in dialog.feedback.text()
    opened: list[str] = []
    monkeypatch.setattr(about.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(log_folder)] and log_folder.is_dir()  # made when Koers had logged nothing yet
    monkeypatch.setattr(about.QDesktopServices, "openUrl", lambda url: False)  # no file manager
    dialog.open_button.click()
    assert "kon niet worden geopend" in dialog.feedback.text() and str(log_folder) in dialog.feedback.text()


def _window(qtbot, monkeypatch) -> tuple[MainWindow, list]:
    window = MainWindow()
    qtbot.addWidget(window)
    shown: list = []
    monkeypatch.setattr(window, "run_dialog", lambda dialog: shown.append(dialog) or False)
    return window, shown


def test_the_status_bar_and_shift_f1_open_it_and_f1_lists_the_key(qtbot, log_folder, monkeypatch):
    window, shown = _window(qtbot, monkeypatch)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)  # shortcuts go to the active one
    assert window.about_button.text() == "Over Koers" and window.about_button.isVisible()
    qtbot.mouseClick(window.about_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert [type(d) for d in shown] == [AboutDialog, AboutDialog]
    assert shown[0].database.text() == "geen database geopend"  # none opened yet
    keys = [s.keys for s in shortcuts([])]
    assert "Shift+F1" in keys and keys.index("Shift+F1") == keys.index("F1") + 1
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert isinstance(shown[-1], ShortcutsDialog)


def test_the_sign_in_dialog_offers_it_and_names_the_open_database(qtbot, demo_path, log_folder, monkeypatch):
    window, shown = _window(qtbot, monkeypatch)
    opened_from_sign_in: list = []

    def answer(dialog):
        shown.append(dialog)
        if len(shown) == 1:  # the sign-in dialog: press 'Over Koers', then cancel signing in
            (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Over Koers"]
            assert dialog.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.HelpRole
            assert not button.autoDefault()  # Enter still signs in
            button.click()
            opened_from_sign_in.extend(shown[1:])
        return False

    monkeypatch.setattr(window, "run_dialog", answer)
    window.open_database(str(demo_path))
    assert type(shown[0]).__name__ == "SignInDialog"
    [dialog] = opened_from_sign_in
    assert isinstance(dialog, AboutDialog) and dialog.database.text() == str(demo_path)


def test_the_error_dialog_points_into_the_folder_about_shows(qtbot):
    from desktop.ui.unexpected import unexpected_message

    dialog = AboutDialog(None)  # the real folder, only read: nothing is written there
    qtbot.addWidget(dialog)
    assert f"staan in {dialog.log_path.text()}{os.sep}koers.log." in unexpected_message("ABC123")
