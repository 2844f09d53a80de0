"""The schema: models and migrations agree, upgrades keep every row and every guard, and
open_database refuses what is not ours (or is newer) without touching a byte of it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import alembic.command
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from db import schema
from db.engine import Database
from db.schema import (
    MARKER_KEY,
    MARKER_VALUE,
    SchemaState,
    alembic_config,
    head_revision,
    inspect_sqlite_file,
)
from desktop.core.errors import DatabaseOpenError
from desktop.core.maintenance.database import fill_stale_summary, open_database

SQLITE_TRIGGERS = {
    "trg_realisation_never_exceed_insert",
    "trg_realisation_never_exceed_update",
    "trg_beschikking_total_covers_realised",
    "trg_audit_entry_no_update",
    "trg_audit_entry_no_delete",
}
POSTGRES_TRIGGERS = {
    "trg_realisation_never_exceed",
    "trg_beschikking_total_covers_realised",
    "trg_audit_entry_append_only",
    "trg_audit_entry_no_truncate",
}
# 0018: the journal's words and a document's bytes never change
CASEFILE_TRIGGERS = {"trg_journal_entry_words_fixed", "trg_case_document_fixed", "trg_document_content_fixed"}
CASEFILE_SQLITE_ONLY = {"trg_journal_entry_kept"}  # PostgreSQL guards delete in the words_fixed trigger

# ---------------------------------------------------------------- helpers


def migrate(database: Database, revision: str, *, down: bool = False) -> None:
    """As Koers itself migrates (schema.migrate_to), so a test sees what a user's database goes through."""
    schema.migrate_to(database.engine, revision, down=down)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(path: Path) -> dict[str, str]:
    """Every file in the folder with its hash: proves nothing was changed, created or left behind."""
    return {p.name: sha256(p) for p in sorted(path.parent.iterdir()) if p.is_file()}


def triggers(conn) -> set[str]:
    if conn.dialect.name == "sqlite":
        return {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    return {r[0] for r in conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))}


def schema_diff(database: Database) -> list:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def refused(database: Database, sql: str, params: dict | None = None) -> str:
    """Run one statement in its own transaction and return the database's refusal message."""
    with pytest.raises(DBAPIError) as info, database.engine.begin() as conn:
        conn.execute(text(sql), params or {})
    return str(info.value.orig)


PDF = b"%PDF-1.4\n% Koers test\n\x00\xff\x10binary\n%%EOF\n"

# Plain SQL for the schema as revision 0001 created it: this is what a user's database holds
# after installing the first Koers. Written for both SQLite and PostgreSQL.
DATA_0001 = [
    "INSERT INTO app_user VALUES (1, 'jdevries', 'J. de Vries', 'consulent', NULL, TRUE, 0, NULL,"
    " '2026-01-02 08:00:00')",
    "INSERT INTO app_user VALUES (2, 'beheer', 'Beheerder', 'beheerder', 'argon2-hash', FALSE, 3,"
    " '2026-01-03 08:15:00', '2026-01-02 08:00:00')",
    "INSERT INTO setting VALUES ('gemeente.naam', 'Doetinchem')",
    "INSERT INTO reference_code VALUES (1, 'productcategorie', 'iWmo/iJw 3.2', '02', 'Begeleiding', '2023-04-01',"
    " NULL)",
    "INSERT INTO aanbieder VALUES (1, 'Zorg Achterhoek', '12345678', 'Doetinchem', TRUE)",
    "INSERT INTO product VALUES (1, 'wmo', '02', '02A08', 'Begeleiding individueel', '04', '6', 'uren_x_tarief', TRUE)",
    "INSERT INTO tariff VALUES (1, 1, 1, 'M', 6543, '2026-01-01')",
    "INSERT INTO resident VALUES (1, 'K0000001', '111222333', 'mevrouw', 'A.B.', NULL, 'Çelik', 'celik',"
    " '1961-04-12', 'Dorpsstraat', 12, 'a', '7001AB', 'Doetinchem', '06 12345678', 'a.celik@example.nl', 1,"
    " '2026-01-02 08:00:00', NULL, 1)",
    "INSERT INTO resident VALUES (2, 'K0000002', '123456782', 'neutraal', 'J.', 'de', 'Vries', 'vries',"
    " '1990-02-28', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2026-01-03 09:30:00', '2026-02-01 10:00:00', 3)",
    "INSERT INTO casus (id, resident_id, law, status, melding_date, aanvraag_date, closed_date, consulent_id,"
    " casusregisseur_id, created_at) VALUES (1, 1, 'wmo', 'lopend', '2026-01-05', '2026-01-10', NULL, 1, NULL,"
    " '2026-01-05 10:00:00')",
    "INSERT INTO plan VALUES (1, 1, 1, 'akkoord', 'Zelf boodschappen doen', 'Mijn kleinkinderen zien', NULL,"
    " '2026-01-20', 1, NULL, '2026-01-10 10:00:00', NULL, 1)",
    "INSERT INTO domain_assessment VALUES (1, 1, 'financien', FALSE, NULL, NULL, NULL, NULL, NULL, NULL)",
    "INSERT INTO domain_assessment VALUES (2, 1, 'basale_adl', TRUE, 3, 'Kan niet alleen de deur uit', NULL,"
    " 'Dochter helpt', 'Wil graag', 'Klaar voor')",
    "INSERT INTO goal VALUES (1, 1, 'basale_adl', 'Zelf boodschappen doen', 0)",
    "INSERT INTO result VALUES (1, 1, 'Binnen twee maanden doet zij zelf de boodschappen', 'Lijstje afgevinkt',"
    " '2026-04-01', 'dochter, buurvrouw', 1, 0)",
    "INSERT INTO beschikking VALUES (1, 1, 1, 'wmo', 'T2026-0001', 'toekenning', 'verzonden', 1, 1, 'M', 'basis',"
    " 'uren_x_tarief', 4, 7, 480, 3360, 0, 60, 240, FALSE, 6543, NULL, '2026-02-02', '2026-08-16', 'Zie plan',"
    " '2026-01-25', '2026-01-26', NULL, NULL, NULL, NULL, NULL, 1, '2026-01-25 12:00:00', 2)",
    "INSERT INTO beschikking_result VALUES (1, 1)",
    "INSERT INTO period VALUES (1, 1, 1, '2026-02-02', '2026-03-01', 480)",
    "INSERT INTO period VALUES (2, 1, 2, '2026-03-02', '2026-03-29', 480)",
    # The regional worked example: 10, 10, 9, 4, 4, 5, 6 hours (48 of 56), plus a no-show that does not count.
    "INSERT INTO realisation VALUES (1, 1, '2026-02-10', 600, FALSE, 'hand', 1, '2026-02-10 16:00:00')",
    "INSERT INTO realisation VALUES (2, 1, '2026-03-10', 600, FALSE, 'hand', 1, '2026-03-10 16:00:00')",
    "INSERT INTO realisation VALUES (3, 1, '2026-04-07', 540, FALSE, 'import', NULL, '2026-04-07 16:00:00')",
    "INSERT INTO realisation VALUES (4, 1, '2026-05-05', 240, FALSE, 'hand', 1, '2026-05-05 16:00:00')",
    "INSERT INTO realisation VALUES (5, 1, '2026-06-02', 240, FALSE, 'hand', 1, '2026-06-02 16:00:00')",
    "INSERT INTO realisation VALUES (6, 1, '2026-06-30', 300, FALSE, 'hand', 1, '2026-06-30 16:00:00')",
    "INSERT INTO realisation VALUES (7, 1, '2026-07-28', 360, FALSE, 'hand', 1, '2026-07-28 16:00:00')",
    "INSERT INTO realisation VALUES (8, 1, '2026-07-29', 60, TRUE, 'hand', 1, '2026-07-29 16:00:00')",
    "INSERT INTO evaluation VALUES (1, 1, 1, '2026-05-01', '2026-05-04', 'voortzetten', 'Gaat goed', '2026-08-01',"
    " 1, '2026-05-04 13:00:00')",
    "INSERT INTO evaluation VALUES (2, 1, 1, '2026-08-01', NULL, NULL, NULL, NULL, NULL, '2026-05-04 13:05:00')",
    "INSERT INTO evaluation_result VALUES (1, 1, 'deels', 'Lukt met hulp van de dochter')",
    "INSERT INTO evaluation_domain_score VALUES (1, 'basale_adl', 4)",
    "INSERT INTO letter_batch VALUES (1, 1, '2026-01-26 09:00:00', 1)",
    "INSERT INTO letter VALUES (1, 1, 'toekenning', 'KRS-2026-0001', :pdf, :sha, 1, '2026-01-26 09:00:00',"
    " '2026-01-26', 1)",
    "INSERT INTO audit_entry VALUES (1, '2026-01-02 08:00:00', 1, 'jdevries', 'consulent', 'PC-01', 'resident.create',"
    " 1, 'resident', 1, 'ok', '{\"surname\": [null, \"Çelik\"]}', NULL, NULL)",
    "INSERT INTO audit_entry VALUES (2, '2026-01-03 09:30:00', 1, 'jdevries', 'consulent', 'PC-01', 'resident.view',"
    " 2, 'resident', 2, 'ok', NULL, 'inzage op verzoek', NULL)",
    "INSERT INTO audit_entry VALUES (3, '2026-01-04 11:00:00', NULL, 'beheer', 'beheerder', 'PC-02', 'login',"
    " NULL, NULL, NULL, 'geweigerd', NULL, NULL, NULL)",
]


def fill_0001(database: Database) -> None:
    params = {"pdf": PDF, "sha": hashlib.sha256(PDF).hexdigest()}
    with database.engine.begin() as conn:
        for statement in DATA_0001:
            conn.execute(text(statement), params if ":pdf" in statement else {})


def snapshot(database: Database, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version aside), restricted to the given columns per table."""
    with database.engine.connect() as conn:
        if columns is None:
            insp = inspect(conn)
            columns = {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()
                       if t != "alembic_version"}
        rows = {}
        for table, cols in columns.items():
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows[table] = sorted((tuple(r) for r in conn.execute(text(f'SELECT {quoted} FROM "{table}"'))), key=repr)
        return rows


def columns_of(rows_source: Database) -> dict[str, list[str]]:
    with rows_source.engine.connect() as conn:
        insp = inspect(conn)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names() if t != "alembic_version"}


@pytest.fixture(scope="session")
def rev0001_template(tmp_path_factory) -> Path:
    """A SQLite database at revision 0001 holding a resident's whole file: made once per session."""
    path = tmp_path_factory.mktemp("rev0001") / "koers.sqlite"
    database = Database(f"sqlite:///{path}")
    migrate(database, "0001")
    fill_0001(database)
    database.dispose()
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def rev0001_path(rev0001_template, tmp_path) -> Path:
    target = tmp_path / "koers.sqlite"
    shutil.copyfile(rev0001_template, target)
    return target


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def rev0001_db(request, tmp_path):
    """A Database at revision 0001 with data, on SQLite and (when available) PostgreSQL."""
    if request.param == "sqlite":
        path = request.getfixturevalue("rev0001_path")
        database = Database(f"sqlite:///{path}")
    else:
        from db.engine import resolve_url

        database = Database(resolve_url(request.getfixturevalue("pg_fresh_url")))
        migrate(database, "0001")
        fill_0001(database)
    yield database
    database.dispose()


# ---------------------------------------------------------------- models == migrations


def test_models_and_migrations_agree(any_db):
    """`alembic check`: a database at head has exactly the tables, columns and types the models declare."""
    assert schema_diff(any_db) == []


def test_migrations_form_one_line():
    scripts = ScriptDirectory.from_config(alembic_config())
    assert len(scripts.get_heads()) == 1, "more than one head: merge the migrations"
    assert scripts.get_current_head() == head_revision()
    revisions = list(scripts.walk_revisions())
    assert revisions[-1].down_revision is None and revisions[-1].revision == "0001"
    for rev in revisions[:-1]:
        assert isinstance(rev.down_revision, str), f"{rev.revision} is a merge or has no parent"


def test_revisions_are_read_as_alembic_reads_them_without_importing_it(db_path):
    """The start reads the revisions from the scripts' text; Alembic (0.4 s to import) and SQLAlchemy load only
    when a database must be migrated or opened, not to tell whether a file is current."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert schema.revision_parents() == {
        rev.revision: (rev.down_revision,) if isinstance(rev.down_revision, str) else tuple(rev.down_revision or ())
        for rev in scripts.walk_revisions()}
    assert schema.known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
    code = ("import sys; from pathlib import Path; from db.schema import inspect_sqlite_file; "
            f"info = inspect_sqlite_file(Path({str(db_path)!r})); "
            "print(info.state.name, info.revision, sorted({'alembic', 'sqlalchemy'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["CURRENT", head_revision(), "[]"]


def test_fresh_database_is_marked_and_current(any_db):
    with any_db.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": MARKER_KEY}).scalar() == MARKER_VALUE
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert conn.execute(text("SELECT count(*) FROM reference_code")).scalar() > 0
        assert triggers(conn) == (SQLITE_TRIGGERS | CASEFILE_SQLITE_ONLY if any_db.is_sqlite else POSTGRES_TRIGGERS) | CASEFILE_TRIGGERS


# ---------------------------------------------------------------- upgrade with data


def test_upgrade_from_0001_keeps_every_row_and_the_guards(rev0001_db):
    database = rev0001_db
    old_columns = columns_of(database)
    before = snapshot(database, old_columns)
    assert all(before[t] for t in before), f"test data leaves tables empty: {[t for t in before if not before[t]]}"

    migrate(database, "head")

    after = snapshot(database, old_columns)
    # 0017 leaves a marker: the application counts the new monthly summary when it next opens the database
    after["setting"].remove(("decision_month_stale", "1"))
    # the one change a migration made to a row: 0009 names the shared code list after the law it served
    assert after.pop("reference_code") == [(1, "productcategorie", "iWmo 3.2") + before.pop("reference_code")[0][3:]]
    assert after == before
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert conn.execute(text("SELECT count(*) FROM audit_entry WHERE client_number IS NOT NULL")).scalar() == 0
        assert conn.execute(text("SELECT pdf FROM letter WHERE id = 1")).scalar() == PDF
        assert triggers(conn) == (SQLITE_TRIGGERS | CASEFILE_SQLITE_ONLY if database.is_sqlite else POSTGRES_TRIGGERS) | CASEFILE_TRIGGERS
        # 0010: the pair a decision already used is contracted from that decision's start, so it stays valid
        assert [(a, p, str(start), end) for a, p, start, end in conn.execute(text(
            "SELECT aanbieder_id, product_id, valid_from, valid_to FROM contract"))] == [(1, 1, "2026-02-02", None)]
    assert schema_diff(database) == []
    with database.write() as session:  # what opening the database does next: count the summary, drop the marker
        fill_stale_summary(session)
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM setting WHERE key = 'decision_month_stale'")).scalar() == 0
        assert conn.execute(text("SELECT sum(counted_minutes), sum(lines) FROM decision_month")).one() == \
            conn.execute(text("SELECT sum(minutes) FILTER (WHERE NOT no_show), count(*) FROM realisation")).one()

    # The guards still work on the upgraded data: 2880 of 3360 minutes used, the no-show does not count.
    new_row = ("INSERT INTO realisation (id, beschikking_id, service_date, minutes, no_show, source, entered_at)"
               " VALUES (:id, 1, '2026-08-01', :m, FALSE, 'hand', '2026-08-01 10:00:00')")
    assert "koers:overschrijding" in refused(database, new_row, {"id": 100, "m": 481})
    with database.engine.begin() as conn:
        conn.execute(text(new_row), {"id": 101, "m": 480})
    assert "koers:overschrijding" in refused(database, new_row, {"id": 102, "m": 1})
    assert "koers:auditlog" in refused(database, "UPDATE audit_entry SET action = 'x' WHERE id = 1")
    assert "koers:auditlog" in refused(database, "DELETE FROM audit_entry WHERE id = 3")
    # The new column is usable, and guarded like the rest of the line.
    with database.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_entry (id, at, username, role, workstation, action, outcome,"
                          " client_number) VALUES (4, '2026-11-23 10:00:00', 'jdevries', 'consulent', 'PC-01',"
                          " 'resident.view', 'ok', 'K0000001')"))
    assert "koers:auditlog" in refused(database, "UPDATE audit_entry SET client_number = NULL WHERE id = 4")
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entry")).scalar() == 4


def test_downgrade_to_0001_keeps_the_audit_guards(rev0001_path):
    """Leaving 0002 must not strip the append-only triggers (SQLite batch mode rebuilds the table)."""
    database = Database(f"sqlite:///{rev0001_path}")
    try:
        migrate(database, "head")
        migrate(database, "0001", down=True)
        with database.engine.connect() as conn:
            assert triggers(conn) == SQLITE_TRIGGERS
        assert "koers:auditlog" in refused(database, "DELETE FROM audit_entry WHERE id = 1")
    finally:
        database.dispose()


def _with_0001_columns(conn, statement: str) -> str:
    """Names the columns of a positional 0001 insert: later migrations append columns to the table."""
    table = statement.split()[2]
    columns = [row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))]
    values = conn.execute(text("SELECT " + statement.split(" VALUES ", 1)[1].strip().rstrip(";")[1:-1])).keys()
    return statement.replace(f"INSERT INTO {table} VALUES",
                             f"INSERT INTO {table} ({', '.join(columns[:len(list(values))])}) VALUES", 1)


def test_a_migration_that_rebuilds_a_parent_table_keeps_the_child_rows(db, monkeypatch):
    """SQLite batch mode copies a table, drops the old one and renames the copy. With foreign keys
    on, DROP TABLE first deletes every row and ON DELETE CASCADE takes the children with it:
    upgrade_to_head must run migrations with foreign key enforcement off (and check afterwards)."""
    with db.engine.begin() as conn:
        for statement in DATA_0001:  # residents with a case and a plan
            if statement.startswith(("INSERT INTO app_user", "INSERT INTO resident", "INSERT INTO casus",
                                     "INSERT INTO plan")):
                conn.execute(text(_with_0001_columns(conn, statement)))
    before = snapshot(db, {"resident": ["id"], "casus": ["id"], "plan": ["id"]})

    def rebuild_resident(cfg, revision):  # what a future migration adding a CHECK to resident does
        ops = Operations(MigrationContext.configure(cfg.attributes["connection"], opts={"render_as_batch": True}))
        with ops.batch_alter_table("resident", recreate="always"):
            pass

    monkeypatch.setattr(alembic.command, "upgrade", rebuild_resident)  # schema imports it when it migrates
    schema.upgrade_to_head(db.engine)

    assert snapshot(db, {"resident": ["id"], "casus": ["id"], "plan": ["id"]}) == before
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # enforcement is back on afterwards


def test_open_database_upgrades_an_outdated_file_and_keeps_a_copy(rev0001_path):
    original = sha256(rev0001_path)
    database = open_database(rev0001_path)
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert conn.execute(text("SELECT count(*) FROM realisation")).scalar() == 8
            assert conn.execute(text("SELECT count(*) FROM reference_code")).scalar() > 1  # synced on upgrade
            # the one list both laws shared became the iWmo's; the iJw's own lists came beside it (0009)
            assert conn.execute(text("SELECT standard FROM reference_code WHERE id = 1")).scalar() == "iWmo 3.2"
            assert dict(conn.execute(text("SELECT standard, count(*) FROM reference_code GROUP BY standard")).all(
                )).keys() == {"iWmo 3.2", "iJw 3.2"}
        assert schema_diff(database) == []
    finally:
        database.dispose()
    copies = list(rev0001_path.parent.glob("koers.voor-upgrade-0001-*.sqlite"))
    assert len(copies) == 1, list(rev0001_path.parent.iterdir())
    assert inspect_sqlite_file(copies[0]).state is SchemaState.OUTDATED
    assert inspect_sqlite_file(copies[0]).revision == "0001"
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT count(*) FROM realisation").fetchone()[0] == 8
        assert conn.execute("SELECT surname FROM resident WHERE id = 1").fetchone()[0] == "Çelik"
    conn.close()
    assert sha256(rev0001_path) != original  # the database itself was upgraded


def test_open_database_without_upgrade_refuses_an_outdated_file_unchanged(rev0001_path):
    before = folder_state(rev0001_path)
    with pytest.raises(DatabaseOpenError, match="ouder schema"):
        open_database(rev0001_path, upgrade=False)
    assert folder_state(rev0001_path) == before


# ---------------------------------------------------------------- refusing what is not ours


def test_newer_database_is_refused_unchanged(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    assert not Path(f"{db_path}-wal").exists()
    before = folder_state(db_path)

    with pytest.raises(DatabaseOpenError) as info:
        open_database(db_path)

    assert "nieuwere versie" in info.value.message
    assert "9999" in info.value.message
    assert sha256(db_path) == before["koers.sqlite"]
    assert not Path(f"{db_path}-wal").exists(), "inspecting the file left a -wal file beside it"
    assert folder_state(db_path) == before


@pytest.mark.postgres
def test_newer_database_on_the_server_is_refused(pg_db, pg_url):
    with pg_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseOpenError, match="nieuwere versie"):
        open_database(pg_url)
    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_someone_elses_sqlite_file_is_refused_unchanged(tmp_path, journal_mode):
    path = tmp_path / "boekhouding.sqlite"
    conn = sqlite3.connect(path)
    assert conn.execute(f"PRAGMA journal_mode={journal_mode}").fetchone()[0] == journal_mode
    conn.execute("CREATE TABLE klant (id INTEGER PRIMARY KEY, naam TEXT)")
    conn.execute("INSERT INTO klant (naam) VALUES ('Bakkerij Jansen')")
    conn.commit()
    conn.close()
    before = folder_state(path)

    with pytest.raises(DatabaseOpenError) as info:
        open_database(path)

    assert "geen Koers-database" in info.value.message
    assert folder_state(path) == before


def test_another_alembic_application_is_not_mistaken_for_koers(tmp_path):
    path = tmp_path / "ander.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
        conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    conn.close()
    before = folder_state(path)
    with pytest.raises(DatabaseOpenError, match="geen Koers-database"):
        open_database(path)
    assert folder_state(path) == before


@pytest.mark.parametrize(
    "content",
    [
        b"Dit is een brief aan de gemeente.\nMet vriendelijke groet,\n",
        b"SQLite format 3\x00" + b"\x07" * 200,  # the right header, then garbage
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"x",
    ],
)
def test_a_file_that_is_not_a_database_is_refused_unchanged(tmp_path, content):
    path = tmp_path / "notities.sqlite"
    path.write_bytes(content)
    before = folder_state(path)
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path)
    assert "geen database" in info.value.message
    assert "verandert niets" in info.value.message
    assert folder_state(path) == before
    assert path.read_bytes() == content


def test_an_empty_file_is_initialised(tmp_path):
    path = tmp_path / "nieuw.sqlite"
    path.write_bytes(b"")
    database = open_database(path)
    try:
        assert inspect_sqlite_file(path).state is SchemaState.CURRENT
        assert schema_diff(database) == []
    finally:
        database.dispose()


def test_a_missing_file_is_created_only_when_asked(tmp_path):
    path = tmp_path / "nieuw.sqlite"
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path, create=False)
    assert "bestaat niet" in info.value.message
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []

    open_database(path).dispose()
    assert inspect_sqlite_file(path).state is SchemaState.CURRENT


def test_an_empty_file_is_not_initialised_without_create(tmp_path):
    path = tmp_path / "leeg.sqlite"
    path.write_bytes(b"")
    with pytest.raises(DatabaseOpenError, match="leeg"):
        open_database(path, create=False)
    assert path.read_bytes() == b""


# ---------------------------------------------------------------- 0007: one letter archive

CONTACT_PDF = b"%PDF-1.4\n% contactpersoon\n\x00\x01binary\n%%EOF\n"
DATA_0006 = [
    "INSERT INTO contact_letter (id, resident_id, consulent_id, previous_consulent_id, effective_date,"
    " requested_by_id, requested_at, kenmerk, letter_date, pdf, sha256, issued_by_id, issued_at, sent_date)"
    " VALUES (1, 1, 1, NULL, '2026-03-02', 1, '2026-03-02 09:00:00', 'CP-2026-000001', '2026-03-03', :pdf, :sha, 1,"
    " '2026-03-03 10:00:00', '2026-03-04')",
    "INSERT INTO contact_letter (id, resident_id, consulent_id, previous_consulent_id, effective_date,"
    " requested_by_id, requested_at) VALUES (2, 2, 1, NULL, '2026-03-05', 1, '2026-03-05 09:00:00')",
]


def test_0007_moves_issued_contact_letters_into_the_one_archive_and_back(rev0001_db):
    database = rev0001_db
    migrate(database, "0006")
    params = {"pdf": CONTACT_PDF, "sha": hashlib.sha256(CONTACT_PDF).hexdigest()}
    with database.engine.begin() as conn:
        for statement in DATA_0006:
            conn.execute(text(statement), params if ":pdf" in statement else {})
    before = snapshot(database, {"letter": ["id", "beschikking_id", "kind", "kenmerk", "pdf", "sha256"],
                                 "contact_letter": ["id", "resident_id", "consulent_id", "effective_date"]})

    migrate(database, "head")
    assert schema_diff(database) == []
    with database.engine.connect() as conn:
        decision_letter = conn.execute(text("SELECT resident_id, beschikking_id, kind FROM letter WHERE id = 1")).one()
        assert tuple(decision_letter) == (1, 1, "toekenning")  # its resident found through the decision
        moved = conn.execute(text(
            "SELECT l.resident_id, l.beschikking_id, l.kind, l.kenmerk, l.pdf, l.sha256, l.letter_date, l.sent_date,"
            " l.issued_by_id FROM contact_letter c JOIN letter l ON l.id = c.letter_id WHERE c.id = 1")).one()
        assert (moved[0], moved[1], moved[2], moved[3]) == (1, None, "contactpersoon", "CP-2026-000001")
        assert bytes(moved[4]) == CONTACT_PDF and moved[5] == params["sha"] and moved[8] == 1
        assert str(moved[6]) == "2026-03-03" and str(moved[7]) == "2026-03-04"
        assert conn.execute(text("SELECT letter_id FROM contact_letter WHERE id = 2")).scalar() is None  # still waits
        assert conn.execute(text("SELECT count(*) FROM letter")).scalar() == 2
    assert "koers:overschrijding" in refused(database, "INSERT INTO realisation (id, beschikking_id, service_date,"
                                                       " minutes, no_show, source, entered_at) VALUES (100, 1,"
                                                       " '2026-08-01', 481, FALSE, 'hand', '2026-08-01 10:00:00')")
    with database.engine.connect() as conn:
        assert triggers(conn) == (SQLITE_TRIGGERS | CASEFILE_SQLITE_ONLY if database.is_sqlite else POSTGRES_TRIGGERS) | CASEFILE_TRIGGERS

    migrate(database, "0006", down=True)
    assert snapshot(database, {"letter": ["id", "beschikking_id", "kind", "kenmerk", "pdf", "sha256"],
                               "contact_letter": ["id", "resident_id", "consulent_id", "effective_date"]}) == before
    with database.engine.connect() as conn:
        assert bytes(conn.execute(text("SELECT pdf FROM contact_letter WHERE id = 1")).scalar()) == CONTACT_PDF
