"""Deadline benchmarks: a casusregisseur's Termijnen dashboard (her team; target <= 100 ms median) and a
consulent's werkvoorraad (target <= 30 ms median) at 100,000 residents, and no more than 1.5x those at a
million. The whole municipality's dashboard (a casusregisseur without a team, or 'Hele gemeente') is shown
beside them for information: it counts every open item, so it grows with the municipality."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

RUNS = 9
DASHBOARD_TARGET_MS = 100
WORKLOAD_TARGET_MS = 30
GROWTH_TARGET = 1.5


@dataclass(frozen=True)
class DeadlineFigures:
    dashboard_ms: float
    dashboard_items: int
    team: str | None
    workload_ms: float
    workload_items: int
    whole_ms: float
    whole_items: int


def _median_ms(fn) -> tuple[float, object]:
    result = fn()  # warm the page cache once
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def measure_deadlines(db_path: Path) -> DeadlineFigures:
    from sqlmodel import select

    from db.engine import Database
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.deadlines import dashboard, queries

    database = Database(f"sqlite:///{db_path}")
    try:
        with database.read() as s:
            users = s.exec(select(User).where(User.active.is_(True)).order_by(User.id)).all()
        regisseur = next(u for u in users if u.role is Role.CASUSREGISSEUR)
        consulent = next(u for u in users if u.role is Role.CONSULENT)

        def actor(u):
            return Actor(u.id, u.username, u.display_name, u.role, "bench")

        board_ms, board = _median_ms(lambda: dashboard.team_overview(database, actor(regisseur)))
        work_ms, work = _median_ms(lambda: queries.my_workload(database, actor(consulent)))
        whole = dashboard.DashboardFilter(whole_municipality=True)
        whole_ms, everyone = _median_ms(lambda: dashboard.team_overview(database, actor(regisseur), whole))
        return DeadlineFigures(board_ms, board.total, board.team_name, work_ms, len(work), whole_ms,
                               everyone.total)
    finally:
        database.dispose()


def deadline_lines(small: DeadlineFigures, large: DeadlineFigures | None, sizes: tuple[str, str]) -> list[str]:
    def verdict(ms: float, target: float, base: float | None = None) -> str:
        ok = ms <= target if base is None else ms <= GROWTH_TARGET * base
        return "OK" if ok else "MISSED"

    lines = [f"deadlines ({RUNS} runs, median):",
             f"  dashboard of {small.team or 'everyone'} at {sizes[0]} ({small.dashboard_items:,} items)"
             f"{small.dashboard_ms:8.1f} ms   (target <= {DASHBOARD_TARGET_MS} ms) "
             f"{verdict(small.dashboard_ms, DASHBOARD_TARGET_MS)}",
             f"  werkvoorraad at {sizes[0]} ({small.workload_items} items of one consulent)"
             f"{small.workload_ms:8.1f} ms   (target <= {WORKLOAD_TARGET_MS} ms) "
             f"{verdict(small.workload_ms, WORKLOAD_TARGET_MS)}"]
    if large is not None:
        lines += [f"  dashboard of {large.team or 'everyone'} at {sizes[1]} ({large.dashboard_items:,} items)"
                  f"{large.dashboard_ms:8.1f} ms   {large.dashboard_ms / small.dashboard_ms:.2f}x "
                  f"(target <= {GROWTH_TARGET}x) {verdict(large.dashboard_ms, 0, small.dashboard_ms)}",
                  f"  werkvoorraad at {sizes[1]} ({large.workload_items} items)"
                  f"{large.workload_ms:8.1f} ms   {large.workload_ms / small.workload_ms:.2f}x "
                  f"(target <= {GROWTH_TARGET}x) {verdict(large.workload_ms, 0, small.workload_ms)}"]
    lines.append(f"  for information, the whole municipality ('Hele gemeente'): {small.whole_ms:.0f} ms "
                 f"({small.whole_items:,} items) at {sizes[0]}"
                 + (f", {large.whole_ms:.0f} ms ({large.whole_items:,} items) at {sizes[1]}" if large else ""))
    return lines
