"""The team database's password: from the URL, the system keyring, or asked; never stored in plain text.

A PostgreSQL URL without a password (`postgresql://gebruiker@server/koers`) is the intended form: Koers looks
the password up in the keyring (service "Koers", account "gebruiker@server:5432/koers"), and only when it is
not there asks for it (the GUI in a dialog, the shell with getpass). A password in the URL still works, for CI
and scripts, with one warning in the technical log. No password, and no URL that carries one, is ever logged
or printed: what is shown goes through `shown()` (SQLAlchemy's hide_password).

Qt-free: the asking is a callback, so the GUI and the shell each ask in their own way.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from db.engine import resolve_url, sqlite_path
from desktop.core.errors import KoersError

log = logging.getLogger(__name__)

SERVICE = "Koers"
COMMAND = "koers database-wachtwoord"
WRONG_PASSWORD = "password authentication failed"  # libpq's words (psycopg passes them on), any auth method
NO_PASSWORD = "no password supplied"
TRIES = 3
_warned: set[str] = set()


class Probe(Enum):
    """What one connection attempt says about the password."""

    OK = "ok"
    NEEDS_PASSWORD = "needs_password"
    WRONG_PASSWORD = "wrong_password"
    UNREACHABLE = "unreachable"  # down, unknown host, no driver: the opening itself explains it


@dataclass(frozen=True)
class PasswordRequest:
    """What the dialog or prompt shows: never the password."""

    where: str  # the URL without password
    account: str  # user@host:port/db, the keyring's account
    can_remember: bool  # a usable keyring exists: offer to keep it there
    error: str = ""  # why we ask again


@dataclass(frozen=True)
class Answer:
    password: str
    remember: bool = False


Ask = Callable[[PasswordRequest], Answer | None]
Check = Callable[[str], Probe]


def shown(url: str | URL) -> str:
    """The URL as it may be shown or logged, and typed again: without its password or SQLAlchemy's driver name."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername.startswith("postgresql+"):
        u = u.set(drivername="postgresql")
    return u.render_as_string(hide_password=True)


def libpq_url(url: str | URL) -> str:
    """The URL as libpq (pg_dump, pg_restore, psql) reads it, without the password: that goes through PGPASSWORD.
    (URL.set(password=None) would keep it: set() leaves a None argument unchanged.)"""
    u = make_url(url) if isinstance(url, str) else url
    return u._replace(drivername="postgresql", password=None).render_as_string(hide_password=False)


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def account(url: str | URL) -> str:
    """The keyring's account for this database: user@host:port/dbname (one entry per server, role and database)."""
    u = make_url(url) if isinstance(url, str) else url
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


# ---------------------------------------------------------------- the keyring


def _keyring_backend() -> object | None:
    """The keyring backend when it can really keep a password; None without keyring or with only its fail or
    null backend (a headless Linux without a Secret Service)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def keyring_usable() -> bool:
    return _keyring_backend() is not None


def keyring_name() -> str:
    """How the remember box names the keyring: Windows's own, or the system's."""
    return "de sleutelbos van Windows" if sys.platform == "win32" else "de sleutelbos van het systeem"


def stored_password(url: str) -> str | None:
    """The password kept in the keyring for this database, or None (none kept, or no usable keyring)."""
    if _keyring_backend() is None:
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, account(url))
    except Exception as exc:  # a locked or broken keyring is no reason not to start: we ask instead
        log.warning("sleutelbos niet leesbaar (%s); het wachtwoord wordt gevraagd", type(exc).__name__)
        return None


def store_password(url: str, password: str) -> None:
    """Keeps the password in the keyring; a Dutch KoersError when there is none to keep it in."""
    if _keyring_backend() is None:
        raise KoersError(no_keyring_message())
    import keyring

    try:
        keyring.set_password(SERVICE, account(url), password)
    except Exception as exc:  # the keyring's own errors vary per backend (locked, refused, D-Bus)
        raise KoersError(f"De sleutelbos weigerde het wachtwoord op te slaan ({type(exc).__name__}). Ontgrendel "
                         "de sleutelbos en probeer het opnieuw.") from exc
    log.info("wachtwoord van de teamdatabase opgeslagen in de sleutelbos voor %s", account(url))


def forget_password(url: str) -> bool:
    """Removes the kept password; False when none was kept."""
    if _keyring_backend() is None:
        raise KoersError(no_keyring_message())
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account(url))
    except PasswordDeleteError:
        return False
    log.info("wachtwoord van de teamdatabase verwijderd uit de sleutelbos voor %s", account(url))
    return True


def no_keyring_message() -> str:
    return ("Er is op deze computer geen sleutelbos beschikbaar om het wachtwoord van de teamdatabase in te "
            "bewaren (op Linux: installeer en start bijvoorbeeld gnome-keyring of KWallet; of installeer Koers met "
            "pip install 'koers[postgres]'). Koers vraagt het wachtwoord dan bij elke start.")


def missing_message(where: str) -> str:
    """For the shell without a terminal to ask on: how to keep the password where Koers finds it."""
    return (f"Koers heeft geen wachtwoord voor de teamdatabase {where} en kan het hier niet vragen (geen terminal). "
            f"Sla het eenmalig op in de sleutelbos met: {COMMAND} --db {where} (in een terminal). Voor scripts en "
            "CI kan het ook in het adres staan (postgresql://gebruiker:wachtwoord@server/database), maar de "
            "sleutelbos is veiliger.")


# ---------------------------------------------------------------- connecting


def probe(url: str) -> Probe:
    """One connection attempt (10 s at most) that tells whether the server wants a (different) password."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    try:
        engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 10}, hide_parameters=True)
    except ImportError:  # no driver: open_database says what to install
        return Probe.UNREACHABLE
    try:
        with engine.connect():
            return Probe.OK
    except DBAPIError as exc:
        return classify(exc)
    finally:
        engine.dispose()


def classify(exc: BaseException) -> Probe:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if WRONG_PASSWORD in text:
        return Probe.WRONG_PASSWORD
    if NO_PASSWORD in text:
        return Probe.NEEDS_PASSWORD
    return Probe.UNREACHABLE


def _with(url: URL, password: str) -> str:
    return url.set(password=password).render_as_string(hide_password=False)


def with_password(db: str | os.PathLike[str] | None, ask: Ask | None = None, *, check: Check | None = None) -> (
        str | os.PathLike[str] | None):
    """What to open: `db` itself for a SQLite file, else the PostgreSQL URL with its password.

    In order: a password in the URL (warned about once), the keyring, none at all when the server wants none
    (trust, .pgpass, $PGPASSWORD), else `ask` (up to three tries; a wrong one is asked again with the reason;
    a right one is kept in the keyring when the user ticked the box). Without an answer the URL goes on as it
    is, and opening it says in Dutch what is missing.
    """
    if db is not None and not os.fspath(db).strip():
        return db  # open_database explains an empty path
    try:
        resolved = resolve_url(db)
        if sqlite_path(resolved) is not None or not is_postgresql(resolved):
            return db
    except ArgumentError:
        return db  # open_database reports it as it always has
    url = make_url(resolved)
    key = account(url)
    if url.password:
        if key not in _warned:
            _warned.add(key)
            log.warning("het wachtwoord van de teamdatabase staat in het adres (%s); bewaar het liever in de "
                        "sleutelbos: %s", shown(url), COMMAND)
        return resolved
    kept = stored_password(resolved)
    if kept is not None:
        return _with(url, kept)
    if ask is None:
        return resolved
    check = check or probe
    found = check(resolved)
    if found is not Probe.NEEDS_PASSWORD and found is not Probe.WRONG_PASSWORD:
        return resolved  # no password needed, or the server is unreachable: opening says so
    error = ""
    attempt = resolved
    can_remember = keyring_usable()
    for _ in range(TRIES):
        answer = ask(PasswordRequest(shown(url), key, can_remember, error))
        if answer is None or not answer.password:
            return attempt
        attempt = _with(url, answer.password)
        found = check(attempt)
        if found is Probe.WRONG_PASSWORD:
            error = "Het wachtwoord klopt niet. Controleer het en probeer het opnieuw."
            continue
        if found is Probe.OK and answer.remember and can_remember:
            try:
                store_password(resolved, answer.password)
            except KoersError as exc:
                log.warning("wachtwoord niet opgeslagen in de sleutelbos: %s", exc.message)
        return attempt
    return attempt
