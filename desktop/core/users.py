"""Users as other services need them: who can be a resident's vaste consulent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from db.engine import Database
from db.models import User
from db.models.enums import Role


@dataclass(frozen=True)
class UserChoice:
    id: int
    display_name: str
    role: Role


def list_users(db: Database, role: Role | None = None, *, active_only: bool = True) -> list[UserChoice]:
    stmt = select(User.id, User.display_name, User.role).order_by(User.display_name)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if active_only:
        stmt = stmt.where(User.active == True)  # noqa: E712
    with db.read() as s:
        return [UserChoice(*row) for row in s.exec(stmt).all()]
