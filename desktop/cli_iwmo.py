"""`koers iwmo`: the iWmo 3.2 exchange on the shell (medewerker).

`koers iwmo export [--since DATUM] [--map MAP]` writes a WMO301 for every decision with a change not yet sent;
`koers iwmo import BESTAND [--check] [--csv BESTAND] [--pdf BESTAND]` reads a provider's declaration (WMO323) and
prints the answer per Prestatie (with --check nothing is stored). `import` exits 0 when every Prestatie was (or
would be) accepted and 1 when one was refused, the file was refused whole or the input is wrong; `export` exits 0
also when some decisions could not go (they are listed with the reason on stderr); 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli_support import actor_for, open_db


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    iwmo = sub.add_parser("iwmo", parents=[common], help="iWmo-berichten: toewijzingen (301) maken, declaraties (323) "
                                                         "inlezen (medewerker)")
    isub = iwmo.add_subparsers(dest="action", metavar="ACTIE", required=True)
    export = isub.add_parser("export", parents=[common],
                             help="maak een WMO301 voor elke beschikking met een wijziging die nog niet is verstuurd")
    export.add_argument("--since", metavar="DATUM", default="",
                        help="alleen wijzigingen vanaf deze datum, bijvoorbeeld 1-11-2026")
    export.add_argument("--map", metavar="MAP", default="iwmo-uit", help="map voor de berichten (standaard iwmo-uit)")
    imp = isub.add_parser("import", parents=[common], help="lees een declaratie (WMO323) van een aanbieder in")
    imp.add_argument("file", metavar="BESTAND", help="het declaratiebestand (.xml)")
    imp.add_argument("--check", action="store_true", help="alleen controleren, niets opslaan")
    imp.add_argument("--csv", metavar="BESTAND", help="schrijf het antwoord per prestatie naar dit CSV-bestand")
    imp.add_argument("--pdf", metavar="BESTAND", help="schrijf het antwoord per prestatie naar dit PDF-bestand")


def cmd_iwmo(args: argparse.Namespace) -> int:
    return _export(args) if args.action == "export" else _import(args)


def _export(args: argparse.Namespace) -> int:
    from desktop.core.iwmo.export import export_messages
    from desktop.core.parse import Fields, parse_date

    read = Fields()
    since = read(parse_date, args.since, "--since", field="since")
    read.raise_if_any("Er zijn geen berichten gemaakt. Herstel eerst:")
    database = open_db(args, create=False)
    actor = actor_for(args, database)
    result = export_messages(database, actor, Path(args.map), since=since)
    if args.json:
        print(json.dumps({"made": [{"file": str(m.path), "identification": m.identification, "aanbieder": m.aanbieder,
                                    "assignments": m.assignments} for m in result.made],
                          "skipped": [{"toewijzing_nummer": x.toewijzing_nummer, "reason": x.reason}
                                      for x in result.skipped]}, ensure_ascii=False))
    else:
        for m in result.made:
            print(f"{m.path}  {m.aanbieder}: {m.assignments} toewijzing{'en' if m.assignments != 1 else ''} "
                  f"(bericht {m.identification})")
        for x in result.skipped:
            print(f"- toewijzing {x.toewijzing_nummer}: {x.reason}", file=sys.stderr)
        made = len(result.made)
        print(f"{made} bericht{'en' if made != 1 else ''} gemaakt"
              + (f", {len(result.skipped)} toewijzingen niet verstuurd (zie hierboven)." if result.skipped else ".")
              if made or result.skipped else "Er is niets te versturen: elke wijziging is al verstuurd.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from desktop.core.iwmo import answer
    from desktop.core.iwmo.declarations import read_declaration

    for option, suffix in (("csv", ".csv"), ("pdf", ".pdf")):
        target = getattr(args, option)
        if target and Path(target).suffix.lower() != suffix:
            from desktop.core.errors import ValidationError

            raise ValidationError(f"--{option} schrijft een {suffix}-bestand; {target} eindigt niet op {suffix}.")
    database = open_db(args, create=False)
    actor = actor_for(args, database)
    result = read_declaration(database, actor, Path(args.file), check_only=args.check)
    written = [str(answer.write_answer(database, actor, result, target)) for target in (args.csv, args.pdf) if target]
    h = result.header
    if args.json:
        print(json.dumps({
            "stored": result.stored, "message_id": h.message_id, "aanbieder": h.aanbieder,
            "declaration_number": h.declaration_number, "accepted": result.accepted, "credited": result.credited,
            "refused": result.refused, "accepted_cents": result.accepted_cents, "files": written,
            "prestaties": [{"line": p.line, "reference": p.reference, "toewijzing_nummer": p.toewijzing_nummer,
                            "client_number": p.client_number, "period_start": p.period_start.isoformat(),
                            "period_end": p.period_end.isoformat(), "volume": p.volume, "unit": p.unit_code,
                            "amount_cents": p.amount_cents, "debit_credit": p.debit_credit, "accepted": p.accepted,
                            "return_code": p.return_code, "reason": p.reason} for p in result.prestaties]},
            ensure_ascii=False))
    else:
        _print_answer(result, written)
    return 0 if result.refused == 0 else 1


def _print_answer(result: Any, written: list[str]) -> None:
    from db.units import cents_to_euros
    from desktop.core.nl import format_date, format_money

    h = result.header
    print(f"Declaratie {h.declaration_number} van {h.aanbieder}, {format_date(h.period_start)} t/m "
          f"{format_date(h.period_end)}:")
    for p in result.prestaties:
        verdict = "afgewezen" if not p.accepted else ("gecrediteerd" if p.debit_credit == "C" else "geaccepteerd")
        line = (f"  regel {p.line:<5} {p.reference:<20} toewijzing {p.toewijzing_nummer:<9} "
                f"{p.client_number or '':<9} {format_money(cents_to_euros(p.signed_cents)):>12}  {verdict} "
                f"({p.return_code})")
        print(line + (f": {p.reason}" if p.reason else ""))
    stored = "ingelezen" if result.stored else "gecontroleerd, niets opgeslagen (--check)"
    print(f"{len(result.prestaties)} prestaties {stored}: {result.accepted} geaccepteerd, {result.credited} "
          f"gecrediteerd, {result.refused} afgewezen; geaccepteerd bedrag "
          f"{format_money(cents_to_euros(result.accepted_cents))}.")
    for path in written:
        print(f"Antwoord opgeslagen in {path}.")
