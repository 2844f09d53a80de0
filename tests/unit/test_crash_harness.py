"""The crash harness in short (issue 17): a writer killed at random 16 times loses nothing it acknowledged, and the
verifier itself catches a loss. The long form (500 kills and more) is `tests/bench/crash.py`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.durability import harness
from tests.durability.harness import DB_NAME, LEDGER_NAME, LETTERS_DIR, run_kills, verify
from tests.durability.writer import prepare_database

KILLS = 16  # about 1.2 s each (a cold start of the writer, a 20-400 ms window, the checks)


def test_nothing_acknowledged_is_lost_when_the_writer_is_killed(tmp_path, today):
    result = run_kills(tmp_path / "crash", KILLS, seed=17, today=today)

    assert result.problems == []
    assert result.ok
    assert result.kills == KILLS
    # Not vacuous: every kind of write was acknowledged, and overruns were tried and refused.
    for kind in harness.KINDS:
        assert result.acknowledged[kind] > 0, f"no acknowledged {kind}: {result.lines()}"
    assert result.refused["hours_over"] > 0
    assert "hours_over" not in result.acknowledged
    assert sum(n for what, n in result.in_flight.items() if what != "between") > 0  # kills landed inside calls


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """One demo database (the writer's start), copied per test below."""
    from db import clock

    folder = tmp_path_factory.mktemp("prepared")
    prepare_database(folder / DB_NAME, seed=3, today=clock.today())
    return folder / DB_NAME


@pytest.fixture
def workdir(prepared, tmp_path) -> Path:
    shutil.copyfile(prepared, tmp_path / DB_NAME)
    (tmp_path / LETTERS_DIR).mkdir()
    return tmp_path


def _ack(workdir: Path, kind: str, **fields) -> None:
    with open(workdir / LEDGER_NAME, "a") as ledger:
        ledger.write(json.dumps({"run": "t", "n": 1, "op": "ack", "kind": kind, **fields}) + "\n")


def _some(workdir: Path, sql: str) -> tuple:
    from db.engine import Database

    database = Database(f"sqlite:///{workdir / DB_NAME}")
    try:
        with database.engine.connect() as conn:
            return tuple(conn.exec_driver_sql(sql).first())
    finally:
        database.dispose()


def test_a_clean_start_verifies(workdir):
    assert verify(workdir, full=True) == []


def test_the_verifier_catches_a_lost_resident(workdir):
    _ack(workdir, "resident", id=999_999, client_number="K9999999", digest="0" * 16)
    assert any("resident 999999 is missing" in p for p in verify(workdir))


def test_the_verifier_catches_a_resident_that_differs(workdir):
    rid, number = _some(workdir, "SELECT id, client_number FROM resident ORDER BY id LIMIT 1")
    _ack(workdir, "resident", id=rid, client_number=number, digest="0" * 16)
    assert any(f"resident {rid} differs" in p for p in verify(workdir))


def test_the_verifier_catches_lost_hours_and_an_accepted_overrun(workdir):
    rid, decision, minutes, day = _some(workdir, "SELECT id, beschikking_id, minutes, service_date FROM realisation "
                                                 "ORDER BY id LIMIT 1")
    _ack(workdir, "hours", id=rid, decision_id=decision, minutes=minutes, service_date=day)
    assert verify(workdir) == []  # the booking is there as acknowledged
    _ack(workdir, "hours", id=rid, decision_id=decision, minutes=minutes + 15, service_date=day)
    _ack(workdir, "hours_over", id=rid, decision_id=decision, minutes=minutes, service_date=day, remaining=0)
    problems = verify(workdir)
    assert any(f"booking {rid} is missing or differs" in p for p in problems)
    assert any("the overrun was accepted" in p for p in problems)


def test_the_verifier_catches_a_lost_plan_save(workdir):
    plan_id, version = _some(workdir, "SELECT id, version FROM plan ORDER BY id LIMIT 1")
    _ack(workdir, "plan_save", plan_id=plan_id, token="s1-1", version=version)
    problems = verify(workdir)
    assert any(f"plan {plan_id}: the text holds token None" in p for p in problems)


def test_the_verifier_catches_a_lost_letter_and_a_half_written_pdf(workdir):
    _ack(workdir, "letter", batch_id=1, letters=[[424242, "WMO-2026-000001-T1"]])
    _ack(workdir, "letter_file", name="WMO-2026-000001-T1.pdf", sha256="0" * 64, size=10)
    (workdir / LETTERS_DIR / "brieven-batch-1.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")  # torn: no %%EOF
    (workdir / LETTERS_DIR / "brieven-batch-2.pdf.deel").write_bytes(b"%PDF-1.4\n")  # a temp file: allowed
    problems = verify(workdir)
    assert any("letter 424242 (WMO-2026-000001-T1) is missing" in p for p in problems)
    assert any("file WMO-2026-000001-T1.pdf is missing" in p for p in problems)
    assert any("file brieven-batch-1.pdf: not a whole PDF" in p for p in problems)
    assert not any("batch-2" in p for p in problems)


def test_a_torn_ledger_line_is_cut_and_never_counts(workdir):
    _ack(workdir, "resident", id=999_999, client_number="K9999999", digest="0" * 16)
    ledger = workdir / LEDGER_NAME
    ledger.write_bytes(ledger.read_bytes()[:-9])  # the kill came in the middle of writing the ack
    assert harness.cut_torn_tail(ledger) == 1
    assert ledger.read_bytes() == b""
    assert verify(workdir) == []

