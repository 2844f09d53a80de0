"""`make bench`: Koers' speed and memory targets, measured on this machine, each figure beside its target.

Two databases are built once and kept in .bench/ (rebuilt when the schema changes): the 100,000-resident demo
and a 1,000,000-resident one made from it (tests/bench/million.py). PostgreSQL is measured on a server the bench
starts itself (or $KOERS_BENCH_PG_URL). The machine's cores and load come first: the figures are only as quiet
as the machine. $KOERS_BENCH_QUICK=1 leaves out the million (for a quick look at the 100,000 figures).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
CLIENTS = int(os.environ.get("KOERS_BENCH_CLIENTS", "100000"))
MILLION = 1_000_000
CHECK_TARGET_S = 10.0


def _size(n: int) -> str:
    return f"{n:,} residents"


def machine_line() -> str:
    load = os.getloadavg()
    return (f"machine: {os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def build_database() -> tuple[Path, float | None]:
    from db.schema import head_revision

    BENCH_DIR.mkdir(exist_ok=True)
    path = BENCH_DIR / f"koers-{CLIENTS}-{head_revision()}.sqlite"
    if path.exists():
        return path, None
    from desktop.core.demo.generator import generate_demo
    from desktop.core.maintenance.database import open_database, remove_sqlite_files

    for old in BENCH_DIR.glob(f"koers-{CLIENTS}-*.sqlite"):
        remove_sqlite_files(old)
    tmp = path.with_suffix(".tmp.sqlite")
    remove_sqlite_files(tmp)
    database = open_database(tmp)
    started = time.perf_counter()
    generate_demo(database, CLIENTS, seed=2026)
    seconds = time.perf_counter() - started
    database.dispose()
    tmp.rename(path)
    return path, seconds


def build_million(source: Path) -> tuple[Path, float | None]:
    from db.schema import head_revision
    from desktop.core.maintenance.database import remove_sqlite_files
    from tests.bench.million import scale_up

    path = BENCH_DIR / f"koers-{MILLION}-{head_revision()}.sqlite"
    if path.exists():
        return path, None
    for old in BENCH_DIR.glob(f"koers-{MILLION}-*.sqlite"):
        remove_sqlite_files(old)
    print(f"building the {_size(MILLION)} database from {source.name} (kept in .bench/):", flush=True)
    return path, scale_up(source, path, MILLION // CLIENTS, progress=lambda line: print(line, flush=True))


def bench_search(path: Path, million: Path | None) -> list[str]:
    from db.engine import Database
    from tests.bench.postgres import bench_server, load_residents
    from tests.bench.search import MEDIAN_TARGET_MS, WORST_TARGET_MS, measure_search

    lines = [f"search as you type (query and list painted, per keystroke; targets: median <= {MEDIAN_TARGET_MS:.0f} ms, "
             f"worst <= {WORST_TARGET_MS:.0f} ms):"]
    for db_path in (path, million):
        if db_path is None:
            continue
        database = Database(f"sqlite:///{db_path}")
        try:
            n = CLIENTS if db_path == path else MILLION
            lines += measure_search(database).lines(f"SQLite, {_size(n)}")
        finally:
            database.dispose()
    source = million or path
    try:
        with bench_server(BENCH_DIR) as url:
            if url is None:
                lines.append("  PostgreSQL: not measured (no PostgreSQL server installed; set KOERS_BENCH_PG_URL)")
                return lines
            n = load_residents(source, url, progress=lambda line: print(line, flush=True))
            database = Database(url)
            try:
                lines += measure_search(database).lines(f"PostgreSQL, {_size(n)}")
            finally:
                database.dispose()
    except Exception as exc:  # noqa: BLE001 - the SQLite figures stand; say why PostgreSQL has none
        lines.append(f"  PostgreSQL: not measured ({type(exc).__name__}: {exc})")
    return lines


def bench_check(path: Path) -> list[str]:
    from db.engine import Database
    from desktop.core.maintenance.check import run_check

    database = Database(f"sqlite:///{path}")
    try:
        started = time.perf_counter()
        report = run_check(database)
        seconds = time.perf_counter() - started
    finally:
        database.dispose()
    return [f"koers check (the quick check, daily use) at {_size(CLIENTS)}: {seconds:.1f} s, "
            f"{'no problems' if report.ok else f'{len(report.problems)} problems'}   "
            f"(target <= {CHECK_TARGET_S:.0f} s) {'OK' if seconds <= CHECK_TARGET_S else 'MISSED'}"]


def main() -> int:
    print(machine_line(), flush=True)
    path, generated = build_database()
    if generated is not None:
        print(f"demo data: {_size(CLIENTS)} generated in {generated:.1f} s", flush=True)
    else:
        print(f"demo data: reusing {path.name} (delete .bench/ to time generation again)", flush=True)
    million: Path | None = None
    if not os.environ.get("KOERS_BENCH_QUICK"):
        million, built = build_million(path)
        done = f"built in {built:.0f} s" if built is not None else f"reusing {million.name}"
        print(f"  {_size(MILLION)}: {done}", flush=True)

    from tests.bench.casefiles import bench_casefiles
    from tests.bench.crash import bench_crash
    from tests.bench.deadlines import deadline_lines, measure_deadlines
    from tests.bench.durability import bench_commit_cost
    from tests.bench.letters import bench_letters
    from tests.bench.load import bench_load
    from tests.bench.memory import bench_memory
    from tests.bench.reports import bench_reports
    from tests.bench.start import bench_start

    sections = [
        lambda: bench_start(path),
        lambda: bench_search(path, million),
        lambda: deadline_lines(measure_deadlines(path), measure_deadlines(million) if million else None,
                               (_size(CLIENTS), _size(MILLION))),
        lambda: [f"memory ({_size(MILLION if million else CLIENTS)}):", *bench_memory(million or path)],
        lambda: bench_check(path),
        lambda: bench_letters(path),
        lambda: bench_reports(path),
        lambda: bench_casefiles(path),  # access export, 1,000 residents moving out and in
        bench_commit_cost,  # what synchronous=FULL costs a save
        bench_crash,  # >= 500 SIGKILLs of a writer: nothing acknowledged lost, no half-written letter
        bench_load,  # 20 consulenten x 60 s on one PostgreSQL server
    ]
    for section in sections:
        print("\n".join(section()), flush=True)
    print(machine_line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
