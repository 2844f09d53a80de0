"""First start on an empty database: load demo data or start empty. Loading runs off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.worker import BackgroundTask

DEFAULT_DEMO_CLIENTS = 1000


class WelcomePage(QWidget):
    demo_loaded = Signal()  # demo users and residents exist: sign in next
    start_empty = Signal()  # no demo: create the first beheerder next

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self.task: BackgroundTask | None = None
        title = QLabel("Welkom bij Koers", objectName="PageTitle")
        intro = QLabel(
            "Koers ondersteunt consulenten, casusregisseurs en administratief medewerkers bij het werk volgens "
            "de Wmo 2015 en de Jeugdwet: de vraag van de inwoner in eigen woorden, resultaten per leefgebied, "
            "beschikkingen met uren, evaluaties en brieven.\n\n"
            "Deze database is nog leeg. Wilt u eerst rondkijken met verzonnen inwoners, of meteen beginnen?")
        intro.setWordWrap(True)
        intro.setMaximumWidth(620)
        self.clients = QSpinBox()
        self.clients.setRange(10, 100_000)
        self.clients.setSingleStep(100)
        self.clients.setValue(DEFAULT_DEMO_CLIENTS)
        self.clients.setSuffix(" inwoners")
        self.clients.setGroupSeparatorShown(True)
        self.demo_button = QPushButton("Demo-gegevens laden", objectName="Primary")
        self.demo_button.clicked.connect(self.load_demo)
        self.empty_button = QPushButton("Leeg beginnen")
        self.empty_button.clicked.connect(self.start_empty)
        note = QLabel("Demo-gegevens zijn verzonnen en gebruiken alleen test-BSN's (999900006 tot 999999990).",
                      objectName="Muted")
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton("Afbreken")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(self.clients)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        box = QVBoxLayout()
        box.addWidget(title)
        box.addSpacing(8)
        box.addWidget(intro)
        box.addSpacing(12)
        box.addLayout(buttons)
        box.addWidget(note)
        box.addLayout(progress_row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.demo_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_demo(self) -> None:
        from desktop.core.demo.generator import generate_demo

        count = self.clients.value()
        db = self._db
        self.task = BackgroundTask(lambda progress: generate_demo(db, count, progress=progress), self)
        self.task.progressed.connect(self._on_progress)
        self.task.finished.connect(lambda _: self._done())
        self.task.failed.connect(self._failed)
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.setFormat("%v van %m inwoners")
        self.progress.show()
        self.cancel_button.show()
        self.demo_button.setEnabled(False)
        self.empty_button.setEnabled(False)
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _reset(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        self.demo_button.setEnabled(True)
        self.empty_button.setEnabled(True)

    def _done(self) -> None:
        self._reset()
        self.demo_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._reset()
        dialogs.show_error(self, "Demo-gegevens", error_text(exc, "De demo-gegevens konden niet worden geladen; de "
                                                                   "database is leeg gebleven."))
