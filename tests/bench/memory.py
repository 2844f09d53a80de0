"""The memory Koers holds after searching and scrolling the resident list (target: under 250 MiB), measured in
a fresh process so nothing of the bench itself is counted: the Inwoners area of a casusregisseur, a dozen
searches typed key by key, and the list scrolled to its end for the broadest of them and for everyone.

Run alone: `python -m tests.bench.memory PATH` prints the resident set size now and at its peak, in MiB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TARGET_MIB = 250
ROOT = Path(__file__).resolve().parents[2]


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def exercise(db_path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from sqlmodel import select

    from db.engine import Database
    from db.models import User
    from db.models.enums import Role
    from desktop.app import create_application
    from desktop.core.access.actor import Actor
    from desktop.ui.residents.page import ResidentsPage
    from tests.bench.search import typed_queries

    app = create_application()
    database = Database(f"sqlite:///{db_path}")
    with database.read() as s:
        user = s.exec(select(User).where(User.role == Role.CASUSREGISSEUR).order_by(User.id)).first()
    page = ResidentsPage(database, Actor(user.id, user.username, user.display_name, user.role, "bench"))
    page.resize(1166, 700)
    page.show()
    app.processEvents()
    texts = [t for group in typed_queries(database).values() for t in group]
    for text in [*texts, "B", ""]:
        for end in range(1, len(text) + 1) if text else [0]:
            page.search.setText(text[:end])
            page.run_search()
            app.processEvents()
        while page.model.canFetchMore():  # scrolled to the end
            page.model.fetchMore()
            page.table.scrollToBottom()
            app.processEvents()
    page._settled.stop()
    print(f"KOERS_RSS {_status('VmRSS'):.0f} {_status('VmHWM'):.0f}", flush=True)


def bench_memory(db_path: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, "-m", "tests.bench.memory", str(db_path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("KOERS_RSS"))
    now, peak = (float(v) for v in line.split()[1:])
    return [f"  memory after searching and scrolling: {now:.0f} MiB (peak {peak:.0f} MiB)   "
            f"(target < {TARGET_MIB} MiB) {'OK' if peak < TARGET_MIB else 'MISSED'}"]


if __name__ == "__main__":
    exercise(Path(sys.argv[1]))
