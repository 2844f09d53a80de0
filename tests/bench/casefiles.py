"""Benchmark of the resident's rights (issue 18) on the bench database: the access export (JSON and the readable
PDF) of the resident with the most hour lines, and 1,000 residents moving to an empty database (export of the data
part, then `koers import`'s check and store). `python -m tests.bench.casefiles` runs it on its own.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

MOVED = 1_000
ACCESS_TARGET_S = 2.0
EXPORT_TARGET_S = 15.0
IMPORT_TARGET_S = 60.0


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _verdict(seconds: float, target: float) -> str:
    return f"(target <= {target:.0f} s) {'OK' if seconds <= target else 'MISSED'}"


def bench_casefiles(path: Path) -> list[str]:
    from sqlalchemy import text
    from sqlmodel import select

    from db.engine import Database
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.maintenance.database import open_database
    from desktop.core.privacy import access_export, case_import
    from desktop.core.privacy.access_pdf import render_access_pdf

    source = Database(f"sqlite:///{path}")
    folder = Path(tempfile.mkdtemp(prefix="koers-bench-dossiers-"))
    try:
        with source.read() as s:
            user = s.exec(select(User).where(User.role == Role.BEHEERDER)).first()
            assert user is not None and user.id is not None  # the demo has a beheerder
            admin = Actor(user.id, user.username, user.display_name, user.role, "bench")
        with source.engine.connect() as conn:
            biggest = conn.execute(text(
                "SELECT r.client_number, count(*) FROM realisation h JOIN beschikking b ON b.id = h.beschikking_id "
                "JOIN casus c ON c.id = b.casus_id JOIN resident r ON r.id = c.resident_id "
                "GROUP BY r.client_number ORDER BY count(*) DESC LIMIT 1")).one()
            numbers = list(conn.execute(text("SELECT client_number FROM resident ORDER BY id LIMIT :n"),
                                        {"n": MOVED}).scalars())
            catalogue = {t: [dict(r) for r in conn.execute(text(f"SELECT * FROM {t}")).mappings()]
                         for t in ("aanbieder", "product")}
        # the export writes an access-log line: work on a copy so the bench database stays as generated
        copy = folder / "bron.sqlite"
        source.dispose()
        shutil.copyfile(path, copy)
        source = Database(f"sqlite:///{copy}")
        started = time.perf_counter()
        doc = access_export.access_export(source, admin, biggest[0], "bench: inzageverzoek")
        pdf = render_access_pdf(doc)
        access_s = time.perf_counter() - started
        started = time.perf_counter()
        moving = access_export.dumps(access_export.move_export(source, admin, numbers, "bench: verhuizing"))
        export_s = time.perf_counter() - started
        target = open_database(folder / "doel.sqlite")
        try:
            with target.engine.begin() as conn:
                for table, rows in catalogue.items():
                    columns = list(rows[0])
                    conn.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                      f"({', '.join(':' + c for c in columns)})"), rows)
            with target.write() as s:
                s.add(User(username="bench.beheer", display_name="Bench", role=Role.BEHEERDER, password_hash="-"))
            with target.read() as s:
                made = s.exec(select(User)).one()
                assert made.id is not None
                target_admin = Actor(made.id, made.username, made.display_name, made.role, "bench")
            started = time.perf_counter()
            summary = case_import.import_case_files(target, target_admin, json.loads(moving))
            import_s = time.perf_counter() - started
        finally:
            target.dispose()
    finally:
        source.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        "resident's rights (issue 18):",
        f"  access export of the largest file ({biggest[1]} hour lines; JSON {len(access_export.dumps(doc)) // 1024} KB"
        f" + PDF {len(pdf) // 1024} KB): {access_s:.2f} s   {_verdict(access_s, ACCESS_TARGET_S)}",
        f"  {_n(MOVED)} residents out (data part, {len(moving) // (1024 * 1024)} MB): {export_s:.1f} s   "
        f"{_verdict(export_s, EXPORT_TARGET_S)}",
        f"  the same {_n(MOVED)} into an empty database (checked whole, stored in one transaction; "
        f"{_n(summary.decisions)} decisions, {_n(summary.hour_lines)} hour lines): {import_s:.1f} s   "
        f"{_verdict(import_s, IMPORT_TARGET_S)}",
    ]


if __name__ == "__main__":
    from tests.bench.run import build_database

    print("\n".join(bench_casefiles(build_database()[0])))
