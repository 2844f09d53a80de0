"""A quick start: only the area a role starts in is built at sign-in, and the probe `make bench` times the start
with fills in the sign-in form and reports the first area painted, and does nothing without its variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.core.access.users import first_username
from desktop.core.demo.generator import DEMO_PASSWORD
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog


def window_for(qtbot, demo_path, actor) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_database(str(demo_path), actor=actor)
    return window


@pytest.mark.parametrize(("role", "landing"), [("consulent", "Mijn werkvoorraad"), ("casusregisseur", "Termijnen")])
def test_signing_in_builds_only_the_area_the_role_starts_in(qtbot, demo_path, demo_actor, role, landing):
    window = window_for(qtbot, demo_path, demo_actor(role))
    assert window.sidebar.currentItem().text() == landing
    [built] = window.areas.built()
    assert window.stack.currentWidget() is built
    assert "Inwoners" in window.areas and len(window.areas) == window.sidebar.count() >= 2  # names: nothing built
    assert window.areas.built() == [built]
    residents = window.show_area("Inwoners")
    assert residents is not None and window.stack.currentWidget() is residents is window.areas["Inwoners"]
    assert window.areas.built() == [built, residents]
    window.show_area(landing)
    assert window.stack.currentWidget() is built and len(window.areas.built()) == 2  # built once


def test_signing_out_removes_the_areas_that_were_built(qtbot, demo_path, demo_actor, monkeypatch):
    from desktop.ui import dialogs

    window = window_for(qtbot, demo_path, demo_actor("consulent"))
    page = window.show_area("Inwoners")
    monkeypatch.setattr(dialogs, "ask_confirm", lambda *args: True)
    monkeypatch.setattr(window, "run_dialog", lambda dialog: False)  # the sign-in dialog: cancelled
    window.sign_out()
    assert len(window.areas) == 0 and window.stack.indexOf(page) == -1


def test_the_probe_signs_in_and_reports_the_first_area_painted(qtbot, demo_path, demo_db, monkeypatch, capsys):
    from desktop.app import _startup_probe

    username = first_username(demo_db, "consulent")
    monkeypatch.setenv("KOERS_STARTUP_PROBE_USER", username)
    monkeypatch.setenv("KOERS_STARTUP_PROBE_PASSWORD", DEMO_PASSWORD)
    quits: list[bool] = []

    class App:  # the probe quits Koers when it is done; not the test run
        def quit(self) -> None:
            quits.append(True)

    def stuck() -> None:  # never hang the run: a form the probe did not submit is closed
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible():
                widget.reject()

    window = MainWindow()
    qtbot.addWidget(window)
    _startup_probe(App(), window)
    window.show()
    qtbot.waitUntil(lambda: "KOERS_SHOWN" in capsys.readouterr().out, timeout=5000)
    QTimer.singleShot(20_000, stuck)
    window.open_database(str(demo_path))  # the sign-in dialog runs here, filled in and submitted by the probe
    qtbot.waitUntil(lambda: bool(quits), timeout=10_000)
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["KOERS_SIGNIN", "KOERS_SIGNED_IN"]
    assert window.actor is not None and window.actor.username == username
    assert window.areas.built() == [window.stack.currentWidget()] == [window.areas["Mijn werkvoorraad"]]
    assert window.backup_task is None  # a bench copies no database to time a start


def test_the_probe_is_inert_without_its_variable_and_the_collector_pauses_only_while_starting(
        qtbot, monkeypatch, capsys):
    import gc

    import desktop.app as app_module

    probes: list[MainWindow] = []
    shown: list[MainWindow] = []
    collecting: list[bool] = []

    class Unshown(MainWindow):
        def show(self) -> None:
            qtbot.addWidget(self)
            shown.append(self)
            collecting.append(gc.isenabled())
            self.database_ready.emit()  # the database is open and Koers waits for the user
            collecting.append(gc.isenabled())
            gc.disable()  # as if it were still starting when run() returns

    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))  # not the test run's objects
    monkeypatch.setattr(app_module, "_startup_probe", lambda app, window: probes.append(window))
    monkeypatch.setattr("desktop.logs.setup_logging", lambda: None)
    monkeypatch.setattr("desktop.ui.unexpected.install_handlers", lambda: None)
    monkeypatch.setattr("desktop.ui.main_window.MainWindow", Unshown)
    monkeypatch.setattr(QApplication.instance(), "exec", lambda: 0)
    monkeypatch.delenv("KOERS_STARTUP_PROBE", raising=False)
    assert app_module.run("niet-geopend.sqlite") == 0
    assert probes == [] and len(shown) == 1
    monkeypatch.setenv("KOERS_STARTUP_PROBE", "1")
    assert app_module.run("niet-geopend.sqlite") == 0
    assert probes == [shown[1]]
    assert capsys.readouterr().out == ""
    assert collecting == [False, True, False, True] and gc.isenabled()  # and on again whatever happened
    assert frozen == [False, False]  # what the start made, once per start, before collecting again


def test_the_first_paint_waits_for_neither_the_data_layer_nor_qts_namespace():
    """`koers gui` builds its window without SQLAlchemy, Alembic, argon2, the log set-up, the other subcommands'
    parsers or Qt's `Qt` namespace (10 ms of enums): all of that comes after the first paint."""
    code = """
import sys
import desktop.app

def run(db):
    desktop.app.create_application()
    from desktop.ui.main_window import MainWindow

    MainWindow()
    import PySide6.QtCore
    heavy = ("sqlalchemy", "sqlmodel", "alembic", "argon2", "desktop.logs", "desktop.cli_report", "multiprocessing")
    print(sorted(set(heavy) & set(sys.modules)), "Qt" in vars(PySide6.QtCore))
    return 0

desktop.app.run = run
from desktop.cli import main

sys.exit(main(["gui", "--db", "niet-geopend.sqlite"]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split("\n")[0] == "[] False"


def test_the_main_window_fits_the_screen_as_every_other_window(qtbot):
    from PySide6.QtWidgets import QWidget

    from desktop.ui.widgets.screen_fit import fit_to_screen

    window, other = MainWindow(), QWidget()
    qtbot.addWidget(window)
    qtbot.addWidget(other)
    fit_to_screen(other, 1360, 820)
    assert window.size() == other.size()
