"""Backups of the embedded database: made online, rotated, daily, restored; refused cleanly when they cannot be."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

import db.engine as engine_module
from db import clock
from db.engine import Database
from desktop.core.demo.generator import generate_demo
from desktop.core.errors import DatabaseOpenError, KoersError
from desktop.core.maintenance import backup
from desktop.core.maintenance.backup import daily_backup, list_backups, make_backup, restore_backup
from desktop.core.maintenance.database import open_database
from desktop.core.residents import register
from desktop.core.residents.register import ResidentInput
from tests.unit.test_database_open import read_only

TODAY = date(2026, 11, 23)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(database) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with database.engine.connect() as conn:
        names = sorted(inspect(conn).get_table_names())
        return {name: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
                for name in names}


def dump_file(path: Path) -> dict[str, list[tuple]]:
    database = Database(f"sqlite:///{path}")
    try:
        return dump(database)
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def demo_template(template_db_path, tmp_path_factory) -> Path:
    """A database with 30 demo residents (cases, plans, decisions, hours, users), made once for this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(template_db_path, path)
    database = Database(f"sqlite:///{path}")
    generate_demo(database, 30, today=TODAY)
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "koers.sqlite"
    shutil.copyfile(demo_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


# ---------------------------------------------------------------- making backups


def test_a_backup_holds_every_row_and_opens_as_a_koers_database(demo_db, tmp_path):
    source = dump(demo_db)
    assert len(source["resident"]) == 30 and source["realisation"] and source["plan"] and source["app_user"]
    target = make_backup(demo_db, now=datetime(2026, 11, 23, 8, 30, 5))
    assert target == tmp_path / "backups" / "koers-20261123-083005.sqlite"
    assert not list(target.parent.glob("*.deel"))
    assert not Path(f"{target}-wal").exists(), "a backup is one self-contained file"
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()

    opened = open_database(target, create=False)
    try:
        copy = dump(opened)
    finally:
        opened.dispose()
    assert {name: len(rows) for name, rows in copy.items()} == {name: len(rows) for name, rows in source.items()}
    assert copy == source


def test_a_backup_is_a_consistent_snapshot_while_someone_writes(db, actors, today, tmp_path):
    register.create_resident(db, actors.consulent, ResidentInput(bsn="111222333", initials="J.", surname="Jansen",
                                                                  date_of_birth=date(1950, 1, 1)))
    with db.write() as s:  # an open write unit that has not committed yet
        s.execute(text("UPDATE resident SET surname = 'Halverwege'"))
        s.flush()
        target = make_backup(db, tmp_path / "kopie")
    surnames = sqlite3.connect(target).execute("SELECT surname FROM resident").fetchall()
    assert surnames == [("Jansen",)]


def test_rotation_keeps_the_newest_fourteen(db, tmp_path):
    folder = tmp_path / "kopie"
    folder.mkdir()
    (folder / "notities.txt").write_text("van de beheerder")
    (folder / "koers-geen-datum.sqlite").write_bytes(b"")
    start = datetime(2026, 11, 1, 7, 0, 0)
    made = [make_backup(db, folder, now=start + timedelta(days=i)) for i in range(16)]
    kept = list_backups(folder)
    assert len(kept) == backup.KEEP == 14
    assert [b.path for b in kept] == list(reversed(made[2:]))
    assert not made[0].exists() and not made[1].exists()
    assert (folder / "notities.txt").exists() and (folder / "koers-geen-datum.sqlite").exists()
    assert all(b.size > 0 for b in kept)


def test_daily_backup_makes_one_per_day(db, tmp_path):
    first = daily_backup(db)
    assert first is not None and first.parent == tmp_path / "backups"
    assert daily_backup(db) is None
    assert len(list_backups(tmp_path / "backups")) == 1


def test_daily_backup_on_a_new_day_makes_one_and_then_none(db, tmp_path):
    """`today` (or a fixed clock.today) is the day daily_backup looks at: the copy it makes must count
    for that day, or every start on that day makes another copy."""
    assert daily_backup(db) is not None
    tomorrow = clock.today() + timedelta(days=1)
    assert daily_backup(db, today=tomorrow) is not None
    assert daily_backup(db, today=tomorrow) is None
    assert [b.made.date() for b in list_backups(tmp_path / "backups")] == [tomorrow, clock.today()]


def test_a_backup_folder_that_is_not_writable_is_refused_in_dutch(db, tmp_path):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(KoersError) as info:
            make_backup(db, folder)
        assert "reservekopie kon niet worden gemaakt" in info.value.message
        assert "mag schrijven" in info.value.message
        assert list(folder.iterdir()) == []


def test_a_backup_folder_that_cannot_be_made_is_refused_in_dutch(db, tmp_path):
    parent = tmp_path / "alleen-lezen"
    parent.mkdir()
    with read_only(parent):
        with pytest.raises(KoersError) as info:
            make_backup(db, parent / "backups")
        assert "kan niet worden gemaakt" in info.value.message
        assert list(parent.iterdir()) == []


@pytest.mark.postgres
def test_a_postgresql_database_gets_no_daily_copy(pg_db):
    """The server keeps its own backups; `koers backup` dumps by hand (tests/unit/test_backup_postgresql.py)."""
    assert daily_backup(pg_db) is None


# ---------------------------------------------------------------- restoring


def test_restore_puts_the_backup_back_and_keeps_the_current_file_aside(demo_db, tmp_path):
    path = demo_db.path
    saved = make_backup(demo_db)
    expected = dump(demo_db)

    with demo_db.write() as s:  # changes after the backup
        s.execute(text("UPDATE resident SET surname = 'Veranderd' WHERE id = 1"))
        s.execute(text("DELETE FROM realisation"))
    changed = dump(demo_db)
    demo_db.dispose()  # Koers is closed everywhere

    assert restore_backup(saved, path) == path
    assert dump_file(path) == expected
    aside = list(tmp_path.glob("koers.voor-terugzetten-*.sqlite"))
    assert len(aside) == 1
    assert dump_file(aside[0]) == changed
    assert not list(tmp_path.glob("*.terugzetten"))
    reopened = open_database(path, create=False)
    try:
        assert dump(reopened)["resident"] == expected["resident"]
    finally:
        reopened.dispose()


def _refused_restore(backup_file: Path, target: Path, *fragments: str) -> None:
    """restore_backup refuses in Dutch and leaves the database file, and its folder, exactly as they were."""
    before = sha256(target)
    siblings = sorted(p.name for p in target.parent.iterdir())
    with pytest.raises(KoersError) as info:
        restore_backup(backup_file, target)
    assert any(f in info.value.message for f in fragments), info.value.message
    assert sha256(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == siblings


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.999], ids=["half", "most", "all-but-a-few-bytes"])
def test_a_truncated_backup_is_refused_and_the_database_is_untouched(demo_db, tmp_path, keep):
    saved = make_backup(demo_db)
    demo_db.dispose()
    data = saved.read_bytes()
    saved.write_bytes(data[:int(len(data) * keep)])
    _refused_restore(saved, demo_db.path, "beschadigd. Kies een oudere kopie; er is niets teruggezet",
                     "geen bruikbare reservekopie van Koers (of hij is gemaakt door een nieuwere versie). Er is "
                     "niets teruggezet")


def test_a_file_that_is_no_backup_is_refused(db, tmp_path):
    db.dispose()
    other = tmp_path / "foto.sqlite"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(5000))
    _refused_restore(other, db.path, "geen bruikbare reservekopie van Koers")
    foreign = tmp_path / "ander.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE boeken (titel TEXT)")
    conn.commit()
    conn.close()
    _refused_restore(foreign, db.path, "geen bruikbare reservekopie van Koers")
    _refused_restore(tmp_path / "weg.sqlite", db.path, "bestaat niet")


def test_a_backup_from_a_newer_koers_is_refused(db, tmp_path):
    saved = make_backup(db, tmp_path / "kopie")
    db.dispose()
    conn = sqlite3.connect(saved)
    conn.execute("UPDATE alembic_version SET version_num = '9999_toekomst'")
    conn.commit()
    conn.close()
    _refused_restore(saved, db.path, "nieuwere versie")


# ---------------------------------------------------------------- opening a damaged or busy database


@pytest.mark.parametrize("keep", [4096, 0.5, -4096, -1],
                         ids=["first-page", "half", "all-but-a-page", "all-but-a-byte"])
def test_a_truncated_database_is_refused_in_dutch_and_left_as_it_was(demo_template, tmp_path, keep):
    data = demo_template.read_bytes()
    cut = keep if keep > 1 else int(len(data) * keep) if keep > 0 else len(data) + keep
    path = tmp_path / "afgebroken.sqlite"
    path.write_bytes(data[:cut])
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path)
    assert "beschadigd" in info.value.message and "reservekopie" in info.value.message
    assert str(path) in info.value.message
    assert path.read_bytes() == data[:cut]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afgebroken.sqlite"]


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_database_locked_by_another_program_is_refused_in_dutch(db_path, monkeypatch, journal):
    """Another program holds an exclusive transaction. Koers waits its busy timeout, then says so."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)  # 5 s in real use; the same code path
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute(f"PRAGMA journal_mode={journal}")
        other.execute("BEGIN EXCLUSIVE")
        before = sha256(db_path)
        started = time.monotonic()
        with pytest.raises(DatabaseOpenError) as info:
            open_database(db_path)
        assert time.monotonic() - started < 5
        assert "in gebruik door een ander programma" in info.value.message
        assert sha256(db_path) == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    database = open_database(db_path)  # and once the other program lets go, Koers opens it
    database.dispose()
