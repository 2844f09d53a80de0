"""`koers report`: the reports of the Rapportages area on the shell, as a Dutch text table, as JSON, or written to
an XLSX or CSV file (desktop/core/reports/export.py).

`koers report` or `koers report --lijst` lists the reports; `koers report NAAM --as GEBRUIKER` runs one. Dates are
typed as people type them (1-1-2026, 01-01-2026 or 2026-01-01). With --json, numbers are JSON numbers as the report
holds them (hours and euros with at most two decimals, a percentage as 85.7 for 85,7 %), dates JJJJ-MM-DD, an empty
cell null; every row is an object keyed by the column's key.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from desktop.cli_support import actor_for, emit, open_db


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    rep = sub.add_parser("report", parents=[common],
                         help="rapportages: realisatie, budget, aanbieders, steekproeven (casusregisseur, controller)",
                         description="Zonder NAAM (of met --lijst): de lijst van rapportages. Met NAAM: de rapportage "
                                     "als tabel, als JSON (--json) of in een bestand (--xlsx of --csv).")
    rep.add_argument("name", nargs="?", metavar="NAAM", help="de rapportage, bijvoorbeeld realisatie (zie --lijst)")
    rep.add_argument("--lijst", action="store_true", help="toon de rapportages met hun naam en wat ze laten zien")
    rep.add_argument("--from", dest="date_from", metavar="DATUM", default="",
                     help="begin van de periode (standaard 1 januari van het jaar van de peildatum)")
    rep.add_argument("--to", dest="date_to", metavar="DATUM", default="",
                     help="einde van de periode (standaard de peildatum)")
    rep.add_argument("--peildatum", metavar="DATUM", default="", help="'vandaag' voor de rapportage (standaard vandaag)")
    rep.add_argument("--wet", choices=("wmo", "jeugdwet"), help="alleen deze wet")
    rep.add_argument("--aanbieder", metavar="AANBIEDER", help="alleen deze aanbieder: naam, AGB-code of nummer")
    rep.add_argument("--product", metavar="CODE", help="alleen dit product (productcode, bijvoorbeeld 02A08)")
    rep.add_argument("--niveau", choices=("L", "M", "ZW"), help="alleen dit niveau (zwaarte)")
    rep.add_argument("--categorie", choices=("basis", "intensief"), help="alleen deze categorie")
    rep.add_argument("--consulent", metavar="GEBRUIKER", help="alleen de casussen van deze consulent (gebruikersnaam)")
    rep.add_argument("--per", metavar="INDELING", help="de indeling van de rapportage (zie --lijst), bijvoorbeeld "
                                                       "aanbieder of product")
    out = rep.add_mutually_exclusive_group()
    out.add_argument("--xlsx", metavar="BESTAND", help="schrijf de rapportage naar dit Excel-bestand (.xlsx)")
    out.add_argument("--csv", metavar="BESTAND", help="schrijf de rapportage naar dit CSV-bestand voor Excel (.csv)")


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.core.reports import registry
    from desktop.core.reports.export import export_format

    if args.lijst or not args.name:
        return _list(args)
    chosen = registry.spec(args.name)  # a wrong name is refused before anyone is asked for a password
    target = args.xlsx or args.csv
    if target:
        wanted = "xlsx" if args.xlsx else "csv"
        if export_format(target) != wanted:
            from desktop.core.errors import ValidationError

            raise ValidationError(f"--{wanted} schrijft een .{wanted}-bestand; {target} eindigt niet op .{wanted}. "
                                  f"Geef een naam die op .{wanted} eindigt, of gebruik --{export_format(target)}.")
    database = open_db(args, create=False)
    actor = actor_for(args, database)
    report = registry.run(database, actor, chosen.name, _filters(args, database))
    if target:
        return _export(args, database, actor, report, target)
    from desktop.core.reports.export import filter_lines

    explained = filter_lines(database, report, chosen.groups)
    if args.json:
        print(json.dumps(_as_json(report, explained), ensure_ascii=False))
    else:
        print(_as_text(report, explained))
    return 0


def _list(args: argparse.Namespace) -> int:
    from desktop.core.reports import registry

    specs = registry.specs()
    if args.json:
        print(json.dumps([{"name": s.name, "title": s.title, "description": s.description,
                           "groups": [{"key": key, "label": label} for key, label in s.groups]} for s in specs],
                         ensure_ascii=False))
        return 0
    width = max((len(s.name) for s in specs), default=0) + 2
    for s in specs:
        print(f"{s.name:<{width}}{s.title}")
        print(f"{'':<{width}}{s.description}")
        if s.groups:
            choices = ", ".join(f"{key}{' (standaard)' if i == 0 else ''}" for i, (key, _) in enumerate(s.groups))
            print(f"{'':<{width}}--per {choices}")
    print(f"{len(specs)} rapportages. Maak er een met: koers report NAAM --as GEBRUIKER [--from DATUM] [--to DATUM]",
          file=sys.stderr)
    return 0


def _filters(args: argparse.Namespace, database: Any) -> Any:
    """The typed filters, read at once: every problem is named together (exit 1)."""
    from db.models.enums import Complexity, IndicationCategory, Law
    from desktop.core.parse import Fields, parse_date
    from desktop.core.reports.filters import ReportFilter

    read = Fields()
    date_from = read(parse_date, args.date_from, "--from", field="date_from")
    date_to = read(parse_date, args.date_to, "--to", field="date_to")
    as_of = read(parse_date, args.peildatum, "--peildatum", field="as_of")
    law = Law(args.wet) if args.wet else None
    with database.read() as s:
        aanbieder_id = _aanbieder(s, args.aanbieder, read) if args.aanbieder else None
        product_id = _product(s, args.product, law, read) if args.product else None
        consulent_id = _consulent(s, args.consulent, read) if args.consulent else None
    read.raise_if_any("De rapportage is niet gemaakt. Herstel eerst:")
    return ReportFilter(date_from=date_from, date_to=date_to, law=law, aanbieder_id=aanbieder_id,
                        product_id=product_id, complexity=Complexity(args.niveau) if args.niveau else None,
                        category=IndicationCategory(args.categorie) if args.categorie else None,
                        consulent_id=consulent_id, group=args.per, as_of=as_of)


def _aanbieder(s: Any, text: str, read: Any) -> int | None:
    from sqlmodel import col, func, select

    from db.models import Aanbieder

    typed = text.strip()
    found = None
    if typed.isdigit() and len(typed) == 8:
        found = s.exec(select(Aanbieder.id).where(col(Aanbieder.agb_code) == typed)).first()
    if found is None and typed.isdigit():
        found = s.exec(select(Aanbieder.id).where(col(Aanbieder.id) == int(typed))).first()
    if found is None:
        found = s.exec(select(Aanbieder.id).where(func.lower(col(Aanbieder.name)) == typed.lower())).first()
    if found is None:
        read.add("aanbieder", f"Er is geen aanbieder '{typed}'. Geef bij --aanbieder de naam, de AGB-code (8 cijfers) "
                              "of het nummer van de aanbieder.")
        return None
    return int(found)


def _product(s: Any, text: str, law: Any, read: Any) -> int | None:
    from sqlmodel import col, select

    from db.models import Product
    from desktop.core.labels import LAW

    code = text.strip().upper()
    stmt = select(Product.id, Product.law).where(col(Product.code) == code)
    if law is not None:
        stmt = stmt.where(col(Product.law) == law)
    rows = s.exec(stmt).all()
    if len(rows) == 1:
        return int(rows[0][0])
    if not rows:
        under = f" onder de {LAW[law]}" if law is not None else ""
        read.add("product", f"Er is geen product met code '{code}'{under}. Geef bij --product een productcode, "
                            "bijvoorbeeld 02A08.")
    else:
        read.add("product", f"De productcode {code} bestaat onder de Wmo 2015 en onder de Jeugdwet. Kies er een met "
                            "--wet wmo of --wet jeugdwet.")
    return None


def _consulent(s: Any, text: str, read: Any) -> int | None:
    from sqlmodel import col, func, select

    from db.models import User

    typed = text.strip()
    found = s.exec(select(User.id).where(func.lower(col(User.username)) == typed.lower())).first()
    if found is None:
        read.add("consulent", f"Er is geen gebruiker '{typed}'. Geef bij --consulent de gebruikersnaam van de "
                              "consulent.")
        return None
    return int(found)


def _export(args: argparse.Namespace, database: Any, actor: Any, report: Any, target: str) -> int:
    from desktop.core.reports.export import export_report

    shows = not args.json and sys.stderr.isatty()

    def progress(done: int, total: int) -> bool:
        if shows:
            print(f"\r{done:>9} van {total} regels", end="", file=sys.stderr, flush=True)
        return True

    done = export_report(database, actor, report, target, progress=progress)
    if shows:
        print(file=sys.stderr)
    emit(args, {"report": report.name, "file": str(done.path), "format": done.format, "rows": done.rows},
         f"Rapportage '{report.title}' opgeslagen in {done.path} ({done.rows} regels, {done.format.upper()}).")
    return 0


# ---------------------------------------------------------------- output


def _plain(value: Any) -> Any:
    """A cell for JSON: numbers stay numbers (a Decimal through its exact digits), dates ISO, enums their value."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent == 0 else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _as_json(report: Any, explained: list[tuple[str, str]]) -> dict[str, Any]:
    f = report.filters
    keys = [c.key for c in report.columns]
    return {
        "name": report.name, "title": report.title,
        "filters": {"date_from": _plain(f.date_from), "date_to": _plain(f.date_to), "as_of": _plain(f.as_of),
                    "law": _plain(f.law), "aanbieder_id": f.aanbieder_id, "product_id": f.product_id,
                    "complexity": _plain(f.complexity), "category": _plain(f.category),
                    "consulent_id": f.consulent_id, "group": f.group},
        "filters_text": dict(explained),
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind.value} for c in report.columns],
        "rows": [dict(zip(keys, map(_plain, row), strict=True)) for row in report.rows],
        "totals": dict(zip(keys, map(_plain, report.totals), strict=True)) if report.totals is not None else None,
        "notes": list(report.notes),
        "accounts": list(report.accounts),
        "chart": {"kind": report.chart.kind.value, "axis": report.chart.axis,
                  "categories": list(report.chart.categories),
                  "series": [{"name": s.name, "values": list(s.values)} for s in report.chart.series]},
    }


def _as_text(report: Any, explained: list[tuple[str, str]]) -> str:
    from desktop.core.reports.base import Kind, shown

    columns = report.columns
    right = [c.kind in (Kind.COUNT, Kind.HOURS, Kind.MONEY, Kind.PERCENT, Kind.NUMBER) for c in columns]
    body = [[shown(v, c.kind) for c, v in zip(columns, row, strict=True)] for row in report.rows]
    totals = ([shown(v, c.kind) for c, v in zip(columns, report.totals, strict=True)]
              if report.totals is not None else None)
    every = [[c.label for c in columns], *body, *([totals] if totals else [])]
    widths = [max(len(line[i]) for line in every) for i in range(len(columns))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(w) if r else cell.ljust(w)
                         for cell, w, r in zip(cells, widths, right, strict=True)).rstrip()

    label_width = max((len(label) for label, _ in explained), default=0) + 2
    out = [report.title, *(f"  {label + ':':<{label_width}}{text}" for label, text in explained), ""]
    out.append(line([c.label for c in columns]))
    out.append("-" * len(out[-1]))
    out += [line(cells) for cells in body] or ["(geen gegevens bij deze filters)"]
    if totals:
        out.append("-" * len(out[len(explained) + 2]))
        out.append(line(totals))
    if report.notes:
        out += ["", "Hoe is geteld:", *(f"- {note}" for note in report.notes)]
    if report.accounts:
        out += ["", "Uit de evaluaties:", *(f"- {account}" for account in report.accounts)]
    return "\n".join(out)
