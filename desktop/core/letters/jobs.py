"""What the one letter pipeline handles, whatever the kind of letter: a job in the queue, a prepared letter,
and the source a kind of letter comes from.

A source knows which letters wait (a decision vastgesteld without its letter; a hand-over's request for an
'uw nieuwe contactpersoon' letter), how to build their content and what must still hold when one is stored
(`claim`), and what sending changes. The pipeline (letters/pipeline.py) does the rest the same for all:
the queue, the pre-flight, rendering, the archive with its SHA-256, marking sent and opening a letter again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlmodel import Session

from db.engine import Database
from db.models import Letter
from db.models.enums import Law, LetterKind
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.letters.content import LetterContent

DECISION = "beschikking"
CONTACT = "contactpersoon"
RECEIPT = "ontvangst"  # the receipt of a melding, by casus id
REPORT = "verslag"  # the report of the research, by casus id


@dataclass(frozen=True, order=True)
class Job:
    """One letter waiting in the queue: which source it comes from and the id there."""

    source: str  # DECISION (a beschikking id), CONTACT (a contact_letter request id), RECEIPT or REPORT (a casus id)
    id: int

    def __str__(self) -> str:
        return f"{self.source}:{self.id}"


def as_jobs(items: Iterable[Job | int]) -> list[Job]:
    """The jobs asked for, in order and once each; a plain number names a decision (the common case)."""
    return list(dict.fromkeys(item if isinstance(item, Job) else Job(DECISION, int(item)) for item in items))


@dataclass
class Prepared:
    """A letter ready to render (or the problems that stop it), with what the queue shows of it."""

    job: Job
    kind: LetterKind
    resident_id: int
    client_number: str
    resident_name: str  # as a letter names the resident: 'A. de Vries'
    kenmerk: str
    content: LetterContent | None
    problems: list[str] = field(default_factory=list)
    beschikking_id: int | None = None
    law: Law | None = None
    toewijzing_nummer: str = ""
    product: str = ""
    aanbieder: str = ""
    about: str = ""  # one line on what the letter is about, for any kind
    since: date | None = None  # vastgesteld op, or the day of the hand-over
    previous_letters: int = 0  # letters of this kind already issued for the same decision
    consulent_id: int | None = None  # the new contact person a contact letter names
    casus_id: int | None = None  # the casus a receipt or a report belongs to


class Taken(KoersError):
    """The letter was issued (or its subject changed) by someone else between the pre-flight and now."""


class Source(Protocol):
    name: str

    def pending(self, s: Session) -> list[int]:
        """The ids of the letters waiting, oldest first."""

    def prepare(self, db: Database, actor: Actor, ids: list[int], letter_date: date, *, new_version: bool,
                draft: bool) -> dict[int, Prepared]:
        """Content and problems per id; ids that no longer wait are left out."""

    def claim(self, s: Session, p: Prepared, new_version: bool) -> None:
        """Inside the transaction that stores the letter: lock the subject and refuse (Taken) if it changed."""

    def archived(self, s: Session, p: Prepared, letter: Letter) -> None:
        """The letter is stored: link it to its subject."""

    def sent(self, s: Session, letter: Letter, sent_on: date) -> dict[str, list[Any]]:
        """What sending changes besides the letter's own sent date, as log changes."""
