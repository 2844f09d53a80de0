"""`make bench`: how long Koers takes to start, next to a bare PySide6 window started the same way.

Whole-process wall times, median of 7 starts interleaved with the bare window's, after one warm-up of each:
- the main window painted (target: within 1.5x the bare window);
- the sign-in form painted and ready for typing;
- a consulent signed in and 'Mijn werkvoorraad' painted with its rows (target: within 3x the bare window);
- the floor under that last figure: a process that only imports Python, PySide6 and the data layer, plus one
  argon2id check of a password (the parameters stay), which no start that signs someone in can go below.

Koers prints the moments itself when $KOERS_STARTUP_PROBE is set (desktop/app.py). The children read their
bytecode from .bench/pycache, as an installed Koers reads the bytecode its installer compiled; the warm-up writes
it. The platform is $QT_QPA_PLATFORM (default offscreen): `DISPLAY=:99 QT_QPA_PLATFORM=xcb` measures a real X server.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTS = 7
FIRST_PAINT_TARGET = 1.5
SIGNED_IN_TARGET = 3.0
TIMEOUT_S = 120


def consulent_username(db_path: Path) -> str:
    """The demo consulent the sign-in screen names first (every demo account has the demo password)."""
    from db.engine import Database
    from desktop.core.access.users import first_username

    database = Database(f"sqlite:///{db_path}")
    try:
        username = first_username(database, "consulent")
    finally:
        database.dispose()
    if username is None:
        raise RuntimeError(f"{db_path} has no consulent to sign in with")
    return username


def child_env(platform: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "PYTHONPYCACHEPREFIX": str(ROOT / ".bench" / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_markers(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from process start to each KOERS_<NAME> line the process prints; the process must end by itself."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    marks: dict[str, float] = {}
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            name = (line.split() or [""])[0]
            if name.startswith("KOERS_") and name not in marks:
                marks[name.removeprefix("KOERS_")] = time.perf_counter() - started
        proc.wait(timeout=TIMEOUT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return marks


# What any signed-in start must do before its first query, form or paint: Python, Qt and the data layer (the
# collector paused, as Koers does); timed as a process of its own to the line it prints, like the bare window.
FLOOR_IMPORTS = ("import gc; gc.disable(); import PySide6.QtWidgets, db.engine, db.models; import os; "
                 "print('KOERS_FLOOR', flush=True); os._exit(0)")


def argon2_check_seconds() -> float:
    """One check of a password hashed as Koers hashes them (median of 7): signing in waits for one."""
    from argon2 import PasswordHasher

    from desktop.core.access.signin import hash_password

    stored, checker, times = hash_password("floor-of-the-start"), PasswordHasher(), []
    for _ in range(STARTS):
        started = time.perf_counter()
        checker.verify(stored, "floor-of-the-start")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _line(label: str, seconds: float, bare: float | None = None, target: float | None = None) -> str:
    text = f"  {label:<44} {seconds * 1000:6.0f} ms"
    if bare is not None and target is not None:
        ratio = seconds / bare
        text += f"   ratio {ratio:5.2f}x  (target <= {target:.2f}x) {'OK' if ratio <= target else 'MISSED'}"
    return text


def bench_start(db_path: Path) -> list[str]:
    """The start-up figures as lines to print."""
    from db.schema import SchemaState, inspect_sqlite_file
    from desktop.core.demo.generator import DEMO_PASSWORD

    info = inspect_sqlite_file(db_path.resolve())
    if info.state is not SchemaState.CURRENT:  # Koers would first copy it aside and migrate it: not a start
        raise RuntimeError(f"{db_path} is {info.state.value} (schema {info.revision}), not at the newest schema")
    platform = os.environ.get("QT_QPA_PLATFORM") or "offscreen"
    env = child_env(platform)
    koers_env = {**env, "KOERS_STARTUP_PROBE": "1", "KOERS_STARTUP_PROBE_USER": consulent_username(db_path),
                 "KOERS_STARTUP_PROBE_PASSWORD": DEMO_PASSWORD}
    koers = [sys.executable, "-m", "desktop", "gui", "--db", str(db_path)]
    bare = [sys.executable, str(Path(__file__).with_name("bare_window.py"))]
    floor = [sys.executable, "-c", FLOOR_IMPORTS]
    time_markers(koers, koers_env)  # warm-up: file cache, bytecode
    time_markers(bare, env)
    runs: dict[str, list[float]] = {"BARE": [], "SHOWN": [], "SIGNIN": [], "SIGNED_IN": [], "FLOOR": []}
    for _ in range(STARTS):  # interleaved, so both see the same machine state
        marks = time_markers(koers, koers_env)
        missing = {"SHOWN", "SIGNIN", "SIGNED_IN"} - marks.keys()
        if missing:
            raise RuntimeError(f"Koers did not report {', '.join(sorted(missing))} (got {marks})")
        for name in ("SHOWN", "SIGNIN", "SIGNED_IN"):
            runs[name].append(marks[name])
        runs["BARE"].append(time_markers(bare, env)["SHOWN"])
        runs["FLOOR"].append(time_markers(floor, env)["FLOOR"])
    bare_s, shown, signin, signed_in, imports = (statistics.median(runs[k]) for k in
                                                 ("BARE", "SHOWN", "SIGNIN", "SIGNED_IN", "FLOOR"))
    check = argon2_check_seconds()
    return [f"start (median of {STARTS}, platform {platform}, {os.cpu_count()} cores, {db_path.name}):",
            _line("bare PySide6 window painted", bare_s),
            _line("Koers main window painted", shown, bare_s, FIRST_PAINT_TARGET),
            _line("sign-in form usable", signin),
            _line("consulent signed in, Mijn werkvoorraad painted", signed_in, bare_s, SIGNED_IN_TARGET),
            f"  floor of any signed-in start: Python, PySide6 and the data layer imported {imports * 1000:.0f} ms "
            f"+ one argon2id check {check * 1000:.0f} ms = {(imports + check) * 1000:.0f} ms "
            f"({(imports + check) / bare_s:.2f}x), before any query, form or paint"]


if __name__ == "__main__":  # python -m tests.bench.start [DATABASE]; default: the bench's 100,000-resident one
    from db.schema import head_revision

    default = ROOT / ".bench" / f"koers-100000-{head_revision()}.sqlite"
    print("\n".join(bench_start(Path(sys.argv[1]) if len(sys.argv) > 1 else default)))
