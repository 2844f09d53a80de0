"""The idle lock: after N minutes without keyboard or mouse, every Koers window is covered and the
password is asked again. Open forms stay open underneath, so no unsaved work is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

COVER_COLOUR = "#24323d"
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class _Cover(QWidget):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        # Without WA_StyledBackground a plain QWidget ignores its style sheet background and
        # the window's content would show through.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"background: {COVER_COLOUR};")
        label = QLabel("Koers is vergrendeld")
        label.setStyleSheet("color: white; font-size: 16pt;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setGeometry(parent.rect())
        self.show()
        self.raise_()


class IdleLock(QObject):
    """Watches input application-wide; `unlock(parent) -> bool` asks the password (a dialog)."""

    def __init__(self, minutes: int, unlock: Callable[[], bool], parent: QObject | None = None):
        super().__init__(parent)
        self._unlock = unlock
        self.locked = False
        self._covers: list[_Cover] = []
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in _ACTIVITY:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self._covers = [_Cover(w) for w in QApplication.topLevelWidgets()
                        if w.isVisible() and not isinstance(w, _Cover) and w.isWindow()]
        while self.locked:
            if self._unlock():
                self.release()

    def release(self) -> None:
        for cover in self._covers:
            cover.deleteLater()
        self._covers = []
        self.locked = False
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)
