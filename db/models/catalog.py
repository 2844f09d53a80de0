from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.models.base import enum_column
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
    """A contracted care provider. AGB code is the national provider identifier (8 digits)."""

    __tablename__ = "aanbieder"
    __table_args__ = (sa.CheckConstraint("agb_code IS NULL OR length(agb_code) = 8", name="agb_length"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    agb_code: str | None = Field(default=None, max_length=8, unique=True)
    city: str | None = Field(default=None, max_length=80)
    active: bool = True


class Product(SQLModel, table=True):
    """A regional product: iWmo/iJw category and code with the unit and frequency it is assigned in."""

    __tablename__ = "product"
    __table_args__ = (sa.UniqueConstraint("law", "code"),)

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
