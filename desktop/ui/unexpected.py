"""The last line of defence: an exception nothing else caught becomes a Dutch message and a technical log line.

Qt hands an exception raised in a slot to sys.excepthook and carries on; without this it would only be
printed to a console the user never sees. The dialog says what happened to the user's input (nothing was
half-stored: every write is one transaction) and what to do, with the incident code that is in the log.
Background tasks (desktop.ui.worker) report their unexpected failures the same way.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop.core.errors import KoersError
from desktop.logs import LOG_NAME, log, log_folder, report_unexpected

TITLE = "Er ging iets mis"


def unexpected_message(code: str) -> str:
    return (f"Er ging iets onverwachts mis in Koers (foutcode {code}). Wat u net invoerde, staat nog in het scherm "
            "maar is niet opgeslagen: Koers slaat alles of niets op. Probeer het opnieuw. Lukt het dan nog niet, "
            f"meld de foutcode aan de beheerder; de technische gegevens staan in {log_folder() / LOG_NAME}.")


def _show(text: str) -> None:
    from desktop.ui import dialogs

    try:
        dialogs.show_error(QApplication.activeWindow(), TITLE, text)
    except Exception as failure:  # the dialog itself failed: the log line is all that is left
        report_unexpected(failure, "foutmelding tonen")


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: a KoersError that escaped is still a message for the user; anything else is logged
    (technically, without personal data) and explained in a Dutch dialog."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    if isinstance(exc, KoersError):
        _show(str(exc))
        return
    _show(unexpected_message(report_unexpected(exc)))


class _ThreadBridge(QObject):
    """Carries a failure in another thread to the GUI thread, where a dialog may be shown."""

    failed = Signal(object)


_bridge: _ThreadBridge | None = None


def _thread_failed(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    code = report_unexpected(args.exc_value, f"thread {args.thread.name if args.thread else '?'}")
    if _bridge is not None:
        _bridge.failed.emit(code)
    else:  # pragma: no cover - only before install_handlers
        log.error("geen venster om foutcode %s te tonen", code)


def install_handlers() -> None:
    """Routes uncaught exceptions of the GUI thread and of plain threads here (call once, after the
    QApplication exists)."""
    global _bridge
    _bridge = _ThreadBridge(QApplication.instance())
    _bridge.failed.connect(lambda code: _show(unexpected_message(code)))
    sys.excepthook = handle
    threading.excepthook = _thread_failed
