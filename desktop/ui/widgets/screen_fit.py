"""Windows that fit the screen they open on: the common municipal laptop is 1366×768, at 100 % or 125 %.

A window asks for its comfortable size and gets at most the screen's free area minus the window frame; what
does not fit then scrolls (`scrolling`), while the buttons that close or confirm stay in view below it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

FRAME_WIDTH = 16  # the window manager's borders, left and right together
FRAME_HEIGHT = 40  # its title bar and lower border


def available_size(window: QWidget) -> tuple[int, int]:
    """The largest client area a window can have on its screen (or the primary screen before it is shown)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resizes to the preferred size, or to the screen's free area when that is smaller."""
    most_width, most_height = available_size(window)
    window.resize(max(min(width, most_width), 200), max(min(height, most_height), 150))


def scrolling(widget: QWidget) -> QScrollArea:
    """The widget in a frameless vertical scroll area: on a low screen it scrolls instead of pushing the
    window's buttons off the bottom."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    return area


class ScrollingTabs(QTabWidget):
    """Tabs whose pages scroll when the window is lower than a page needs; callers still address the pages
    themselves (setCurrentWidget, indexOf), not the scroll areas around them."""

    def addTab(self, page: QWidget, label: str) -> int:  # type: ignore[override]
        return super().addTab(scrolling(page), label)

    def page(self, index: int) -> QWidget | None:
        area = self.widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def indexOf(self, widget: QWidget) -> int:  # type: ignore[override]
        for index in range(self.count()):
            if widget is self.widget(index) or widget is self.page(index):
                return index
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:  # type: ignore[override]
        self.setCurrentIndex(self.indexOf(widget))
