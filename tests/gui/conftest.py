"""GUI fixtures: one QApplication per session (pytest-qt), a demo database copied per test,
and screenshots saved to $KOERS_SCREENSHOT_DIR when it is set (to look at them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, copy_template

DEMO_CLIENTS = 450  # more than two pages of the list, so lazy fetching is exercised


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session", autouse=True)
def koers_style(qapp):
    from desktop.app import create_application

    create_application()
    return qapp


@pytest.fixture(scope="session")
def demo_template(template_db_path, tmp_path_factory) -> Path:
    from db.engine import Database
    from desktop.core.demo.generator import generate_demo

    path = copy_template(template_db_path, tmp_path_factory.mktemp("demo") / "demo.sqlite")
    database = Database(f"sqlite:///{path}")
    generate_demo(database, DEMO_CLIENTS, seed=11, today=FIXED_TODAY)
    database.dispose()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path, today) -> Path:
    return copy_template(demo_template, tmp_path / "demo.sqlite")


@pytest.fixture
def demo_db(demo_path):
    from db.engine import Database

    database = Database(f"sqlite:///{demo_path}")
    yield database
    database.dispose()


@pytest.fixture
def screenshot():
    """screenshot(widget, name): saves a PNG when KOERS_SCREENSHOT_DIR is set; always renders the widget."""
    folder = os.environ.get("KOERS_SCREENSHOT_DIR")

    def grab(widget, name: str) -> None:
        pixmap = widget.grab()
        assert not pixmap.isNull() and pixmap.width() > 0
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            pixmap.save(str(Path(folder) / f"{name}.png"))

    return grab


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A message box nobody answers would block the run; fail the test instead (dialog_calls answers them)."""
    from desktop.ui import dialogs

    def unexpected(name):
        def fn(parent, *args, **kwargs):
            raise AssertionError(f"onverwachte dialoog {name}: {args[:2]}")
        return fn

    for name in ("ask_confirm", "ask_discard", "show_error", "show_info", "ask_text", "ask_open_database",
                 "ask_save_path", "ask_printer", "ask_open_path"):
        monkeypatch.setattr(dialogs, name, unexpected(name))


@pytest.fixture
def dialog_calls(monkeypatch):
    """Answers every message box through desktop.ui.dialogs and records what was shown."""
    from desktop.ui import dialogs

    class Calls(list):
        answers = {"confirm": True}

    calls = Calls()
    answers = calls.answers

    def record(kind):
        def fn(parent, title, text, **_):
            calls.append((kind, title, text))
            return answers["confirm"] if kind in ("confirm", "discard") else None
        return fn

    monkeypatch.setattr(dialogs, "show_error", record("error"))
    monkeypatch.setattr(dialogs, "show_info", record("info"))
    monkeypatch.setattr(dialogs, "ask_confirm", record("confirm"))
    monkeypatch.setattr(dialogs, "ask_discard", lambda parent: (calls.append(("discard", "", "")),
                                                                answers["confirm"])[1])
    return calls


@pytest.fixture
def demo_actor(demo_db):
    """demo_actor('consulent') signs in as the first demo user with that role (demo password)."""
    from sqlmodel import select

    from db.models import User
    from desktop.core.access.signin import sign_in
    from desktop.core.demo.generator import DEMO_PASSWORD

    def make(role: str):
        with demo_db.read() as s:
            username = s.exec(select(User.username).where(User.role == role).order_by(User.id)).first()
        return sign_in(demo_db, username, DEMO_PASSWORD)

    return make


@pytest.fixture
def make_actor(db):
    """make_actor('consulent') adds a user with that role to the empty test database and returns its Actor."""
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.access.signin import hash_password

    counter = iter(range(1, 100))

    def make(role: str, username: str | None = None):
        name = username or f"{role[:4]}{next(counter)}"
        with db.write() as s:
            user = User(username=name, display_name=name.title(), role=Role(role),
                        password_hash=hash_password("een lang wachtwoord"))
            s.add(user)
            s.flush()
            return Actor(user.id, user.username, user.display_name, user.role, "testwerkplek")

    return make


@pytest.fixture(autouse=True)
def every_window_fits_a_laptop(qapp):
    """Every Koers window or dialog a GUI test shows must fit the 1366×768 laptop at 100 % and 125 %: at the end
    of the test each one still open is made that small and must leave no button, field or list out of reach."""
    import shiboken6
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QDialog, QMainWindow

    from tests.gui.fit import assert_fits

    shown: list = []

    class Watcher(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if (event.type() == QEvent.Type.Show and isinstance(obj, QDialog | QMainWindow) and obj.isWindow()
                    and type(obj).__module__.startswith("desktop.") and obj not in shown):
                shown.append(obj)
            return False

    watcher = Watcher()
    qapp.installEventFilter(watcher)
    yield shown
    qapp.removeEventFilter(watcher)
    for window in shown:  # also those already closed: shown again, as they were left
        if shiboken6.isValid(window):
            window.show()
            assert_fits(window, f"{type(window).__name__} '{window.windowTitle()}'")
            window.hide()
