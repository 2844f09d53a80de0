"""What `PRAGMA synchronous=FULL` costs per save (issue 17, point 1), against NORMAL, on a database file under
.bench/ (the repository's disk, never a RAM disk: the difference is the fsync of the WAL at each commit).

Two kinds of real save through the core: registering a resident (create_resident) and saving a plan draft
(save_draft), SAVES of each per setting. The two settings run on two connections to the same file, in alternating
rounds, so a burst of other disk traffic falls on both alike. Each save is timed from the call to its return, as the
screen waits for it. `python -m tests.bench.durability` prints the lines; tests/bench/run.py calls
bench_commit_cost().
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.crash import BENCH_DIR

SAVES = 300
ROUNDS = 6  # alternating rounds of SAVES / ROUNDS saves per setting
WARM_UP = 10  # saves per setting and kind before timing
SETTINGS = {"FULL": 2, "NORMAL": 1}  # PRAGMA synchronous names and the numbers SQLite reports


def _database(path: Path, setting: str):
    """A Database as Koers opens it, with synchronous changed after Koers' own connect hook (which sets FULL)."""
    from sqlalchemy import event

    from db.engine import Database

    database = Database(f"sqlite:///{path}")

    @event.listens_for(database.engine, "connect")
    def _synchronous(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA synchronous={setting}")

    with database.engine.connect() as conn:
        found = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert found == SETTINGS[setting] and mode == "wal", (setting, found, mode)
    return database


def _fsync_ms(folder: Path, count: int = 200) -> list[float]:
    """What one fsync of a 4 KiB append costs on this disk: the floor under FULL's extra cost per commit. A disk
    (or virtual disk) that acknowledges fsync from a volatile cache shows well under 0.1 ms here."""
    probe = folder / "fsync-probe"
    spent = []
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for _ in range(count):
            os.write(fd, b"k" * 4096)
            started = time.perf_counter()
            os.fsync(fd)
            spent.append((time.perf_counter() - started) * 1000)
    finally:
        os.close(fd)
        probe.unlink()
    return spent


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _savers(database, seed: int, share: slice, taken: set[str]) -> dict[str, Callable[[], None]]:
    """One save of each kind on `database`, each call a new one. `share` picks the cases whose plans it edits (each
    setting its own, so the two never edit one draft); `taken` holds the BSNs in use, shared by both."""
    import random
    from datetime import date

    from sqlmodel import col, select

    from db.models import Casus, Resident, User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.plans.versions import save_draft, start_draft
    from desktop.core.residents.bsn import TEST_RANGE, is_valid_bsn
    from desktop.core.residents.register import ResidentInput, create_resident
    from tests.durability.writer import REASON, TOKEN_MARK

    rng = random.Random(seed)
    with database.read() as s:
        user = s.exec(select(User).where(User.role == Role.CONSULENT).order_by(col(User.id))).first()
        casus_ids = list(s.exec(select(Casus.id).order_by(col(Casus.id))).all())[share]
        taken.update(b for b in s.exec(select(Resident.bsn)).all() if b)
    assert user is not None
    actor = Actor(user.id, user.username, user.display_name, user.role, "bench")
    drafts: dict[int, Any] = {}  # casus -> the PlanDocument last saved

    def bsn() -> str:
        while True:
            value = f"{rng.randint(*TEST_RANGE):09d}"
            if is_valid_bsn(value) and value not in taken:
                taken.add(value)
                return value

    def register() -> None:
        create_resident(database, actor, ResidentInput(
            bsn=bsn(), initials="B.", surname="Bank", date_of_birth=date(1960, 1, 1), salutation="neutraal"))

    def plan() -> None:
        casus_id = rng.choice(casus_ids)
        doc = drafts.get(casus_id) or start_draft(database, actor, casus_id, reason=REASON)
        data = doc.to_input()
        data.what_matters = f"{(data.what_matters or '').split(TOKEN_MARK)[0].rstrip()}\n\n{TOKEN_MARK}{rng.random()}"
        drafts[casus_id], _ = save_draft(database, actor, int(doc.plan.id), data, doc.plan.version, reason=REASON)

    return {"register a resident": register, "save a plan draft": plan}


def bench_commit_cost() -> list[str]:
    """Median and p95 ms per save with synchronous=FULL and NORMAL, and what FULL adds, per kind of save."""
    from db import clock
    from tests.durability.writer import prepare_database

    BENCH_DIR.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="commit-cost-", dir=BENCH_DIR))
    try:
        path = folder / "koers.sqlite"
        fsyncs = _fsync_ms(folder)
        prepare_database(path, seed=2026, today=clock.today())
        databases = {setting: _database(path, setting) for setting in SETTINGS}
        taken: set[str] = set()
        savers = {setting: _savers(db, n, slice(n, None, len(SETTINGS)), taken)
                  for n, (setting, db) in enumerate(databases.items())}
        timings: dict[tuple[str, str], list[float]] = {}
        for setting in SETTINGS:
            for save in savers[setting].values():
                for _ in range(WARM_UP):
                    save()
        per_round = SAVES // ROUNDS
        for _ in range(ROUNDS):
            for setting in SETTINGS:
                for kind, save in savers[setting].items():
                    spent = timings.setdefault((kind, setting), [])
                    for _ in range(per_round):
                        started = time.perf_counter()
                        save()
                        spent.append((time.perf_counter() - started) * 1000)
        for database in databases.values():
            database.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = [f"cost of synchronous=FULL per save (WAL, file on the repository's disk, {SAVES} saves per kind and "
             "setting, alternating rounds):",
             f"  this disk: one fsync of 4 KiB takes median {statistics.median(fsyncs):.3f} ms, "
             f"p95 {_percentile(fsyncs, 0.95):.3f} ms"]
    for kind in savers["FULL"]:
        figures = {}
        for setting in SETTINGS:
            spent = timings[(kind, setting)]
            figures[setting] = (statistics.median(spent), _percentile(spent, 0.95))
            lines.append(f"  {kind}, synchronous={setting}: median {figures[setting][0]:.2f} ms, "
                         f"p95 {figures[setting][1]:.2f} ms")
        (full_median, full_p95), (normal_median, normal_p95) = figures["FULL"], figures["NORMAL"]
        lines.append(f"  {kind}: FULL costs {full_median - normal_median:+.2f} ms per save at the median "
                     f"({full_median / normal_median:.1f}x), {full_p95 - normal_p95:+.2f} ms at p95")
    return lines


if __name__ == "__main__":
    print("\n".join(bench_commit_cost()))
