"""The regional products a beheerder keeps, each in its own law's iStandaard codes (category, unit, frequency)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from db.engine import Database
from db.models import Beschikking, Product
from db.models.base import stored_id
from db.models.enums import FinancingForm, Law
from desktop.core import reference
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.text import clean_text

_CODE = re.compile(r"^[0-9A-Z]{1,5}$")  # iWmo/iJw LDT_ProductCode: at most five characters
# the words a product list may use for the financing form (the stored value, the label, the common names)
FINANCING_WORDS = {
    **{f.value: f for f in FinancingForm}, **{f.value.replace("_", " "): f for f in FinancingForm},
    "uren × tarief": FinancingForm.UREN_X_TARIEF, "inspanning": FinancingForm.UREN_X_TARIEF,
    "inspanningsgericht": FinancingForm.UREN_X_TARIEF, "output": FinancingForm.BEDRAG_PER_TRAJECT,
    "outputgericht": FinancingForm.BEDRAG_PER_TRAJECT, "taakgericht": FinancingForm.BEDRAG_PER_MAAND}


@dataclass
class ProductInput:
    law: Law | str
    category_code: str
    code: str
    name: str
    unit_code: str
    frequency_code: str
    financing_form: FinancingForm | str = FinancingForm.UREN_X_TARIEF
    valid_from: date | None = None
    valid_to: date | None = None
    active: bool = True


@dataclass(frozen=True)
class ProductRow:
    id: int
    law: Law
    category_code: str
    code: str
    name: str
    unit_code: str
    frequency_code: str
    financing_form: FinancingForm
    valid_from: date | None
    valid_to: date | None
    active: bool

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


def _row(p: Product) -> ProductRow:
    return ProductRow(stored_id(p.id), p.law, p.category_code, p.code, p.name, p.unit_code, p.frequency_code,
                      p.financing_form, p.valid_from, p.valid_to, p.active)


def list_all(db: Database, actor: Actor) -> list[ProductRow]:
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.read() as s:
        return [_row(p) for p in s.exec(select(Product).order_by(Product.law, Product.code))]


def check_input(s: Session, data: ProductInput) -> tuple[dict[str, object], dict[str, str]]:
    """Clean values and every field's problem at once; the codes are checked against the law's own lists."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {"valid_from": data.valid_from, "valid_to": data.valid_to,
                                 "active": bool(data.active)}
    law = None
    try:
        law = Law(data.law)
        values["law"] = law
    except ValueError:
        errors["law"] = "Kies de wet: Wmo 2015 of Jeugdwet."
    code = (data.code or "").strip().upper()
    if not _CODE.match(code):
        errors["code"] = "Een productcode heeft één tot vijf letters of cijfers, bijvoorbeeld 02A08."
    values["code"] = code
    try:
        values["name"] = clean_text(data.name, "de omschrijving van het product", max_length=120, required=True,
                                    field="name")
    except ValidationError as exc:
        errors["name"] = exc.message
    try:
        form = data.financing_form if isinstance(data.financing_form, FinancingForm) else \
            FINANCING_WORDS[" ".join(str(data.financing_form).strip().casefold().split())]
        values["financing_form"] = form
    except KeyError:
        errors["financing_form"] = ("Kies de financieringsvorm: uren x tarief (inspanning), bedrag per maand "
                                    "(taakgericht) of bedrag per traject (output).")
    for field, list_name, what in (("category_code", "productcategorie", "productcategorie"),
                                   ("unit_code", "eenheid", "eenheid"), ("frequency_code", "frequentie",
                                                                          "frequentie")):
        value = str(getattr(data, field) or "").strip()
        if field != "frequency_code" and value.isdigit() and len(value) == 1:
            value = "0" + value  # '2' typed or read from Excel for category 02
        values[field] = value
        if law is not None:
            try:
                reference.require_code(s, list_name, value, law, what)
            except ValidationError as exc:
                errors[field] = exc.message
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        errors["valid_to"] = "Het product is geldig tot een datum vóór het begin. Controleer 'geldig tot'."
    return values, errors


def save(db: Database, actor: Actor, data: ProductInput, product_id: int | None = None) -> ProductRow:
    """A new product (no id) or a change; the law of a product that decisions use cannot change."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    with db.write() as s:
        values, errors = check_input(s, data)
        row = None
        if product_id is not None:
            row = s.get(Product, product_id)
            if row is None:
                raise NotFoundError("Dit product bestaat niet (meer).")
        if "law" in values and "code" not in errors:
            other = s.exec(select(Product.id).where(Product.law == values["law"],
                                                    func.upper(Product.code) == values["code"])).first()
            if other is not None and other != product_id:
                errors["code"] = f"Productcode {values['code']} bestaat al onder deze wet. Open dat product."
        if row is not None and values.get("law", row.law) != row.law and _used(s, stored_id(row.id)):
            errors["law"] = "Beschikkingen gebruiken dit product; de wet kan daarom niet meer veranderen."
        if errors:
            raise ValidationError.of_fields("Het product is niet opgeslagen. Herstel eerst:", errors)
        return store(s, actor, values, row)


def store(s: Session, actor: Actor, values: dict[str, object], row: Product | None) -> ProductRow:
    """Writes checked values (from check_input) as a new product or onto `row`, with its audit line."""
    before = _row(row).__dict__ if row is not None else {}
    if row is None:
        row = Product(**values)  # type: ignore[arg-type]  # checked values, one per column
        s.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    s.flush()
    after = _row(row).__dict__
    audit.record(s, actor, "product.wijzigen" if before else "product.toevoegen", record_type="product",
                 record_id=row.id, changes={k: [_plain(before.get(k)), _plain(v)] for k, v in after.items()
                                            if k != "id" and before.get(k) != v})
    return _row(row)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else str(value) if value is not None else None


def _used(s: Session, product_id: int) -> bool:
    return s.exec(select(Beschikking.id).where(Beschikking.product_id == product_id)).first() is not None


def valid_on(product: Product, on: date) -> bool:
    return (product.valid_from is None or product.valid_from <= on) and (product.valid_to is None
                                                                          or on <= product.valid_to)
