"""`koers` on the shell: the same core as the GUI. Errors in Dutch on stderr; exit 1 bad input, 2 usage.

Imports stay inside the handlers so `koers gui` can paint its window before the data layer loads.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PAD_OF_URL",
                        help="SQLite-bestand of postgresql://-adres (standaard: de eigen database van de gebruiker)")
    common.add_argument("--json", action="store_true", help="uitvoer als JSON voor scripts")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="koers", parents=[common],
                                     description="Koers: casusregie voor Wmo en Jeugdwet.")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    sub.add_parser("gui", parents=[common], help="open de applicatie (standaard)")
    sub.add_parser("init", parents=[common], help="maak de database of werk hem bij naar het nieuwste schema")
    demo = sub.add_parser("demo", parents=[common], help="vul een lege database met demo-gegevens")
    demo.add_argument("--clients", type=_positive_int, default=500, help="aantal inwoners (standaard 500)")
    demo.add_argument("--seed", type=int, default=2026, help="zelfde seed geeft dezelfde gegevens")
    demo.add_argument("--if-empty", action="store_true", help="sla over als er al inwoners zijn")
    sub.add_parser("check", parents=[common], help="controleer het bestand en de domeinregels; exit 1 bij fouten")

    resident = sub.add_parser("resident", parents=[common], help="inwoners zoeken, tonen en registreren")
    rsub = resident.add_subparsers(dest="action", metavar="ACTIE", required=True)
    search = rsub.add_parser("search", parents=[common], help="zoek op achternaam, BSN of postcode")
    search.add_argument("query", nargs="?", default="")
    search.add_argument("--limit", type=_positive_int, default=50)
    show = rsub.add_parser("show", parents=[common], help="toon het dossier van een inwoner")
    show.add_argument("client_number", help="klantnummer, bijvoorbeeld K0000001")
    add = rsub.add_parser("add", parents=[common], help="registreer een nieuwe inwoner")
    for name, helptext in (("bsn", "BSN (9 cijfers)"), ("initials", "voorletters"), ("surname", "achternaam")):
        add.add_argument(f"--{name}", required=True, help=helptext)
    add.add_argument("--born", required=True, type=_iso_date, help="geboortedatum JJJJ-MM-DD")
    for name in ("prefix", "salutation", "street", "house-number", "suffix", "postcode", "city", "phone", "email"):
        add.add_argument(f"--{name}", default="")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen heel getal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("moet 1 of meer zijn")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum; gebruik JJJJ-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        from desktop.app import run

        return run(args.db)
    from desktop.core.errors import KoersError

    try:
        return HANDLERS[command](args)
    except KoersError as exc:
        print(f"koers: {exc}", file=sys.stderr)
        return 1


def _open(args, *, create: bool = True):
    from desktop.core.database import open_database

    return open_database(args.db, create=create)


def _emit(args, payload: dict, text: str) -> None:
    print(json.dumps(payload, ensure_ascii=False, default=str) if args.json else text)


def cmd_init(args) -> int:
    from db.schema import head_revision
    from desktop.core.database import describe_target

    database = _open(args)
    _emit(args, {"database": describe_target(database.url), "schema": head_revision()},
          f"Database klaar: {describe_target(database.url)} (schema {head_revision()})")
    return 0


def cmd_demo(args) -> int:
    from desktop.core.demo import generate_demo
    from desktop.core.residents import count_residents

    database = _open(args)
    if args.if_empty and count_residents(database, cap=1):
        _emit(args, {"skipped": True}, "De database bevat al inwoners; geen demo-gegevens geladen.")
        return 0

    def progress(done: int, total: int) -> bool:
        if not args.json and sys.stderr.isatty():
            print(f"\r{done:>9} van {total} inwoners", end="", file=sys.stderr, flush=True)
        return True

    summary = generate_demo(database, args.clients, args.seed, progress=progress)
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    counts = summary.__dict__ if hasattr(summary, "__dict__") else dict(summary)
    _emit(args, counts, "Demo-gegevens geladen: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_check(args) -> int:
    from desktop.core.check import run_check

    report = run_check(_open(args, create=False))
    if args.json:
        print(json.dumps({"ok": report.ok, "problems": report.problems, "checked": report.checked},
                         ensure_ascii=False))
    elif report.ok:
        print(f"In orde: {len(report.checked)} controles, geen problemen gevonden.")
    else:
        print(f"{len(report.problems)} probleem/problemen gevonden:", file=sys.stderr)
        for problem in report.problems:
            print(f"- {problem}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_resident(args) -> int:
    from desktop.core import residents as rs
    from desktop.core.nl import format_date, format_postcode

    database = _open(args, create=False)
    if args.action == "search":
        rows = rs.search_residents(database, args.query, limit=args.limit)
        if args.json:
            print(json.dumps([{"client_number": r.client_number, "name": r.display_name, "bsn": r.bsn,
                               "date_of_birth": r.date_of_birth.isoformat(), "address": r.address,
                               "postcode": r.postcode, "city": r.city} for r in rows], ensure_ascii=False))
        else:
            for r in rows:
                print(f"{r.client_number}  {r.display_name:<32} {format_date(r.date_of_birth):<20} "
                      f"{format_postcode(r.postcode)} {r.city}")
            print(f"{len(rows)} gevonden", file=sys.stderr)
        return 0
    if args.action == "show":
        return _show_resident(args, database)
    data = rs.ResidentInput(
        bsn=args.bsn, initials=args.initials, surname=args.surname, date_of_birth=args.born, prefix=args.prefix,
        salutation=args.salutation or "neutraal", street=args.street, house_number=args.house_number,
        house_number_suffix=args.suffix, postcode=args.postcode, city=args.city, phone=args.phone,
        email=args.email)
    resident = rs.create_resident(database, data)
    _emit(args, {"client_number": resident.client_number, "id": resident.id},
          f"Inwoner geregistreerd met klantnummer {resident.client_number}.")
    return 0


def _show_resident(args, database) -> int:
    from sqlmodel import select

    from db.models import Resident
    from desktop.core.casefile import open_resident_file
    from desktop.core.errors import NotFoundError
    from desktop.core.nl import format_date, format_hours

    with database.read() as s:
        rid = s.exec(select(Resident.id).where(Resident.client_number == args.client_number.upper())).first()
    if rid is None:
        raise NotFoundError(f"Geen inwoner met klantnummer {args.client_number}. Zoek met 'koers resident search'.")
    file = open_resident_file(database, rid)
    r = file.resident
    if args.json:
        print(json.dumps({
            "client_number": r.client_number, "name": f"{r.initials} {r.prefix or ''} {r.surname}".replace("  ", " "),
            "cases": [{"law": c.casus.law.value, "status": c.casus.status.value,
                       "melding_date": c.casus.melding_date.isoformat(),
                       "decisions": [{"toewijzing_nummer": d.decision.toewijzing_nummer,
                                      "status": d.decision.status.value,
                                      "indicated_hours": str(d.indicated_hours),
                                      "realised_hours": str(d.realised_hours)} for d in c.decisions]}
                      for c in file.cases]}, ensure_ascii=False))
        return 0
    print(f"{r.client_number}  {r.initials} {r.prefix or ''} {r.surname}".replace("  ", " "))
    for c in file.cases:
        print(f"  Casus {c.casus.law.value}, melding {format_date(c.casus.melding_date)}, status {c.casus.status.value}")
        for d in c.decisions:
            print(f"    Beschikking {d.decision.toewijzing_nummer} ({d.decision.status.value}): "
                  f"{format_hours(d.realised_hours)} van {format_hours(d.indicated_hours)} gerealiseerd")
    return 0


HANDLERS = {"init": cmd_init, "demo": cmd_demo, "check": cmd_check, "resident": cmd_resident}


if __name__ == "__main__":
    raise SystemExit(main())
