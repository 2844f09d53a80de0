"""QApplication set-up and start. Heavy imports (SQLModel, ReportLab) wait until after the first paint."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

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
    install_dutch(app)
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
