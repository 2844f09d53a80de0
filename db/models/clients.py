from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import CaseOutcome, CaseStatus, Law, MeldingSource, PersonRole, Salutation
from db.types import UTCDateTime

_resident_version = sa.Column("version", sa.Integer, nullable=False)
_person_version = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class Resident(SQLModel, table=True):
    """An inwoner. Only what letters and identification need is stored (data minimisation).

    `client_number` is the internal number used in logs and exports instead of the BSN.
    `search_name` and `postcode` are normalised so prefix searches can use an index.
    """

    __tablename__ = "resident"
    __table_args__ = (
        sa.CheckConstraint("bsn IS NULL OR length(bsn) = 9", name="bsn_length"),
        sa.CheckConstraint("length(surname) BETWEEN 1 AND 100", name="surname_length"),
        sa.CheckConstraint("postcode IS NULL OR length(postcode) = 6", name="postcode_length"),
        sa.CheckConstraint("house_number IS NULL OR house_number > 0", name="house_number_positive"),
        # Read in (name, id) order; the first name, initials or surname that a search of two words checks ride
        # along, so the check needs no row (migration 0021).
        sa.Index("ix_resident_search_name_id", "search_name", "id", "search_first", "initials"),
        sa.Index("ix_resident_search_alt_id", "search_alt", "id", "search_first", "initials"),
        sa.Index("ix_resident_search_first_id", "search_first", "id", "search_name", "search_alt"),
        sa.Index("ix_resident_search_street", "search_street", "house_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_number: str = Field(max_length=12, unique=True)
    bsn: str | None = Field(default=None, max_length=9, unique=True)  # NULL: not yet known (melding)
    salutation: Salutation = Field(sa_column=enum_column(Salutation, default=Salutation.NEUTRAAL))
    initials: str = Field(max_length=20)
    prefix: str | None = Field(default=None, max_length=20)
    surname: str = Field(max_length=100)
    search_name: str = Field(max_length=100)
    # The other ways people search: the second part of a double surname ('Pelgrom' in 'Jansen-Pelgrom'),
    # the first name a resident goes by, and the street (with the house number beside it in the index).
    first_name: str | None = Field(default=None, max_length=40)
    search_alt: str | None = Field(default=None, max_length=100)
    search_first: str | None = Field(default=None, max_length=40)
    search_street: str | None = Field(default=None, max_length=100)
    date_of_birth: date
    street: str | None = Field(default=None, max_length=100)
    house_number: int | None = None
    house_number_suffix: str | None = Field(default=None, max_length=10)
    postcode: str | None = Field(default=None, max_length=6, index=True)
    city: str | None = Field(default=None, max_length=80)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    consulent_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1, sa_column=_resident_version)
    # Set when a file past its retention period was anonymised: the row stays for the decisions and hours the
    # reports still count, without a name, address or BSN (desktop/core/privacy/retention.py).
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __mapper_args__ = {"version_id_col": _resident_version}


class Casus(SQLModel, table=True):
    """One request for support under one law, from melding to closure."""

    __tablename__ = "casus"
    __table_args__ = (
        sa.CheckConstraint("aanvraag_date IS NULL OR aanvraag_date >= melding_date", name="aanvraag_after_melding"),
        sa.CheckConstraint("closed_date IS NULL OR closed_date >= melding_date", name="closed_after_melding"),
        sa.CheckConstraint("came_in_via IS NULL OR came_in_via NOT IN ('huisarts', 'medisch_specialist', 'jeugdarts')"
                           " OR law = 'jeugdwet'", name="jeugdwet_referrers"),
        sa.CheckConstraint("outcome IS NULL OR outcome_date IS NOT NULL", name="outcome_dated"),
        sa.CheckConstraint("personal_plan_date IS NULL OR personal_plan_date >= melding_date",
                           name="personal_plan_after_melding"),
        # deadlines: per law, open cases by melding or aanvraag date, covering what the lists read
        sa.Index("ix_casus_open_dates", "closed_date", "law", "aanvraag_date", "melding_date", "consulent_id",
                 "resident_id"),
        sa.Index("ix_casus_consulent_open", "consulent_id", "closed_date", "aanvraag_date"),  # deadlines
        sa.Index("ix_casus_undecided", "status", "law", "aanvraag_date", "consulent_id", "resident_id"),
        sa.Index("ix_casus_receipt_due", "receipt_due"),  # the letter queue: receipts waiting
        sa.Index("ix_casus_research_done", "research_done_date"),  # the letter queue: reports waiting
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True, ondelete="CASCADE")
    law: Law = Field(sa_column=enum_column(Law))
    status: CaseStatus = Field(sa_column=enum_column(CaseStatus, default=CaseStatus.MELDING))
    melding_date: date
    aanvraag_date: date | None = None
    closed_date: date | None = None
    consulent_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    casusregisseur_id: int | None = Field(default=None, foreign_key="app_user.id", index=True,
                                          ondelete="SET NULL")
    created_at: datetime = created_at_field()
    # the intake (issue 12): how the melding came in, in whose words, and how the casus ended
    question: str | None = None  # the question in the resident's own words
    came_in_via: MeldingSource | None = Field(default=None, sa_column=enum_column(MeldingSource, nullable=True))
    referrer: str | None = Field(default=None, max_length=120)  # who referred, for a referral
    personal_plan_date: date | None = None  # the day the resident's own plan came in
    clientondersteuning_informed: bool = Field(  # told about free, independent cliëntondersteuning
        default=False, sa_column_kwargs={"server_default": sa.false()})
    receipt_due: bool = Field(  # a receipt letter for the melding waits in the letter queue
        default=False, sa_column_kwargs={"server_default": sa.false()})
    research_done_date: date | None = None  # the research is done: its report (verslag) waits in the queue
    report_sent_date: date | None = None  # the verslag went to the resident
    outcome: CaseOutcome | None = Field(default=None, sa_column=enum_column(CaseOutcome, nullable=True))
    outcome_date: date | None = None
    outcome_reason: str | None = None


class RelatedPerson(SQLModel, table=True):
    """Someone around the resident, from–to: a parent with authority (gezag), guardian, curator, mentor or
    bewindvoerder, a household member or a mantelzorger. A minor's decision letters go to whoever has gezag."""

    __tablename__ = "related_person"
    __table_args__ = (
        sa.CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="valid_order"),
        sa.CheckConstraint("postcode IS NULL OR length(postcode) = 6", name="postcode_length"),
        sa.CheckConstraint("house_number IS NULL OR house_number > 0", name="house_number_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True, ondelete="CASCADE")
    role: PersonRole = Field(sa_column=enum_column(PersonRole))
    salutation: Salutation = Field(sa_column=enum_column(Salutation, default=Salutation.NEUTRAAL))
    initials: str = Field(max_length=20)
    prefix: str | None = Field(default=None, max_length=20)
    surname: str = Field(max_length=80)
    street: str | None = Field(default=None, max_length=100)
    house_number: int | None = None
    house_number_suffix: str | None = Field(default=None, max_length=10)
    postcode: str | None = Field(default=None, max_length=6)
    city: str | None = Field(default=None, max_length=80)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    valid_from: date | None = None
    valid_to: date | None = None
    created_at: datetime = created_at_field()
    version: int = Field(default=1, sa_column=_person_version)  # two colleagues changing one person: told

    __mapper_args__ = {"version_id_col": _person_version}


class Correction(SQLModel, table=True):
    """A correction of a resident's personal data: what was wrong, what it became and why (AVG art. 16).

    Part of the resident's file (shown there, exported with it, destroyed with it); the access log has the same
    change, but a log line says who did what, this says what was wrong. `fields` is JSON {field: [was, is]},
    with a BSN masked as in the log.
    """

    __tablename__ = "correction"
    __table_args__ = (sa.CheckConstraint("length(reason) >= 5", name="reason_given"),)

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True, ondelete="CASCADE")
    corrected_at: datetime = created_at_field()
    corrected_by_id: int | None = Field(default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL")
    fields: str
    reason: str = Field(max_length=500)
