"""Copies of the embedded SQLite database: daily at the first start, and on demand.

SQLite's online backup API copies a consistent snapshot while Koers (or another workstation)
keeps working. A copy is written under a temporary name and renamed when complete, so a
half-written backup never looks like a good one. A team database on PostgreSQL is backed up by
its server (pg_dump), not by Koers.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from db import clock
from db.engine import Database, sqlite_path
from db.schema import SchemaState, inspect_sqlite_file
from desktop.core.errors import KoersError

if TYPE_CHECKING:
    from desktop.core.access.actor import Actor

KEEP = 14
PREFIX = "koers-"
SUFFIX = ".sqlite"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: datetime
    size: int


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _sqlite_file(db: Database) -> Path:
    path = sqlite_path(db.url)
    if path is None:
        raise KoersError("Koers maakt alleen zelf reservekopieën van een eigen SQLite-database. Een gedeelde "
                         "PostgreSQL-database wordt door de databaseserver geback-upt (pg_dump).")
    return path


def list_backups(folder: Path) -> list[BackupInfo]:
    if not folder.is_dir():
        return []
    found = []
    for p in folder.glob(f"{PREFIX}*{SUFFIX}"):
        try:
            made = datetime.strptime(p.name[len(PREFIX):-len(SUFFIX)], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found.append(BackupInfo(p, made, p.stat().st_size))
    return sorted(found, key=lambda b: b.made, reverse=True)


def make_backup(db: Database, folder: Path | None = None, *, keep: int = KEEP, now: datetime | None = None,
                actor: Actor | None = None) -> Path:
    """A consistent copy of the database into `folder` (default: backups/ beside it); keeps the newest `keep`.

    From a screen, `actor` must be allowed to manage settings; the daily and shell backups run
    for whoever can reach the file anyway.
    """
    if actor is not None:
        from desktop.core.access import audit
        from desktop.core.access.permissions import Action

        audit.require(db, actor, Action.SETTINGS_MANAGE)
    source = _sqlite_file(db)
    target_dir = Path(folder) if folder else backup_dir(source)
    now = now or clock.local_now().replace(tzinfo=None)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KoersError(f"De map voor reservekopieën ({target_dir}) kan niet worden gemaakt: "
                         f"{exc.strerror or exc}. Kies een map waarin u mag schrijven.") from exc
    target = target_dir / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = target.with_name(target.name + ".deel")
    try:
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise KoersError(f"De reservekopie kon niet worden gemaakt in {target_dir}: {reason}. Controleer of u in "
                         "die map mag schrijven en of er genoeg schijfruimte is.") from exc
    for old in list_backups(target_dir)[keep:]:
        old.path.unlink(missing_ok=True)
    if actor is not None:
        from desktop.core.access import audit

        with db.write() as s:
            audit.record(s, actor, "reservekopie.maken", changes={"bestand": [None, target.name]})
    return target


def daily_backup(db: Database, *, today: date | None = None) -> Path | None:
    """At the first start of a day: a backup unless one was already made today. None when not needed."""
    if not db.is_sqlite:
        return None
    today = today or clock.today()
    folder = backup_dir(_sqlite_file(db))
    if any(b.made.date() == today for b in list_backups(folder)):
        return None
    now = datetime.combine(today, clock.local_now().time().replace(microsecond=0))
    return make_backup(db, folder, now=now)


def restore_backup(backup: Path, target: Path) -> Path:
    """Puts a backup in place of the database at `target` (Koers must be closed everywhere).

    The backup is checked first (a Koers database, not newer, intact); the current file is
    kept beside it as `<name>.voor-terugzetten-<time>.sqlite`, so a restore can itself be undone.
    """
    backup, target = Path(backup), Path(target)
    info = inspect_sqlite_file(backup)
    if info.state in (SchemaState.MISSING,):
        raise KoersError(f"De reservekopie {backup} bestaat niet.")
    if info.state not in (SchemaState.CURRENT, SchemaState.OUTDATED):
        raise KoersError(f"{backup} is geen bruikbare reservekopie van Koers (of hij is gemaakt door een nieuwere "
                         "versie). Er is niets teruggezet.")
    check = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError:
        result = "beschadigd"
    finally:
        check.close()
    if result != "ok":
        raise KoersError(f"De reservekopie {backup} is beschadigd. Kies een oudere kopie; er is niets teruggezet.")
    if Path(f"{target}-wal").exists():  # WAL mode keeps this file while any connection is open
        raise KoersError(f"De database {target} is nog in gebruik (er staat een -wal-bestand naast). Sluit Koers op "
                         "alle werkplekken en probeer het opnieuw; er is niets teruggezet.")
    if target.exists():
        stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.stem}.voor-terugzetten-{stamp}{target.suffix}")
        _copy(target, aside)
    partial = target.with_name(target.name + ".terugzetten")
    _copy(backup, partial)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    partial.replace(target)
    return target


def _copy(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
    except (sqlite3.Error, OSError) as exc:
        Path(target).unlink(missing_ok=True)
        raise KoersError(f"Kopiëren naar {target} is mislukt: {exc}. Er is niets teruggezet.") from exc
