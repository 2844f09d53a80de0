"""The main window: a side bar of areas that work, and the area on the right.

Imports only Qt at module level: the window paints before the data layer is loaded.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)


class MessagePage(QWidget):
    """A calm full-page message: loading, or a database that cannot be opened."""

    def __init__(self, title: str, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(title, objectName="PageTitle")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setMaximumWidth(640)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.hide()
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    first_painted = Signal()
    database_ready = Signal()

    def __init__(self):
        super().__init__()
        self.setWindowTitle("Koers")
        self.resize(1360, 820)
        self.db = None
        self.areas: dict[str, QWidget] = {}
        self._painted = False

        self.sidebar = QListWidget(objectName="SideBar")
        self.sidebar.setFixedWidth(200)
        self.sidebar.currentRowChanged.connect(self._show_area)
        brand = QLabel("Koers", objectName="SideBarTitle")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.sidebar, 1)
        side.setFixedWidth(200)
        side.setStyleSheet("background: #24323d;")

        self.stack = QStackedWidget()
        self.loading = MessagePage("Koers wordt geopend…", "De database wordt geopend.")
        self.stack.addWidget(self.loading)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    # --- database

    def open_database(self, db_arg: str | None) -> None:
        from desktop.core.database import describe_target, open_database
        from desktop.core.errors import KoersError

        try:
            self.db = open_database(db_arg)
        except KoersError as exc:
            self._show_problem(exc.message)
            return
        self.db_label.setText(f"Database: {describe_target(self.db.url)}")
        self.db_label.setObjectName("Muted")
        from desktop.core.settings import needs_welcome

        if needs_welcome(self.db):
            self._show_welcome()
        else:
            self._build_areas()

    def _show_problem(self, message: str) -> None:
        page = MessagePage("De database kan niet worden geopend", message)
        page.button.setText("Andere database kiezen…")
        page.button.show()
        page.button.clicked.connect(self._choose_other_database)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.database_ready.emit()

    def _choose_other_database(self) -> None:
        from desktop.ui import dialogs

        path = dialogs.ask_open_database(self)
        if path:
            self.open_database(path)

    def _show_welcome(self) -> None:
        from desktop.ui.welcome import WelcomePage

        page = WelcomePage(self.db)
        page.finished.connect(self._welcome_done)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.welcome = page
        self.database_ready.emit()

    def _welcome_done(self) -> None:
        from desktop.core.settings import WELCOME_DONE, set_setting

        set_setting(self.db, WELCOME_DONE, "1")
        self._build_areas()

    def _build_areas(self) -> None:
        from desktop.ui.residents.page import ResidentsPage

        self.sidebar.clear()
        for name, widget in (("Inwoners", ResidentsPage(self.db)),):
            self.areas[name] = widget
            self.stack.addWidget(widget)
            self.sidebar.addItem(name)
        self.sidebar.setCurrentRow(0)
        self.database_ready.emit()

    def _show_area(self, row: int) -> None:
        if row < 0:
            return
        widget = self.areas.get(self.sidebar.item(row).text())
        if widget is not None:
            self.stack.setCurrentWidget(widget)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.db is not None:
            self.db.dispose()
        super().closeEvent(event)
