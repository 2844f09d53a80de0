"""Opening a database the way a user expects: create or upgrade ours, refuse anything else untouched."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, col

from db import clock
from db.engine import Database, on_storage_fault, resolve_url, sqlite_path
from db.models import Setting
from db.schema import SchemaInfo, SchemaState, inspect_engine, inspect_sqlite_file, upgrade_to_head
from desktop.core.errors import DatabaseOpenError
from desktop.core.faults import storage_error

log = logging.getLogger(__name__)
STALE_SUMMARY = "decision_month_stale"  # set by migration 0017: the monthly summary waits to be counted


def describe_target(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _refuse(info: SchemaInfo, where: str) -> None:
    if info.state is SchemaState.NEWER:
        raise DatabaseOpenError(
            f"De database {where} is gemaakt door een nieuwere versie van Koers (schema {info.revision}). "
            "Installeer de nieuwste Koers; deze versie laat de database ongemoeid.")
    if info.state is SchemaState.FOREIGN:
        raise DatabaseOpenError(
            f"{where} is geen Koers-database: er staan al andere tabellen in. Kies een ander bestand of een lege "
            "database; Koers verandert niets aan dit bestand.")
    if info.state is SchemaState.UNREADABLE:
        raise DatabaseOpenError(
            f"Koers kan {where} nu niet openen ({info.detail}). Controleer of u in die map mag schrijven en of een "
            "ander programma de database gebruikt; Koers verandert niets aan dit bestand.")
    if info.state is SchemaState.NOT_A_DATABASE:
        raise DatabaseOpenError(
            f"{where} is geen database (of het bestand is beschadigd). Kies een ander bestand of zet een "
            "reservekopie terug; Koers verandert niets aan dit bestand.")


def connect(url: str) -> Database:
    """A Database for this URL; a missing driver (psycopg for PostgreSQL) is a Dutch error, not an ImportError."""
    on_storage_fault(storage_error)  # a full disk or a lost server answered in Dutch, whoever opens the database
    try:
        return Database(url)
    except ImportError as exc:
        raise DatabaseOpenError(
            "Voor een PostgreSQL-server heeft Koers het stuurprogramma psycopg nodig, en dat is hier niet "
            "geïnstalleerd. Installeer het met: pip install 'koers[postgres]' (of vraag uw beheerder), of gebruik "
            "een SQLite-bestand.") from exc


def inspect(url: str) -> SchemaInfo:
    path = sqlite_path(url)
    if path is not None:
        return inspect_sqlite_file(path)
    database = connect(url)
    try:
        return inspect_engine(database.engine)
    except (OperationalError, DBAPIError) as exc:
        where = describe_target(url)
        raise (_password_problem(exc, where) or DatabaseOpenError(
            f"Kan geen verbinding maken met de database {where}. Controleer het adres, de "
            "gebruikersnaam en het wachtwoord, en of de server draait.")) from exc
    finally:
        database.dispose()


def open_database(db: str | os.PathLike[str] | None = None, *, create: bool = True,
                  upgrade: bool = True) -> Database:
    """Returns a ready Database at the newest schema, or raises a Dutch DatabaseOpenError.

    `create`: make a new database where none exists. `upgrade`: bring an older Koers database
    up to date (a SQLite file is copied aside first, so a failed upgrade loses nothing).
    """
    if db is not None and not os.fspath(db).strip():
        raise DatabaseOpenError("Er is geen database opgegeven (het pad is leeg). Geef een SQLite-bestand of een "
                                "postgresql://-adres op, of laat --db weg voor uw eigen database.")
    url = resolve_url(db)
    where = describe_target(url)
    path = sqlite_path(url)
    if path is not None and path.is_dir():
        raise DatabaseOpenError(f"{where} is een map, geen database. Geef het databasebestand zelf op, bijvoorbeeld "
                                f"{path / 'koers.sqlite'}.")
    if path is not None and not path.exists():
        if not create:
            raise DatabaseOpenError(f"De database {where} bestaat niet. Controleer het pad of maak hem met "
                                    "'koers init'.")
        if not path.parent.exists():
            if db is not None:  # a path the user typed: do not invent folders for it
                raise DatabaseOpenError(f"De map {path.parent} bestaat niet. Controleer het pad.")
            path.parent.mkdir(parents=True, exist_ok=True)
    info = inspect(url)
    _refuse(info, where)
    if info.state in (SchemaState.MISSING, SchemaState.EMPTY) and not create:
        raise DatabaseOpenError(f"De database {where} is leeg. Maak hem met 'koers init'.")
    if info.state is SchemaState.OUTDATED and not upgrade:
        raise DatabaseOpenError(f"De database {where} heeft een ouder schema. Werk hem bij met 'koers init'.")

    database = connect(url)
    try:
        if info.state is not SchemaState.CURRENT:
            if info.state is SchemaState.OUTDATED and path is not None:
                try:
                    _copy_before_upgrade(path, info.revision or "onbekend")
                except (sqlite3.Error, OSError) as exc:
                    raise DatabaseOpenError(f"Koers kan geen kopie maken naast {where} en werkt de database daarom "
                                            "niet bij. Controleer of u in die map mag schrijven.") from exc
            upgrade_to_head(database.engine)
            with database.write() as session:
                from desktop.core.deadlines.holidays import sync_equated_holidays
                from desktop.core.reference import sync_reference_codes

                sync_reference_codes(session)
                sync_equated_holidays(session)
                fill_stale_summary(session)
        if path is not None:  # a file we may not write fails at the first save otherwise
            with database.engine.begin() as conn:
                conn.exec_driver_sql("UPDATE setting SET value = value WHERE key = 'database.application'")
    except DatabaseOpenError:
        database.dispose()
        raise
    except (OperationalError, DBAPIError) as exc:
        database.dispose()
        raise _explain_operational(exc, where) from exc
    return database


def fill_stale_summary(session: Session) -> None:
    """Migration 0017 left the monthly summary empty with a marker: count it now with the current rules."""
    from desktop.core.decisions import months

    if session.get(Setting, STALE_SUMMARY) is None:
        return
    months.rebuild(session.connection())
    session.exec(delete(Setting).where(col(Setting.key) == STALE_SUMMARY))


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.voor-upgrade-{revision}-{stamp}{path.suffix}")
    src = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    log.info("kopie voor schema-upgrade gemaakt: %s", target.name)
    return target


def _password_problem(exc: Exception, where: str) -> DatabaseOpenError | None:
    """A team database that refused the password, or got none: say which, and where to keep the right one."""
    from desktop.core.maintenance import db_password

    found = db_password.classify(exc)
    if found is db_password.Probe.WRONG_PASSWORD:
        return DatabaseOpenError(
            f"Het wachtwoord van de teamdatabase klopt niet ({where}). Typ het opnieuw als Koers erom vraagt, of "
            f"sla het juiste op in de sleutelbos met: {db_password.COMMAND} --db {db_password.libpq_url(where)}. "
            "Staat het wachtwoord in het adres (--db of KOERS_DB), verbeter het daar.")
    if found is db_password.Probe.NEEDS_PASSWORD:
        return DatabaseOpenError(
            f"Koers heeft geen wachtwoord voor de teamdatabase {where}. Sla het op in de sleutelbos met: "
            f"{db_password.COMMAND} --db {db_password.libpq_url(where)}, of typ het als Koers erom vraagt.")
    return None


def _explain_operational(exc: Exception, where: str) -> DatabaseOpenError:
    password = _password_problem(exc, where)
    if password is not None:
        return password
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseOpenError(f"De database {where} is in gebruik door een ander programma. Sluit dat "
                                 "programma en probeer het opnieuw.")
    if "readonly" in text or "read-only" in text or "permission" in text or "unable to open" in text:
        return DatabaseOpenError(f"Koers mag niet schrijven in {where}. Controleer de rechten op het bestand "
                                 "en de map.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseOpenError(f"De database {where} is beschadigd. Zet een reservekopie terug.")
    return DatabaseOpenError(f"De database {where} kan niet worden geopend: {text}")


def remove_sqlite_files(path: Path) -> None:
    """Test and demo helper: a SQLite database is the file plus its -wal and -shm companions."""
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            p.unlink()
