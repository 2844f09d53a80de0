"""`koers check` notices a monthly summary that no longer matches the ledger, and `--herstel` counts it afresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from desktop.core.decisions import ledger
from desktop.core.maintenance.check import rebuild_summary, run_check
from tests.unit.decision_setting import established


def test_a_tampered_summary_is_found_and_repaired(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), 6)
    assert run_check(any_db).ok
    with any_db.engine.begin() as conn:  # what a hook that missed a change would leave behind
        conn.execute(text("UPDATE decision_month SET counted_minutes = counted_minutes + 60 WHERE month = 202602"))
    report = run_check(any_db)
    assert not report.ok
    assert any(f"Beschikking {d.toewijzing_nummer}: het maandoverzicht telt 420 minuten in 1 regels, de "
               "urenregistratie 360 in 1" in p for p in report.problems), report.problems
    assert any("maandtotalen" in p for p in report.problems)
    assert rebuild_summary(any_db) > 0
    assert run_check(any_db).ok


def test_koers_check_herstel_on_the_command_line(any_db, any_actors, setting, capsys):
    from desktop.cli import main

    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), 6)
    with any_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM month_total"))
    where = any_db.engine.url.render_as_string(hide_password=False)
    assert main(["check", "--db", where]) == 1
    assert "maandtotalen" in capsys.readouterr().err
    assert main(["check", "--herstel", "--db", where]) == 0
    assert "Maandoverzicht opnieuw geteld" in capsys.readouterr().out
