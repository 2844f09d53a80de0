"""Storage faults, made to happen for real on a test's SQLite database, and undone again.

Each is a context manager: inside it the next unit of work meets the fault; leaving it fixes the cause, as the
user (or the beheerder) would, so a test can save again. Used by the core tests and by the GUI tests of the forms.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event

import db.engine as engine_module
from db.engine import Database, on_storage_fault
from desktop.core.faults import storage_error

on_storage_fault(storage_error)  # as desktop.core.maintenance.database.connect does for the application


def _on_every_connection(db: Database, pragma: str) -> object:
    """Run `pragma` on each new connection of db (the pool is emptied first, so every one is new)."""

    def _apply(dbapi_conn, _record) -> None:
        dbapi_conn.execute(pragma)

    db.engine.dispose()
    event.listen(db.engine, "connect", _apply)
    return _apply


def _stop(db: Database, listener: object) -> None:
    event.remove(db.engine, "connect", listener)
    db.engine.dispose()


@contextmanager
def disk_full(db: Database) -> Iterator[None]:
    """The disk fills up: every statement that writes fails with SQLite's own error for it (SQLITE_FULL,
    'database or disk is full'), raised where the driver executes, so it travels the same way as the real one
    (tests/unit/test_storage_faults.py also fills a real small filesystem where the machine allows mounting)."""

    def _full(cursor, statement, *rest) -> bool:
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            raise sqlite3.OperationalError("database or disk is full")
        return False

    kinds = ("do_execute", "do_executemany", "do_execute_no_params")
    for kind in kinds:
        event.listen(db.engine, kind, _full)
    try:
        yield
    finally:
        for kind in kinds:
            event.remove(db.engine, kind, _full)


@contextmanager
def read_only(db: Database) -> Iterator[None]:
    """The file turned read-only (as IT might do, or a copy from a CD). Root ignores file modes, so there the
    connections are also opened query-only, which SQLite refuses with the same SQLITE_READONLY."""
    path = db.path
    assert path is not None
    db.engine.dispose()
    os.chmod(path, 0o444)
    listener = _on_every_connection(db, "PRAGMA query_only=1") if os.geteuid() == 0 else None
    try:
        yield
    finally:
        os.chmod(path, 0o644)
        if listener is not None:
            _stop(db, listener)
        db.engine.dispose()


@contextmanager
def locked(db: Database, monkeypatch, *, busy_ms: int = 300) -> Iterator[None]:
    """Another program holds the write lock longer than the busy timeout (shortened so the test is quick)."""
    path = db.path
    assert path is not None
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", busy_ms)
    db.engine.dispose()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def folder_gone(db: Database) -> Iterator[None]:
    """The folder of the database disappears (a network drive or USB disk unplugged): renamed away, and put back
    on leaving, like a drive coming back."""
    path = db.path
    assert path is not None
    folder = path.parent
    away = folder.with_name(folder.name + "-weg")
    os.rename(folder, away)
    try:
        yield
    finally:
        os.rename(away, folder)


def fault_names() -> list[str]:
    return ["disk_full", "read_only", "locked", "folder_gone"]


@contextmanager
def fault(name: str, db: Database, monkeypatch) -> Iterator[None]:
    made = {"disk_full": lambda: disk_full(db), "read_only": lambda: read_only(db),
            "locked": lambda: locked(db, monkeypatch), "folder_gone": lambda: folder_gone(db)}[name]()
    with made:
        yield


def database_folder(db: Database) -> Path:
    assert db.path is not None
    return db.path.parent
