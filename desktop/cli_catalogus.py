"""`koers catalogus`: the catalogue from the shell, through the same core as Beheer > Catalogus.

Dates may be typed as people type them (15-01-2027) or as JJJJ-MM-DD; every bad argument is named at once.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli_support import actor_for, emit, open_db


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    cat = sub.add_parser("catalogus", parents=[common], help="aanbieders, producten, contracten en tarieven (beheerder)")
    csub = cat.add_subparsers(dest="action", metavar="ACTIE", required=True)
    csub.add_parser("aanbieders", parents=[common], help="alle aanbieders")
    add = csub.add_parser("aanbieder", parents=[common], help="een aanbieder toevoegen of wijzigen")
    add.add_argument("--naam", required=True, help="de naam; een bestaande naam wijzigt die aanbieder")
    for name, helptext in (("agb", "AGB-code (8 cijfers)"), ("straat", "straat en huisnummer"),
                           ("postcode", "postcode"), ("plaats", "plaats"),
                           ("contract-vanaf", "begin van het contract"), ("contract-tot", "einde van het contract")):
        add.add_argument(f"--{name}", default="", help=helptext)
    add.add_argument("--inactief", action="store_true", help="de aanbieder neemt geen nieuwe cliënten meer")
    csub.add_parser("producten", parents=[common], help="alle producten")
    prod = csub.add_parser("product", parents=[common], help="een product toevoegen of wijzigen")
    prod.add_argument("--wet", required=True, choices=("wmo", "jeugdwet"))
    prod.add_argument("--code", required=True, help="productcode, bijvoorbeeld 02A08; een bestaande wordt gewijzigd")
    prod.add_argument("--naam", required=True, help="omschrijving")
    prod.add_argument("--categorie", required=True, help="productcategorie uit de lijst van de wet")
    prod.add_argument("--eenheid", default="04", help="eenheid (04 = uur)")
    prod.add_argument("--frequentie", default="6", help="frequentie (6 = totaal binnen de toewijzing)")
    prod.add_argument("--financiering", default="uren_x_tarief",
                      help="uren_x_tarief, bedrag_per_maand of bedrag_per_traject")
    prod.add_argument("--vanaf", default="", help="geldig vanaf")
    prod.add_argument("--tot", default="", help="geldig tot en met")
    csub.add_parser("contracten", parents=[common], help="welke aanbieder welk product levert, vanaf wanneer")
    con = csub.add_parser("contract", parents=[common], help="een aanbieder contracteren voor een product")
    con.add_argument("--aanbieder", required=True, help="naam van de aanbieder")
    con.add_argument("--product", required=True, help="productcode")
    con.add_argument("--wet", choices=("wmo", "jeugdwet"), help="nodig als de code onder beide wetten bestaat")
    con.add_argument("--vanaf", required=True, help="eerste dag van het contract")
    con.add_argument("--tot", default="", help="laatste dag (leeg: tot het contract van de aanbieder eindigt)")
    tar = csub.add_parser("tarief", parents=[common], help="een tarief per uur vanaf een datum")
    tar.add_argument("--product", required=True, help="productcode")
    tar.add_argument("--wet", choices=("wmo", "jeugdwet"), help="nodig als de code onder beide wetten bestaat")
    tar.add_argument("--zwaarte", required=True, choices=("L", "M", "ZW"))
    tar.add_argument("--bedrag", required=True, help="euro per uur, bijvoorbeeld 62,50")
    tar.add_argument("--vanaf", required=True, help="geldig vanaf")
    tar.add_argument("--aanbieder", default="", help="alleen voor deze aanbieder (leeg: regionaal tarief)")
    imp = csub.add_parser("inlezen", parents=[common], help="de regionale productenlijst inlezen (CSV of XLSX)")
    imp.add_argument("bestand", help="het bestand met de productenlijst")
    imp.add_argument("--wet", choices=("wmo", "jeugdwet"), help="de wet van een lijst zonder kolom 'wet'")
    imp.add_argument("--controleer", action="store_true", help="alleen controleren, niets opslaan")


def cmd_catalogus(args: argparse.Namespace) -> int:
    database = open_db(args, create=False)
    actor = actor_for(args, database)
    handler = {"aanbieders": _list_aanbieders, "aanbieder": _save_aanbieder, "producten": _list_products,
               "product": _save_product, "contracten": _list_contracts, "contract": _add_contract,
               "tarief": _set_tariff, "inlezen": _import}[args.action]
    return handler(args, database, actor)


def _dates(**typed: str) -> tuple[dict[str, Any], list[str]]:
    """Every date argument through the one date parser: the values, and the problems (none raised yet)."""
    from desktop.core.parse import Fields, parse_date

    read = Fields()
    values = {name: read(parse_date, text, f"--{name.replace('_', '-')}", field=name) for name, text in typed.items()}
    return values, list(read.errors.values())


def _refuse(heading: str, problems: list[str], more: dict[str, str]) -> None:
    """Raises with the date problems and the core's own field problems together, so all are named at once."""
    from desktop.core.errors import ValidationError

    everything = problems + [m for m in more.values() if m not in problems]
    if everything:
        raise ValidationError(heading, problems=everything)


def _list_aanbieders(args, database, actor) -> int:
    from desktop.core.catalog import providers
    from desktop.core.nl import format_date

    rows = providers.list_all(database, actor)
    if args.json:
        print(json.dumps([{**r.__dict__, "address": r.address} for r in rows], ensure_ascii=False, default=str))
        return 0
    for r in rows:
        period = (f"{format_date(r.contract_start) if r.contract_start else '…'} – "
                  f"{format_date(r.contract_end) if r.contract_end else '…'}")
        print(f"{r.name:<36} {r.agb_code or '':<9} {period:<40} {'' if r.active else 'inactief'}")
    return 0


def _save_aanbieder(args, database, actor) -> int:
    from desktop.core.catalog import providers

    dates, problems = _dates(contract_vanaf=args.contract_vanaf, contract_tot=args.contract_tot)
    with database.read() as s:
        existing = providers.find_by_name(s, args.naam)
    data = providers.AanbiederInput(
        name=args.naam, agb_code=args.agb, street=args.straat, postcode=args.postcode, city=args.plaats,
        contract_start=dates["contract_vanaf"], contract_end=dates["contract_tot"], active=not args.inactief)
    if problems:
        _refuse("De aanbieder is niet opgeslagen. Herstel eerst:", problems, providers.check_input(data)[1])
    row = providers.save(database, actor, data, existing.id if existing else None)
    emit(args, {"id": row.id, "name": row.name, "new": existing is None},
         f"Aanbieder {row.name} {'toegevoegd' if existing is None else 'gewijzigd'}.")
    return 0


def _list_products(args, database, actor) -> int:
    from desktop.core.catalog import products

    rows = products.list_all(database, actor)
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, default=str))
        return 0
    for r in rows:
        print(f"{r.law.value:<9} {r.category_code:<3} {r.code:<6} {r.name:<44} eenheid {r.unit_code} "
              f"{r.financing_form.value}{'' if r.active else ' (inactief)'}")
    return 0


def _save_product(args, database, actor) -> int:
    from desktop.core.catalog import products

    dates, problems = _dates(vanaf=args.vanaf, tot=args.tot)
    existing = product_id(database, args.code, args.wet, required=False)
    data = products.ProductInput(
        law=args.wet, category_code=args.categorie, code=args.code, name=args.naam, unit_code=args.eenheid,
        frequency_code=args.frequentie, financing_form=args.financiering, valid_from=dates["vanaf"],
        valid_to=dates["tot"])
    if problems:
        with database.read() as s:
            _refuse("Het product is niet opgeslagen. Herstel eerst:", problems, products.check_input(s, data)[1])
    row = products.save(database, actor, data, existing)
    emit(args, {"id": row.id, "code": row.code, "new": existing is None},
         f"Product {row.code} {row.name} {'toegevoegd' if existing is None else 'gewijzigd'}.")
    return 0


def product_id(database, code: str, law: str | None, *, required: bool = True) -> int | None:
    """The id of the product with this code (under this law); a Dutch error when unknown or ambiguous."""
    from sqlmodel import func, select

    from db.models import Product
    from desktop.core.errors import NotFoundError, ValidationError

    with database.read() as s:
        stmt = select(Product.id, Product.law).where(func.upper(Product.code) == code.strip().upper())
        found = s.exec(stmt.where(Product.law == law) if law else stmt).all()
    if len(found) > 1:
        raise ValidationError(f"Productcode {code} bestaat onder de Wmo én de Jeugdwet. Geef --wet wmo of "
                              "--wet jeugdwet.")
    if not found and required:
        raise NotFoundError(f"Er is geen product met code {code}. Zie 'koers catalogus producten'.")
    return found[0][0] if found else None


def aanbieder_id(database, name: str) -> int:
    from desktop.core.catalog import providers
    from desktop.core.errors import NotFoundError

    with database.read() as s:
        row = providers.find_by_name(s, name)
    if row is None or row.id is None:
        raise NotFoundError(f"Er is geen aanbieder met de naam {name}. Zie 'koers catalogus aanbieders'.")
    return row.id


def _list_contracts(args, database, actor) -> int:
    from desktop.core.catalog import contracts
    from desktop.core.nl import format_date

    rows = contracts.list_contracts(database, actor)
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, default=str))
        return 0
    for r in rows:
        until = format_date(r.valid_to) if r.valid_to else "open"
        print(f"{r.aanbieder:<36} {r.product:<44} {format_date(r.valid_from)} – {until}")
    return 0


def _add_contract(args, database, actor) -> int:
    from desktop.core.catalog import contracts
    from desktop.core.nl import format_date

    dates, problems = _dates(vanaf=args.vanaf, tot=args.tot)
    _refuse("Het contract is niet opgeslagen. Herstel eerst:", problems, {})
    row = contracts.add_contract(database, actor, aanbieder_id(database, args.aanbieder),
                                 product_id(database, args.product, args.wet), dates["vanaf"], dates["tot"])
    emit(args, {"id": row.id}, f"{row.aanbieder} levert {row.product} vanaf {format_date(row.valid_from)}.")
    return 0


def _set_tariff(args, database, actor) -> int:
    from desktop.core import catalog
    from desktop.core.nl import format_date, format_money
    from desktop.core.parse import Fields, parse_date, parse_money

    read = Fields()
    amount = read(parse_money, args.bedrag, "het bedrag (--bedrag)", field="bedrag", required=True)
    start = read(parse_date, args.vanaf, "--vanaf", field="vanaf", required=True)
    read.raise_if_any("Het tarief is niet opgeslagen. Herstel eerst:")
    assert amount is not None and start is not None  # required, checked above
    provider = aanbieder_id(database, args.aanbieder) if args.aanbieder else None
    row = catalog.set_tariff(database, actor, product_id(database, args.product, args.wet) or 0, args.zwaarte, amount,
                             start, aanbieder_id=provider)
    emit(args, {"id": row.id, "amount_cents": row.amount_cents},
         f"Tarief {row.complexity} voor {row.product} ({row.aanbieder}): {format_money(amount)} per uur vanaf "
         f"{format_date(start)}.")
    return 0


def _import(args, database, actor) -> int:
    from pathlib import Path

    from db.models.enums import Law
    from desktop.core.catalog import product_list

    law = Law(args.wet) if args.wet else None
    run = product_list.check_file if args.controleer else product_list.import_file
    check = run(database, actor, Path(args.bestand), law)
    if args.json:
        print(json.dumps({"ok": check.ok, "new": check.new, "updated": check.updated, "stored": check.ok
                          and not args.controleer, "rejected": [{"line": n, "reason": r} for n, r in check.rejected]},
                         ensure_ascii=False))
    elif check.ok:
        verb = "zouden worden ingelezen" if args.controleer else "ingelezen"
        print(f"{len(check.lines)} producten {verb}: {check.new} nieuw, {check.updated} bijgewerkt.")
    else:
        print("Niets ingelezen. Herstel het bestand en probeer opnieuw:")
        for problem in check.problems():
            print(f"  {problem}")
    return 0 if check.ok else 1
