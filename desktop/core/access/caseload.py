"""The caseload rule: a consulent opens their own residents freely and another's with a reason that is
logged; a refusal is logged once the refused unit of work has closed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session, select

from db.engine import Database
from db.models import Casus, Resident
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError

OTHER_CASELOAD_MESSAGE = ("Deze inwoner hoort niet bij uw eigen caseload. Geef een reden om het dossier te openen; "
                          "die reden wordt vastgelegd in het toegangslog.")


def is_own_caseload(session: Session, actor: Actor, resident: Resident) -> bool:
    if resident.consulent_id == actor.user_id:
        return True
    return session.exec(select(Casus.id).where(Casus.resident_id == resident.id,
                                               Casus.consulent_id == actor.user_id)).first() is not None


class AccessRefused(Exception):
    """Raised inside a unit of work; `refusals_logged` logs it once that unit has rolled back."""

    def __init__(self, action: Action, resident: Resident):
        super().__init__(action.value)
        self.action, self.resident_id, self.client_number = action, resident.id, resident.client_number


@contextmanager
def refusals_logged(db: Database, actor: Actor) -> Iterator[None]:
    """Turns an AccessRefused into a logged, Dutch PermissionDenied after the write unit is closed.

    Logging from inside the unit would need a second write transaction while the first holds the
    SQLite write lock, and would wait for itself.
    """
    try:
        yield
    except AccessRefused as refused:
        audit.require(db, actor, refused.action, resident_id=refused.resident_id,
                      client_number=refused.client_number)
        raise  # pragma: no cover - require() raised above


def check_access(session: Session, actor: Actor, resident: Resident, reason: str | None,
                 action: Action = Action.RESIDENT_VIEW) -> str | None:
    """The caseload rule: own residents freely; others with RESIDENT_VIEW_OTHER (a consulent gives a reason).

    Call inside `refusals_logged`. Returns the cleaned reason to write into the log line.
    """
    if resident.anonymised_at is not None:  # past its retention period: figures only (privacy/retention.py)
        raise NotFoundError("Dit dossier is na zijn bewaartermijn geanonimiseerd: er zijn geen gegevens van de "
                            "inwoner meer om te openen of te wijzigen.")
    if not audit.allowed(actor, action):
        raise AccessRefused(action, resident)
    if is_own_caseload(session, actor, resident):
        return audit.require_reason(actor, action, reason, "") if reason else None
    if not audit.allowed(actor, Action.RESIDENT_VIEW_OTHER):
        raise AccessRefused(Action.RESIDENT_VIEW_OTHER, resident)
    return audit.require_reason(actor, Action.RESIDENT_VIEW_OTHER, reason, OTHER_CASELOAD_MESSAGE)
