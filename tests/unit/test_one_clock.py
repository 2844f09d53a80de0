"""One clock: every date and moment comes from db.clock, which the tests fix; the real clock is forbidden.

Two guards. At run time the test set-up (tests/conftest.py) makes db.clock refuse the real clock, so code
that falls through to it fails its test. In the source, nothing but db/clock.py may ask the system for the
date or time (datetime.now, date.today, time.time, QDate.currentDate, ...): such a call bypasses the fixed
clock, and a test that passes through it would pass only on the day it was written.
"""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from db import clock
from tests.conftest import FIXED_TODAY

ROOT = Path(__file__).resolve().parents[2]
CLOCK_MODULE = ROOT / "db" / "clock.py"
REAL_CLOCK_CALLS = {
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"), ("time", "ctime"),
    ("time", "strftime"), ("QDate", "currentDate"), ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"), ("QDateTime", "currentMSecsSinceEpoch"),
    ("QDateTime", "currentSecsSinceEpoch"), ("QTime", "currentTime"),
}


def real_clock_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in REAL_CLOCK_CALLS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_nothing_but_db_clock_reads_the_system_clock():
    sources = [p for folder in ("db", "desktop", "tests") for p in (ROOT / folder).rglob("*.py")]
    assert len(sources) > 100
    offenders = [hit for p in sources if p != CLOCK_MODULE for hit in real_clock_calls(p)]
    assert offenders == [], "lees de tijd via db.clock (now/today/local_now):\n" + "\n".join(offenders)


def test_the_scan_recognises_each_way_of_reading_the_real_clock(tmp_path):
    sample = ROOT / "tests" / "unit" / "_clock_sample.py"
    reads = ["datetime.datetime.now", "date.today", "time.time", "QDate.currentDate"]  # the calls, spelled out
    sample.write_text("import datetime, time\nfrom datetime import date\nfrom PySide6.QtCore import QDate\n"
                      + "".join(f"x{i} = {call}()\n" for i, call in enumerate(reads)), encoding="utf-8")
    try:
        assert [hit.split(" ")[1] for hit in real_clock_calls(sample)] == [
            "datetime.now()", "date.today()", "time.time()", "QDate.currentDate()"]
    finally:
        sample.unlink()


def test_the_real_clock_is_forbidden_during_the_tests():
    clock.set_source(None)  # as if a test had thrown the fixed clock away
    with pytest.raises(clock.RealClockForbidden, match="echte klok"):
        clock.today()


def test_every_test_starts_on_the_fixed_day_at_ten_in_amsterdam(today):
    assert today == FIXED_TODAY == clock.today()
    local = clock.local_now()
    assert (local.date(), local.hour) == (FIXED_TODAY, 10)


def test_the_fixed_clock_moves_a_millisecond_per_reading_and_never_changes_the_date():
    first, second = clock.now(), clock.now()
    assert first.tzinfo is UTC and second - first == timedelta(milliseconds=1)
    assert clock.today() == FIXED_TODAY


def test_a_test_can_move_the_clock_for_a_while():
    with clock.fixed(date(2028, 2, 29)):
        assert clock.today() == date(2028, 2, 29)
    assert clock.today() == FIXED_TODAY
    clock.fix(datetime(2027, 1, 1, 0, 30, tzinfo=UTC))  # 01:30 in Amsterdam
    assert clock.today() == date(2027, 1, 1)


def test_amsterdam_decides_the_date_around_midnight():
    clock.fix(datetime(2026, 6, 30, 22, 30, tzinfo=UTC))  # 00:30 on 1 July in Amsterdam (summer time)
    assert clock.today() == date(2026, 7, 1)
    clock.fix(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))  # 23:30 on 31 December (winter time)
    assert clock.today() == date(2026, 12, 31)


def test_a_program_started_by_a_test_reads_the_same_fixed_clock(tmp_path):
    import os
    import subprocess
    import sys

    code = "from db import clock; print(clock.today().isoformat(), clock.local_now().hour)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ}, timeout=60)
    assert result.stdout.split() == [FIXED_TODAY.isoformat(), "10"], result.stderr
