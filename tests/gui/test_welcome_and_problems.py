"""First start on an empty database, background demo loading with cancel, and unopenable databases."""

from __future__ import annotations

from pathlib import Path

from desktop.core.access.signin import has_users
from desktop.core.residents.search import resident_count
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import FirstBeheerderDialog, SignInDialog
from desktop.ui.welcome import WelcomePage


def answer_dialogs(monkeypatch, window: MainWindow, answer) -> list:
    """Routes the window's session dialogs (sign-in, first beheerder, unlock) to `answer(dialog) -> bool`."""
    seen = []

    def run(dialog):
        seen.append(dialog)
        return answer(dialog)

    monkeypatch.setattr(window, "run_dialog", run)
    return seen


def test_empty_database_greets_and_start_empty_creates_the_first_beheerder(qtbot, db_path, screenshot,
                                                                           monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()

    def first_beheerder(dialog):
        assert isinstance(dialog, FirstBeheerderDialog)
        dialog.username.setText("beheer")
        dialog.display_name.setText("Anja de Beheerder")
        dialog.password.setText("kort")
        dialog.repeat.setText("kort")
        dialog.submit()
        assert not dialog.error.isHidden() and "minstens 12 tekens" in dialog.error.text()
        screenshot(dialog, "first-beheerder-error")
        dialog.password.setText("een zin van vier woorden")
        dialog.repeat.setText("een zin van vier woorden")
        dialog.submit()
        return dialog.result() == dialog.DialogCode.Accepted

    seen = answer_dialogs(monkeypatch, window, first_beheerder)
    window.open_database(str(db_path))
    assert isinstance(window.stack.currentWidget(), WelcomePage)
    assert window.sidebar.count() == 0
    screenshot(window, "welcome")
    window.welcome.empty_button.click()
    assert len(seen) == 1
    assert window.actor.username == "beheer" and window.actor.role.value == "beheerder"
    assert list(window.areas) == ["Toegangslog", "Beheer"]  # a beheerder sees no residents' content

    again = MainWindow()
    qtbot.addWidget(again)
    answer_dialogs(monkeypatch, again, lambda d: isinstance(d, SignInDialog) and False)
    again.open_database(str(db_path))
    assert not isinstance(again.stack.currentWidget(), WelcomePage)


def test_demo_loads_in_background_then_asks_to_sign_in(qtbot, db_path, today, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    hints = []

    def sign_in(dialog):
        assert isinstance(dialog, SignInDialog)
        hints.append(dialog.findChildren(type(dialog.intro))[-1].text())
        return False

    answer_dialogs(monkeypatch, window, sign_in)
    window.open_database(str(db_path))
    page = window.welcome
    page.clients.setValue(1500)
    seen = []
    page.demo_button.click()
    page.task.progressed.connect(lambda d, t: seen.append((d, t)))
    assert not page.demo_button.isEnabled() and not page.progress.isHidden()
    qtbot.waitUntil(lambda: bool(hints), timeout=60_000)
    assert resident_count(window.db) == 1500 and has_users(window.db)
    assert seen and seen[-1][1] == 1500
    assert "koers-demo-2026" in hints[0]  # a demo database tells how to sign in


def test_cancelled_demo_stores_nothing(qtbot, db_path, today, dialog_calls):
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_database(str(db_path))
    page = window.welcome
    page.clients.setValue(5000)
    page.demo_button.click()
    page.task.progressed.connect(lambda d, t: page.cancel())
    with qtbot.waitSignal(page.task.failed, timeout=60_000):
        pass
    assert resident_count(window.db) == 0 and not has_users(window.db)
    assert dialog_calls and "afgebroken" in dialog_calls[-1][2]
    assert page.demo_button.isEnabled() and page.progress.isHidden()
    assert isinstance(window.stack.currentWidget(), WelcomePage)


def test_unopenable_database_shows_a_dutch_page_and_leaves_the_file(qtbot, tmp_path: Path, screenshot):
    bogus = tmp_path / "notities.sqlite"
    bogus.write_text("boodschappenlijst\n", encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_database(str(bogus))
    page = window.stack.currentWidget()
    assert page.title.text() == "De database kan niet worden geopend"
    assert "geen database" in page.text.text()
    assert bogus.read_text(encoding="utf-8") == "boodschappenlijst\n"
    assert window.sidebar.count() == 0
    screenshot(window, "database-problem")


def test_first_session_of_the_day_makes_a_backup_off_the_gui_thread(qtbot, demo_path, demo_actor):
    from desktop.core.maintenance.backup import backup_dir, list_backups

    window = MainWindow()
    qtbot.addWidget(window)
    window.open_database(str(demo_path), actor=demo_actor("consulent"))
    with qtbot.waitSignal(window.backup_task.finished, timeout=20_000):
        pass
    assert len(list_backups(backup_dir(demo_path))) == 1
    again = MainWindow()
    qtbot.addWidget(again)
    again.open_database(str(demo_path), actor=demo_actor("consulent"))
    with qtbot.waitSignal(again.backup_task.finished, timeout=20_000) as blocker:
        pass
    assert blocker.args == [None]  # one a day
    assert len(list_backups(backup_dir(demo_path))) == 1
