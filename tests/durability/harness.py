"""The crash harness (issue 17, point 2): kill a writer at random moments and prove that nothing it was told had
been saved is lost, and that nothing half-made is left behind.

`run_kills(workdir, kills, seed)` prepares a demo database, then `kills` times starts the writer
(tests/durability/writer.py) as a process, lets it work 20 to 400 ms after it says `ready` (the window varies, so
kills land in commits, in letter rendering and in file writes alike), SIGKILLs it, and verifies (`verify`):

- the SQLite file: `PRAGMA integrity_check` is ok and `koers check` (run_check; quick after each kill, full at the
  end) finds nothing;
- every acknowledged write in the ledger is in the database: the resident (number and name digest), the plan
  version, the plan text saved (the last acknowledged token, or a token of a save the kill interrupted, never one a
  refused save carried), the agreement, the booked hours, the issued letter (its bytes matching its SHA-256);
- no acknowledged overrun, and for every decision the hours counted against it (the core's `counted_minutes`) are
  at most its ceiling (`Beschikking.ceiling_minutes`: indicated plus surplus, the definition the ledger, the
  trigger and `koers check` use);
- the letters folder: every `*.pdf` is whole (starts with `%PDF-`, ends with `%%EOF`), every acknowledged file is
  there with its SHA-256. A kill in the middle of writing leaves only `<name>.pdf.deel`: allowed, counted, never
  read as a letter (it does not end in `.pdf`); any other file is a problem.

A line the kill tore in the ledger (no newline yet) is cut off before verifying: that write was never acknowledged.
Subprocesses get the fixed clock through KOERS_TEST_CLOCK, a moment 10 s later per run, all on the same day.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.durability.writer import PARTIAL_SUFFIX, READY, TOKEN_MARK, prepare_database

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "koers.sqlite"
LEDGER_NAME = "ledger.jsonl"
LETTERS_DIR = "brieven"
STDERR_NAME = "writer-stderr.log"
READY_TIMEOUT_S = 60.0
WINDOW_MS = (20, 400)
KINDS = ("resident", "plan_draft", "plan_save", "plan_agree", "hours", "letter", "letter_file")


@dataclass
class Result:
    """What a run of kills did and found. `ok` only when every check after every kill held."""

    kills: int = 0
    acknowledged: Counter[str] = field(default_factory=Counter)  # ack lines per kind
    refused: Counter[str] = field(default_factory=Counter)  # refusals per kind (an overrun: 'hours_over')
    in_flight: Counter[str] = field(default_factory=Counter)  # what each kill interrupted ('between': no call)
    problems: list[str] = field(default_factory=list)
    partial_files: int = 0  # `.deel` leftovers of a kill mid-write
    torn_lines: int = 0  # ledger lines a kill cut (never acknowledged)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The figures, printable."""
        def counts(c: Counter[str]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "none"

        out = [f"kills: {self.kills} in {self.seconds:.1f} s",
               f"acknowledged writes: {sum(self.acknowledged.values())} ({counts(self.acknowledged)})",
               f"refused (as they must be): {counts(self.refused)}",
               f"kill landed during: {counts(self.in_flight)}",
               f"left by kills mid-write: {self.partial_files} temp files (.deel), {self.torn_lines} torn ledger lines"]
        if self.ok:
            out.append("all checks held: integrity_check ok, koers check clean (quick per kill, full at the end), "
                       "every acknowledged write present, realised <= indicated everywhere, no half-written PDF")
        else:
            out.append(f"FAILED: {len(self.problems)} problems")
            out += [f"  - {p}" for p in self.problems[:20]]
        return out


# ---------------------------------------------------------------- the ledger

def read_ledger(path: Path) -> list[dict[str, Any]]:
    """The complete lines of the ledger (a torn last line must have been cut off by `cut_torn_tail`)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def cut_torn_tail(path: Path) -> int:
    """Cuts a last line the kill tore (no newline yet); 1 when there was one. That write was never acknowledged."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    if not data or data.endswith(b"\n"):
        return 0
    with open(path, "r+b") as handle:
        handle.truncate(data.rfind(b"\n") + 1)
        handle.flush()
        os.fsync(handle.fileno())
    return 1


# ---------------------------------------------------------------- verifying

def verify(workdir: Path, *, full: bool = False, new_from: int = 0) -> list[str]:
    """Every check of one moment after a kill; the problems found (empty: all held).

    Every acknowledged write is looked up each time; the bytes of letters and files are hashed for the ledger lines
    from `new_from` on (the ones since the last check: bytes once verified stay in their row or file), all of them
    when `full`."""
    from db.engine import Database
    from desktop.core.maintenance.check import run_check

    problems: list[str] = []
    try:
        entries = read_ledger(workdir / LEDGER_NAME)
    except json.JSONDecodeError as exc:
        return [f"ledger: a complete line is not JSON ({exc})"]
    hash_from = 0 if full else new_from
    database = Database(f"sqlite:///{(workdir / DB_NAME).resolve()}")
    try:
        with database.engine.connect() as conn:
            integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            problems += [f"integrity_check: {line}" for line in integrity[:10]]
        report = run_check(database, full=full)
        problems += [f"koers check ({report.mode}): {p}" for p in report.problems]
        problems += _database_problems(database, entries, hash_from)
    finally:
        database.dispose()
    problems += _file_problems(workdir / LETTERS_DIR, entries, hash_from)[0]
    return problems


def _database_problems(database: Any, entries: list[dict[str, Any]], hash_from: int) -> list[str]:
    from sqlmodel import col, select

    from db.models import Beschikking, Letter, Plan, Realisation, Resident
    from db.models.enums import PlanStatus
    from desktop.core.decisions.queries import counted_minutes
    from tests.durability.writer import name_digest

    problems: list[str] = []
    # The text a plan must hold: its last acknowledged token, or one of a save tried after it (a kill may have
    # come after the commit and before the ack). A refused save's token must never be there.
    allowed: dict[int, set[str]] = {}
    saved_version: dict[int, int] = {}
    tried: dict[str, str] = {}  # per run: the token of its last save tried (a refusal answers that one)
    for e in entries:
        if e["kind"] != "plan_save":
            continue
        pid = int(e["plan_id"])
        if e["op"] == "try":
            allowed.setdefault(pid, set()).add(e["token"])
            tried[e["run"]] = e["token"]
        elif e["op"] == "ack":
            allowed[pid] = {e["token"]}
            saved_version[pid] = int(e["version"])
        elif e["op"] == "refused":
            allowed.get(pid, set()).discard(tried.get(e["run"], ""))
    with database.read() as s:
        # Whole tables in one read each (they are small here): a lookup per ledger line would grow with every kill.
        residents = {r.id: (r.client_number, name_digest(r.initials, r.prefix, r.surname, r.date_of_birth))
                     for r in s.exec(select(Resident)).all()}
        plans = {p.id: p for p in s.exec(select(Plan)).all()}
        bookings = {r[0]: tuple(r[1:]) for r in s.exec(select(
            Realisation.id, Realisation.beschikking_id, Realisation.minutes, Realisation.service_date)).all()}
        letters = dict(s.exec(select(Letter.id, Letter.kenmerk)).all())
        to_hash: list[tuple[str, int, str]] = []
        for index, e in enumerate(entries):
            if e["op"] != "ack":
                continue
            kind = e["kind"]
            where = f"ack {e['run']}#{e['n']} ({kind})"
            if kind == "resident":
                if e["id"] not in residents:
                    problems.append(f"{where}: resident {e['id']} is missing")
                elif residents[e["id"]] != (e["client_number"], e["digest"]):
                    problems.append(f"{where}: resident {e['id']} differs from what was acknowledged")
            elif kind == "plan_draft":
                p = plans.get(e["plan_id"])
                if p is None or p.casus_id != e["casus_id"] or p.version_no != e["version_no"]:
                    problems.append(f"{where}: plan version {e['plan_id']} is missing or differs")
            elif kind == "plan_agree":
                p = plans.get(e["plan_id"])
                if p is None or p.status is not PlanStatus.AKKOORD or str(p.agreed_date) != e["agreed_date"]:
                    problems.append(f"{where}: the agreement of plan {e['plan_id']} is missing")
            elif kind in ("hours", "hours_over"):
                if kind == "hours_over":
                    problems.append(f"{where}: {e['minutes']} minutes booked with {e['remaining']} left: the "
                                    "overrun was accepted")
                found = bookings.get(e["id"])
                if found is None or (found[0], found[1], str(found[2])) != (e["decision_id"], e["minutes"],
                                                                            e["service_date"]):
                    problems.append(f"{where}: booking {e['id']} is missing or differs")
            elif kind == "letter":
                for letter_id, kenmerk in e["letters"]:
                    if letters.get(letter_id) != kenmerk:
                        problems.append(f"{where}: letter {letter_id} ({kenmerk}) is missing")
                    elif index >= hash_from:
                        to_hash.append((where, letter_id, kenmerk))
        for where, letter_id, kenmerk in to_hash:
            pdf, sha = s.exec(select(Letter.pdf, Letter.sha256).where(col(Letter.id) == letter_id)).one()
            if hashlib.sha256(bytes(pdf)).hexdigest() != sha:
                problems.append(f"{where}: letter {kenmerk}: its bytes do not match their SHA-256")
        for pid, tokens in allowed.items():
            if pid not in saved_version:
                continue  # only tried, never acknowledged: either text may be there
            p = plans.get(pid)
            text = (p.what_matters or "") if p is not None else ""
            token = text.rsplit(TOKEN_MARK, 1)[1].strip() if TOKEN_MARK in text else None
            if p is None or p.version < saved_version[pid]:
                problems.append(f"plan {pid}: version {p.version if p else None} is older than the acknowledged "
                                f"{saved_version[pid]}")
            if token not in tokens:
                problems.append(f"plan {pid}: the text holds token {token}, acknowledged was one of {sorted(tokens)}")
        for decision in s.exec(select(Beschikking)).all():
            counted = counted_minutes(s, decision)
            if counted > decision.ceiling_minutes:
                problems.append(f"decision {decision.id}: {counted} minutes realised, ceiling "
                                f"{decision.ceiling_minutes}")
    return problems


def _file_problems(folder: Path, entries: list[dict[str, Any]], hash_from: int = 0) -> tuple[list[str], int]:
    """Problems in the letters folder, and how many `.deel` leftovers it holds. Every `*.pdf` is checked for its
    head and tail; the acknowledged files from line `hash_from` on also for their SHA-256."""
    problems: list[str] = []
    partial = 0
    present = {p.name: p for p in folder.iterdir()} if folder.exists() else {}
    for name, path in sorted(present.items()):
        if name.endswith(".pdf"):
            with open(path, "rb") as handle:
                head = handle.read(5)
                size = handle.seek(0, os.SEEK_END)
                handle.seek(max(0, size - 64))
                tail = handle.read()
            if head != b"%PDF-" or not tail.rstrip().endswith(b"%%EOF"):
                problems.append(f"file {name}: not a whole PDF ({size} bytes)")
        elif name.endswith(".pdf" + PARTIAL_SUFFIX):
            partial += 1
        else:
            problems.append(f"file {name}: not a letter and not a temp file of one")
    for index, e in enumerate(entries):
        if e["op"] == "ack" and e["kind"] == "letter_file":
            path = present.get(e["name"])
            if path is None:
                problems.append(f"ack {e['run']}#{e['n']}: file {e['name']} is missing")
            elif path.stat().st_size != e["size"] or \
                    (index >= hash_from and hashlib.sha256(path.read_bytes()).hexdigest() != e["sha256"]):
                problems.append(f"ack {e['run']}#{e['n']}: file {e['name']} differs from what was written")
    return problems, partial


# ---------------------------------------------------------------- killing

def _wait_ready(proc: subprocess.Popen[bytes], timeout: float) -> bool:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = proc.stdout.readline()
        if not line:
            return False  # the writer ended before it was ready
        if line.strip() == READY.encode():
            return True
    return False


def _stderr_tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def run_kills(workdir: Path, kills: int, seed: int, progress: Callable[[int, int], object] | None = None, *,
              today: date | None = None, window_ms: tuple[int, int] = WINDOW_MS) -> Result:
    """Prepares the database in `workdir`, kills the writer `kills` times and verifies after each kill (see the
    module docstring). Stops at the first kill after which a check failed: the Result says what."""
    from db import clock

    started = time.perf_counter()
    workdir.mkdir(parents=True, exist_ok=True)
    ledger, letters, stderr_path = workdir / LEDGER_NAME, workdir / LETTERS_DIR, workdir / STDERR_NAME
    for old in (ledger, stderr_path):
        old.unlink(missing_ok=True)
    letters.mkdir(exist_ok=True)
    for old_file in letters.iterdir():
        old_file.unlink()
    day = today or clock.today()
    prepare_database(workdir / DB_NAME, seed, today=day)
    rng = random.Random(seed)
    result = Result()
    morning = clock.morning_of(day)
    for k in range(kills):
        lines_before = len(read_ledger(ledger))
        env = {**os.environ, clock.FIXED_CLOCK_ENV: (morning + timedelta(seconds=10 * k)).isoformat()}
        with open(stderr_path, "ab") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.durability.writer", str(workdir / DB_NAME), str(ledger),
                 str(seed * 100_000 + k), "--letters-dir", str(letters)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr)
        try:
            if not _wait_ready(proc, READY_TIMEOUT_S):
                result.problems.append(f"kill {k + 1}: the writer did not get ready:\n{_stderr_tail(stderr_path)}")
                break
            time.sleep(rng.uniform(*window_ms) / 1000)
            if proc.poll() is not None:
                result.problems.append(f"kill {k + 1}: the writer stopped by itself (exit {proc.returncode}):\n"
                                       f"{_stderr_tail(stderr_path)}")
                break
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()
        result.kills += 1
        result.torn_lines += cut_torn_tail(ledger)
        entries = read_ledger(ledger)
        last = entries[-1] if len(entries) > lines_before else None
        result.in_flight[last["kind"] if last and last["op"] == "try" else "between"] += 1
        found = verify(workdir, new_from=lines_before)
        if progress is not None:
            progress(k + 1, kills)
        if found:
            result.problems += [f"after kill {k + 1}: {p}" for p in found]
            break
    if result.ok:
        result.problems += [f"at the end: {p}" for p in verify(workdir, full=True)]
    entries = read_ledger(ledger)
    result.acknowledged.update(e["kind"] for e in entries if e["op"] == "ack")
    result.refused.update(e["kind"] for e in entries if e["op"] == "refused")
    result.partial_files = _file_problems(letters, [])[1]
    result.seconds = time.perf_counter() - started
    return result
