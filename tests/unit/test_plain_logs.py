"""No personal data in plain log files, even with SQL logging forced on; koers.log rotates in the user's log
folder and gets an unexpected error's type and place, never its message."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from db.engine import Database
from desktop.core.access import audit
from desktop.core.maintenance.backup import make_backup
from desktop.core.residents import register, search
from desktop.core.residents.casefile import open_resident_file

SECRETS = ("999900006", "Zwanenburg", "zwanenburg", "Gasthuisstraat", "Molenstraat", "7001AB")


def _work_with_a_resident(db, actors, tmp_path) -> None:
    data = register.ResidentInput(bsn="999900006", initials="M", prefix="van", surname="Zwanenburg",
                              date_of_birth=date(1950, 3, 4), street="Gasthuisstraat", house_number="7",
                              postcode="7001 AB", city="Doetinchem", consulent_id=actors.consulent.user_id)
    resident = register.create_resident(db, actors.consulent, data)
    search.search_residents(db, actors.consulent, "Zwanen")
    audit.search_record(db, actors.consulent, "999900006", 1)
    open_resident_file(db, actors.consulent, resident.id)
    data.street = "Molenstraat"
    register.update_resident(db, actors.consulent, resident.id, data, resident.version)
    make_backup(db, tmp_path / "kopie")


def test_even_forced_sql_logging_carries_no_bsn_name_or_address(db_path, actors, today, caplog, tmp_path):
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # the worst case: someone enables SQL logging
    database = Database(f"sqlite:///{db_path}")  # SQLAlchemy reads the log level when the engine is made
    try:
        _work_with_a_resident(database, actors, tmp_path)
    finally:
        database.dispose()
    assert any("INSERT INTO resident" in r.getMessage() for r in caplog.records)  # SQL really was logged
    for secret in SECRETS:
        assert secret not in caplog.text


def test_the_application_log_set_up_keeps_sql_out(db_path, actors, today, caplog, tmp_path):
    from desktop.logs import quiet_libraries

    caplog.set_level(logging.INFO)  # the root level the application uses for koers.log
    quiet_libraries()
    database = Database(f"sqlite:///{db_path}")
    try:
        _work_with_a_resident(database, actors, tmp_path)
    finally:
        database.dispose()
    assert not [r for r in caplog.records if r.name.startswith("sqlalchemy")]
    for secret in SECRETS:
        assert secret not in caplog.text


# ---------------------------------------------------------------- koers.log itself


@pytest.fixture
def koers_log(tmp_path, monkeypatch):
    """setup_logging() as the application runs it, into a folder of this test; the handler is taken off after."""
    import logging.handlers

    from desktop import logs

    monkeypatch.setattr(logs, "log_folder", lambda: tmp_path / "logmap")
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    logs.setup_logging()
    [handler] = [h for h in root.handlers if h not in before]
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    yield handler
    root.removeHandler(handler)
    handler.close()
    root.setLevel(level)


def test_the_log_file_lives_in_the_users_log_folder_and_rotates(koers_log, tmp_path):
    from desktop.logs import LOG_NAME, log

    folder = tmp_path / "logmap"
    assert koers_log.baseFilename == str(folder / LOG_NAME)
    assert (koers_log.maxBytes, koers_log.backupCount) == (1_000_000, 3)  # at most 4 MB in all
    koers_log.maxBytes = 2_000  # rotate after a few lines instead of a megabyte
    for n in range(200):
        log.info("technische regel %d", n)
    koers_log.flush()
    assert sorted(p.name for p in folder.iterdir()) == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2", f"{LOG_NAME}.3"]
    assert "technische regel 199" in (folder / LOG_NAME).read_text(encoding="utf-8")


def test_an_unexpected_error_reaches_the_file_without_the_names_and_bsn_in_its_message(koers_log, tmp_path):
    from desktop.logs import LOG_NAME, report_unexpected

    def store_resident():
        try:
            raise ValueError("UNIQUE constraint failed: resident.bsn (999900006, Zwanenburg, Gasthuisstraat 7)")
        except ValueError as cause:
            raise RuntimeError("opslaan mislukt voor M. van Zwanenburg, 7001AB") from cause

    try:
        store_resident()
    except RuntimeError as exc:
        code = report_unexpected(exc, "inwoner opslaan")
    koers_log.flush()
    written = (tmp_path / "logmap" / LOG_NAME).read_text(encoding="utf-8")
    assert f"onverwachte fout {code} (inwoner opslaan)" in written
    assert "builtins.RuntimeError" in written and "caused by builtins.ValueError" in written
    assert "store_resident" in written  # where it happened, not what it was about
    for secret in SECRETS:
        assert secret not in written
