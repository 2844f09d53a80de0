"""First start on an empty database, background demo loading with cancel, and unopenable databases."""

from __future__ import annotations

from pathlib import Path

from desktop.core.residents import count_residents
from desktop.core.settings import WELCOME_DONE, get_setting
from desktop.ui.main_window import MainWindow
from desktop.ui.welcome import WelcomePage


def test_empty_database_greets_once_and_start_empty(qtbot, db_path, screenshot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_database(str(db_path))
    assert isinstance(window.stack.currentWidget(), WelcomePage)
    assert window.sidebar.count() == 0
    screenshot(window, "welcome")
    window.welcome.empty_button.click()
    assert window.sidebar.count() == 1
    assert get_setting(window.db, WELCOME_DONE) == "1"

    again = MainWindow()
    qtbot.addWidget(again)
    again.open_database(str(db_path))
    assert not isinstance(again.stack.currentWidget(), WelcomePage)


def test_demo_loads_in_background_with_progress(qtbot, db_path, today):
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_database(str(db_path))
    page = window.welcome
    page.clients.setValue(1500)
    seen = []
    page.demo_button.click()
    page.task.progressed.connect(lambda d, t: seen.append((d, t)))
    assert not page.demo_button.isEnabled() and not page.progress.isHidden()
    with qtbot.waitSignal(window.database_ready, timeout=60_000):
        pass
    assert count_residents(window.db) == 1500
    assert window.areas["Inwoners"].model.rowCount() == 200
    assert seen and seen[-1][1] == 1500


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
    assert count_residents(window.db) == 0
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
