from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import Role
from db.types import UTCDateTime


class User(SQLModel, table=True):
    """A Koers user (gebruiker). The password hash is argon2id; lockout state lives here."""

    __tablename__ = "app_user"
    __table_args__ = (
        sa.CheckConstraint("length(username) BETWEEN 2 AND 64", name="username_length"),
        sa.CheckConstraint("failed_attempts >= 0", name="failed_attempts_nonneg"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=120)
    # How a resident reaches their consulent: named under 'Heeft u vragen?' in every letter.
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    role: Role = Field(sa_column=enum_column(Role))
    # The team (wijkteam) a consulent works in and a casusregisseur directs: her Termijnen dashboard shows that
    # team, so it stays the same size however large the municipality. None: no teams, everyone is one team.
    team: str | None = Field(default=None, max_length=60, index=True)
    password_hash: str | None = Field(default=None, max_length=255)
    active: bool = Field(default=True)
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_at_field()
