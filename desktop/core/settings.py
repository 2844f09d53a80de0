"""Key/value settings in the database, so every workstation on a shared database sees the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from db.engine import Database
from db.models import Setting
from desktop.core.errors import ValidationError

if TYPE_CHECKING:
    from desktop.core.access.actor import Actor


IDLE_LOCK_MINUTES = "security.idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 15
DEMO = "database.demo"
# The municipality's code (CBS gemeentecode, four digits): the Afzender of every iWmo/iJw message Koers makes.
GEMEENTECODE = "iwmo.gemeentecode"


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    with db.read() as s:
        row = s.get(Setting, key)
        return row.value if row else default


def put_setting(session: Session, key: str, value: str) -> str | None:
    row = session.get(Setting, key)
    old = row.value if row else None
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    return old


def is_demo(db: Database) -> bool:
    return get_setting(db, DEMO) == "1"


def idle_lock_minutes(db: Database) -> int:
    try:
        return int(get_setting(db, IDLE_LOCK_MINUTES) or DEFAULT_IDLE_LOCK_MINUTES)
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(db: Database, actor: Actor, minutes: int) -> None:
    from desktop.core.access import audit
    from desktop.core.access.permissions import Action

    audit.require(db, actor, Action.SETTINGS_MANAGE)
    if not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise ValidationError("Kies een vergrendeltijd tussen 1 en 240 minuten.", field="idle_lock_minutes")
    with db.write() as s:
        old = put_setting(s, IDLE_LOCK_MINUTES, str(minutes))
        audit.record(s, actor, "instelling.wijzigen", record_type="instelling",
                     changes={IDLE_LOCK_MINUTES: [old, str(minutes)]})


def gemeentecode(db: Database) -> str | None:
    """The municipality's code for the iWmo messages; None until a beheerder has set it."""
    return get_setting(db, GEMEENTECODE) or None


def set_gemeentecode(db: Database, actor: Actor, code: str) -> str:
    """Sets the gemeentecode a beheerder types ('384' is taken as '0384'); checked before anything is stored,
    because a wrong sender makes every toewijzing go astray at the providers."""
    from desktop.core.access import audit
    from desktop.core.access.permissions import Action

    audit.require(db, actor, Action.SETTINGS_MANAGE)
    typed = (code or "").strip()
    if not typed.isascii() or not typed.isdigit() or len(typed) > 4:
        raise ValidationError("De gemeentecode bestaat uit vier cijfers, bijvoorbeeld 0384 (de CBS-code van de "
                              "gemeente).", field="gemeentecode")
    value = typed.zfill(4)
    if value == "0000":
        raise ValidationError("Gemeentecode 0000 bestaat niet. Vul de CBS-code van de gemeente in, bijvoorbeeld "
                              "0384.", field="gemeentecode")
    with db.write() as s:
        old = put_setting(s, GEMEENTECODE, value)
        if old != value:
            audit.record(s, actor, "instelling.wijzigen", record_type="instelling",
                         changes={GEMEENTECODE: [old, value]})
    return value
