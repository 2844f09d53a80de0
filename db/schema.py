"""What a database is (empty, current, older, newer, not ours) and bringing it to the newest schema.

Inspection opens SQLite files read-only: a file that turns out not to be a Koers
database must be left exactly as it was, WAL switch included.

Opening a current database imports neither Alembic (0.4 s with its PostgreSQL and MSSQL dialects) nor
SQLAlchemy: the revisions are read from the migration scripts' text, and Alembic loads only to migrate.
"""

from __future__ import annotations

import enum
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

VERSIONS = Path(__file__).parent / "migrations" / "versions"

MARKER_KEY = "database.application"
MARKER_VALUE = "koers"
SQLITE_HEADER = b"SQLite format 3\x00"


class SchemaState(enum.Enum):
    MISSING = "missing"  # no file yet
    EMPTY = "empty"  # no tables at all
    CURRENT = "current"
    OUTDATED = "outdated"  # a Koers database at an older revision
    NEWER = "newer"  # a Koers database from a newer Koers (unknown revision)
    FOREIGN = "foreign"  # a database, but not Koers's
    NOT_A_DATABASE = "not_a_database"
    UNREADABLE = "unreadable"  # a file we may not open right now (permissions, a lock)


@dataclass(frozen=True)
class SchemaInfo:
    state: SchemaState
    revision: str | None = None
    detail: str = ""


def alembic_config(url: str | None = None) -> Config:
    from importlib import resources

    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("db") / "migrations"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# `revision: str = '0019'` and `down_revision: str | None = '0018'` (None for the first, a tuple for a merge)
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"""['"]([^'"]+)['"]""")


@cache
def revision_parents() -> dict[str, tuple[str, ...]]:
    """Every migration's revision and the revisions it follows, as Alembic reads them (a test holds the two
    equal), without importing Alembic."""
    parents: dict[str, tuple[str, ...]] = {}
    for script in sorted(VERSIONS.glob("*.py")):
        found = {name: _QUOTED.findall(value) for name, value in _ASSIGNMENT.findall(script.read_text("utf-8"))}
        if found.get("revision"):
            parents[found["revision"][0]] = tuple(found.get("down_revision", ()))
    return parents


def head_revision() -> str:
    parents = revision_parents()
    followed = {parent for ups in parents.values() for parent in ups}
    heads = sorted(set(parents) - followed)
    if not heads:
        raise RuntimeError("no migration scripts found")
    if len(heads) > 1:
        raise RuntimeError(f"more than one head ({', '.join(heads)}): merge the migrations")
    return heads[0]


def known_revisions() -> set[str]:
    return set(revision_parents())


def _truncated(path: Path, wal_exists: bool) -> bool:
    """A cut-off copy (a backup stopped halfway) can still answer the first queries; its header says how many
    pages there must be, and a database file is always whole pages."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size = path.stat().st_size
    if page_size < 512 or size % page_size:
        return True
    return not wal_exists and pages > 0 and size < pages * page_size


def inspect_sqlite_file(path: Path) -> SchemaInfo:
    if not path.exists():
        return SchemaInfo(SchemaState.MISSING)
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if not header:
        return SchemaInfo(SchemaState.EMPTY)
    if header != SQLITE_HEADER:
        return SchemaInfo(SchemaState.NOT_A_DATABASE, detail="geen SQLite-kop")
    wal_exists = Path(f"{path}-wal").exists()
    if _truncated(path, wal_exists):
        return SchemaInfo(SchemaState.NOT_A_DATABASE, detail="bestand afgebroken")
    # Without a -wal beside it, nothing can be pending: immutable=1 reads the file as it is and
    # creates no -wal/-shm (mode=ro alone leaves both behind for a WAL-mode file, and fails in a read-only folder).
    uri = f"{path.as_uri()}?mode=ro" + ("" if wal_exists else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        return SchemaInfo(SchemaState.UNREADABLE, detail=str(exc))
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = marker = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        if "setting" in tables:
            row = conn.execute("SELECT value FROM setting WHERE key=?", (MARKER_KEY,)).fetchone()
            marker = row[0] if row else None
    except sqlite3.OperationalError as exc:
        return SchemaInfo(SchemaState.UNREADABLE, detail=str(exc))
    except sqlite3.DatabaseError as exc:
        return SchemaInfo(SchemaState.NOT_A_DATABASE, detail=str(exc))
    finally:
        conn.close()
    return _classify(tables, revision, marker)


def inspect_engine(engine: Engine) -> SchemaInfo:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = marker = None
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if "setting" in tables:
            marker = conn.execute(text("SELECT value FROM setting WHERE key=:k"), {"k": MARKER_KEY}).scalar()
        conn.rollback()
    return _classify(tables, revision, marker)


def inspect_url(url: str, engine: Engine | None = None) -> SchemaInfo:
    from db.engine import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return inspect_sqlite_file(path)
    if engine is None:
        raise ValueError("engine required for a server database")
    return inspect_engine(engine)


def _classify(tables: set[str], revision: str | None, marker: str | None) -> SchemaInfo:
    if not tables:
        return SchemaInfo(SchemaState.EMPTY)
    if marker != MARKER_VALUE or revision is None:
        return SchemaInfo(SchemaState.FOREIGN, revision)
    if revision == head_revision():
        return SchemaInfo(SchemaState.CURRENT, revision)
    if revision in known_revisions():
        return SchemaInfo(SchemaState.OUTDATED, revision)
    return SchemaInfo(SchemaState.NEWER, revision)


def upgrade_to_head(engine: Engine) -> None:
    """Run every migration up to head on this engine, in one connection."""
    migrate_to(engine, "head")


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Up (or down) to one revision in one transaction; on SQLite with foreign keys off while tables are rebuilt."""
    from alembic import command

    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # batch mode drops and recreates tables: with FKs on, DROP TABLE cascades to the children
            _sqlite3_connection(conn).execute("PRAGMA foreign_keys=OFF")  # outside any transaction
            # Batch mode renames its copy back to the table's name; a trigger on another table that reads this
            # one (the access log's scrub guard reads resident, 0024) would make the modern RENAME refuse while
            # the name is briefly missing. The legacy rename leaves such references alone, and they hold again
            # the moment the copy carries the name.
            _sqlite3_connection(conn).execute("PRAGMA legacy_alter_table=ON")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                (command.downgrade if down else command.upgrade)(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign key check failed after migration: {broken[:5]}")
        finally:
            if sqlite:
                _sqlite3_connection(conn).execute("PRAGMA legacy_alter_table=OFF")
                _sqlite3_connection(conn).execute("PRAGMA foreign_keys=ON")


def _sqlite3_connection(conn: Connection) -> sqlite3.Connection:
    raw = conn.connection.driver_connection
    assert raw is not None  # an open Connection always holds its DBAPI connection
    return cast(sqlite3.Connection, raw)
