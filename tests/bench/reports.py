"""Report benchmarks: every report of the Rapportages area, with its first ('per ...') choice and with each other
choice, through the core as the screen calls it, on the bench database (target < 300 ms median each).
Returns the lines to print."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

RUNS = 7
TARGET_MS = 300


def bench_reports(db_path: Path) -> list[str]:
    from sqlmodel import select

    from db import clock
    from db.engine import Database
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.reports import registry
    from desktop.core.reports.filters import ReportFilter

    database = Database(f"sqlite:///{db_path}")
    try:
        with database.read() as s:
            user = s.exec(select(User).where(User.role == Role.CONTROLLER)).first() or \
                s.exec(select(User).where(User.role == Role.CASUSREGISSEUR)).first()
        actor = Actor(user.id, user.username, user.display_name, user.role, "bench")
        today = clock.today()
        lines = [f"reports ({RUNS} runs, median; year to date on {today:%d-%m-%Y}, as {user.role.value}):"]
        missed = 0
        for spec in registry.specs():
            for key in [k for k, _ in spec.groups] or [None]:
                f = ReportFilter(group=key, as_of=today)
                report = registry.run(database, actor, spec.name, f)  # warm the page cache once
                timings = []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    report = registry.run(database, actor, spec.name, f)
                    timings.append((time.perf_counter() - started) * 1000)
                ms = statistics.median(timings)
                missed += ms >= TARGET_MS
                name = f"{spec.name}" + (f" per {key}" if key else "")
                lines.append(f"  {name:32} {ms:7.1f} ms  {len(report.rows):6,} rows   (target < {TARGET_MS} ms) "
                             f"{'OK' if ms < TARGET_MS else 'MISSED'}")
        lines.append(f"  {'all reports':32} {'OK' if not missed else f'{missed} MISSED'}")
        return lines
    finally:
        database.dispose()
