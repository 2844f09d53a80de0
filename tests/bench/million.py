"""The 1,000,000-resident bench database: the 100,000-resident demo and nine renumbered copies of its casework.

Generating a million residents through the core would take the demo generator over half an hour; copying in
SQL takes minutes and gives the same shape of data (names, addresses, cases per resident, decisions, evaluations,
contacts, and a team of users for each copy) at ten times the size. Copied: the users, the residents and the people around them, their cases, plans (with
domains, goals and results), decisions, evaluations and journal. Not copied: hours, periods, monthly report
figures, letters, documents and iWmo messages; those stay with the first 100,000 residents (no figure measured
at a million reads them, and a copy without its hours keeps the ledger rule trivially). Copies get new ids, client numbers
and toewijzingnummers, and no BSN: the demo's rule holds (only the 9,091 numbers of the test range, so no record
can carry a real person's number; a larger demo leaves the rest without one, as at a melding).
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

COPIED = ("app_user", "resident", "related_person", "casus", "journal_entry", "plan", "domain_assessment", "goal", "result",
          "beschikking", "evaluation", "evaluation_domain_score", "evaluation_result", "beschikking_result",
          "domain_person", "result_person")
TOEWIJZING_STEP = 100_000  # a copy's toewijzingnummers: the same year, the sequence moved up by k * this


def _columns(con: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in con.execute(f'PRAGMA table_info("{name}")')]


def _foreign_keys(con: sqlite3.Connection, name: str) -> dict[str, str]:
    return {row[3]: row[2] for row in con.execute(f'PRAGMA foreign_key_list("{name}")')}


def _per_resident(con: sqlite3.Connection) -> set[str]:
    """Every table whose rows belong to a resident (a foreign key path to resident)."""
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {"resident"}
    grew = True
    while grew:
        grew = False
        for t in tables:
            if t not in found and any(target in found for target in _foreign_keys(con, t).values()):
                found.add(t)
                grew = True
    return found


def scale_up(source: Path, target: Path, factor: int = 10, *, progress=print) -> float:
    """Writes `target`: `source` plus factor - 1 renumbered copies of its casework. Returns the seconds taken."""
    started = time.perf_counter()
    tmp = target.with_suffix(".tmp.sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    shutil.copyfile(source, tmp)
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -400000")
        per_resident = _per_resident(con)
        top = {t: con.execute(f'SELECT coalesce(max(id), 0) FROM "{t}"').fetchone()[0]
               for t in COPIED if "id" in _columns(con, t)}
        sequence = con.execute("SELECT max(CAST(substr(toewijzing_nummer, 5) AS INTEGER)) FROM beschikking") \
            .fetchone()[0] or 0
        if sequence * 1 + (factor - 1) * TOEWIJZING_STEP >= 1_000_000:
            raise RuntimeError("toewijzingnummers would overflow their six-digit sequence")
        residents = top["resident"]
        con.execute("BEGIN")
        for table in COPIED:
            columns = _columns(con, table)
            fks = _foreign_keys(con, table)
            for k in range(1, factor):
                exprs = []
                for c in columns:
                    if c == "id":
                        exprs.append(f"id + {k * top[table]}")
                    elif c in fks and fks[c] in COPIED:
                        exprs.append(f'"{c}" + {k * top[fks[c]]}')
                    elif c in fks and fks[c] in per_resident:
                        exprs.append("NULL")  # points at something not copied
                    elif table == "resident" and c == "bsn":
                        exprs.append("NULL")
                    elif table == "app_user" and c in ("username", "display_name", "team"):
                        exprs.append(f"{c} || '.{k}'")  # teams of the same size per copy (NULL stays NULL)
                    elif table == "resident" and c == "client_number":
                        exprs.append(f"printf('K%07d', id + {k * residents})")
                    elif table == "beschikking" and c == "toewijzing_nummer":
                        exprs.append(f"CAST(CAST(toewijzing_nummer AS INTEGER) + {k * TOEWIJZING_STEP} AS TEXT)")
                    else:
                        exprs.append(f'"{c}"')
                if "id" in columns:
                    where = f"id <= {top[table]}"
                else:  # a link table: the rows of the original parents
                    parent_col, parent = next((c, t) for c, t in fks.items() if t in COPIED)
                    where = f'"{parent_col}" <= {top[parent]}'
                quoted = ", ".join(f'"{c}"' for c in columns)
                con.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {", ".join(exprs)} FROM "{table}" '
                            f"WHERE {where}")
            progress(f"  {table}: {con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,} rows")
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    tmp.rename(target)
    return time.perf_counter() - started
