"""What a consulent keeps on a casus besides plans and decisions: the contact journal and documents, and the
people of the resident's network a plan refers to."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import DocumentKind, JournalKind
from db.types import UTCDateTime


class JournalEntry(SQLModel, table=True):
    """One contact: a conversation, call, home visit or consultation, with what was agreed and a follow-up date.

    Never edited: a correction is a new entry that points at the one it corrects (`corrects_id`, at most one
    correction per entry) and says why; the original stays, shown as corrected. Triggers refuse any change to
    the recorded words, so not even a direct SQL statement can rewrite them. Only the follow-up can be marked
    done."""

    __tablename__ = "journal_entry"
    __table_args__ = (
        sa.CheckConstraint("length(summary) >= 1", name="summary_nonempty"),
        sa.CheckConstraint("(corrects_id IS NULL) = (correction_reason IS NULL)", name="correction_has_reason"),
        sa.CheckConstraint("follow_up_date IS NULL OR follow_up_date >= contact_date", name="follow_up_after"),
        sa.CheckConstraint("follow_up_done_date IS NULL OR follow_up_date IS NOT NULL", name="done_has_follow_up"),
        # the werkvoorraad: open follow-ups by date
        sa.Index("ix_journal_entry_open_follow_up", "follow_up_done_date", "follow_up_date", "casus_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    kind: JournalKind = Field(sa_column=enum_column(JournalKind))
    contact_date: date
    with_whom: str | None = Field(default=None, max_length=200)
    summary: str
    agreements: str | None = None
    follow_up_date: date | None = None
    follow_up_done_date: date | None = None
    follow_up_done_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    author_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    corrects_id: int | None = Field(default=None, foreign_key="journal_entry.id", unique=True,
                                    ondelete="CASCADE")
    correction_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = created_at_field()


class CaseDocument(SQLModel, table=True):
    """A file attached to a casus. The bytes live in `document_content` (so a list never loads them), checked by
    their SHA-256. Removing a document attached by mistake deletes its content and keeps this row with the
    reason, so the file shows that something was removed, and by whom."""

    __tablename__ = "case_document"
    __table_args__ = (
        sa.CheckConstraint("size_bytes > 0", name="size_positive"),
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
        sa.CheckConstraint("(removed_at IS NULL) = (removal_reason IS NULL)", name="removal_has_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    casus_id: int = Field(foreign_key="casus.id", index=True, ondelete="CASCADE")
    kind: DocumentKind = Field(sa_column=enum_column(DocumentKind))
    title: str = Field(max_length=200)
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    document_date: date | None = None  # the date on the document itself (a medical advice of 3 March)
    added_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    created_at: datetime = created_at_field()
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    removed_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    removal_reason: str | None = Field(default=None, max_length=500)


class DocumentContent(SQLModel, table=True):
    __tablename__ = "document_content"

    document_id: int = Field(foreign_key="case_document.id", primary_key=True, ondelete="CASCADE")
    data: bytes = Field(sa_type=sa.LargeBinary)


class DomainPerson(SQLModel, table=True):
    """A person of the network named under a life domain's 'eigen kracht, netwerk' in a plan version."""

    __tablename__ = "domain_person"

    domain_assessment_id: int = Field(foreign_key="domain_assessment.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="related_person.id", primary_key=True, index=True, ondelete="CASCADE")


class ResultPerson(SQLModel, table=True):
    """A person of the network who helps reach a result ('wie draagt bij') in a plan version."""

    __tablename__ = "result_person"

    result_id: int = Field(foreign_key="result.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="related_person.id", primary_key=True, index=True, ondelete="CASCADE")



