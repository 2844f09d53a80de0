"""Opening a database: paths, permissions, connection pragmas and the write lock taken up front."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlmodel import select

import db.engine as engine_module
from db.engine import Database, is_network_path, resolve_url, sqlite_path
from db.models import Resident
from db.schema import SchemaState, alembic_config, head_revision, inspect_sqlite_file
from desktop.core.errors import DatabaseOpenError
from desktop.core.maintenance import database as core_database
from desktop.core.maintenance.database import open_database


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


@contextmanager
def read_only(path: Path):
    """Make a file or folder read-only for this process. Root ignores chmod, so as root the
    immutable flag (chattr +i) is used; where that is not allowed the test is skipped."""
    if not is_root():
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("als root verhindert chmod het schrijven niet, en chattr ontbreekt")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"als root verhindert chmod het schrijven niet, en chattr +i mag hier niet: {done.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def make_0001(path: Path) -> Path:
    from alembic import command

    database = Database(f"sqlite:///{path}")
    cfg = alembic_config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    database.dispose()
    return path


def add_resident(session, bsn: str = "111222333", client_number: str = "K0000001") -> None:
    from datetime import date

    session.add(Resident(client_number=client_number, bsn=bsn, initials="J.", surname="Jansen",
                         search_name="jansen", date_of_birth=date(1950, 1, 1)))


# ---------------------------------------------------------------- paths and URLs


def test_a_folder_that_does_not_exist_is_refused_in_dutch(tmp_path):
    target = tmp_path / "bestaat-niet" / "koers.sqlite"
    with pytest.raises(DatabaseOpenError) as info:
        open_database(target)
    assert "De map" in info.value.message and "bestaat niet" in info.value.message
    assert str(target.parent) in info.value.message
    assert not target.parent.exists()


def test_the_default_database_gets_its_folder(tmp_path, monkeypatch):
    target = tmp_path / "gebruiker" / "Koers" / "koers.sqlite"
    monkeypatch.setenv(engine_module.DB_ENV, str(target))
    database = open_database()
    try:
        assert database.path == target
        assert inspect_sqlite_file(target).state is SchemaState.CURRENT
    finally:
        database.dispose()


def test_resolve_url(tmp_path, monkeypatch):
    assert resolve_url(tmp_path / "k.sqlite") == f"sqlite:///{tmp_path / 'k.sqlite'}"
    assert resolve_url("postgresql://koers:geheim@db.gemeente.nl/koers") == \
        "postgresql+psycopg://koers:geheim@db.gemeente.nl/koers"
    assert resolve_url("postgres://u@h/d").startswith("postgresql+psycopg://")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_url("~/k.sqlite") == f"sqlite:///{tmp_path / 'k.sqlite'}"
    monkeypatch.setenv(engine_module.DB_ENV, str(tmp_path / "env.sqlite"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.chdir(tmp_path)
    assert resolve_url("relatief.sqlite") == f"sqlite:///{tmp_path / 'relatief.sqlite'}"


def test_sqlite_path():
    assert sqlite_path("sqlite:////data/k.sqlite") == Path("/data/k.sqlite")
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql+psycopg://u@h/d") is None


@pytest.mark.parametrize(
    ("path", "network"),
    [("\\\\server\\share\\koers.sqlite", True), ("//server/share/koers.sqlite", True),
     ("/home/consulent/koers.sqlite", False), ("koers.sqlite", False)],
)
def test_network_paths_are_recognised(path, network):
    assert is_network_path(Path(path) if "\\" not in path else path) is network


def test_an_unreachable_server_is_refused_in_dutch_without_the_password():
    url = "postgresql://koers:geheim-wachtwoord@127.0.0.1:1/koers"  # port 1: nothing listens there
    with pytest.raises(DatabaseOpenError) as info:
        open_database(url)
    assert "Kan geen verbinding maken" in info.value.message
    assert "geheim-wachtwoord" not in str(info.value)


# ---------------------------------------------------------------- read-only files and folders


def test_a_read_only_database_file_is_refused_in_dutch_and_unchanged(db_path):
    """Koers cannot work on a file it may not write: say so when opening, not at the first save."""
    before = sha256(db_path)
    with read_only(db_path):
        with pytest.raises(DatabaseOpenError) as info:
            open_database(db_path).dispose()
        assert "schrijven" in info.value.message
    assert sha256(db_path) == before


def test_a_read_only_empty_file_is_refused_in_dutch(tmp_path):
    path = tmp_path / "leeg.sqlite"
    path.write_bytes(b"")
    with read_only(path):
        with pytest.raises(DatabaseOpenError) as info:
            open_database(path)
        assert "Koers mag niet schrijven" in info.value.message
    assert path.read_bytes() == b""


def test_a_read_only_outdated_file_is_refused_in_dutch_and_unchanged(tmp_path):
    path = make_0001(tmp_path / "oud.sqlite")
    before = sha256(path)
    with read_only(path):
        with pytest.raises(DatabaseOpenError) as info:
            open_database(path)
        assert "schrijven" in info.value.message
    assert sha256(path) == before
    assert inspect_sqlite_file(path).revision == "0001"


def test_a_database_in_a_read_only_folder_is_not_called_damaged(db_path):
    """A sound database the user may not write to must not be reported as broken
    (that message tells the user to restore a backup over a good file)."""
    before = sha256(db_path)
    with read_only(db_path.parent):
        with pytest.raises(DatabaseOpenError) as info:
            open_database(db_path).dispose()
    assert "beschadigd" not in info.value.message
    assert "geen database" not in info.value.message
    assert "schrijven" in info.value.message
    assert sha256(db_path) == before


def test_a_failed_copy_before_upgrade_stops_the_upgrade(tmp_path, monkeypatch):
    """No upgrade without the safety copy; the user gets a Dutch message, not a Python error."""
    path = make_0001(tmp_path / "oud.sqlite")
    before = sha256(path)

    def copy_fails(path, revision):
        raise sqlite3.OperationalError("unable to open database file")  # what a full disk or a locked folder gives

    monkeypatch.setattr(core_database, "_copy_before_upgrade", copy_fails)
    with pytest.raises(DatabaseOpenError):
        open_database(path)
    assert sha256(path) == before
    assert inspect_sqlite_file(path).revision == "0001"


def test_a_database_busy_during_upgrade_is_reported_as_in_use(tmp_path, monkeypatch):
    path = make_0001(tmp_path / "oud.sqlite")
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)  # do not wait the full five seconds
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another Koers holds the write lock
        with pytest.raises(DatabaseOpenError) as info:
            open_database(path)
        assert "in gebruik" in info.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert inspect_sqlite_file(path).revision == "0001"
    database = open_database(path)  # once the other program lets go, the upgrade goes through
    database.dispose()
    assert inspect_sqlite_file(path).revision == head_revision()


# ---------------------------------------------------------------- connection settings


def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == engine_module.BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: an acknowledged save survives a power cut
    # A second, brand-new connection gets the same, not only the first one.
    db.engine.dispose()
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        assert cur.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2
    finally:
        raw.close()


def test_a_fresh_database_file_is_in_wal_mode(tmp_path):
    database = open_database(tmp_path / "nieuw.sqlite")
    try:
        with sqlite3.connect(tmp_path / "nieuw.sqlite") as raw:
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        raw.close()
    finally:
        database.dispose()


def _record_statements(database) -> list[str]:
    statements: list[str] = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    return statements


def test_write_units_begin_immediate_and_read_units_deferred(db):
    statements = _record_statements(db)
    with db.write() as session:
        session.exec(select(Resident)).all()
    assert "BEGIN IMMEDIATE" in statements
    assert "BEGIN DEFERRED" not in statements

    statements.clear()
    with db.read() as session:
        session.exec(select(Resident)).all()
    assert "BEGIN DEFERRED" in statements
    assert "BEGIN IMMEDIATE" not in statements


def test_a_write_unit_holds_the_write_lock_from_its_first_read(db, db_path):
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with db.write() as session:
            session.exec(select(Resident)).all()  # only a read so far, yet the lock is taken
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
        with db.read() as session:
            session.exec(select(Resident)).all()
            other.execute("BEGIN IMMEDIATE")  # a read unit does not block writers
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_second_write_unit_waits_for_the_first_instead_of_failing(db):
    first_has_lock = threading.Event()
    order: list[str] = []
    errors: list[BaseException] = []

    def first():
        try:
            with db.write() as session:
                session.exec(select(Resident)).all()  # read ...
                first_has_lock.set()
                time.sleep(0.3)
                add_resident(session, "111222333", "K0000001")  # ... then write
                order.append("first committed")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def second():
        try:
            first_has_lock.wait(5)
            with db.write() as session:
                count = len(session.exec(select(Resident)).all())
                order.append(f"second saw {count}")
                add_resident(session, "123456782", "K0000002")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors, errors
    assert order == ["first committed", "second saw 1"]
    with db.read() as session:
        assert len(session.exec(select(Resident)).all()) == 2


def test_a_write_unit_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError), db.write() as session:
        add_resident(session)
        session.flush()
        raise RuntimeError("halverwege mis")
    with db.read() as session:
        assert session.exec(select(Resident)).all() == []


def test_a_write_unit_that_breaks_a_constraint_stores_nothing(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.write() as session:
        add_resident(session, "111222333", "K0000001")
        session.flush()
        add_resident(session, "111222333", "K0000002")  # same BSN
    with db.read() as session:
        assert session.exec(select(Resident)).all() == []
