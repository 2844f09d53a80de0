from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import created_at_field, enum_column
from db.models.enums import Complexity, FinancingForm, Law


class ReferenceCode(SQLModel, table=True):
    """Versioned national code lists (iWmo/iJw 3.2 product categories, units, frequencies, reasons)."""

    __tablename__ = "reference_code"
    __table_args__ = (sa.UniqueConstraint("list_name", "standard", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=40, index=True)
    standard: str = Field(max_length=20)
    code: str = Field(max_length=10)
    label: str = Field(max_length=200)
    valid_from: date
    valid_to: date | None = None


class Aanbieder(SQLModel, table=True):
    """A contracted care provider. AGB code is the national provider identifier (8 digits).

    The address is where letters to the provider go; the contract period bounds every product contract.
    """

    __tablename__ = "aanbieder"
    __table_args__ = (
        sa.CheckConstraint("agb_code IS NULL OR length(agb_code) = 8", name="agb_length"),
        sa.CheckConstraint("postcode IS NULL OR length(postcode) = 6", name="postcode_length"),
        sa.CheckConstraint("contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start",
                           name="contract_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    agb_code: str | None = Field(default=None, max_length=8, unique=True)
    city: str | None = Field(default=None, max_length=80)
    active: bool = True
    street: str | None = Field(default=None, max_length=120)  # street and number, as on an envelope
    postcode: str | None = Field(default=None, max_length=6)
    contract_start: date | None = None
    contract_end: date | None = None


class Product(SQLModel, table=True):
    """A regional product: iWmo/iJw category and code with the unit and frequency it is assigned in."""

    __tablename__ = "product"
    __table_args__ = (
        sa.UniqueConstraint("law", "code"),
        sa.CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="valid_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    law: Law = Field(sa_column=enum_column(Law))
    category_code: str = Field(max_length=2)
    code: str = Field(max_length=5)
    name: str = Field(max_length=120)
    unit_code: str = Field(max_length=2)
    frequency_code: str = Field(max_length=1)
    financing_form: FinancingForm = Field(sa_column=enum_column(FinancingForm,
                                                                default=FinancingForm.UREN_X_TARIEF))
    active: bool = True
    valid_from: date | None = None  # None: valid since before Koers
    valid_to: date | None = None


class Tariff(SQLModel, table=True):
    """Tariff per product and complexity from a date; a provider-specific row wins over the regional one."""

    __tablename__ = "tariff"
    __table_args__ = (
        sa.UniqueConstraint("product_id", "aanbieder_id", "complexity", "valid_from"),
        sa.CheckConstraint("amount_cents >= 0", name="amount_nonneg"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="CASCADE")
    aanbieder_id: int | None = Field(default=None, foreign_key="aanbieder.id", index=True, ondelete="CASCADE")
    complexity: Complexity = Field(sa_column=enum_column(Complexity))
    amount_cents: int
    valid_from: date


class Contract(SQLModel, table=True):
    """Which aanbieder is contracted for which product, from which date (to which, when it ended).

    A decision may only choose a product its aanbieder is contracted for on the decision's start date.
    Contracts of one pair do not overlap (the core checks; a database check cannot compare rows).
    """

    __tablename__ = "contract"
    __table_args__ = (
        sa.UniqueConstraint("aanbieder_id", "product_id", "valid_from"),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    aanbieder_id: int = Field(foreign_key="aanbieder.id", index=True, ondelete="RESTRICT")
    product_id: int = Field(foreign_key="product.id", index=True, ondelete="RESTRICT")
    valid_from: date
    valid_to: date | None = None
    created_at: datetime = created_at_field()
