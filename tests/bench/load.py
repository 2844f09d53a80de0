"""A team on one PostgreSQL server: N processes, each a consulent, work at once for a while (issue 17, point 6).

Each process opens residents' files, edits plans, books hours on a few decisions every process shares and issues
letters on them, through the same core services the screens call. A consulent may neither book hours nor issue
letters (the permission table gives both to a medewerker), so each process signs in as its own consulent and its
own medewerker: the pair is one desk of the team. Every call that returned is acknowledged and written, with its
latency, to the process's own result file (JSON lines); every refusal by kind; anything else with its traceback.

Afterwards the parent checks what a team must be able to trust: every acknowledged change is in the database (no
lost update of a plan, each booking, each letter), the never-exceed rule holds for every decision, the access log
has exactly one line for every acknowledged action (per user, action and record), and `koers check` is clean.

Run alone: `python -m tests.bench.load [--processes N --seconds S]`; `make bench` calls bench_load().
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
DATABASE = "koers_load"  # the load test's own database on the bench server, made again on every run
SHARED_DECISIONS = 8  # decisions every process books and issues letters on: the never-exceed rule is contended
SHARED_REMAINING_H = (3, 40)  # hours left on a shared decision: reached within a minute by a busy team
SHARE_OF_SHARED = 0.5  # how often a process works on a shared file rather than its own caseload
BOOK_MINUTES = (15, 30, 45, 60)
REASON = "Waarneming voor een collega (belastingtest)"
MEDEWERKER_PREFIX = "bench.medewerker"
KINDS = ("open_file", "open_plan", "start_draft", "save_plan", "book_hours", "issue_letter")


# ---------------------------------------------------------------- the database and its seed

def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _plain(url: str) -> str:
    """A libpq URL for psycopg (SQLAlchemy's driver suffix removed)."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def fresh_database(server_url: str) -> str:
    """Drops and creates the load test's own database on the server; a run never sees an earlier run's rows."""
    import psycopg

    with psycopg.connect(_plain(server_url), autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{DATABASE}"')
    return _with_database(server_url, DATABASE)


def seed(url: str, processes: int) -> dict[str, Any]:
    """Demo data at the demo's own ratio (one consulent per 200 residents, so at least one per process), a
    medewerker per process, the shared decisions (each ready for a letter, with hours left) and a concept plan for
    each shared case. Returns what the workers need and the last access-log id before the run."""
    from sqlalchemy import func
    from sqlmodel import col, or_, select

    from db import clock
    from db.models import AuditEntry, Beschikking, Casus, Realisation, Resident, User
    from db.models.enums import DecisionKind, DecisionStatus, FinancingForm, Role
    from desktop.core.access.actor import Actor
    from desktop.core.access.signin import hash_password
    from desktop.core.demo.generator import DEMO_PASSWORD, generate_demo
    from desktop.core.letters.pipeline import preflight
    from desktop.core.maintenance.database import open_database
    from desktop.core.plans.versions import start_draft

    db = open_database(url)  # Koers' own migrations make the schema
    try:
        generate_demo(db, max(300, 200 * processes), seed=2026)
        password = hash_password(DEMO_PASSWORD)
        with db.write() as s:
            consulenten = s.exec(select(User).where(User.role == Role.CONSULENT, col(User.active))
                                 .order_by(col(User.id))).all()[:processes]
            if len(consulenten) < processes:
                raise RuntimeError(f"the demo has {len(consulenten)} consulenten for {processes} processes")
            medewerkers = []
            for i in range(processes):
                user = User(username=f"{MEDEWERKER_PREFIX}{i + 1:02d}", display_name=f"Bench Medewerker {i + 1:02d}",
                            role=Role.MEDEWERKER, password_hash=password)
                s.add(user)
                medewerkers.append(user)
            s.flush()
            pairs = [(c.id, m.id) for c, m in zip(consulenten, medewerkers, strict=True)]
        today = clock.today()
        with db.read() as s:
            b = Beschikking
            r = Realisation
            counted = (select(func.coalesce(func.sum(r.minutes), 0))
                       .where(r.beschikking_id == b.id, or_(col(r.no_show).is_(False), col(b.no_show_counts)))
                       .correlate(b).scalar_subquery())
            remaining = b.indicated_minutes + b.surplus_minutes - counted
            rows = s.exec(
                select(b.id, b.casus_id, remaining)
                .where(col(b.status).in_([DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN]),
                       b.kind == DecisionKind.TOEKENNING, b.financing_form == FinancingForm.UREN_X_TARIEF,
                       col(b.ended_date).is_(None), b.start_date <= today - timedelta(days=28), b.end_date >= today,
                       remaining.between(SHARED_REMAINING_H[0] * 60, SHARED_REMAINING_H[1] * 60))
                .order_by(b.id)).all()
        medewerker = Actor(pairs[0][1], f"{MEDEWERKER_PREFIX}01", "Bench Medewerker 01", Role.MEDEWERKER, "bench-seed")
        ready = set(preflight(db, medewerker, [r[0] for r in rows], new_version=True).ready)
        shared: list[tuple[int, int]] = []  # (decision id, casus id), one decision per case
        for decision_id, casus_id, _ in rows:
            if any(j.id == decision_id for j in ready) and casus_id not in {c for _, c in shared}:
                shared.append((decision_id, casus_id))
            if len(shared) == SHARED_DECISIONS:
                break
        if not shared:
            raise RuntimeError("no decision in the demo fits the load test (open, hours left, letter ready)")
        with db.read() as s:
            owners = {c.id: (c.resident_id, c.consulent_id) for c in
                      s.exec(select(Casus).where(col(Casus.id).in_([c for _, c in shared])))}
            users = {u.id: u for u in s.exec(select(User))}
        shared_cases = []
        for decision_id, casus_id in shared:  # a concept for each shared plan, so the run only edits drafts
            resident_id, consulent_id = owners[casus_id]
            owner = users[consulent_id]
            start_draft(db, Actor(owner.id, owner.username, owner.display_name, owner.role, "bench-seed"), casus_id)
            shared_cases.append({"decision": decision_id, "casus": casus_id, "resident": resident_id})
        with db.read() as s:
            baseline = s.exec(select(func.max(AuditEntry.id))).one() or 0
            residents = s.exec(select(func.count()).select_from(Resident)).one()
        return {"pairs": pairs, "shared": shared_cases, "baseline": baseline, "residents": residents}
    finally:
        db.dispose()


# ---------------------------------------------------------------- one process: one desk of the team

class _Desk:
    """A consulent and a medewerker at work; every service call that returned is written as acknowledged."""

    def __init__(self, url: str, index: int, consulent_id: int, medewerker_id: int, shared: list[dict[str, int]],
                 out: Path):
        from sqlmodel import col, or_, select

        from db.engine import Database
        from db.models import Casus, Resident, User
        from desktop.core.access.actor import Actor

        self.db = Database(url)
        self.index = index
        self.rng = random.Random(index)
        self.out = out.open("a", encoding="utf-8")
        self.shared = shared
        self.serial = 0
        with self.db.read() as s:
            c, m = s.get(User, consulent_id), s.get(User, medewerker_id)
            assert c is not None and m is not None  # made by seed()
            self.consulent = Actor(c.id, c.username, c.display_name, c.role, f"bench-{index:02d}")
            self.medewerker = Actor(m.id, m.username, m.display_name, m.role, f"bench-{index:02d}")
            self.own = sorted(set(s.exec(select(Resident.id).where(Resident.consulent_id == consulent_id)).all()) |
                              set(s.exec(select(Casus.resident_id).where(Casus.consulent_id == consulent_id)).all()))
            own_cases: dict[int, int] = {}
            for casus_id, resident_id in s.exec(select(Casus.id, Casus.resident_id).where(
                    or_(Casus.consulent_id == consulent_id, col(Casus.resident_id).in_(self.own)))
                    .order_by(col(Casus.melding_date), col(Casus.id))):
                own_cases[resident_id] = casus_id  # the newest case of each own resident
        self.own_cases = own_cases
        self.own = [r for r in self.own if r in own_cases]

    def write(self, **line: Any) -> None:
        self.out.write(json.dumps(line, default=str) + "\n")
        self.out.flush()

    def call(self, kind: str, fn: Any, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """Runs one service call; (True, result) when it returned, (False, exception) for a Dutch refusal."""
        from desktop.core.errors import KoersError

        started = time.perf_counter()
        try:
            result = fn(*args, **kwargs)
        except KoersError as exc:
            self.write(t="refusal", kind=kind, refusal=type(exc).__name__, message=str(exc)[:300],
                       ms=(time.perf_counter() - started) * 1000)
            return False, exc
        except Exception as exc:  # noqa: BLE001 - an unexpected error is a finding: recorded, then work goes on
            self.write(t="error", kind=kind, error=type(exc).__name__, message=str(exc)[:500],
                       traceback=traceback.format_exc(), ms=(time.perf_counter() - started) * 1000)
            return False, exc
        self.ms = (time.perf_counter() - started) * 1000
        return True, result

    def ack(self, kind: str, **details: Any) -> None:
        self.write(t="ack", kind=kind, ms=self.ms, **details)

    def warm_up(self) -> None:
        """The first call of a fresh process imports ReportLab and compiles its statements: a second or more of
        CPU that 20 processes on two cores would otherwise spend inside the measured window. Read-only calls that
        write no access-log line (a file read again, a letter's pre-flight) do it beforehand."""
        import desktop.letters.batch  # noqa: F401 - imported for its import time
        import desktop.letters.beschikking  # noqa: F401
        from db import clock
        from desktop.core.letters.pipeline import preflight
        from desktop.core.residents.casefile import open_resident_file

        if self.own:
            open_resident_file(self.db, self.consulent, self.own[0], logged=False)
        preflight(self.db, self.medewerker, [self._shared_decision()], letter_date=clock.today(), new_version=True)

    def work(self, until: float) -> None:
        steps = (self.open_and_edit, self.book_hours, self.issue_letter)
        while time.monotonic() < until:
            for step in steps:
                if time.monotonic() >= until:
                    break
                step(until)

    def open_and_edit(self, until: float) -> None:
        """Open a resident's file, then the plan of their case; change it, saved against the version read."""
        from desktop.core.errors import ConflictError
        from desktop.core.plans.versions import open_plan, save_draft, start_draft
        from desktop.core.residents.casefile import open_resident_file

        if self.rng.random() < SHARE_OF_SHARED or not self.own:
            case = self.rng.choice(self.shared)
            resident_id, casus_id = case["resident"], case["casus"]
        else:
            resident_id = self.rng.choice(self.own)
            casus_id = self.own_cases[resident_id]
        reason = None if resident_id in self.own_cases else REASON
        ok, _ = self.call("open_file", open_resident_file, self.db, self.consulent, resident_id, reason=reason)
        if not ok:
            return
        self.ack("open_file", user=self.consulent.user_id, action="inwoner.inzien", record=resident_id)
        if time.monotonic() >= until:
            return
        for attempt in (1, 2):
            ok, doc = self.call("open_plan", open_plan, self.db, self.consulent, casus_id, reason=reason)
            if not ok:
                return
            if doc is not None:
                self.ack("open_plan", user=self.consulent.user_id, action="plan.inzien", record=doc.plan.id)
            if doc is None or not doc.editable:
                before = doc.plan.id if doc is not None else None
                ok, doc = self.call("start_draft", start_draft, self.db, self.consulent, casus_id, reason=reason)
                if not ok:
                    return
                created = doc.plan.id != before
                self.ack("start_draft", user=self.consulent.user_id, action="plan.nieuwe_versie" if created else None,
                         record=doc.plan.id)
            self.serial += 1
            token = f"[w{self.index:02d}.{self.serial:05d}]"
            data = doc.to_input()
            data.what_matters = f"{data.what_matters} {token}".strip()
            ok, result = self.call("save_plan", save_draft, self.db, self.consulent, doc.plan.id, data,
                                   doc.plan.version, reason=reason)
            if ok:
                saved = result[0].plan
                self.ack("save_plan", user=self.consulent.user_id, action="plan.opslaan", record=saved.id,
                         token=token, read_version=doc.plan.version, version=saved.version, attempt=attempt)
                return
            if not isinstance(result, ConflictError) or time.monotonic() >= until:
                return  # a conflict is read again and tried once more, as a consulent would

    def _shared_decision(self) -> int:
        return self.rng.choice(self.shared)["decision"]

    def book_hours(self, until: float) -> None:
        """A small booking on one of the shared decisions: near the total, some are refused, none may pass it."""
        from db import clock
        from db.models import Beschikking
        from desktop.core.decisions.ledger import add_realisation

        decision_id = self._shared_decision()
        with self.db.read() as s:
            b = s.get(Beschikking, decision_id)
            assert b is not None  # chosen by seed()
            last = min(b.end_date, b.ended_date or b.end_date, clock.today())
            first = max(b.start_date, last - timedelta(days=27))
        day = first + timedelta(days=self.rng.randrange((last - first).days + 1))
        minutes = self.rng.choice(BOOK_MINUTES)
        ok, entry = self.call("book_hours", add_realisation, self.db, self.medewerker, decision_id, day,
                              minutes // 60 if minutes % 60 == 0 else _hours(minutes))
        if ok:
            self.ack("book_hours", user=self.medewerker.user_id, action="uren.invoeren", record=entry.id,
                     decision=decision_id, minutes=minutes, day=day.isoformat())

    def issue_letter(self, until: float) -> None:
        """A new version of a shared decision's letter; a colleague's letter in between parks it (Taken)."""
        from db import clock
        from desktop.core.letters.pipeline import issue_letters

        decision_id = self._shared_decision()
        ok, batch = self.call("issue_letter", issue_letters, self.db, self.medewerker, [decision_id],
                              letter_date=clock.today(), new_version=True)
        if not ok:
            return
        for letter_id, kenmerk in zip(batch.letter_ids, batch.kenmerken, strict=True):
            self.ack("issue_letter", user=self.medewerker.user_id, action="brief.aanmaken", record=letter_id,
                     decision=decision_id, kenmerk=kenmerk)
        for parked in batch.parked:
            taken = "collega" in " ".join(parked.problems) or "intussen" in " ".join(parked.problems)
            self.write(t="refusal", kind="issue_letter", refusal="Taken" if taken else "Parked",
                       message=" ".join(parked.problems)[:300], ms=self.ms)


def _hours(minutes: int) -> Any:
    from decimal import Decimal

    return Decimal(minutes) / 60


def worker(url: str, index: int, consulent_id: int, medewerker_id: int, shared: list[dict[str, int]], out: Path,
           go: Path, seconds: float) -> None:
    """Gets ready (imports, connection, own caseload), says so, waits for the common start, works until the end."""
    desk = _Desk(url, index, consulent_id, medewerker_id, shared, out)
    desk.warm_up()
    desk.write(t="ready")
    while not go.exists():
        time.sleep(0.02)
    start = float(go.read_text())
    while time.monotonic() < start:
        time.sleep(0.005)
    desk.write(t="start", at=time.monotonic())
    desk.work(start + seconds)
    desk.write(t="end", at=time.monotonic())
    desk.out.close()
    desk.db.dispose()


# ---------------------------------------------------------------- the parent: start, wait, verify, report

def _read(paths: Iterable[Path]) -> list[dict[str, Any]]:
    lines = []
    for path in paths:
        if path.exists():
            lines += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def verify(url: str, seeded: dict[str, Any], acks: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(notes, failures): every acknowledged change is there, the ledger rule holds, the access log has a line for
    every acknowledged action and nothing more, `koers check` is clean."""
    from sqlmodel import col, select

    from db.engine import Database
    from db.models import AuditEntry, Beschikking, Letter, Plan, Realisation
    from desktop.core.decisions.queries import counted_minutes
    from desktop.core.maintenance.check import decisions_over_ceiling, run_check

    failures: list[str] = []
    notes: list[str] = []
    db = Database(url)
    try:
        with db.read() as s:
            # plans: every acknowledged token in the final text (no save overwrote another), one version per save
            saves = [a for a in acks if a["kind"] == "save_plan"]
            by_plan: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for a in saves:
                by_plan[a["record"]].append(a)
            for plan_id, done in by_plan.items():
                plan = s.get(Plan, plan_id)
                text = (plan.what_matters or "") if plan is not None else ""
                missing = [a["token"] for a in done if a["token"] not in text]
                if missing:
                    failures.append(f"plan {plan_id}: {len(missing)} acknowledged saves missing from the text "
                                    f"({', '.join(missing[:5])})")
                versions = Counter(a["version"] for a in done)
                twice = [v for v, n in versions.items() if n > 1]
                if twice:
                    failures.append(f"plan {plan_id}: two acknowledged saves both made version {twice[:5]}")
                if plan is not None and plan.version < max(versions):
                    failures.append(f"plan {plan_id}: version {plan.version} below acknowledged {max(versions)}")
            # hours: each acknowledged booking present as acknowledged
            booked = [a for a in acks if a["kind"] == "book_hours"]
            ids = [a["record"] for a in booked]
            rows = {r.id: r for r in s.exec(select(Realisation).where(col(Realisation.id).in_(ids)))} if ids else {}
            for a in booked:
                r = rows.get(a["record"])
                if r is None or (r.beschikking_id, r.minutes, r.service_date.isoformat(), r.entered_by_id) != (
                        a["decision"], a["minutes"], a["day"], a["user"]):
                    failures.append(f"hours booking {a['record']} on decision {a['decision']} acknowledged but "
                                    f"{'missing' if r is None else 'different'} in the database")
            # letters: each acknowledged letter present with its kenmerk, issuer and the hash of its bytes
            issued = [a for a in acks if a["kind"] == "issue_letter"]
            ids = [a["record"] for a in issued]
            letters = {x.id: (x.kenmerk, x.beschikking_id, x.issued_by_id) for x in
                       s.exec(select(Letter).where(col(Letter.id).in_(ids)))} if ids else {}
            for a in issued:
                if letters.get(a["record"]) != (a["kenmerk"], a["decision"], a["user"]):
                    failures.append(f"letter {a['record']} ({a['kenmerk']}) acknowledged but missing or different")
            # the ledger rule, in the core's own words (indicated plus surplus), for every decision
            over = decisions_over_ceiling(s.connection())
            for row in over:
                failures.append(f"decision {row[0]} ({row[1]}): realised {row[2]} min above the ceiling {row[3]} min")
            fill = []
            for case in seeded["shared"]:
                b = s.get(Beschikking, case["decision"])
                assert b is not None
                fill.append(f"{counted_minutes(s, b) / 60:g}/{b.ceiling_minutes / 60:g} h")
            notes.append(f"shared decisions after the run (realised/ceiling): {', '.join(fill)}")
            # the access log: one line per acknowledged action, per user, action and record; none without one
            logged = Counter((e.user_id, e.action, e.record_id) for e in s.exec(
                select(AuditEntry).where(AuditEntry.id > seeded["baseline"], AuditEntry.outcome == "ok")))
            refused_lines = s.exec(select(AuditEntry).where(AuditEntry.id > seeded["baseline"],
                                                            AuditEntry.outcome != "ok")).all()
            expected = Counter((a["user"], a["action"], a["record"]) for a in acks if a.get("action"))
            missing_lines = expected - logged
            extra_lines = logged - expected
            per_action = Counter(k[1] for k in expected.elements())
            notes.append("access log lines checked: " + ", ".join(f"{k} {n}" for k, n in sorted(per_action.items())))
            if missing_lines:
                failures.append(f"{sum(missing_lines.values())} acknowledged actions without their access-log line: "
                                f"{list(missing_lines.items())[:5]}")
            if extra_lines:
                failures.append(f"{sum(extra_lines.values())} access-log lines without an acknowledged action "
                                f"(a change the caller was told failed?): {list(extra_lines.items())[:5]}")
            if refused_lines:
                failures.append(f"{len(refused_lines)} access-log lines of refused access: "
                                f"{Counter(e.action for e in refused_lines).most_common(5)}")
        report = run_check(db)
        if not report.ok:
            failures.append(f"koers check: {len(report.problems)} problems: {report.problems[:5]}")
        notes.append(f"koers check: {'no problems' if report.ok else 'PROBLEMS'} ({len(report.checked)} rules, "
                     f"{report.seconds:.1f} s)")
    finally:
        db.dispose()
    return notes, failures


def run_load(url: str, processes: int, seconds: float, work_dir: Path) -> list[str]:
    """Seeds the database at `url` (fresh), runs the processes, verifies; the report's lines."""
    started = time.perf_counter()
    seeded = seed(url, processes)
    seed_s = time.perf_counter() - started
    go = work_dir / "go"
    outs = [work_dir / f"worker-{i:02d}.jsonl" for i in range(processes)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    spec = json.dumps(seeded["shared"])
    procs = [subprocess.Popen([sys.executable, "-m", "tests.bench.load", "worker", "--url", url, "--index", str(i),
                               "--consulent", str(c), "--medewerker", str(m), "--shared", spec, "--out", str(out),
                               "--go", str(go), "--seconds", str(seconds)], cwd=ROOT, env=env)
             for i, ((c, m), out) in enumerate(zip(seeded["pairs"], outs, strict=True))]
    try:
        deadline = time.monotonic() + 300
        while sum(1 for r in _read(outs) if r["t"] == "ready") < processes:
            if any(p.poll() not in (None, 0) for p in procs) or time.monotonic() > deadline:
                raise RuntimeError("a load worker did not get ready (see its output above)")
            time.sleep(0.2)
        start = time.monotonic() + 0.5
        go.write_text(repr(start))
        for p in procs:
            p.wait(timeout=seconds + 600)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    records = _read(outs)
    ends = [r["at"] for r in records if r["t"] == "end"]
    elapsed = (max(ends) - start) if ends else seconds
    acks = [r for r in records if r["t"] == "ack"]
    refusals = [r for r in records if r["t"] == "refusal"]
    errors = [r for r in records if r["t"] == "error"]
    notes, failures = verify(url, seeded, acks)
    if len(ends) < processes:
        failures.append(f"{processes - len(ends)} worker processes did not finish (exit codes "
                        f"{[p.returncode for p in procs]})")
    for e in errors[:3]:
        failures.append(f"unexpected {e['error']} in {e['kind']}: {e['message']}\n{e['traceback']}")
    if len(errors) > 3:
        failures.append(f"... {len(errors)} unexpected errors in all: {Counter(e['error'] for e in errors)}")

    def latency(kind: str | None) -> str:
        ms = [a["ms"] for a in acks if kind is None or a["kind"] == kind]
        return f"p50 {_percentile(ms, 50):.0f} ms, p95 {_percentile(ms, 95):.0f} ms" if ms else "none"

    from tests.bench.run import machine_line

    lines = [f"team load on one PostgreSQL server ({processes} processes, each a consulent with a medewerker beside "
             f"her, {seconds:g} s; {seeded['residents']:,} demo residents, {len(seeded['shared'])} shared decisions; "
             f"seeded in {seed_s:.0f} s):",
             f"  {len(acks):,} operations acknowledged in {elapsed:.1f} s: {len(acks) / elapsed:.1f} ops/s, "
             f"{latency(None)}"]
    for kind in KINDS:
        n = sum(1 for a in acks if a["kind"] == kind)
        if n:
            lines.append(f"    {kind:<13} {n:6,}  {n / elapsed:6.1f}/s  {latency(kind)}")
    by_kind = Counter(f"{r['kind']}: {r['refusal']}" for r in refusals)
    lines.append("  refusals (correct, Dutch): " + (", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
                                                     or "none"))
    saves = [a for a in acks if a["kind"] == "save_plan"]
    if saves:
        lines.append(f"  plan saves after one conflict and a fresh read: {sum(1 for a in saves if a['attempt'] == 2)}")
    lines += [f"  {n}" for n in notes]
    if failures:
        lines.append("  LOAD CHECK FAILED:")
        lines += [f"    - {f}" for f in failures]
    else:
        lines.append("  all checks held: no acknowledged change missing, ledger rule held, one access-log line "
                     "per action, koers check clean")
    lines.append(f"  {machine_line()}")
    return lines


def bench_load(url: str | None = None, processes: int = 20, seconds: float = 60.0) -> list[str]:
    """The load test on `url`'s server (or the bench's own, or $KOERS_BENCH_PG_URL), in a database of its own."""
    from tests.bench.postgres import bench_server

    with tempfile.TemporaryDirectory(prefix="koers-load-") as tmp:
        if url is not None:
            return run_load(fresh_database(url), processes, seconds, Path(tmp))
        with bench_server(BENCH_DIR) as server:
            if server is None:
                return ["team load: not run (no PostgreSQL server installed; set KOERS_BENCH_PG_URL)"]
            return run_load(fresh_database(server), processes, seconds, Path(tmp))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.load", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", help="a PostgreSQL server (any database on it); default: the bench's own server")
    w = sub.add_parser("worker", help="one process of the load (started by the load test itself)")
    for name in ("url", "index", "consulent", "medewerker", "shared", "out", "go", "seconds"):
        w.add_argument(f"--{name}", dest=f"w_{name}", required=True)
    args = parser.parse_args(argv)
    if args.command == "worker":
        worker(args.w_url, int(args.w_index), int(args.w_consulent), int(args.w_medewerker), json.loads(args.w_shared),
               Path(args.w_out), Path(args.w_go), float(args.w_seconds))
        return 0
    lines = bench_load(args.url, args.processes, args.seconds)
    print("\n".join(lines), flush=True)
    return 1 if any("FAILED" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
