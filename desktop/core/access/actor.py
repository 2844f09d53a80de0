"""Who is acting: the Actor every core service receives, and the workstation it works from."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from db.models.enums import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting, as every core service receives it."""

    user_id: int
    username: str
    display_name: str
    role: Role
    workstation: str


def workstation_name() -> str:
    return socket.gethostname()[:120] or "onbekend"
