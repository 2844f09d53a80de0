"""Where the database lives and how connections are opened.

SQLite is the embedded default (one file in the user's data directory); a
postgresql:// URL points a team at one shared server.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

log = logging.getLogger(__name__)

DB_ENV = "KOERS_DB"
BUSY_TIMEOUT_MS = 5000
# PostgreSQL waits for a row lock without end by default; a colleague's stuck transaction should instead give the
# same answer as a busy SQLite file: 'bezet, probeer het zo opnieuw', with nothing stored.
PG_LOCK_TIMEOUT_MS = 5000


FaultHandler = Callable[[BaseException, "Path | None", bool, float], Exception]
_fault_handler: FaultHandler | None = None


def on_storage_fault(handler: FaultHandler) -> None:
    """The application says what a storage fault means to its user (desktop/core/faults.py); the data layer only
    rolls back, empties the pool and hands the driver's error over."""
    global _fault_handler
    _fault_handler = handler


class DatabaseFileMoved(OSError):
    """The SQLite file this Database opened is gone from its path (folder removed or renamed, file replaced).

    SQLite in WAL mode keeps writing through its open handle into a file nobody will find again: every save
    would be acknowledged and lost. Each transaction therefore checks the file is still the one it opened."""


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("Koers", appauthor=False) / "koers.sqlite"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """A path or URL from --db, else $KOERS_DB, else the user's embedded database."""
    value = os.fspath(db) if db is not None else os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        url = make_url(value)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_network_path(path: Path) -> bool:
    """WAL needs shared memory on one host; a UNC or mapped network drive cannot give that."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32" and len(text) > 1 and text[1] == ":":  # pragma: no cover - Windows only
        import ctypes

        DRIVE_REMOTE = 4
        return bool(ctypes.windll.kernel32.GetDriveTypeW(text[:3]) == DRIVE_REMOTE)
    return False


def make_engine(url: str) -> Engine:
    # hide_parameters: should anyone switch SQL logging on, statements are logged without the
    # values in them (BSNs, names, addresses).
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, future=True, hide_parameters=True,
                         connect_args={"options": f"-c lock_timeout={PG_LOCK_TIMEOUT_MS}"})


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    network = bool(path and is_network_path(path))
    if network:
        log.warning("database op een netwerkschijf: WAL uit, journal_mode=DELETE; gebruik PostgreSQL voor teams")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=DELETE" if network else "PRAGMA journal_mode=WAL")
        # FULL: a save the screen acknowledged is on the disk before the screen says so, so it survives a
        # power cut too, not only a crash of Koers (NORMAL in WAL mode may roll back the last commits when the
        # power goes). It costs one fsync of the WAL per commit; `make bench` measures that cost per save.
        cur.execute("PRAGMA synchronous=FULL")
        # A 64 MiB page cache per connection (SQLite's default is 2 MiB): the team dashboard reads the
        # indexes of every open case and decision (some 20 MiB on a 100,000-resident database) on each
        # opening, which the default cache cannot hold, so every opening would read them again through
        # the OS. The cache grows only as pages are read, so a small database uses little. No mmap_size:
        # it gained little once the pages are cached, and it turns I/O errors into crashes on some systems.
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Units of work that read then write take the write lock up front, so a busy
        # error cannot surface halfway (SQLite would not retry a lock upgrade).
        mode = "IMMEDIATE" if conn.get_execution_options().get("koers_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """One engine and the two kinds of unit of work on it: read and write.

    A fault of the storage (disk full, read-only file, lock held too long, folder gone, server gone) rolls the
    unit back whole and becomes a Dutch StorageError (desktop/core/faults.py); the pool is emptied so that the
    next attempt, after the cause is fixed, starts on fresh connections."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._write_engine = self.engine.execution_options(koers_write=True)
        self._file_identity: tuple[int, int] | None = None
        if self.is_sqlite and self.path is not None:
            event.listen(self.engine, "begin", self._check_file)
            event.listen(self.engine, "commit", self._check_file)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def _check_file(self, _conn: Connection) -> None:
        """Before a transaction and before its commit: is the file at our path still the one we opened?"""
        path = self.path
        assert path is not None
        try:
            st = os.stat(path)
        except OSError as exc:
            raise DatabaseFileMoved(f"database file moved: {exc.strerror}") from exc
        identity = (st.st_dev, st.st_ino)
        if self._file_identity is None:
            self._file_identity = identity
        elif identity != self._file_identity:
            raise DatabaseFileMoved("database file moved: another file is at its path")

    def _fault(self, exc: BaseException, *, writing: bool) -> NoReturn:
        self.engine.dispose()
        if _fault_handler is None:
            raise exc
        raise _fault_handler(exc, self.path, writing, BUSY_TIMEOUT_MS / 1000) from exc

    @contextmanager
    def quick_read(self) -> Iterator[Connection]:
        """A connection for a short read that needs no snapshot of its own (search as you type). On PostgreSQL
        it runs without BEGIN and ROLLBACK: two of the few round trips a keystroke costs."""
        try:
            if self.is_sqlite:
                with self.engine.connect() as conn:
                    yield conn
                return
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                yield conn
        except (OperationalError, DatabaseFileMoved) as exc:
            self._fault(exc, writing=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except (OperationalError, DatabaseFileMoved) as exc:
            self._fault(exc, writing=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back everything on any error."""
        try:
            with Session(self._write_engine, expire_on_commit=False) as session:
                if not self.is_sqlite:
                    session.connection()  # begin now; row locks are taken by the service with FOR UPDATE
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except (OperationalError, DatabaseFileMoved) as exc:
            self._fault(exc, writing=True)

    def dispose(self) -> None:
        self.engine.dispose()
