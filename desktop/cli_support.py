"""What every `koers` subcommand shares: opening the database, signing in, printing for people or scripts,
and reading typed arguments."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen heel getal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("moet 1 of meer zijn")
    return value


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum; gebruik JJJJ-MM-DD") from None


def open_db(args, *, create: bool = True):
    from desktop.core.maintenance.database import open_database
    from desktop.core.maintenance.db_password import with_password

    return open_database(with_password(args.db, ask_db_password), create=create)


def ask_db_password(request):
    """The team database's password on the terminal; without one a Dutch error that says how to keep it."""
    import getpass

    from desktop.core.errors import KoersError
    from desktop.core.maintenance.db_password import Answer, missing_message

    if not sys.stdin.isatty():
        raise KoersError(missing_message(request.where))
    if request.error:
        print(request.error, file=sys.stderr)
    password = getpass.getpass(f"Wachtwoord van de teamdatabase {request.where}: ")
    return Answer(password) if password else None


def password(prompt: str) -> str:
    import getpass
    import os

    from desktop.core.errors import KoersError

    env = os.environ.get("KOERS_PASSWORD")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise KoersError("Geen wachtwoord: zet KOERS_PASSWORD of start de opdracht in een terminal.")
    return getpass.getpass(prompt)


def new_password(username: str) -> str:
    """A password for an account being made or reset: never the sign-in password of whoever does it."""
    import getpass
    import os

    from desktop.core.errors import KoersError

    env = os.environ.get("KOERS_NEW_PASSWORD")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise KoersError("Geen nieuw wachtwoord: zet KOERS_NEW_PASSWORD of start de opdracht in een terminal.")
    first = getpass.getpass(f"Nieuw wachtwoord voor {username}: ")
    if getpass.getpass("Herhaal het wachtwoord: ") != first:
        raise KoersError("De twee wachtwoorden zijn niet gelijk. Er is niets gewijzigd.")
    return first


def actor_for(args, database):
    from desktop.core.access.signin import sign_in
    from desktop.core.errors import KoersError

    if not args.user:
        raise KoersError("Deze opdracht werkt met gegevens van inwoners of gebruikers: meld u aan met "
                         "--as GEBRUIKERSNAAM.")
    return sign_in(database, args.user, password(f"Wachtwoord van {args.user}: "))


def emit(args, payload: dict, text: str) -> None:
    print(json.dumps(payload, ensure_ascii=False, default=str) if args.json else text)
