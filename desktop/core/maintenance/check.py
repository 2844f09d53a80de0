"""`koers check`: is the file sound, and do the domain rules hold for every record?

Each invariant is a query that returns offending rows, so a broken rule names the records.
Rules the database already guards are checked anyway: data can arrive from a restored
backup, an older version, or a hand edit with triggers dropped.

Two depths, because the thorough one takes 20 to 30 s on 100,000 residents, more as the file and the documents
grow. The quick check (the default, for daily use: 3 s there) walks the file's pages (`PRAGMA quick_check`), the
references and every domain rule, and sees that each document's bytes are there at the recorded size. The full
check (`koers check --volledig`) adds what costs many times more: every index against its table and every row
against its CHECK rules (`PRAGMA integrity_check`), and the SHA-256 of every letter and document, which reads all
their bytes.
On PostgreSQL there is no file to check (the server guards its own); both depths run the rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, text

from db.engine import Database
from db.models.decisions import ceiling_sql
from db.units import minutes_to_hours
from desktop.core.nl import format_hours
from desktop.core.residents.bsn import is_valid_bsn

_COUNTED = "(r.no_show = {false} OR b.no_show_counts = {true})"
# The never-exceed rule as one query (from decision :first_id on, 0 for all); the demo load checks it too.
OVER_CEILING = (
    f"SELECT b.id, b.toewijzing_nummer, SUM(r.minutes), {ceiling_sql('b')}"
    " FROM beschikking b JOIN realisation r ON r.beschikking_id = b.id WHERE b.id >= :first_id AND " + _COUNTED +
    " GROUP BY b.id, b.toewijzing_nummer, b.indicated_minutes, b.surplus_minutes"
    f" HAVING SUM(r.minutes) > {ceiling_sql('b')}")
INVARIANTS: list[tuple[str, str]] = [
    ("Beschikking {0} (toewijzing {1}): gerealiseerd {2} boven geïndiceerd plus overloop {3}.", OVER_CEILING),
    ("Realisatie {0} van beschikking {1} valt buiten de looptijd ({2}).",
     "SELECT r.id, b.id, r.service_date FROM realisation r JOIN beschikking b ON b.id = r.beschikking_id"
     " WHERE COALESCE(r.covers_from, r.service_date) < b.start_date OR r.service_date > b.end_date"
     " OR r.covers_from > r.service_date"),
    ("Resultaat {0} hoort bij geen plan.",
     "SELECT r.id FROM result r LEFT JOIN goal g ON g.id = r.goal_id LEFT JOIN plan p ON p.id = g.plan_id"
     " WHERE p.id IS NULL"),
    ("Beschikking {0} is gebaseerd op planversie {1}, die nog niet akkoord is.",
     "SELECT b.id, p.id FROM beschikking b JOIN plan p ON p.id = b.plan_id"
     " WHERE p.status <> 'akkoord' AND b.status <> 'concept'"),
    ("Beschikking {0} verwijst naar resultaat {1} uit een ander dossier.",
     "SELECT b.id, br.result_id FROM beschikking_result br JOIN beschikking b ON b.id = br.beschikking_id"
     " JOIN result r ON r.id = br.result_id JOIN goal g ON g.id = r.goal_id JOIN plan p ON p.id = g.plan_id"
     " WHERE p.casus_id <> b.casus_id"),
    ("Beschikking {0}: de perioden tellen op tot {1} minuten, geïndiceerd is {2}.",
     "SELECT b.id, SUM(pe.share_minutes), b.indicated_minutes FROM beschikking b JOIN period pe"
     " ON pe.beschikking_id = b.id WHERE b.minutes_per_period IS NOT NULL"
     " GROUP BY b.id, b.indicated_minutes HAVING SUM(pe.share_minutes) <> b.indicated_minutes"),
    ("Beschikking {0} is vervangen maar geen latere beschikking verwijst ernaar.",
     "SELECT b.id FROM beschikking b WHERE b.status = 'vervangen'"
     " AND NOT EXISTS (SELECT 1 FROM beschikking n WHERE n.replaces_id = b.id)"),
    ("Product {0} ({1}) heeft categorie {2}, die niet in de codelijst van zijn wet staat. Kies in Beheer > "
     "Catalogus een categorie uit de lijst.",
     "SELECT p.code, p.law, p.category_code FROM product p WHERE NOT EXISTS (SELECT 1 FROM reference_code r"
     " WHERE r.list_name = 'productcategorie' AND r.code = p.category_code AND r.valid_to IS NULL"
     " AND r.standard = CASE p.law WHEN 'wmo' THEN 'iWmo 3.2' ELSE 'iJw 3.2' END)"),
    ("Planversie {0} van casus {1} is akkoord zonder datum van akkoord.",
     "SELECT id, casus_id FROM plan WHERE status = 'akkoord' AND agreed_date IS NULL"),
    ("Domein {1} in planversie {0} is 'niet relevant' maar bevat toch gegevens.",
     "SELECT plan_id, domain FROM domain_assessment WHERE relevant = {false} AND (score IS NOT NULL OR"
     " situation IS NOT NULL OR needs IS NOT NULL OR resources IS NOT NULL OR motivation IS NOT NULL"
     " OR readiness IS NOT NULL)"),
]


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]
    checked: list[str]
    full: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def mode(self) -> str:
        """'quick' or 'full', as `koers check --json` names it."""
        return "full" if self.full else "quick"


def _dialect_sql(sql: str, is_sqlite: bool) -> str:
    false, true = ("0", "1") if is_sqlite else ("false", "true")
    return sql.replace("{false}", false).replace("{true}", true)


def decisions_over_ceiling(conn: Connection, *, first_id: int = 0) -> list[Row[Any]]:
    """(id, toewijzingnummer, counted minutes, ceiling) of every decision from `first_id` on that holds
    more counted hours than indicated plus surplus; empty when the rule holds."""
    sql = _dialect_sql(OVER_CEILING, conn.dialect.name == "sqlite")
    return list(conn.execute(text(sql), {"first_id": first_id}).fetchall())


def run_check(db: Database, *, full: bool = False, limit_per_rule: int = 50) -> CheckReport:
    """The quick check, or with `full` the full one (see the module docstring). On a SQLite file the file's own
    check runs on a second connection beside the rules, so the two take as long as the longer, not their sum."""
    started = time.perf_counter()
    if not (db.is_sqlite and db.path is not None):  # PostgreSQL, or an in-memory file no second connection sees
        file_checked, file_problems = _file_check(db, full, limit_per_rule) if db.is_sqlite else ([], [])
        checked, problems = _domain_check(db, full, limit_per_rule)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="koers-check") as pool:
            pending = pool.submit(_file_check, db, full, limit_per_rule)
            checked, problems = _domain_check(db, full, limit_per_rule)
            file_checked, file_problems = pending.result()
    return CheckReport(problems=file_problems + problems, checked=file_checked + checked, full=full,
                       seconds=time.perf_counter() - started)


def _file_check(db: Database, full: bool, limit: int) -> tuple[list[str], list[str]]:
    """SQLite's own check of the file and its references, on a connection of its own. The quick one leaves
    out the CHECK rules per row (two thirds of quick_check's time on a large file); the full one has them."""
    checked: list[str] = []
    problems: list[str] = []
    # Not for an in-memory database: closing its one connection would lose it (and it is small anyway).
    lean = not full and db.path is not None
    with db.engine.connect() as conn:
        try:
            if full:
                checked.append("SQLite-integriteit (volledig: pagina's, indexen en CHECK-regels)")
                lines = conn.exec_driver_sql(f"PRAGMA integrity_check({limit})").fetchall()
            else:
                checked.append("SQLite-bestand (snel: pagina's en opbouw)")
                if lean:
                    conn.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
                lines = conn.exec_driver_sql(f"PRAGMA quick_check({limit})").fetchall()
            problems += [f"Bestand beschadigd: {line}" for (line,) in lines if line != "ok"]
            checked.append("verwijzingen (foreign keys)")
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(limit):
                problems.append(f"Tabel {row[0]}, rij {row[1]} verwijst naar een ontbrekende rij in {row[2]}.")
        finally:
            if lean:
                conn.invalidate()  # closed, not pooled: the setting must never reach a connection that writes
    return checked, problems


def _domain_check(db: Database, full: bool, limit: int) -> tuple[list[str], list[str]]:
    """Every domain rule, the monthly summary, the BSNs, and the letters' and documents' bytes."""
    problems: list[str] = []
    checked: list[str] = []
    with db.read() as s:
        conn = s.connection()
        for message, sql in INVARIANTS:
            checked.append(message.split(":")[0] if ":" in message else message)
            rows = conn.execute(text(_dialect_sql(sql, db.is_sqlite) + f" LIMIT {limit}"), {"first_id": 0}).fetchall()
            for row in rows:
                problems.append(_format(message, row))
        checked.append("maandoverzicht van de rapportages")
        problems += summary_problems(conn, limit)
        parts: list[tuple[str, Callable[[Connection, int], list[str]]]] = [
            ("brieven van elke soort (SHA-256)", _letter_hash_problems),
            ("documenten in de dossiers (SHA-256)", _document_hash_problems),
        ] if full else [("documenten in de dossiers (aanwezig, grootte)", _document_size_problems)]
        for label, part in parts:
            checked.append(label)
            problems += part(conn, limit)
        checked.append("BSN-elfproef")
        for client_number, bsn in conn.execute(text("SELECT client_number, bsn FROM resident WHERE bsn IS NOT NULL")):
            if not is_valid_bsn(bsn):
                problems.append(f"Inwoner {client_number} heeft een BSN dat niet aan de elfproef voldoet.")
    return checked, problems


def rebuild_summary(db: Database) -> int:
    """Counts the reports' monthly summary afresh from the ledger, in one transaction; returns its rows."""
    from desktop.core.decisions import months

    with db.write() as s:
        return months.rebuild(s.connection())


def summary_problems(conn: Connection, limit: int) -> list[str]:
    """The monthly summary the reports read agrees with the ledger: per decision the counted hours and the lines,
    and the month totals are the sums of the decisions' months."""
    from desktop.core.decisions import months

    problems: list[str] = []
    ledger = text(
        "SELECT b.id, b.toewijzing_nummer, COALESCE(r.counted, 0), COALESCE(r.lines, 0), COALESCE(m.counted, 0),"
        " COALESCE(m.lines, 0) FROM beschikking b"
        " LEFT JOIN (SELECT x.beschikking_id, SUM(CASE WHEN y.no_show_counts OR NOT x.no_show THEN x.minutes"
        "  ELSE 0 END) AS counted, COUNT(*) AS lines FROM realisation x JOIN beschikking y ON y.id = x.beschikking_id"
        "  GROUP BY x.beschikking_id) r ON r.beschikking_id = b.id"
        " LEFT JOIN (SELECT beschikking_id, SUM(counted_minutes) AS counted, SUM(lines) AS lines FROM decision_month"
        "  GROUP BY beschikking_id) m ON m.beschikking_id = b.id"
        " WHERE b.status IN ('vastgesteld', 'verzonden', 'beeindigd', 'vervangen')"
        " AND (COALESCE(r.counted, 0) <> COALESCE(m.counted, 0) OR COALESCE(r.lines, 0) <> COALESCE(m.lines, 0))"
        f" LIMIT {limit}")
    for _id, nummer, counted, lines, summed, summed_lines in conn.execute(ledger):
        problems.append(f"Beschikking {nummer}: het maandoverzicht telt {summed} minuten in {summed_lines} regels, "
                        f"de urenregistratie {counted} in {lines}. Herstel met 'koers check --herstel'.")
    stored = {tuple(r) for r in conn.execute(text(
        "SELECT month, law, aanbieder_id, product_id, complexity, category, financing_form, decisions, "
        + ", ".join(months.MEASURES) + " FROM month_total WHERE decisions <> 0 OR "
        + " OR ".join(f"{m} <> 0" for m in months.MEASURES)))}
    if _month_totals(conn) != {(r[0], *map(str, r[1:])) for r in stored}:
        problems.append("De maandtotalen van de rapportages wijken af van de maanden per beschikking. Herstel met "
                        "'koers check --herstel'.")
    return problems[:limit]


def _month_totals(conn: Connection) -> set[tuple[Any, ...]]:
    """month_total as decision_month sums it (months.totals_from_months), grouped in the column order of the
    index ix_decision_month_report so SQLite sums while it walks that index instead of sorting 1.4 million rows
    (0,35 s instead of 1,1 s on 100,000 residents); the empty aanbieder and product become 0 here, as stored."""
    from desktop.core.decisions import months

    keys = "month, aanbieder_id, product_id, complexity, category, law, financing_form"
    sums: dict[tuple[Any, ...], list[Any]] = {}
    for row in conn.execute(text(f"SELECT {keys}, COUNT(*), " + ", ".join(f"SUM({m})" for m in months.MEASURES)
                                 + f" FROM decision_month GROUP BY {keys}")):
        month, aanbieder, product, complexity, category, law, financing = row[:7]
        key = (month, law, aanbieder or 0, product or 0, complexity, category, financing)
        if key in sums:  # a NULL and a 0 aanbieder or product are one key of month_total
            sums[key] = [a + b for a, b in zip(sums[key], row[7:], strict=True)]
        else:
            sums[key] = list(row[7:])
    return {(key[0], *map(str, key[1:]), *map(str, values)) for key, values in sums.items()}


def _document_size_problems(conn: Connection, limit: int) -> list[str]:
    """The quick check's look at the documents: each one not removed has its bytes, as many as were added.
    Reads lengths only, never the bytes (the full check hashes them)."""
    rows = conn.execute(text(
        "SELECT d.id, d.casus_id, LENGTH(c.data), d.size_bytes FROM case_document d LEFT JOIN document_content c"
        " ON c.document_id = d.id WHERE d.removed_at IS NULL AND (c.document_id IS NULL OR LENGTH(c.data) <>"
        f" d.size_bytes) ORDER BY d.id LIMIT {limit}"))
    problems: list[str] = []
    for document_id, casus_id, length, size in rows:
        if length is None:
            problems.append(_missing_document(document_id, casus_id))
        else:
            problems.append(f"Document {document_id} (casus {casus_id}): de inhoud is {length} bytes, bij het "
                            f"toevoegen waren het er {size}; het bestand is veranderd of beschadigd. Zet het terug "
                            "uit een back-up.")
    return problems


def _missing_document(document_id: int, casus_id: int) -> str:
    return (f"Document {document_id} (casus {casus_id}): de inhoud ontbreekt, maar het document is niet als "
            "verwijderd vastgelegd. Zet het terug uit een back-up.")


def _letter_hash_problems(conn: Connection, limit: int) -> list[str]:
    """Every stored letter still has the bytes it was issued with: read in pages of 200, hashed in Python."""
    import hashlib

    problems: list[str] = []
    after = 0
    while len(problems) < limit:
        rows = conn.execute(text("SELECT id, kenmerk, pdf, sha256 FROM letter WHERE id > :after ORDER BY id LIMIT 200"),
                            {"after": after}).fetchall()
        if not rows:
            break
        for letter_id, kenmerk, pdf, sha in rows:
            if hashlib.sha256(bytes(pdf)).hexdigest() != sha:
                problems.append(f"Brief {kenmerk} (id {letter_id}): de opgeslagen PDF klopt niet meer met de "
                                "SHA-256 van het moment van maken; de brief is veranderd of beschadigd.")
        after = rows[-1][0]
    return problems[:limit]


def _document_hash_problems(conn: Connection, limit: int) -> list[str]:
    """Every document that was not removed still has its bytes, unchanged: one at a time (up to 20 MB each)."""
    import hashlib

    problems: list[str] = []
    ids = [row[0] for row in conn.execute(text("SELECT id FROM case_document WHERE removed_at IS NULL ORDER BY id"))]
    for document_id in ids:
        if len(problems) >= limit:
            break
        row = conn.execute(text("SELECT d.sha256, d.casus_id, c.data FROM case_document d LEFT JOIN document_content c"
                                " ON c.document_id = d.id WHERE d.id = :id"), {"id": document_id}).one()
        sha, casus_id, data = row
        if data is None:
            problems.append(_missing_document(document_id, casus_id))
        elif hashlib.sha256(bytes(data)).hexdigest() != sha:
            problems.append(f"Document {document_id} (casus {casus_id}): de inhoud klopt niet meer met de SHA-256 "
                            "van het moment van toevoegen; het bestand is veranderd of beschadigd. Zet het terug uit "
                            "een back-up.")
    return problems


def _format(message: str, row: Row[Any]) -> str:
    values = list(row)
    if message.startswith("Beschikking {0} (toewijzing"):
        values[2] = format_hours(minutes_to_hours(values[2]))
        values[3] = format_hours(minutes_to_hours(values[3]))
    return message.format(*values)
