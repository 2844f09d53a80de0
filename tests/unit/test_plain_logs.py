"""No personal data in plain log files, even with SQL logging forced on."""

from __future__ import annotations

import logging
from datetime import date

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
