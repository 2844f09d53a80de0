"""Unsaved typing of the plan editor and the evaluation form, kept in the database until it is saved.

A form writes its draft every few seconds while it has changes nobody saved, and removes it when they are saved
or deliberately thrown away. A draft still there when the form opens again is what a crash, a power cut or a
lock of the screen interrupted: the form offers it back. Only its author ever reads it; it is not a version of
the record and not in the access log (the record is logged when it is opened and saved).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, delete, select

from db import clock
from db.engine import Database
from db.models import Draft
from desktop.core.access.actor import Actor

KINDS = ("plan", "evaluatie")


@dataclass(frozen=True)
class StoredDraft:
    content: dict[str, Any]
    saved_at: datetime


def keep(db: Database, actor: Actor, kind: str, record_id: int, content: dict[str, Any]) -> None:
    """Stores (or replaces) the draft of this person for this record."""
    assert kind in KINDS
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    with db.write() as s:
        found = s.exec(select(Draft).where(Draft.user_id == actor.user_id, Draft.kind == kind,
                                           Draft.record_id == record_id)).first()
        if found is None:
            s.add(Draft(user_id=actor.user_id, kind=kind, record_id=record_id, content=text, saved_at=clock.now()))
        elif found.content != text:
            found.content = text
            found.saved_at = clock.now()


def find(db: Database, actor: Actor, kind: str, record_id: int) -> StoredDraft | None:
    with db.read() as s:
        found = s.exec(select(Draft).where(Draft.user_id == actor.user_id, Draft.kind == kind,
                                           Draft.record_id == record_id)).first()
    if found is None:
        return None
    try:
        content = json.loads(found.content)
    except ValueError:  # a draft is a convenience: one that cannot be read is no reason to stop anyone
        return None
    return StoredDraft(content if isinstance(content, dict) else {}, found.saved_at)


def drop(db: Database, actor: Actor, kind: str, record_id: int) -> None:
    with db.write() as s:
        s.exec(delete(Draft).where(col(Draft.user_id) == actor.user_id, col(Draft.kind) == kind,
                                   col(Draft.record_id) == record_id))
