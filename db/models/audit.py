from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db import clock
from db.types import UTCDateTime


class AuditEntry(SQLModel, table=True):
    """Append-only access log line (NEN 7513 spirit). Triggers refuse UPDATE and DELETE.

    Names the resident by internal id and client number, never by BSN. User and role are
    copied as text so the line stays true after a user is renamed or removed.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        sa.Index("ix_audit_entry_resident_at", "resident_id", "at"),
        sa.Index("ix_audit_entry_username_at", "username", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
    user_id: int | None = Field(default=None)  # no FK: the log must outlive users
    username: str = Field(max_length=64)
    role: str = Field(max_length=20)
    workstation: str = Field(max_length=120)
    action: str = Field(max_length=40)
    resident_id: int | None = None  # no FK: the log must outlive destroyed files
    client_number: str | None = Field(default=None, max_length=12)  # names the resident after destruction
    record_type: str | None = Field(default=None, max_length=40)
    record_id: int | None = None
    outcome: str = Field(max_length=20, default="ok")
    changes: str | None = None  # JSON: {field: [old, new]}
    reason: str | None = None
    undoes_id: int | None = None


class Setting(SQLModel, table=True):
    """Key/value settings a beheerder maintains (municipality name, CAK amount, idle lock minutes)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=60)
    value: str
