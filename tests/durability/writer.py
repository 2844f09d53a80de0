"""The writer the crash harness kills: real work through the core services, forever, with a ledger of what was
acknowledged.

`python -m tests.durability.writer DBPATH LEDGERPATH SEED [--letters-dir DIR]` opens a database the harness
prepared (`prepare_database`), prints `ready` once everything slow is loaded, then loops: register a resident,
work on a plan (draft, save, agree), book hours (also more than is left, which must be refused), or issue letters
and write them as files. It never stops by itself; the harness ends it with SIGKILL.

The ledger is the acknowledgement record, one JSON object per line, written with O_APPEND and fsynced before the
next step. Before a call that changes something the writer appends an `op: "try"` line, after the call RETURNS an
`op: "ack"` line saying what must now exist, and after a refusal an `op: "refused"` line. Whatever an `ack` names
must be in the database (or on disk) after any kill; a `try` without its `ack` is the call a kill interrupted,
whose effect may or may not be there. Lines carry ids, numbers, dates and digests, never a name.

Kinds (with the fields of their ack):
  resident     id, client_number, digest (SHA-256 of the stored name and birth date, cut to 16 hex)
  plan_draft   plan_id, casus_id, version_no       (start_draft returned this concept version)
  plan_save    plan_id, token, version             (save_draft stored `what_matters` ending in the token)
  plan_agree   plan_id, agreed_date
  hours        id, decision_id, minutes, service_date
  hours_over   decision_id, minutes, remaining     (refused: more than is left; an ack here is a broken rule)
  letter       batch_id, letters [[id, kenmerk], ...]
  letter_file  name, sha256, size                  (a PDF written atomically into --letters-dir)

Files are written with `write_atomic`, the harness's own: the CLI's `_write_atomic` (desktop/cli.py) writes
`<name>.deel` and renames it, but fsyncs neither the file nor the directory, so after a power cut (not a kill) the
final name may hold an empty or partial file. This one keeps the CLI's temp name (`<final>.deel`, which never ends
in `.pdf`, so a leftover is never taken for a letter) and adds both fsyncs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from db.engine import Database

PARTIAL_SUFFIX = ".deel"  # the CLI's temp suffix: `<final>.deel`, beside the final name
READY = "ready"
REASON = "Duurzaamheidstest: de schrijver van de crashtest werkt aan dit dossier."
DEMO_CLIENTS = 40
WEIGHTS = {"resident": 20, "plan": 25, "hours": 35, "letter": 20}
SURNAMES = ("Jansen", "de Boer", "Visser", "Smit", "Meijer", "van Dijk", "Bakker", "Mulder", "de Groot", "Bos")
INITIALS = ("A.", "B.J.", "C.", "D.M.", "E.", "G.H.", "J.", "K.", "M.A.", "P.", "R.", "W.")
TOKEN_MARK = "Kenmerk van de crashtest: "


# ---------------------------------------------------------------- preparing the database

def prepare_database(path: Path, seed: int, *, today: date | None = None, clients: int = DEMO_CLIENTS) -> None:
    """A fresh migrated database with the demo's catalogue, users, residents, cases, agreed plans and decisions
    with indicated hours (`generate_demo`): the writer works on realistic data from its first step."""
    from db import clock
    from desktop.core.demo.generator import generate_demo
    from desktop.core.maintenance.database import open_database, remove_sqlite_files

    remove_sqlite_files(path)
    database = open_database(path)
    try:
        generate_demo(database, clients, seed=seed, today=today or clock.today())
    finally:
        database.dispose()


# ---------------------------------------------------------------- files

def write_atomic(path: Path, data: bytes) -> None:
    """Written to `<name>.deel`, fsynced, renamed over `path`, then the directory fsynced: no half-written file ever
    exists under the final name, and once this returns the file survives a power cut too."""
    tmp = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Makes a rename in `folder` durable (POSIX; Windows has no directory handles to fsync)."""
    if os.name != "posix":  # pragma: no cover - Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Ledger:
    """The append-only acknowledgement file: each line is on the disk before `write` returns."""

    def __init__(self, path: Path, run: str):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.run = run
        self.n = 0

    def write(self, op: str, kind: str, **fields: Any) -> None:
        self.n += 1
        line = json.dumps({"run": self.run, "n": self.n, "op": op, "kind": kind, **fields}, default=str) + "\n"
        os.write(self.fd, line.encode())  # one write on an O_APPEND descriptor: the line goes in whole or torn
        os.fsync(self.fd)


def name_digest(initials: str, prefix: str | None, surname: str, born: date | None) -> str:
    """What the ledger keeps of a name: a digest, so the file names no one but the verifier can still compare."""
    return hashlib.sha256(f"{initials}|{prefix or ''}|{surname}|{born}".encode()).hexdigest()[:16]


# ---------------------------------------------------------------- the writer

@dataclass(frozen=True)
class _OpenDecision:
    id: int
    start: date
    last: date


class Writer:
    """One process's loop of work; `seed` makes its choices (and its plan tokens) its own."""

    def __init__(self, db: Database, ledger: Ledger, seed: int, letters_dir: Path | None):
        from sqlmodel import col, select

        from db import clock
        from db.models import Beschikking, Casus, Resident, User
        from db.models.enums import DecisionKind, DecisionStatus, Role
        from desktop.core.access.actor import Actor
        from desktop.core.decisions.rules import OPEN_FOR_HOURS

        self.db, self.ledger, self.letters_dir = db, ledger, letters_dir
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = clock.today()
        with db.read() as s:
            def actor(role: Role) -> Actor:
                user = s.exec(select(User).where(User.role == role).order_by(col(User.id))).first()
                assert user is not None and user.id is not None, f"no {role.value} in the prepared database"
                return Actor(user.id, user.username, user.display_name, user.role, "crashtest")

            self.consulent, self.medewerker = actor(Role.CONSULENT), actor(Role.MEDEWERKER)
            self.casus_ids = [int(i) for i in s.exec(select(Casus.id)).all()]
            self.taken_bsns = set(s.exec(select(Resident.bsn)).all())
            decisions = s.exec(select(Beschikking)).all()
            self.hour_decisions = [
                _OpenDecision(int(b.id), b.start_date, min(b.end_date, b.ended_date or b.end_date, self.today))
                for b in decisions if b.id is not None and b.status in OPEN_FOR_HOURS
                and b.kind is not DecisionKind.AFWIJZING and b.start_date <= self.today
                and b.ceiling_minutes > 0]
            self.letter_decisions = [int(b.id) for b in decisions if b.id is not None and b.status in (
                DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)]

    def warm_up(self) -> None:
        """Loads ReportLab and the fonts before `ready`, so a short run renders letters instead of importing."""
        from desktop.core.letters import pipeline
        from desktop.letters import batch  # noqa: F401  (issue_letters imports it on first use)
        from desktop.letters.beschikking import warm_up

        pipeline.RENDER_WORKERS = 0  # render in this process: a SIGKILL must leave no orphaned worker
        warm_up()

    def run_forever(self) -> None:
        kinds, weights = zip(*WEIGHTS.items(), strict=True)
        steps = {"resident": self.register, "plan": self.plan, "hours": self.hours, "letter": self.letter}
        while True:
            steps[self.rng.choices(kinds, weights)[0]]()

    # -- residents

    def register(self) -> None:
        from db.models.enums import Salutation
        from desktop.core.errors import KoersError
        from desktop.core.residents.register import ResidentInput, create_resident

        rng = self.rng
        surname = rng.choice(SURNAMES)
        prefix, _, surname = surname.rpartition(" ")
        born = date(rng.randint(1935, 2015), rng.randint(1, 12), rng.randint(1, 28))
        address = rng.random() < 0.7
        data = ResidentInput(
            bsn=self.free_bsn(), initials=rng.choice(INITIALS), prefix=prefix, surname=surname, date_of_birth=born,
            salutation=rng.choice((Salutation.MEVROUW, Salutation.HEER, Salutation.NEUTRAAL)),
            street="Dorpsstraat" if address else "", house_number=str(rng.randint(1, 200)) if address else "",
            postcode=f"{rng.randint(7000, 7299)} AB" if address else "", city="Winterswijk" if address else "")
        self.ledger.write("try", "resident")
        try:
            resident = create_resident(self.db, self.consulent, data)
        except KoersError as exc:
            self.ledger.write("refused", "resident", error=type(exc).__name__)
            return
        self.ledger.write("ack", "resident", id=resident.id, client_number=resident.client_number,
                          digest=name_digest(resident.initials, resident.prefix, resident.surname,
                                             resident.date_of_birth))

    def free_bsn(self) -> str:
        """A valid BSN from the test range no resident has: never a real person's number."""
        from desktop.core.residents.bsn import TEST_RANGE, is_valid_bsn

        for _ in range(1_000_000):
            bsn = f"{self.rng.randint(*TEST_RANGE):09d}"
            if is_valid_bsn(bsn) and bsn not in self.taken_bsns:
                self.taken_bsns.add(bsn)
                return bsn
        raise RuntimeError("the test range of BSNs is used up")

    # -- plans

    def plan(self) -> None:
        from db.models.enums import LifeDomain
        from desktop.core.errors import KoersError
        from desktop.core.plans.versions import GoalInput, ResultInput, agree, save_draft, start_draft

        casus_id = self.rng.choice(self.casus_ids)
        self.ledger.write("try", "plan_draft", casus_id=casus_id)
        try:
            doc = start_draft(self.db, self.consulent, casus_id, reason=REASON)
        except KoersError as exc:
            self.ledger.write("refused", "plan_draft", casus_id=casus_id, error=type(exc).__name__)
            return
        plan = doc.plan
        self.ledger.write("ack", "plan_draft", plan_id=plan.id, casus_id=casus_id, version_no=plan.version_no)
        for _ in range(self.rng.randint(1, 3)):  # a few saves of one draft, as a consulent types and saves
            data = doc.to_input()
            token = f"s{self.seed}-{self.ledger.n + 1}"
            kept = (data.what_matters or "").split(TOKEN_MARK)[0].rstrip()
            data.what_matters = f"{kept}\n\n{TOKEN_MARK}{token}".lstrip()
            if not data.question.strip():
                data.question = "Wat de inwoner wil bereiken, in eigen woorden."
            if not data.goals:
                data.goals = [GoalInput("Zelf het huishouden blijven doen.", LifeDomain.INSTRUMENTELE_ADL, [
                    ResultInput("De inwoner doet de boodschappen weer zelf.", "Elke week zelf boodschappen gedaan.")])]
            self.ledger.write("try", "plan_save", plan_id=plan.id, token=token)
            try:
                doc, _warnings = save_draft(self.db, self.consulent, int(plan.id), data, plan.version, reason=REASON)
            except KoersError as exc:
                self.ledger.write("refused", "plan_save", plan_id=plan.id, error=type(exc).__name__)
                return
            plan = doc.plan
            self.ledger.write("ack", "plan_save", plan_id=plan.id, token=token, version=plan.version)
        if self.rng.random() < 0.4:
            self.ledger.write("try", "plan_agree", plan_id=plan.id)
            try:
                doc = agree(self.db, self.consulent, int(plan.id), self.today, plan.version, reason=REASON)
            except KoersError as exc:
                self.ledger.write("refused", "plan_agree", plan_id=plan.id, error=type(exc).__name__)
                return
            self.ledger.write("ack", "plan_agree", plan_id=doc.plan.id, agreed_date=doc.plan.agreed_date)

    # -- hours

    def hours(self) -> None:
        from db.models import Beschikking
        from desktop.core.decisions.ledger import OverrunRefused, add_realisation
        from desktop.core.decisions.queries import counted_minutes
        from desktop.core.errors import KoersError

        if not self.hour_decisions:
            return
        rng = self.rng
        target = rng.choice(self.hour_decisions)
        with self.db.read() as s:
            decision = s.get(Beschikking, target.id)
            assert decision is not None
            remaining = decision.ceiling_minutes - counted_minutes(s, decision)
        over = remaining < 15 or rng.random() < 0.3
        # Whole quarters (hours with two decimals); an overrun asks at least a quarter more than is left.
        minutes = 15 * (max(remaining, 0) // 15 + rng.randint(1, 8)) if over else \
            15 * rng.randint(1, min(12, remaining // 15))
        day = target.start + timedelta(days=rng.randint(0, (target.last - target.start).days))
        kind = "hours_over" if over else "hours"
        self.ledger.write("try", kind, decision_id=target.id, minutes=minutes)
        try:
            entry = add_realisation(self.db, self.medewerker, target.id, day, Decimal(minutes) / 60)
        except OverrunRefused:
            self.ledger.write("refused", kind, decision_id=target.id, minutes=minutes, remaining=remaining,
                              error="OverrunRefused")
            return
        except KoersError as exc:
            self.ledger.write("refused", kind, decision_id=target.id, error=type(exc).__name__)
            return
        self.ledger.write("ack", kind, id=entry.id, decision_id=target.id, minutes=entry.minutes,
                          service_date=entry.service_date, remaining=remaining)

    # -- letters

    def letter(self) -> None:
        from desktop.core.errors import KoersError
        from desktop.core.letters import pipeline

        if not self.letter_decisions:
            return
        chosen = self.rng.sample(self.letter_decisions, min(len(self.letter_decisions), self.rng.randint(1, 3)))
        self.ledger.write("try", "letter", decisions=chosen)
        try:
            result = pipeline.issue_letters(self.db, self.medewerker, chosen, letter_date=self.today,
                                            new_version=True)
        except KoersError as exc:
            self.ledger.write("refused", "letter", error=type(exc).__name__)
            return
        if not result.letter_ids:
            self.ledger.write("refused", "letter", parked=len(result.parked))
            return
        # issue_letters returning is the acknowledgement: its letters are archived (bytes and SHA-256) from here on.
        self.ledger.write("ack", "letter", batch_id=result.batch_id,
                          letters=[list(pair) for pair in zip(result.letter_ids, result.kenmerken, strict=True)])
        if self.letters_dir is None:
            return
        # As `koers letters --map` does: one file per letter, then the printer PDF of the batch.
        files = [(f"{kenmerk}.pdf", pipeline.open_letter(self.db, self.medewerker, letter_id))
                 for letter_id, kenmerk in zip(result.letter_ids, result.kenmerken, strict=True)]
        files.append((f"brieven-{self.today.isoformat()}-batch-{result.batch_id}.pdf", result.printer_pdf))
        for name, data in files:
            self.ledger.write("try", "letter_file", name=name)
            write_atomic(self.letters_dir / name, data)
            self.ledger.write("ack", "letter_file", name=name, sha256=hashlib.sha256(data).hexdigest(),
                              size=len(data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crashtest-schrijver: werkt tot hij wordt gestopt.")
    parser.add_argument("db", type=Path)
    parser.add_argument("ledger", type=Path)
    parser.add_argument("seed", type=int)
    parser.add_argument("--letters-dir", type=Path)
    args = parser.parse_args(argv)
    database = Database(f"sqlite:///{args.db.resolve()}")  # the harness prepared and migrated it
    writer = Writer(database, Ledger(args.ledger, str(args.seed)), args.seed, args.letters_dir)
    writer.warm_up()
    print(READY, flush=True)
    writer.run_forever()
    return 0  # pragma: no cover - killed, never returns


if __name__ == "__main__":
    sys.exit(main())
