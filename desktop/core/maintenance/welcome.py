"""A brand-new database: the welcome screen offers demo data or an empty start."""

from __future__ import annotations

from db.engine import Database


def needs_welcome(db: Database) -> bool:
    """A brand-new database (no users, no residents): offer demo data or an empty start."""
    from desktop.core.access.signin import has_users
    from desktop.core.residents.search import resident_count

    return not has_users(db) and resident_count(db) == 0
