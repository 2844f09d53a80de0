"""The crash harness in its long form (issue 17, point 2): at least 500 kills of a writer doing real work, each
followed by every check (tests/durability/harness.py). $KOERS_BENCH_CRASH_KILLS sets the number of kills,
$KOERS_BENCH_CRASH_SEED the seed. Works in a folder under .bench/ (same disk as the repository), removed when all
checks held and kept for a look when one failed.

`python -m tests.bench.crash` prints the lines; tests/bench/run.py calls bench_crash().
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
KILLS = 500
PROGRESS_EVERY = 50


def bench_crash() -> list[str]:
    """Kills, acknowledged writes by kind, whether every check held (or what failed), and the seconds taken."""
    from tests.durability.harness import WINDOW_MS, run_kills

    kills = int(os.environ.get("KOERS_BENCH_CRASH_KILLS") or KILLS)
    seed = int(os.environ.get("KOERS_BENCH_CRASH_SEED") or 2026)
    BENCH_DIR.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="crash-", dir=BENCH_DIR))

    def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            print(f"  crash harness: {done}/{total} kills", file=sys.stderr, flush=True)

    result = run_kills(workdir, kills, seed, progress)
    lines = [f"crash harness (issue 17; writer SIGKILLed {WINDOW_MS[0]}-{WINDOW_MS[1]} ms after it is ready, "
             f"every check after every kill; seed {seed}):"]
    lines += [f"  {line}" for line in result.lines()]
    if result.ok:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        lines.append(f"  kept for a look: {workdir}")
    return lines


if __name__ == "__main__":
    print("\n".join(bench_crash()))
