"""Copies of the embedded SQLite database: daily at the first start, and on demand.

SQLite's online backup API copies a consistent snapshot while Koers (or another workstation)
keeps working. A copy is written under a temporary name and renamed when complete, so a
half-written backup never looks like a good one. A team database on PostgreSQL is dumped by the
server's own pg_dump (custom format, the same temporary name), found on PATH or where the PostgreSQL
client tools install themselves; Koers never restores over a live team database (pg_restore does).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from db import clock
from db.engine import Database, default_db_path, sqlite_path
from db.schema import SchemaState, inspect_sqlite_file
from desktop.core.errors import KoersError
from desktop.core.maintenance.db_password import libpq_url

if TYPE_CHECKING:
    from desktop.core.access.actor import Actor

KEEP = 14
PREFIX = "koers-"
SUFFIX = ".sqlite"
DUMP_SUFFIX = ".dump"
# Where the PostgreSQL client tools install themselves besides PATH (Debian/Ubuntu, Windows, macOS).
PG_DUMP_GLOBS = [
    "/usr/lib/postgresql/*/bin/pg_dump",
    os.path.join(os.environ.get("ProgramFiles", r"C:\Program Files"), "PostgreSQL", "*", "bin", "pg_dump.exe"),
    "/Applications/Postgres.app/Contents/Versions/*/bin/pg_dump",
    "/opt/homebrew/opt/postgresql@*/bin/pg_dump",
    "/usr/local/opt/postgresql@*/bin/pg_dump",
]


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


def postgres_backup_dir() -> Path:
    """A team database has no folder of its own on this computer: dumps go to the user's data folder."""
    return backup_dir(default_db_path())


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
    if not db.is_sqlite:
        target = dump_postgresql(db, Path(folder) if folder else postgres_backup_dir(), now=now)
        _record(db, actor, target)
        return target
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
    _record(db, actor, target)
    return target


def _record(db: Database, actor: Actor | None, target: Path) -> None:
    if actor is not None:
        from desktop.core.access import audit

        with db.write() as s:
            audit.record(s, actor, "reservekopie.maken", changes={"bestand": [None, target.name]})


# ---------------------------------------------------------------- PostgreSQL: pg_dump


def _mkdir(target_dir: Path) -> None:
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KoersError(f"De map voor reservekopieën ({target_dir}) kan niet worden gemaakt: "
                         f"{exc.strerror or exc}. Kies een map waarin u mag schrijven.") from exc


def _no_window() -> int:
    """A child process from the GUI on Windows opens no console window."""
    return getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0


def tool_major(tool: Path) -> int | None:
    """The major version a PostgreSQL client program reports ('pg_dump (PostgreSQL) 15.18' is 15); None when it
    does not run."""
    try:
        out = subprocess.run([str(tool), "--version"], capture_output=True, text=True, timeout=15,
                             stdin=subprocess.DEVNULL, creationflags=_no_window()).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    return int(found.group(1)) if found else None


def _candidates() -> list[Path]:
    seen: list[Path] = []
    on_path = shutil.which("pg_dump")
    for text in ([on_path] if on_path else []) + [p for pattern in PG_DUMP_GLOBS for p in glob.glob(pattern)]:
        path = Path(text)
        if path not in seen and path.is_file():
            seen.append(path)
    return seen


def find_pg_dump(server_major: int) -> Path:
    """The newest pg_dump at least as new as the server (an older one refuses a newer server), or a Dutch
    KoersError that says what to install."""
    versions = [(major, tool) for tool in _candidates() if (major := tool_major(tool)) is not None]
    fit = [(major, tool) for major, tool in versions if major >= server_major]
    if fit:
        return max(fit, key=lambda pair: pair[0])[1]
    found = (f" Gevonden is alleen pg_dump {', '.join(str(m) for m, _ in sorted(versions))}, te oud voor deze "
             f"server (PostgreSQL {server_major})." if versions else "")
    raise KoersError(
        f"Voor een reservekopie van de teamdatabase heeft Koers pg_dump nodig, van PostgreSQL {server_major} of "
        f"nieuwer.{found} Installeer de PostgreSQL-clientprogramma's: op Debian of Ubuntu het pakket "
        f"postgresql-client (postgresql-client-{server_major} of nieuwer), op Windows de 'Command Line Tools' uit "
        "de installatie van PostgreSQL. Of laat de databaseserver zelf de reservekopie maken (vraag de beheerder "
        "van de server); Koers heeft niets geschreven.")


def _server_major(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SHOW server_version_num").scalar_one()) // 10000


def dump_postgresql(db: Database, folder: Path, *, now: datetime | None = None) -> Path:
    """pg_dump -Fc of the team database into `folder`, as koers-<database>-<time>.dump.

    The password reaches pg_dump only through PGPASSWORD in its own environment, never on its command line
    (where other users of the computer could read it). Written as .deel and renamed when pg_dump succeeded.
    """
    url = make_url(db.url)
    tool = find_pg_dump(_server_major(db))
    now = now or clock.local_now().replace(tzinfo=None)
    _mkdir(folder)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", url.database or "koers")
    target = folder / f"{PREFIX}{name}-{now:%Y%m%d-%H%M%S}{DUMP_SUFFIX}"
    partial = target.with_name(target.name + ".deel")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = libpq_url(url)
    try:
        done = subprocess.run([str(tool), "--format=custom", "--no-password", f"--file={partial}",
                               f"--dbname={conninfo}"], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, creationflags=_no_window())
        if done.returncode != 0:
            reason = " ".join(done.stderr.strip().splitlines()[-2:]) or f"afsluitcode {done.returncode}"
            if url.password:
                reason = reason.replace(str(url.password), "***")
            raise KoersError(f"pg_dump kon de reservekopie niet maken: {reason}. Er is geen reservekopie "
                             "geschreven.")
        partial.replace(target)
    except OSError as exc:
        raise KoersError(f"De reservekopie kon niet worden gemaakt in {folder}: {exc.strerror or exc}. Controleer "
                         "of u in die map mag schrijven en of er genoeg schijfruimte is.") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_dump_advice(backup: Path, url: str | None) -> str:
    """Koers does not restore over a live team database: what to do instead, with the pg_restore command."""
    if url is not None:
        u = make_url(url)
        example = libpq_url(u.set(database=f"{u.database or 'koers'}_terug"))
    else:
        example = "postgresql://gebruiker@server/koers_terug"
    return ("Een PostgreSQL-teamdatabase zet Koers niet zelf terug: dat zou de database overschrijven terwijl "
            "collega's erin werken. Zet de reservekopie met pg_restore (van de PostgreSQL-clientprogramma's) terug "
            "in een nieuwe, lege database en laat Koers daarna die database gebruiken:\n"
            f"  pg_restore --no-owner --dbname={example} \"{backup}\"\n"
            "(maak die database eerst, bijvoorbeeld met createdb, of vraag de beheerder van de server).")


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
