from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import LetterKind
from db.types import UTCDateTime


class LetterBatch(SQLModel, table=True):
    __tablename__ = "letter_batch"

    id: int | None = Field(default=None, primary_key=True)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    created_at: datetime = created_at_field()
    letter_count: int = 0


class Letter(SQLModel, table=True):
    """A letter exactly as issued, of any kind: the PDF bytes and their SHA-256. Never regenerated silently.

    The one archive of Koers's letters. Every letter is to a resident; a decision letter also names its
    beschikking, a letter 'uw nieuwe contactpersoon' is made for a ContactLetter request, and the receipt of a
    melding and the report of the research name their casus. `letter_date` is the
    date printed on the letter (the objection term is counted from it); NULL only for letters stored before
    revision 0003.
    """

    __tablename__ = "letter"
    __table_args__ = (
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
        sa.CheckConstraint("kind IN ('contactpersoon', 'ontvangstbevestiging', 'verslag') OR beschikking_id IS NOT NULL",
                           name="decision_letter_decision"),
        sa.CheckConstraint("kind NOT IN ('ontvangstbevestiging', 'verslag') OR casus_id IS NOT NULL",
                           name="case_letter_casus"),
        sa.Index("ix_letter_unsent", "sent_date", "beschikking_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True, ondelete="RESTRICT")
    beschikking_id: int | None = Field(default=None, foreign_key="beschikking.id", index=True, ondelete="RESTRICT")
    kind: LetterKind = Field(sa_column=enum_column(LetterKind))
    kenmerk: str = Field(max_length=40, unique=True)
    pdf: bytes = Field(sa_type=sa.LargeBinary)
    sha256: str = Field(max_length=64)
    issued_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    issued_at: datetime = Field(sa_type=UTCDateTime)
    sent_date: date | None = None
    batch_id: int | None = Field(default=None, foreign_key="letter_batch.id", ondelete="SET NULL", index=True)
    letter_date: date | None = None
    casus_id: int | None = Field(default=None, foreign_key="casus.id", index=True, ondelete="RESTRICT")


class LetterText(SQLModel, table=True):
    """A beheerder's own wording of one standard text block; without a row the text in resources/letters holds.

    In the database (not in a file) so every workstation on a shared PostgreSQL server prints the same letters.
    """

    __tablename__ = "letter_text"
    __table_args__ = (
        sa.UniqueConstraint("kind", "block"),
        sa.CheckConstraint("length(text) >= 1", name="text_nonempty"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: LetterKind = Field(sa_column=enum_column(LetterKind))
    block: str = Field(max_length=40)
    text: str
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    updated_at: datetime = created_at_field()


class LetterLogo(SQLModel, table=True):
    """The municipality's logo for the letterhead (one row, id 1): PNG or JPEG bytes, checked before storing."""

    __tablename__ = "letter_logo"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("mime_type IN ('image/png', 'image/jpeg')", name="mime_type_image"),
    )

    id: int = Field(default=1, primary_key=True)
    image: bytes = Field(sa_type=sa.LargeBinary)
    mime_type: str = Field(max_length=20)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL", index=True)
    updated_at: datetime = created_at_field()
