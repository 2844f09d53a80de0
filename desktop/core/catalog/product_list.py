"""Reading the regional product list from CSV or XLSX: every line checked first, then all stored or nothing.

One line per product: wet; productcategorie; productcode; omschrijving; eenheid; frequentie; and optionally
financiering, geldig_vanaf, geldig_tot and the regional tariffs tarief_l, tarief_m, tarief_zw (from
geldig_vanaf). A product that exists (same law and code) is updated; a new one is added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, func, select

from db.engine import Database
from db.models import Product, Tariff
from db.models.base import stored_id
from db.models.enums import Complexity, Law
from desktop.core import tabular
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.catalog.products import ProductInput, check_input, store
from desktop.core.errors import KoersError, ValidationError
from desktop.core.parse import parse_cents, parse_date

REQUIRED = ("productcategorie", "productcode", "omschrijving", "eenheid", "frequentie")
ALIASES = {"categorie": "productcategorie", "code": "productcode", "product": "omschrijving", "naam": "omschrijving",
           "productnaam": "omschrijving", "financieringsvorm": "financiering", "geldig vanaf": "geldig_vanaf",
           "ingangsdatum": "geldig_vanaf", "geldig tot": "geldig_tot", "einddatum": "geldig_tot", "law": "wet",
           "tarief l": "tarief_l", "tarief m": "tarief_m", "tarief zw": "tarief_zw"}
TARIFF_COLUMNS = {"tarief_l": Complexity.L, "tarief_m": Complexity.M, "tarief_zw": Complexity.ZW}


@dataclass(frozen=True)
class ProductLine:
    line: int
    values: dict[str, object]
    tariffs: dict[Complexity, int]  # cents per hour, regional, from the product's valid_from
    existing_id: int | None


@dataclass
class ProductListCheck:
    lines: list[ProductLine] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not self.rejected

    @property
    def new(self) -> int:
        return sum(1 for x in self.lines if x.existing_id is None)

    @property
    def updated(self) -> int:
        return len(self.lines) - self.new

    def problems(self) -> list[str]:
        return [f"regel {line}: {reason}" for line, reason in self.rejected]


def _header(rows: list[list[str]], law_given: bool) -> dict[str, int]:
    names = [ALIASES.get(" ".join(h.strip().casefold().split()), h.strip().casefold()) for h in rows[0]] \
        if rows else []
    missing = [c for c in REQUIRED if c not in names]
    if not law_given and "wet" not in names:
        missing.insert(0, "wet")
    if missing:
        seen = ", ".join(h for h in names if h) or "geen"
        raise KoersError(f"In de eerste regel ontbreken de kolommen {', '.join(missing)} (gevonden: {seen}). Gebruik "
                         "wet;productcategorie;productcode;omschrijving;eenheid;frequentie en eventueel "
                         "financiering;geldig_vanaf;geldig_tot;tarief_l;tarief_m;tarief_zw.")
    return {name: i for i, name in enumerate(names) if name}


Progress = Callable[[int, int], bool]  # (lines done, lines in all) -> go on?
CANCELLED = "Inlezen afgebroken; er is niets opgeslagen."


def _no_progress(done: int, total: int) -> bool:
    return True


def check_file(db: Database, actor: Actor, path: Path, law: Law | None = None, *,
               progress: Progress = _no_progress) -> ProductListCheck:
    """Checks every line; stores nothing. `law`: for a list without a `wet` column."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    rows = tabular.read_table(path, "het bestand met de productenlijst (CSV of XLSX)")
    with db.read() as s:
        return _check(s, rows, law, progress)


def _check(s: Session, rows: list[list[str]], law: Law | None, progress: Progress) -> ProductListCheck:
    col = _header(rows, law is not None)
    check = ProductListCheck()
    seen: dict[tuple[Law, str], int] = {}
    total = len(rows) - 1
    for number, row in enumerate(rows[1:], start=2):
        if not progress(number - 2, total):
            raise KoersError(CANCELLED)
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(rows[0]) - len(row))

        def cell(name: str, row: list[str] = row) -> str:
            return row[col[name]].strip() if name in col else ""

        problems: list[str] = []
        line_law = law
        try:
            line_law = tabular.law_cell(cell("wet")) or law
        except ValidationError as exc:
            problems.append(exc.message)
        if line_law is None and not problems:
            problems.append("de wet ontbreekt (Wmo of Jeugdwet)")
        dates: dict[str, date | None] = {}
        for name, label in (("geldig_vanaf", "geldig vanaf"), ("geldig_tot", "geldig tot")):
            try:
                dates[name] = parse_date(cell(name), label)
            except ValidationError as exc:
                problems.append(exc.message)
        values, errors = check_input(s, ProductInput(
            law=line_law or "", category_code=cell("productcategorie"), code=cell("productcode"),
            name=cell("omschrijving"), unit_code=cell("eenheid"), frequency_code=cell("frequentie"),
            financing_form=cell("financiering") or "uren_x_tarief", valid_from=dates.get("geldig_vanaf"),
            valid_to=dates.get("geldig_tot")))
        problems += [m for k, m in errors.items() if k != "law" or line_law is not None]
        tariffs: dict[Complexity, int] = {}
        for name, level in TARIFF_COLUMNS.items():
            try:
                cents = parse_cents(cell(name), f"het tarief {level.value}")
            except ValidationError as exc:
                problems.append(exc.message)
                continue
            if cents is not None:
                tariffs[level] = cents
        if tariffs and dates.get("geldig_vanaf") is None:
            problems.append("een tarief geldt vanaf een datum: vul geldig_vanaf in")
        key = (line_law, str(values.get("code"))) if line_law else None
        if key is not None and key in seen:
            problems.append(f"productcode {key[1]} staat ook op regel {seen[key]}")
        if problems:
            check.rejected.append((number, "; ".join(problems)))
            continue
        assert key is not None and line_law is not None  # no problems: the law is known
        seen[key] = number
        existing = s.exec(select(Product.id).where(Product.law == line_law,
                                                   func.upper(Product.code) == key[1])).first()
        check.lines.append(ProductLine(number, values, tariffs, existing))
    if not check.lines and not check.rejected:
        raise KoersError("Het bestand bevat geen producten onder de kopregel.")
    return check


def import_file(db: Database, actor: Actor, path: Path, law: Law | None = None, *,
                progress: Progress = _no_progress) -> ProductListCheck:
    """Checks the whole list and stores it in one transaction, or stores nothing when any line is wrong.

    `progress` is asked before each line is checked and again before each is stored; False stops the work
    and rolls everything back."""
    audit.require(db, actor, Action.CATALOG_MANAGE)
    rows = tabular.read_table(path, "het bestand met de productenlijst (CSV of XLSX)")
    with db.write() as s:
        check = _check(s, rows, law, lambda done, total: progress(done, 2 * total))
        if not check.ok:
            return check
        total = len(rows) - 1
        for i, line in enumerate(check.lines):
            if not progress(total + i, 2 * total):
                raise KoersError(CANCELLED)
            row = s.get(Product, line.existing_id) if line.existing_id is not None else None
            stored = store(s, actor, line.values, row)
            start = line.values.get("valid_from")
            for level, cents in line.tariffs.items():
                assert isinstance(start, date)  # checked: tariffs need geldig_vanaf
                _regional_tariff(s, stored.id, level, cents, start)
        audit.record(s, actor, "productlijst.inlezen", record_type="product",
                     changes={"nieuw": [None, check.new], "bijgewerkt": [None, check.updated],
                              "bestand": [None, Path(path).name]})
    return check


def _regional_tariff(s: Session, product_id: int, level: Complexity, cents: int, start: date) -> None:
    row = s.exec(select(Tariff).where(Tariff.product_id == product_id, Tariff.complexity == level,
                                      Tariff.aanbieder_id == None, Tariff.valid_from == start)).first()  # noqa: E711
    if row is None:
        s.add(Tariff(product_id=stored_id(product_id), complexity=level, amount_cents=cents, valid_from=start))
    else:
        row.amount_cents = cents
