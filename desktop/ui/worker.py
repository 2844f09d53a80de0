"""Long work off the GUI thread: a function runs in a QThread, reports progress, and can be cancelled.

The function gets a `progress(done, total) -> bool` callback; returning False asks it to stop.
It must open its own database session (sessions are not thread-safe) and return plain values.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from desktop.core.errors import KoersError
from desktop.logs import report_unexpected


class _Runner(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[..., Any], cancel: threading.Event):
        super().__init__()
        self._fn = fn
        self._cancel = cancel

    def run(self) -> None:
        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self._cancel.is_set()

        try:
            result = self._fn(progress)
        except BaseException as exc:  # reported to the GUI thread, never swallowed
            self.failed.emit(exc)
        else:
            self.finished.emit(result)
        finally:
            # End the thread's event loop here, so wait() returns as soon as the work is done,
            # even when the GUI thread never gets to handle the signal (a window closing).
            self.thread().quit()


_RUNNING: set[BackgroundTask] = set()  # a task referenced only by its thread must not be collected mid-run


class BackgroundTask(QObject):
    """Owns the thread; signals arrive in the GUI thread.

    A running task is kept alive here until it ends: Qt aborts the process when a QThread is
    destroyed while it still runs (for instance when its window closes first).
    """

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[..., Any], parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(fn, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self.progressed)
        self._runner.finished.connect(self._done)
        self._runner.failed.connect(self._fail)

    def start(self) -> None:
        _RUNNING.add(self)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, ms: int = 30_000) -> bool:
        done = self._thread.wait(ms)
        if done:
            _RUNNING.discard(self)
        return done

    def _stop_thread(self) -> None:
        self._thread.quit()
        self._thread.wait()
        _RUNNING.discard(self)

    def _done(self, result) -> None:
        self._stop_thread()
        self.finished.emit(result)

    def _fail(self, exc) -> None:
        """A KoersError is the task's own Dutch refusal; anything else is logged (without personal data) with an
        incident code, which the page's message then shows (desktop.ui.messages.error_text)."""
        self._stop_thread()
        if not isinstance(exc, KoersError):
            report_unexpected(exc, "achtergrondtaak")
        self.failed.emit(exc)
