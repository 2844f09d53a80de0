"""What a database fault means for the person at the screen, in Dutch.

The data layer (db/engine.py) rolls back the unit of work and hands the driver's error here, so every save in
Koers answers a full disk, a read-only file, a lock held too long, a missing folder or a lost server the same
way: what is wrong, that nothing was stored, and what to do before saving again.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import StorageError

_NOTHING = "Er is niets opgeslagen; wat u invulde staat er nog."


def storage_error(exc: BaseException, path: Path | None, writing: bool, busy_seconds: float) -> StorageError:
    """The Dutch StorageError for a driver error (sqlite3 / psycopg, wrapped by SQLAlchemy) or a moved file."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    again = "klik daarna opnieuw op Opslaan" if writing else "probeer het daarna opnieuw"
    nothing = _NOTHING if writing else "Er is niets gewijzigd."
    if path is not None and (not path.parent.is_dir() or not path.exists() or "moved" in text):
        return StorageError(
            f"De map van de database ({path.parent}) is niet meer bereikbaar, of het bestand is verplaatst. "
            f"{nothing} Sluit de schijf of netwerkmap weer aan of zet de map terug, en {again}.", kind="gone")
    if "disk is full" in text or "no space" in text or "disk full" in text:
        where = f" op de schijf van {path.parent}" if path is not None else " op de databaseserver"
        return StorageError(f"De schijf is vol: Koers kon niet opslaan. {nothing} Maak ruimte vrij{where} en {again}.",
                            kind="full")
    if "readonly" in text or "read-only" in text or "read only" in text or "permission denied" in text:
        what = f"het bestand {path}" if path is not None else "de teamdatabase"
        return StorageError(f"Koers mag niet schrijven in {what}: het is alleen-lezen. {nothing} Vraag uw beheerder "
                            f"de schrijfrechten te herstellen en {again}.", kind="readonly")
    if "locked" in text or "busy" in text or "lock timeout" in text or "could not obtain lock" in text:
        return StorageError(f"De database is bezet: een collega of een ander programma houdt hem langer dan "
                            f"{busy_seconds:g} seconden vast. {nothing} Wacht even en {again}.", kind="locked")
    if path is None and ("connection" in text or "server" in text or "terminat" in text or "timeout" in text):
        return StorageError(f"De verbinding met de teamdatabase is weggevallen. {nothing} Controleer het netwerk "
                            f"(of vraag uw beheerder of de databaseserver draait) en {again}.", kind="connection")
    return StorageError(f"De database gaf een fout ({text.strip() or type(exc).__name__}). {nothing} Controleer de "
                        f"schijf of de verbinding en {again}; blijft het misgaan, bel dan uw beheerder.", kind="other")
