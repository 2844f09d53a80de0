"""No error is silent and none is a traceback: an exception nothing caught becomes a Dutch dialog that says
what happened to the user's input, with an incident code; the log gets the technical detail, never the values
(which may hold a BSN or an address). The same for a background task that fails."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QPushButton

from desktop.core.errors import ValidationError
from desktop.logs import LOG_NAME, log_folder
from desktop.ui import unexpected
from desktop.ui.messages import error_text
from desktop.ui.worker import BackgroundTask

SECRET = "inwoner 999900006, Dorpsstraat 3"


def raise_here(message: str = SECRET):
    raise RuntimeError(message)


def test_an_unexpected_exception_is_a_dutch_dialog_and_a_technical_log_line(dialog_calls, caplog):
    caplog.set_level(logging.ERROR, logger="koers")
    try:
        raise_here()
    except RuntimeError as exc:
        unexpected.handle(type(exc), exc, exc.__traceback__)
    [(kind, title, text)] = dialog_calls
    code = text.split("foutcode ")[1][:6]
    assert (kind, title) == ("error", "Er ging iets mis")
    assert "staat nog in het scherm maar is niet opgeslagen" in text and "Koers slaat alles of niets op" in text
    assert "meld de foutcode aan de beheerder" in text
    assert f"de technische gegevens staan in {log_folder() / LOG_NAME}." in text  # the file, as About shows it
    assert SECRET not in text
    [record] = [r for r in caplog.records if r.name == "koers"]
    assert code in record.getMessage() and "builtins.RuntimeError" in record.getMessage()
    assert "test_unexpected.py" in record.getMessage() and "raise_here" in record.getMessage()  # where, not what
    assert "999900006" not in caplog.text and "Dorpsstraat" not in caplog.text


def test_a_koers_error_that_escaped_is_still_shown_as_its_own_message(dialog_calls, caplog):
    exc = ValidationError("De beschikking is niet opgeslagen. Herstel eerst:", problems=["Kies een product."])
    unexpected.handle(type(exc), exc, None)
    assert dialog_calls == [("error", "Er ging iets mis", str(exc))]
    assert not [r for r in caplog.records if r.name == "koers"]


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_dialog(qtbot, dialog_calls):
    """Qt hands an exception raised in a slot to sys.excepthook; installed, that is Koers's handler."""
    saved_hook, saved_thread_hook = sys.excepthook, threading.excepthook
    try:
        unexpected.install_handlers()
        assert sys.excepthook is unexpected.handle
        button = QPushButton("Opslaan")
        qtbot.addWidget(button)
        button.clicked.connect(lambda: raise_here())
        button.click()
    finally:
        sys.excepthook, threading.excepthook = saved_hook, saved_thread_hook
    assert len(dialog_calls) == 1 and "onverwachts mis in Koers (foutcode" in dialog_calls[0][2]


def test_a_background_task_that_fails_is_reported_with_a_code(qtbot, caplog):
    caplog.set_level(logging.ERROR, logger="koers")
    task = BackgroundTask(lambda progress: raise_here())
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.start()
    exc = failed.args[0]
    code = exc.koers_incident
    assert isinstance(exc, RuntimeError) and len(code) == 6
    assert f"Noem daarbij foutcode {code}." in error_text(exc) and SECRET not in error_text(exc)
    assert any(code in r.getMessage() and "achtergrondtaak" in r.getMessage() for r in caplog.records)
    assert "999900006" not in caplog.text


def test_a_failed_hours_check_shows_the_code_in_the_page(qtbot, demo_db, demo_actor, tmp_path, monkeypatch, caplog):
    from desktop.core.decisions import hours_import
    from desktop.ui.hours.import_wizard import HoursImportPage

    monkeypatch.setattr(hours_import, "check_file", lambda *a, **k: raise_here())
    page = HoursImportPage(demo_db, demo_actor("medewerker"))
    qtbot.addWidget(page)
    path = tmp_path / "uren.csv"
    path.write_text("toewijzingnummer;datum;uren\n", encoding="utf-8")
    page.set_file(path)
    page.check_button.click()
    qtbot.waitUntil(lambda: page.check_task is None, timeout=10_000)
    text = page.error_panel.text()
    assert "Het bestand kon niet worden verwerkt; er is niets ingelezen. Noem daarbij foutcode" in text
    assert SECRET not in text
