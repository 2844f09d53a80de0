"""QApplication set-up and start. Heavy imports (SQLModel, ReportLab) wait until after the first paint."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

_T0 = time.perf_counter()


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Koers")
    app.setOrganizationName("Koers")
    app.setApplicationDisplayName("Koers")
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)  # standard buttons read 'Annuleren', 'Opslaan'
    from desktop.ui.style import apply_style

    apply_style(app)
    return app


def run(db: str | None = None) -> int:
    from desktop.logs import setup_logging
    from desktop.ui.unexpected import install_handlers

    setup_logging()
    app = create_application()
    install_handlers()
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    probe = os.environ.get("KOERS_STARTUP_PROBE")
    if probe:
        window.first_painted.connect(lambda: print(f"KOERS_SHOWN {time.perf_counter() - _T0:.4f}", flush=True))
        window.database_ready.connect(lambda: (print(f"KOERS_READY {time.perf_counter() - _T0:.4f}", flush=True),
                                               QTimer.singleShot(0, app.quit)))
    # Open the database (and import the data layer) only once the window has been painted, so the
    # user sees Koers at once; a zero-timer set now would run before Qt's first paint.
    window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: window.open_database(db)))
    window.show()
    return app.exec()
