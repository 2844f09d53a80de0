"""A page built the first time it is shown: most sessions never open it, and a page built and destroyed unseen
has twice left something dangling in Qt (a timer; an area of the medewerker) that crashed a later window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._make = make
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.page is None:
            self.page = self._make()
            self._layout.addWidget(self.page)
            self.page.show()  # children are shown before the show event; one added in it must be shown itself
        super().showEvent(event)
