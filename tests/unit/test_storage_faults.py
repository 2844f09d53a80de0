"""A full disk, a read-only file, a lock held too long, a vanished folder: each refused in Dutch, nothing half
stored, and the same save succeeds once the cause is fixed (issue 17)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from dataclasses import replace
from datetime import date
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import Database
from db.models.enums import Salutation
from desktop.core.errors import StorageError
from desktop.core.residents.register import (
    ResidentInput,
    create_resident,
    get_resident,
    input_from,
    update_resident,
)
from desktop.core.residents.search import resident_count, search_residents
from tests.conftest import Actors, copy_template
from tests.faults import fault, fault_names

KINDS = {"disk_full": "full", "read_only": "readonly", "locked": "locked", "folder_gone": "gone"}
HINTS = {"disk_full": "Maak ruimte vrij", "read_only": "schrijfrechten", "locked": "Wacht even",
         "folder_gone": "netwerkmap"}


@pytest.fixture
def db_path(template_db_path, tmp_path) -> Path:
    """The database in a folder of its own, so the folder can go away without taking the test's files along."""
    folder = tmp_path / "gegevens"
    folder.mkdir()
    return copy_template(template_db_path, folder / "koers.sqlite")


def person(**overrides) -> ResidentInput:
    data = ResidentInput(bsn="111222333", initials="A.B.", surname="Çelik", date_of_birth=date(1961, 4, 12),
                         salutation=Salutation.MEVROUW, street="Dorpsstraat", house_number="12", postcode="7001 AB",
                         city="Doetinchem")
    return replace(data, **overrides)


def snapshot(db: Database) -> tuple:
    """Everything a save touches: the residents and the access log."""
    with db.engine.connect() as conn:
        residents = conn.execute(text("SELECT * FROM resident ORDER BY id")).fetchall()
        log = conn.execute(text("SELECT count(*) FROM audit_entry")).scalar()
    return tuple(map(tuple, residents)), log


@pytest.mark.parametrize("name", fault_names())
def test_a_new_resident_during_a_fault_is_refused_in_dutch_and_saved_after_the_fix(name, db, actors, monkeypatch):
    before = snapshot(db)
    with fault(name, db, monkeypatch):
        with pytest.raises(StorageError) as info:
            create_resident(db, actors.consulent, person())
    assert info.value.kind == KINDS[name]
    assert "Er is niets opgeslagen" in info.value.message and HINTS[name] in info.value.message
    assert snapshot(db) == before  # nothing half-written: no resident, no access-log line
    saved = create_resident(db, actors.consulent, person())  # the same input, once the cause is fixed
    assert get_resident(db, actors.casusregisseur, saved.id).surname == "Çelik"


@pytest.mark.parametrize("name", fault_names())
def test_a_change_during_a_fault_keeps_the_stored_version(name, db, actors, monkeypatch):
    resident = create_resident(db, actors.consulent, person())
    changed = replace(input_from(resident), street="Kerkstraat")
    before = snapshot(db)
    with fault(name, db, monkeypatch):
        with pytest.raises(StorageError):
            update_resident(db, actors.consulent, resident.id, changed, resident.version)
    assert snapshot(db) == before
    saved = update_resident(db, actors.consulent, resident.id, changed, resident.version)  # same version: not stale
    assert saved.street == "Kerkstraat" and saved.version == resident.version + 1


def test_reading_in_a_vanished_folder_says_so_too(db, actors, monkeypatch):
    create_resident(db, actors.consulent, person())
    with fault("folder_gone", db, monkeypatch):
        with pytest.raises(StorageError) as info:
            resident_count(db)  # a plain read
        assert info.value.kind == "gone" and "Er is niets gewijzigd" in info.value.message
        with pytest.raises(StorageError):
            search_residents(db, actors.consulent, "Çelik")  # search as you type (a quick read)
    assert resident_count(db) == 1


def bsn_numbers():
    """Valid BSNs (the eleven test), for as many residents as a test needs."""
    for n in range(10_000_000, 99_999_999):
        digits = [int(c) for c in f"{n:08d}"]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            yield f"{n:08d}{last}"


def test_a_file_replaced_under_koers_is_not_written_to(db, actors, db_path):
    """Another file at the same path (a backup copied over it while Koers runs) would take saves into the old,
    unlinked file, acknowledged and lost: refused instead."""
    create_resident(db, actors.consulent, person())
    copy = db_path.with_name("kopie.sqlite")
    shutil.copyfile(db_path, copy)
    os.replace(copy, db_path)
    with pytest.raises(StorageError) as info:
        create_resident(db, actors.consulent, person(bsn="123456782"))
    assert info.value.kind == "gone"


def _mount_small_disk(folder: Path, size: str) -> bool:
    """A small tmpfs of its own, where the machine lets us mount one (root in a container usually may)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                            capture_output=True, check=False)
    return result.returncode == 0


def test_a_real_full_disk(template_db_path, tmp_path, test_password_hash):
    """The real thing, beside the injected one: the database on a 4 MB filesystem that a filler file fills."""
    folder = tmp_path / f"schijf-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    if not _mount_small_disk(folder, "4m"):
        pytest.skip("hier mag geen klein bestandssysteem worden aangekoppeld (alleen root); de ingespoten "
                    "'schijf vol' hierboven test dezelfde weg")
    database = None
    try:
        path = copy_template(template_db_path, folder / "koers.sqlite")
        database = Database(f"sqlite:///{path}")
        actors = Actors(database, test_password_hash)
        create_resident(database, actors.consulent, person(bsn="123456782"))  # WAL and its index exist
        filler = folder / "vuller"
        with open(filler, "wb", buffering=0) as handle, pytest.raises(OSError) as full:
            while True:  # until the filesystem says it is full
                handle.write(b"\0" * 65536)
        assert full.value.errno == errno.ENOSPC
        before = snapshot(database)
        with pytest.raises(StorageError) as info:
            for bsn in islice(bsn_numbers(), 400):  # until a save needs a page the disk has no room for
                create_resident(database, actors.consulent, person(bsn=bsn, surname="Volledigeschijf" * 4))
        assert info.value.kind == "full"
        after = snapshot(database)
        assert len(after[0]) >= len(before[0])  # the saves before the disk filled are there, whole
        filler.unlink()
        create_resident(database, actors.consulent, person(bsn="111222333"))
    finally:
        if database is not None:
            database.dispose()  # no open file left, or the filesystem cannot be unmounted
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


def test_the_application_opens_its_database_with_the_dutch_answer(template_db_path, tmp_path, monkeypatch):
    import db.engine as engine_module
    from desktop.core.faults import storage_error
    from desktop.core.maintenance.database import open_database

    monkeypatch.setattr(engine_module, "_fault_handler", None)
    database = open_database(copy_template(template_db_path, tmp_path / "koers.sqlite"))
    try:
        assert engine_module._fault_handler is storage_error
    finally:
        database.dispose()
