"""QApplication set-up and start. Heavy imports (SQLModel, ReportLab) wait until after the first paint."""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QDialog

    from desktop.ui.main_window import MainWindow
    from desktop.ui.signin import SignInDialog

_T0 = time.perf_counter()


class _QtDutchGaps(QTranslator):
    """The few Qt texts qtbase_nl.qm does not have (Qt's file dialog changed its labels to carry a shortcut)."""

    TEXTS = {("QFileDialog", "&Look in:"): "&Zoeken in:", ("QFileDialog", "Files of &type:"): "Bestands&typen:"}

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return self.TEXTS.get((context, source))  # None (a null QString): the next translator answers

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_dutch(app: QCoreApplication) -> None:
    """Qt's own texts in Dutch: standard buttons ('Annuleren', 'Opslaan'), the file dialog ('Zoeken in:'), the
    context menu of a text field ('Kopiëren', 'Plakken'); dates and numbers as in the Netherlands. Once per app
    (tests call create_application() again), from qtbase_nl.qm that comes with the PySide6 wheel."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    if app.findChild(QTranslator, "koers-qtbase") is not None:
        return
    translator = QTranslator(app)
    translator.setObjectName("koers-qtbase")
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        gaps = _QtDutchGaps(app)
        gaps.setObjectName("koers-qtbase-gaps")
        app.installTranslator(gaps)  # installed last, so asked first; None lets qtbase_nl answer


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Koers")
    app.setOrganizationName("Koers")
    app.setApplicationDisplayName("Koers")
    app.setWindowIcon(window_icon())
    app.setDesktopFileName("koers")  # Wayland matches the window to packaging/linux/koers.desktop (its icon)
    install_dutch(app)
    from desktop.ui.style import apply_style

    apply_style(app)
    return app


def window_icon() -> QIcon:
    """Koers's compass (resources/icons, made from koers.svg by packaging/make_icons.py) on every window and in the
    task bar; the packaged program carries the same icon (.ico on Windows, koers.desktop on Linux)."""
    from desktop.resources import resource

    return QIcon(str(resource("icons", "koers.png")))


def run(db: str | None = None) -> int:
    gc.disable()  # see _started
    try:
        return _run(db)
    finally:
        gc.enable()


def _started() -> None:
    """Starting makes objects that live as long as Koers (Qt's wrappers, SQLAlchemy, the models), which Python's
    cycle collector would walk again and again while they are made, and then once more in full (together some
    0.1 s on a 2-core laptop). It is paused until the database is open and Koers waits for the user (sign-in,
    welcome page, a problem); then they are frozen out of its sight, and it runs as usual on what comes after.
    (The few hundred objects of the start that were garbage already stay: a few kB.)"""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _run(db: str | None) -> int:
    try:
        app = create_application()
        from desktop.ui.main_window import MainWindow

        window = MainWindow()
    except Exception:
        _catch_the_unexpected()  # this one too: a Dutch message and a line in the log
        raise
    if os.environ.get("KOERS_STARTUP_PROBE"):
        _startup_probe(app, window)

    def painted() -> None:
        _catch_the_unexpected()
        window.open_database(with_team_password(db, window))

    # Open the database (and import the data layer) only once the window has been painted, so the
    # user sees Koers at once; a zero-timer set now would run before Qt's first paint.
    window.first_painted.connect(lambda: QTimer.singleShot(0, painted))
    window.database_ready.connect(_started)
    window.show()
    return app.exec()


def with_team_password(db: str | None, window: MainWindow) -> str | None:
    """A team database's password from the keyring, or asked in a dialog before sign-in; a SQLite path (and a URL
    that already has its password) passes unchanged. Without an answer the opening says what is missing."""
    from desktop.core.maintenance.db_password import Answer, PasswordRequest, with_password

    def ask(request: PasswordRequest) -> Answer | None:
        from desktop.ui.db_password_dialog import DbPasswordDialog

        dialog = DbPasswordDialog(request, window)
        return dialog.answer() if window.run_dialog(dialog) else None

    found = with_password(db, ask)
    return None if found is None else str(found)


def _catch_the_unexpected() -> None:
    """The log file and the last line of defence (desktop.ui.unexpected), set up once the window is painted: their
    imports would delay that paint by a tenth (12 ms), and nothing before it reads or writes anyone's data."""
    from desktop.logs import setup_logging
    from desktop.ui.unexpected import install_handlers

    setup_logging()
    install_handlers()


class _AfterPaint(QObject):
    """Runs `then` once, just after the next paint of a top-level widget (its UpdateRequest: painted and flushed)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.UpdateRequest:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # the filter runs before the paint; the timer after it
        return False


def _startup_probe(app: QApplication, window: MainWindow) -> None:
    """`make bench` (tests/bench/start.py) times the start from these lines; only with $KOERS_STARTUP_PROBE.

    KOERS_SHOWN: the main window painted. KOERS_SIGNIN: the sign-in form painted, ready for typing; without
    $KOERS_STARTUP_PROBE_USER Koers then quits. With it (and $KOERS_STARTUP_PROBE_PASSWORD) the form fills itself
    in and signs in, and KOERS_SIGNED_IN follows once the first area of that user has been painted. A database
    that asks for no sign-in (welcome, a problem) prints KOERS_READY and quits.
    """
    user = os.environ.get("KOERS_STARTUP_PROBE_USER")
    signing_in: list[SignInDialog] = []
    run_dialog_as_usual = window.run_dialog

    def mark(name: str, then: Callable[[], object] = app.quit) -> None:
        print(f"KOERS_{name} {time.perf_counter() - _T0:.4f}", flush=True)
        then()

    def ready() -> None:
        if window.actor is not None:  # areas built: the next paint shows the first one
            _AfterPaint(window, lambda: mark("SIGNED_IN"))
        else:  # the sign-in dialog, if any, is running by the time this timer fires
            QTimer.singleShot(0, lambda: None if signing_in else mark("READY"))

    def run_dialog(dialog: QDialog) -> bool:
        from desktop.ui.signin import SignInDialog

        if isinstance(dialog, SignInDialog) and window.actor is None:
            signing_in.append(dialog)
            _AfterPaint(dialog, lambda: mark("SIGNIN", lambda: sign_in(dialog) if user else app.quit()))
        return run_dialog_as_usual(dialog)

    def sign_in(dialog: SignInDialog) -> None:
        dialog.username.setText(user or "")
        dialog.password.setText(os.environ.get("KOERS_STARTUP_PROBE_PASSWORD", ""))
        dialog.submit()

    window.make_daily_backup = False  # a bench signs in to time it: no daily copy of its 1.4 GB database
    window.run_dialog = run_dialog  # type: ignore[method-assign]
    window.first_painted.connect(lambda: mark("SHOWN", lambda: None))
    window.database_ready.connect(ready)
