"""Deadline benchmarks: the casusregisseur's dashboard (target < 200 ms median) and a consulent's
werkvoorraad (target < 100 ms median) on the bench database. Returns the lines to print."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

RUNS = 9


def _median_ms(fn) -> tuple[float, object]:
    result = fn()  # warm the page cache once
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def bench_deadlines(db_path: Path) -> list[str]:
    from sqlmodel import select

    from db.engine import Database
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.deadlines import dashboard, queries

    database = Database(f"sqlite:///{db_path}")
    try:
        with database.read() as s:
            users = s.exec(select(User).where(User.active.is_(True))).all()
        regisseur = next(u for u in users if u.role is Role.CASUSREGISSEUR)
        consulent = next(u for u in users if u.role is Role.CONSULENT)

        def actor(u):
            return Actor(u.id, u.username, u.display_name, u.role, "bench")

        board_ms, board = _median_ms(lambda: dashboard.team_overview(database, actor(regisseur)))
        work_ms, work = _median_ms(lambda: queries.my_workload(database, actor(consulent)))
        return [
            f"deadlines ({RUNS} runs, median):",
            f"  dashboard (team, {board.total:,} items, {board.escalated_total:,} escalated)  {board_ms:7.1f} ms   "
            f"(target < 200 ms) {'OK' if board_ms < 200 else 'MISSED'}",
            f"  werkvoorraad ({len(work):,} items of one consulent)      {work_ms:7.1f} ms   "
            f"(target < 100 ms) {'OK' if work_ms < 100 else 'MISSED'}",
        ]
    finally:
        database.dispose()
