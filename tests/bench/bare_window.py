"""The reference for the start-up figure: a bare PySide6 window started the same way as Koers."""

import time

_T0 = time.perf_counter()

from PySide6.QtCore import QEvent, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


class Bare(QMainWindow):
    painted = False

    def event(self, event):
        handled = super().event(event)
        if not self.painted and event.type() == QEvent.Type.UpdateRequest:  # the same marker Koers uses
            self.painted = True
            print(f"KOERS_SHOWN {time.perf_counter() - _T0:.4f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return handled


app = QApplication([])
window = Bare()
window.resize(1360, 820)
window.show()
app.exec()
