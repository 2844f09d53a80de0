"""The iWmo / iJw 3.2 exchange with providers: every message Koers made or read, the assignments (toewijzingen)
it sent, and each declared Prestatie with the answer Koers gave it."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import Law

_IN = sa.text("direction = 'in'")
_ACCEPTED_DEBIT = sa.text("accepted AND debit_credit = 'D'")


class IwmoMessage(SQLModel, table=True):
    """One message as it was made or received, byte for byte (the proof of what was exchanged), with its
    header. An incoming message is recognised by sender and identification, a declaration also by its number,
    so the same file read twice is refused."""

    __tablename__ = "iwmo_message"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('301', '323', '325')", name="kind_known"),
        sa.CheckConstraint("direction IN ('in', 'uit')", name="direction_known"),
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
        sa.Index("uq_iwmo_message_received", "sender", "kind", "identification", unique=True,
                 sqlite_where=_IN, postgresql_where=_IN),
        sa.Index("uq_iwmo_message_declaration", "sender", "declaration_number", unique=True,
                 sqlite_where=sa.text("kind = '323'"), postgresql_where=sa.text("kind = '323'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=3)  # '301' toewijzing, '323' declaratie, '325' antwoord op een declaratie
    direction: str = Field(max_length=3)
    law: Law = Field(sa_column=enum_column(Law))
    sender: str = Field(max_length=8)  # gemeentecode (4) or AGB code (8)
    receiver: str = Field(max_length=8)
    identification: str = Field(max_length=12)  # BerichtIdentificatie/Identificatie
    message_date: date  # BerichtIdentificatie/Dagtekening
    aanbieder_id: int | None = Field(default=None, foreign_key="aanbieder.id", index=True, ondelete="SET NULL")
    declaration_number: str | None = Field(default=None, max_length=12)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_type=sa.LargeBinary)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    created_at: datetime = created_at_field()


class IwmoAssignment(SQLModel, table=True):
    """A ToegewezenProduct Koers sent: one per decision per change, never twice for the same change."""

    __tablename__ = "iwmo_assignment"
    __table_args__ = (
        sa.UniqueConstraint("beschikking_id", "change"),
        sa.CheckConstraint("change IN ('toewijzing', 'wijziging', 'beeindiging', 'intrekking')",
                           name="change_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="iwmo_message.id", index=True, ondelete="CASCADE")
    beschikking_id: int = Field(foreign_key="beschikking.id", index=True, ondelete="CASCADE")
    change: str = Field(max_length=12)
    reason_code: str | None = Field(default=None, max_length=2)  # RedenWijziging (iWmo WMO588 / iJw JZ002)
    end_date: date | None = None  # the Einddatum the message gave


class IwmoPrestatie(SQLModel, table=True):
    """One declared Prestatie and Koers' answer: accepted (stored as realised hours, `realisation_id`) or refused
    with the reason. A credit (C) reverses the accepted debit with the same reference."""

    __tablename__ = "iwmo_prestatie"
    __table_args__ = (
        sa.CheckConstraint("debit_credit IN ('D', 'C')", name="debit_credit_known"),
        sa.CheckConstraint("accepted OR reason IS NOT NULL", name="refusal_has_reason"),
        # one accepted debit per reference of an aanbieder: a second is a duplicate
        sa.Index("uq_iwmo_prestatie_accepted_debit", "aanbieder_id", "reference", unique=True,
                 sqlite_where=_ACCEPTED_DEBIT, postgresql_where=_ACCEPTED_DEBIT),
    )

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="iwmo_message.id", index=True, ondelete="CASCADE")
    aanbieder_id: int | None = Field(default=None, foreign_key="aanbieder.id", ondelete="SET NULL")
    beschikking_id: int | None = Field(default=None, foreign_key="beschikking.id", index=True, ondelete="SET NULL")
    reference: str = Field(max_length=20)  # ProductReferentie/ReferentieNummer
    previous_reference: str | None = Field(default=None, max_length=20)
    toewijzing_nummer: str = Field(max_length=9)
    product_category: str = Field(max_length=2)
    product_code: str | None = Field(default=None, max_length=5)
    period_start: date
    period_end: date
    volume: int
    unit_code: str = Field(max_length=2)
    tariff_cents: int
    amount_cents: int
    debit_credit: str = Field(max_length=1)
    accepted: bool
    reason: str | None = None  # in Dutch, for the screen, the PDF and the CSV
    return_code: str | None = Field(default=None, max_length=4)  # the standard's retourcode, for a WMO325
    realisation_id: int | None = Field(default=None, foreign_key="realisation.id", index=True, ondelete="SET NULL")
    credits_id: int | None = Field(default=None, foreign_key="iwmo_prestatie.id", ondelete="SET NULL")
