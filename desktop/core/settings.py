"""Key/value settings in the database, so every workstation on a shared database sees the same."""

from __future__ import annotations

from db.engine import Database
from db.models import Setting

WELCOME_DONE = "welcome.done"


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    with db.read() as s:
        row = s.get(Setting, key)
        return row.value if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    with db.write() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value


def needs_welcome(db: Database) -> bool:
    """A first-time user on an empty database is greeted once; after a choice, never again."""
    from desktop.core.residents import count_residents

    return get_setting(db, WELCOME_DONE) is None and count_residents(db, cap=1) == 0
