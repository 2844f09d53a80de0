"""A form's unsaved typing kept as a draft in the database (desktop/core/drafts.py) and offered back.

The plan editor and the evaluation form share this: every few seconds, while the form differs from what is
saved, its input is written (only when it changed since the last write); a save or a deliberate discard drops
it; when the form opens, a draft left by a crash, a power cut or a session ended under the screen lock is
offered back. A database that cannot take a draft right now is no reason to interrupt anyone: the form's own
save will say what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from db import clock
from db.engine import Database
from desktop.core import drafts
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.ui import dialogs

DRAFT_INTERVAL_MS = 4000  # how much typing a crash can cost at most
T = TypeVar("T")


class DraftKeeper(QObject):
    """`record_id` and `snapshot` are read each time (a form may show another record later); `content` is the
    form's input as plain JSON values; `wanted` says whether the form has anything worth keeping now."""

    def __init__(self, form: QWidget, db: Database, actor: Actor, kind: str, *, record_id: Callable[[], int],
                 snapshot: Callable[[], object], content: Callable[[], dict[str, Any]], wanted: Callable[[], bool],
                 doing: str):
        super().__init__(form)
        self._form, self._db, self._actor, self._kind = form, db, actor, kind
        self._record_id, self._snapshot, self._content, self._wanted = record_id, snapshot, content, wanted
        self._doing = doing
        self._kept: object = None  # the snapshot last written
        self.timer = QTimer(self, interval=DRAFT_INTERVAL_MS)
        self.timer.timeout.connect(self.keep)
        self.timer.start()

    def keep(self) -> None:
        if not self._wanted():
            return
        snapshot = self._snapshot()
        if snapshot == self._kept:
            return
        try:
            drafts.keep(self._db, self._actor, self._kind, self._record_id(), self._content())
        except KoersError:
            return  # the next tick tries again
        self._kept = snapshot

    def drop(self) -> None:
        self._kept = None
        try:
            drafts.drop(self._db, self._actor, self._kind, self._record_id())
        except KoersError:
            return  # left behind, it is offered once more at the next opening, which the user can decline

    def stop(self) -> None:
        self.timer.stop()

    def offer(self, read: Callable[[dict[str, Any]], T | None]) -> T | None:
        """The draft as `read` makes it, when there is one and the user wants it back; a declined draft is gone."""
        try:
            found = drafts.find(self._db, self._actor, self._kind, self._record_id())
        except KoersError:
            return None
        value = read(found.content) if found is not None else None
        if found is None or value is None:
            return None
        moment = found.saved_at.astimezone(clock.AMSTERDAM)
        if not dialogs.ask_confirm(
                self._form, "Niet-opgeslagen tekst terugzetten?",
                f"{self._doing} (laatst bijgehouden op {format_date(moment.date())} om {moment:%H:%M}). Koers werd "
                "afgesloten of het scherm was vergrendeld.\n\nWilt u die tekst terugzetten? Kiest u Weggooien, dan "
                "is hij weg.", yes="Terugzetten", no="Weggooien"):
            self.drop()
            return None
        return value
