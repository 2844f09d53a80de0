"""`koers` on the shell: the same core as the GUI. Errors in Dutch on stderr; exit 1 bad input, 2 usage.

Imports stay inside the handlers so `koers gui` can paint its window before the data layer loads.
"""

from __future__ import annotations

import argparse
import json
import sys

from desktop import cli_dutch
from desktop.cli_support import actor_for as _actor
from desktop.cli_support import emit as _emit
from desktop.cli_support import iso_date as _iso_date
from desktop.cli_support import new_password as _new_password
from desktop.cli_support import open_db as _open
from desktop.cli_support import positive_int as _positive_int


def _common(*, top: bool) -> argparse.ArgumentParser:
    """--db, --json and --as, accepted before and after the subcommand.

    Only the top-level parser sets defaults; the subcommands' copies default to SUPPRESS, or their
    empty defaults would overwrite what was written before the subcommand (`koers --db X restore B`).
    """
    kw = {} if top else {"default": argparse.SUPPRESS}
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PAD_OF_URL", **kw,
                        help="SQLite-bestand of postgresql://-adres (standaard: de eigen database van de gebruiker)")
    common.add_argument("--json", action="store_true", **kw, help="uitvoer als JSON voor scripts")
    common.add_argument("--as", dest="user", metavar="GEBRUIKER", **kw,
                        help="aanmelden als deze gebruiker (wachtwoord uit $KOERS_PASSWORD of gevraagd)")
    return common


def build_parser() -> argparse.ArgumentParser:
    from desktop.version import name_and_version

    cli_dutch.install()  # argparse's own words ('usage', 'options', its errors) in Dutch, before any parser is made
    common = _common(top=False)
    parser = argparse.ArgumentParser(prog="koers", parents=[_common(top=True)],
                                     description="Koers: casusregie voor Wmo en Jeugdwet.")
    parser.add_argument("--version", action="version", version=name_and_version(), help="toon de versie en stop")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    sub.add_parser("gui", parents=[common], help="open de applicatie (standaard)")
    sub.add_parser("init", parents=[common], help="maak de database of werk hem bij naar het nieuwste schema")
    demo = sub.add_parser("demo", parents=[common], help="vul een lege database met demo-gegevens")
    demo.add_argument("--clients", type=_positive_int, default=500, help="aantal inwoners (standaard 500)")
    demo.add_argument("--seed", type=int, default=2026, help="zelfde seed geeft dezelfde gegevens")
    demo.add_argument("--if-empty", action="store_true", help="sla over als er al inwoners zijn")
    chk = sub.add_parser("check", parents=[common], help="controleer het bestand en de domeinregels; exit 1 bij fouten",
                         description="Standaard de snelle controle (seconden): de opbouw van het bestand, de "
                         "verwijzingen, alle domeinregels en of elk document er nog is. Op PostgreSQL de "
                         "domeinregels; de server bewaakt zijn eigen bestanden.")
    chk.add_argument("--volledig", action="store_true",
                     help="de volledige controle (duurt vele malen langer): ook elke index en elke CHECK-regel per "
                     "rij, en de SHA-256 van alle brieven en documenten")
    chk.add_argument("--herstel", action="store_true",
                     help="tel eerst het maandoverzicht van de rapportages opnieuw uit de urenregistratie")

    backup = sub.add_parser("backup", parents=[common], help="maak nu een reservekopie",
                            description="Een SQLite-database wordt gekopieerd; een PostgreSQL-teamdatabase wordt "
                            "veiliggesteld met pg_dump van de PostgreSQL-clientprogramma's (een .dump-bestand).")
    backup.add_argument("--to", metavar="MAP", help="map voor de kopie (standaard: backups/ naast de SQLite-database, "
                        "of backups/ in uw eigen gegevensmap voor PostgreSQL)")
    restore = sub.add_parser("restore", parents=[common], help="zet een reservekopie terug (sluit Koers eerst)")
    restore.add_argument("backup", help="het bestand van de reservekopie")
    dbpw = sub.add_parser("database-wachtwoord", parents=[common],
                          help="bewaar het wachtwoord van de PostgreSQL-teamdatabase in de sleutelbos",
                          description="Controleert het wachtwoord door met de teamdatabase te verbinden en bewaart "
                          "het dan in de sleutelbos van het systeem (onder 'Koers', als gebruiker@server:poort/"
                          "database). Daarna volstaat een adres zonder wachtwoord: --db postgresql://gebruiker@"
                          "server/database. Het wachtwoord wordt gevraagd (of als één regel op de invoer gelezen).")
    dbpw.add_argument("--verwijder", action="store_true", help="verwijder het bewaarde wachtwoord uit de sleutelbos")

    user = sub.add_parser("user", parents=[common], help="gebruikers beheren (beheerder)")
    usub = user.add_subparsers(dest="action", metavar="ACTIE", required=True)
    uadd = usub.add_parser("add", parents=[common], help="gebruiker toevoegen (de eerste wordt beheerder)")
    uadd.add_argument("username")
    uadd.add_argument("--name", required=True, help="naam zoals collega's hem zien")
    uadd.add_argument("--role", choices=["consulent", "casusregisseur", "medewerker", "beheerder", "controller"],
                      default="consulent")
    ucontact = usub.add_parser("contact", parents=[common],
                               help="telefoonnummer en e-mailadres zetten (staan in elke brief bij 'Heeft u vragen?')")
    ucontact.add_argument("username")
    for parser_ in (uadd, ucontact):
        parser_.add_argument("--telefoon", metavar="NUMMER",
                             help="telefoonnummer waarop inwoners deze consulent bereiken, bijv. 06 12345678"
                             + ("" if parser_ is uadd else "; leeg ('') wist het"))
        parser_.add_argument("--email", metavar="ADRES",
                             help="e-mailadres waarop inwoners deze consulent bereiken"
                             + ("" if parser_ is uadd else "; leeg ('') wist het"))
    uadd.add_argument("--team", metavar="TEAM", help="het team (wijkteam) van deze gebruiker")
    uteam = usub.add_parser("team", parents=[common],
                            help="team zetten: een casusregisseur ziet bij Termijnen de consulenten van haar team")
    uteam.add_argument("username")
    uteam.add_argument("team", help="naam van het team, bijv. 'Wijkteam Noord'; leeg ('') haalt iemand uit zijn team")
    for action, helptext in (("passwd", "wachtwoord zetten"), ("disable", "uitschakelen"),
                             ("enable", "weer inschakelen"), ("unlock", "blokkade opheffen")):
        usub.add_parser(action, parents=[common], help=helptext).add_argument("username")
    usub.add_parser("list", parents=[common], help="alle gebruikers")

    log = sub.add_parser("audit", parents=[common], help="het toegangslog filteren of exporteren")
    log.add_argument("--user", dest="filter_user", help="gebruikersnaam")
    log.add_argument("--client", help="cliëntnummer van de inwoner")
    log.add_argument("--from", dest="date_from", type=_iso_date, help="vanaf datum JJJJ-MM-DD")
    log.add_argument("--to", dest="date_to", type=_iso_date, help="tot en met datum JJJJ-MM-DD")
    log.add_argument("--csv", metavar="BESTAND", help="schrijf alles wat past naar dit CSV-bestand")
    log.add_argument("--limit", type=_positive_int, default=50)

    imp = sub.add_parser("import-hours", parents=[common], help="gerealiseerde uren van een aanbieder inlezen (CSV)")
    imp.add_argument("file", help="CSV met toewijzingnummer;datum;uren[;no_show][;wet], of Excels 'Unicode-tekst'")
    imp.add_argument("--check", action="store_true", help="alleen controleren, niets opslaan")
    imp.add_argument("--wet", choices=["wmo", "jeugdwet"],
                     help="de wet van de regels zonder kolom wet (nodig als een toewijzingnummer onder beide wetten "
                          "bestaat)")

    letters = sub.add_parser("letters", parents=[common], help="brieven: de wachtrij tonen of de brieven maken")
    letters.add_argument("--queue", action="store_true",
                         help="maak alle brieven in de wachtrij die de controle doorstaan (beschikkingen en nieuwe "
                              "contactpersoon)")
    letters.add_argument("--out", metavar="MAP", help="map voor de PDF's (nodig met --queue)")
    letters.add_argument("--date", type=_iso_date, help="datum op de brieven JJJJ-MM-DD (standaard vandaag)")
    letters.add_argument("--mark-sent", action="store_true",
                         help="markeer de gemaakte brieven meteen als verzonden op de briefdatum")

    resident = sub.add_parser("resident", parents=[common], help="inwoners zoeken, tonen en registreren")
    rsub = resident.add_subparsers(dest="action", metavar="ACTIE", required=True)
    search = rsub.add_parser("search", parents=[common],
                             help="zoek op naam (ook voornaam of tweede achternaam), adres, cliëntnummer, BSN of "
                                  "postcode")
    search.add_argument("query", nargs="?", default="",
                        help="bijvoorbeeld 'Pelgrom', 'A. Pelgrom', 'Pelgrom, Anna', 'Dorpsstraat 12' of 'K0000017'")
    search.add_argument("--limit", type=_positive_int, default=50)
    show = rsub.add_parser("show", parents=[common], help="toon het dossier van een inwoner")
    show.add_argument("client_number", help="cliëntnummer, bijvoorbeeld K0000001")
    show.add_argument("--reason", help="reden, nodig voor een inwoner buiten uw eigen caseload")
    add = rsub.add_parser("add", parents=[common], help="registreer een nieuwe inwoner")
    for name, helptext in (("bsn", "BSN (9 cijfers)"), ("initials", "voorletters"), ("surname", "achternaam")):
        add.add_argument(f"--{name}", required=True, help=helptext)
    add.add_argument("--born", required=True, type=_iso_date, help="geboortedatum JJJJ-MM-DD")
    add.add_argument("--voornaam", default="", help="voornaam (roepnaam), optioneel")
    for name in ("prefix", "salutation", "street", "house-number", "suffix", "postcode", "city", "phone", "email"):
        add.add_argument(f"--{name}", default="")
    person = rsub.add_parser("persoon", parents=[common],
                             help="een ouder met gezag, voogd of ander betrokkene vastleggen bij een inwoner")
    person.add_argument("client_number", help="cliëntnummer van de inwoner")
    person.add_argument("--rol", required=True, choices=("ouder_met_gezag", "voogd", "curator", "mentor",
                                                         "bewindvoerder", "huisgenoot", "mantelzorger"))
    for name in ("initials", "surname"):
        person.add_argument(f"--{name}", required=True)
    for name in ("prefix", "salutation", "street", "house-number", "suffix", "postcode", "city", "phone"):
        person.add_argument(f"--{name}", default="")
    person.add_argument("--vanaf", default="", help="begindatum")
    days = sub.add_parser("feestdagen", parents=[common],
                          help="dagen die bij besluit met een feestdag zijn gelijkgesteld (Atw art. 3 lid 3)")
    dsub = days.add_subparsers(dest="action", metavar="ACTIE", required=True)
    dsub.add_parser("lijst", parents=[common], help="alle gelijkgestelde dagen")
    dadd = dsub.add_parser("toevoegen", parents=[common], help="de dagen van een nieuw besluit toevoegen (beheerder)")
    dadd.add_argument("dagen", nargs="+", type=_iso_date, metavar="DATUM", help="JJJJ-MM-DD, één of meer")
    dadd.add_argument("--besluit", required=True, help="de naam van het besluit, zoals in de Staatscourant")
    ddel = dsub.add_parser("verwijderen", parents=[common], help="een zelf toegevoegde dag weghalen (beheerder)")
    ddel.add_argument("dag", type=_iso_date, metavar="DATUM", help="JJJJ-MM-DD")
    from desktop import cli_catalogus

    cli_catalogus.add_parser(sub, common)
    from desktop import cli_casus

    cli_casus.add_parsers(sub, common)
    from desktop import cli_instellingen

    cli_instellingen.add_parser(sub, common)
    from desktop import cli_report

    cli_report.add_parser(sub, common)
    from desktop import cli_iwmo

    cli_iwmo.add_parser(sub, common)
    from desktop import cli_privacy

    cli_privacy.add_parser(sub, common)
    from desktop import cli_retention

    cli_retention.add_parser(sub, common)
    cli_dutch.name_placeholders(parser)
    return parser


def _gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """`koers` or `koers gui` with only the common options, read without building every subcommand's parser:
    that imports their modules, 12 ms before the window paints. None for anything else (and for --help)."""
    common = _common(top=True)
    common.exit_on_error = False
    try:
        args, rest = common.parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the full parser says what is wrong
    return args if rest in ([], ["gui"]) else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if getattr(sys, "frozen", False):  # letter batches render in spawned workers, also in a frozen build
        import multiprocessing  # (freeze_support does nothing unless frozen; the import costs the window 4 ms)

        multiprocessing.freeze_support()
    gui = _gui_arguments(argv)
    if gui is not None:
        from desktop.app import run

        return run(gui.db)
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
    except KeyboardInterrupt:
        print("koers: afgebroken. Wat al was opgeslagen, blijft; het lopende deel is teruggedraaid.", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback: a Dutch message, and the technical detail in one log line
        from desktop.logs import report_unexpected

        code = report_unexpected(exc, f"koers {command}")
        print(f"koers: er ging iets onverwachts mis (foutcode {code}). Er is niets half opgeslagen: Koers slaat "
              "alles of niets op. Probeer het opnieuw; lukt het dan nog niet, meld de foutcode aan de beheerder.",
              file=sys.stderr)
        return 1


def cmd_init(args) -> int:
    from db.schema import head_revision
    from desktop.core.maintenance.database import describe_target

    database = _open(args)
    _emit(args, {"database": describe_target(database.url), "schema": head_revision()},
          f"Database klaar: {describe_target(database.url)} (schema {head_revision()})")
    return 0


def cmd_demo(args) -> int:
    from desktop.core.demo.generator import generate_demo
    from desktop.core.nl import format_number
    from desktop.core.residents.search import resident_count

    database = _open(args)
    if args.if_empty and resident_count(database):
        _emit(args, {"skipped": True}, "De database bevat al inwoners; geen demo-gegevens geladen.")
        return 0

    def progress(done: int, total: int) -> bool:
        if not args.json and sys.stderr.isatty():
            print(f"\r{done:>9} van {total} inwoners", end="", file=sys.stderr, flush=True)
        return True

    summary = generate_demo(database, args.clients, args.seed, progress=progress)
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    counts = dict(summary.__dict__)
    labels = {"residents": "inwoners", "cases": "casussen", "plans": "planversies", "goals": "doelen",
              "results": "resultaten", "decisions": "beschikkingen", "realisations": "urenregels",
              "evaluations": "evaluaties", "users": "gebruikers", "aanbieders": "aanbieders", "products": "producten"}
    _emit(args, counts, "Demo-gegevens geladen: " + ", ".join(
        f"{format_number(v)} {labels.get(k, k)}" for k, v in counts.items()))
    return 0


def cmd_check(args) -> int:
    from decimal import Decimal

    from desktop.core.maintenance.check import rebuild_summary, run_check
    from desktop.core.nl import format_number

    database = _open(args, create=False)
    if args.herstel:
        rows = rebuild_summary(database)
        if not args.json:
            print(f"Maandoverzicht opnieuw geteld: {format_number(rows)} regels.")
    report = run_check(database, full=args.volledig)
    if args.json:
        print(json.dumps({"ok": report.ok, "mode": report.mode, "seconds": round(report.seconds, 2),
                          "database": "sqlite" if database.is_sqlite else "postgresql",
                          "file_check": database.is_sqlite, "problems": report.problems,
                          "checked": report.checked}, ensure_ascii=False))
        return 0 if report.ok else 1
    which = "Volledige controle" if report.full else "Snelle controle"
    if not database.is_sqlite:
        which += (" (PostgreSQL: de domeinregels" + (" en de SHA-256 van brieven en documenten" if report.full else "")
                  + "; geen bestandscontrole, de server bewaakt zijn eigen bestanden)")
    took = f"{format_number(Decimal(f'{report.seconds:.1f}'), 1)} s"
    if report.ok:
        print(f"{which}: in orde, {len(report.checked)} controles, geen problemen gevonden ({took}).")
    else:
        count = "1 probleem" if len(report.problems) == 1 else f"{len(report.problems)} problemen"
        print(f"{which}: {count} gevonden ({took}):", file=sys.stderr)
        for problem in report.problems:
            print(f"- {problem}", file=sys.stderr)
    if not report.full:
        print("De volledige controle, met " + ("elke index en " if database.is_sqlite else "")
              + "de SHA-256 van alle brieven en documenten (duurt vele malen langer): koers check --volledig.",
              file=sys.stderr)
    return 0 if report.ok else 1


def cmd_resident(args) -> int:
    from desktop.core.nl import format_date, format_postcode
    from desktop.core.residents import register, search

    database = _open(args, create=False)
    actor = _actor(args, database)
    if args.action == "search":
        from desktop.core.access.audit import search_record

        rows = search.search_residents(database, actor, args.query, limit=args.limit)
        search_record(database, actor, args.query, len(rows))
        if args.json:
            print(json.dumps([{"client_number": r.client_number, "name": r.display_name, "first_name": r.first_name,
                               "bsn": r.bsn, "date_of_birth": r.date_of_birth.isoformat(), "address": r.address,
                               "postcode": r.postcode, "city": r.city, "consulent": r.consulent or None}
                              for r in rows], ensure_ascii=False))
        else:
            for r in rows:
                place = f"{format_postcode(r.postcode)} {r.city}".strip()
                consulent = f"  consulent {r.consulent}" if r.consulent else ""
                print(f"{r.client_number}  {r.display_name:<40} {format_date(r.date_of_birth):<20} "
                      f"{r.address:<24} {place:<28}{consulent}".rstrip())
            print(f"{len(rows)} gevonden", file=sys.stderr)
        return 0
    if args.action == "show":
        return _show_resident(args, database, actor)
    if args.action == "persoon":
        return _add_person(args, database, actor)
    data = register.ResidentInput(
        bsn=args.bsn, initials=args.initials, first_name=args.voornaam, surname=args.surname,
        date_of_birth=args.born, prefix=args.prefix,
        salutation=args.salutation or "neutraal", street=args.street, house_number=args.house_number,
        house_number_suffix=args.suffix, postcode=args.postcode, city=args.city, phone=args.phone,
        email=args.email)
    resident = register.create_resident(database, actor, data)
    _emit(args, {"client_number": resident.client_number, "id": resident.id},
          f"Inwoner geregistreerd met cliëntnummer {resident.client_number}.")
    return 0


def _add_person(args, database, actor) -> int:
    from sqlmodel import select

    from db.models import Resident
    from desktop.core.errors import NotFoundError
    from desktop.core.parse import parse_date
    from desktop.core.residents import people

    with database.read() as s:
        rid = s.exec(select(Resident.id).where(Resident.client_number == args.client_number.upper())).first()
    if rid is None:
        raise NotFoundError(f"Geen inwoner met cliëntnummer {args.client_number}. Zoek met 'koers resident search'.")
    person = people.add_person(database, actor, rid, people.PersonInput(
        role=args.rol, initials=args.initials, surname=args.surname, prefix=args.prefix,
        salutation=args.salutation or "neutraal", street=args.street, house_number=args.house_number,
        house_number_suffix=args.suffix, postcode=args.postcode, city=args.city, phone=args.phone,
        valid_from=parse_date(args.vanaf, "--vanaf")))
    _emit(args, {"id": person.id, "role": person.role.value},
          f"{people.ROLE_LABELS[person.role].capitalize()} vastgelegd bij {args.client_number.upper()}.")
    return 0


def _show_resident(args, database, actor) -> int:
    from sqlmodel import select

    from db.models import Resident
    from desktop.core.errors import NotFoundError
    from desktop.core.nl import format_date, format_hours
    from desktop.core.residents.casefile import open_resident_file

    with database.read() as s:
        rid = s.exec(select(Resident.id).where(Resident.client_number == args.client_number.upper())).first()
    if rid is None:
        raise NotFoundError(f"Geen inwoner met cliëntnummer {args.client_number}. Zoek met 'koers resident search'.")
    file = open_resident_file(database, actor, rid, reason=args.reason)
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


def cmd_backup(args) -> int:
    from desktop.core.maintenance.backup import make_backup

    target = make_backup(_open(args, create=False), args.to)
    _emit(args, {"backup": str(target)}, f"Reservekopie gemaakt: {target}")
    return 0


def cmd_restore(args) -> int:
    from pathlib import Path

    from db.engine import resolve_url, sqlite_path
    from desktop.core.errors import KoersError
    from desktop.core.maintenance.backup import DUMP_SUFFIX, restore_backup, restore_dump_advice

    url = resolve_url(args.db)
    target = sqlite_path(url)
    if target is None or Path(args.backup).suffix == DUMP_SUFFIX:
        raise KoersError(restore_dump_advice(Path(args.backup), None if target is not None else url))
    restored = restore_backup(Path(args.backup), target)
    _emit(args, {"restored": str(restored)}, f"Reservekopie teruggezet in {restored}. De vorige database staat "
          "ernaast als *.voor-terugzetten-*.sqlite.")
    return 0


def cmd_database_password(args) -> int:
    import getpass

    from sqlalchemy.engine import make_url

    from db.engine import resolve_url, sqlite_path
    from desktop.core.errors import KoersError
    from desktop.core.maintenance import db_password

    url = resolve_url(args.db)
    if sqlite_path(url) is not None or not db_password.is_postgresql(url):
        raise KoersError("Een wachtwoord bewaren gaat alleen voor een PostgreSQL-teamdatabase: geef het adres met "
                         "--db postgresql://gebruiker@server/database (of zet KOERS_DB).")
    where, key = db_password.shown(url), db_password.account(url)
    if args.verwijder:
        removed = db_password.forget_password(url)
        _emit(args, {"database": where, "account": key, "removed": removed},
              f"Wachtwoord voor {key} verwijderd uit de sleutelbos." if removed
              else f"Er stond geen wachtwoord voor {key} in de sleutelbos; er is niets veranderd.")
        return 0
    if not db_password.keyring_usable():
        raise KoersError(db_password.no_keyring_message())
    parsed = make_url(url)
    in_url = bool(parsed.password)
    if in_url:
        password = str(parsed.password)
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Wachtwoord van de teamdatabase {where}: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise KoersError("Er is geen wachtwoord gegeven; er is niets opgeslagen.")
    found = db_password.probe(parsed.set(password=password).render_as_string(hide_password=False))
    if found is db_password.Probe.WRONG_PASSWORD:
        raise KoersError(f"Het wachtwoord klopt niet voor {where}: de server weigert het. Er is niets opgeslagen.")
    if found is not db_password.Probe.OK:
        raise KoersError(f"Koers kan geen verbinding maken met {where} om het wachtwoord te controleren. Controleer "
                         "het adres en of de server draait; er is niets opgeslagen.")
    db_password.store_password(url, password)
    _emit(args, {"database": where, "account": key, "stored": True},
          f"Wachtwoord voor {key} gecontroleerd en bewaard in de sleutelbos."
          + (f" Haal het nu uit het adres (--db of KOERS_DB): {db_password.libpq_url(url)}" if in_url else ""))
    return 0


def cmd_user(args) -> int:
    from desktop.core.access import signin, users

    database = _open(args)
    if args.action == "add" and not signin.has_users(database):
        password = _new_password(args.username)
        actor = users.create_first_beheerder(database, args.username, args.name, password, phone=args.telefoon,
                                             email=args.email)
        _emit(args, {"username": actor.username, "role": "beheerder"},
              f"Eerste gebruiker {actor.username} aangemaakt als beheerder.")
        return 0
    actor = _actor(args, database)
    if args.action == "list":
        rows = users.list_all_users(database, actor)
        if args.json:
            print(json.dumps([{"username": u.username, "name": u.display_name, "role": u.role.value,
                               "active": u.active, "locked": u.locked, "phone": u.phone, "email": u.email,
                               "team": u.team}
                              for u in rows], ensure_ascii=False))
        else:
            for u in rows:
                state = "actief" if u.active else "uitgeschakeld"
                reach = " · ".join(x for x in (u.phone, u.email) if x)
                print(f"{u.username:<16} {u.display_name:<28} {u.role.value:<15} {state}"
                      + ("  (geblokkeerd)" if u.locked else "") + (f"  {u.team}" if u.team else "")
                      + (f"  {reach}" if reach else ""))
        return 0
    if args.action == "contact":
        if args.telefoon is None and args.email is None:
            from desktop.core.errors import ValidationError

            raise ValidationError("Geef --telefoon, --email of allebei. Een lege waarde ('') wist wat er stond.")
        row = users.set_contact(database, actor, args.username, phone=args.telefoon, email=args.email)
        _emit(args, {"username": row.username, "phone": row.phone, "email": row.email},
              f"Contactgegevens van {row.username}: telefoon {row.phone or '–'}, e-mail {row.email or '–'}.")
        return 0
    if args.action == "add":
        password = _new_password(args.username)
        row = users.add_user(database, actor, args.username, args.name, args.role, password, phone=args.telefoon,
                             email=args.email, team=args.team)
        _emit(args, {"username": row.username, "role": row.role.value, "phone": row.phone, "email": row.email},
              f"Gebruiker {row.username} toegevoegd als {row.role.value}.")
    elif args.action == "team":
        row = users.set_team(database, actor, args.username, args.team)
        _emit(args, {"username": row.username, "team": row.team},
              f"{row.username} zit nu in {row.team}." if row.team else f"{row.username} zit nu in geen team.")
    elif args.action == "passwd":
        password = _new_password(args.username)
        users.set_password(database, actor, args.username, password)
        _emit(args, {"username": args.username}, f"Wachtwoord van {args.username} gezet.")
    elif args.action in ("disable", "enable"):
        users.set_active(database, actor, args.username, args.action == "enable")
        _emit(args, {"username": args.username, "active": args.action == "enable"},
              f"Gebruiker {args.username} {'ingeschakeld' if args.action == 'enable' else 'uitgeschakeld'}.")
    else:
        users.unlock(database, actor, args.username)
        _emit(args, {"username": args.username}, f"Blokkade van {args.username} opgeheven.")
    return 0


def cmd_audit(args) -> int:
    from pathlib import Path

    from db.clock import AMSTERDAM
    from desktop.core.access import audit, audit_text

    database = _open(args, create=False)
    actor = _actor(args, database)
    f = audit.AuditFilter(username=args.filter_user, client_number=args.client, date_from=args.date_from,
                          date_to=args.date_to)
    if args.csv:
        count = audit.export_csv(database, actor, f, Path(args.csv))
        _emit(args, {"rows": count, "file": args.csv}, f"{count} regels geschreven naar {args.csv}")
        return 0
    rows = audit.list_entries(database, actor, f, limit=args.limit)
    names = audit_text.user_names(database, audit_text.user_ids(rows))  # one query for all lines
    if args.json:
        print(json.dumps([{"id": r.id, "at": r.at.isoformat(), "user": r.username, "role": r.role,
                           "action": r.action, "action_text": audit_text.action_text(r.action),
                           "client_number": r.client_number, "outcome": r.outcome, "changes": r.changes,
                           "changes_text": audit_text.change_lines(r.changes, names), "reason": r.reason}
                          for r in rows], ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r.at.astimezone(AMSTERDAM):%d-%m-%Y %H:%M} {r.username:<12} {audit_text.action_text(r.action):<32} "
                  f"{r.client_number or '':<9} {audit_text.outcome_text(r.outcome)}"
                  + (f"  reden: {r.reason}" if r.reason else ""))
            for line in audit_text.change_lines(r.changes, names):
                print(f"    {line}")
    return 0


def cmd_import_hours(args) -> int:
    from pathlib import Path

    from db.models.enums import Law
    from desktop.core.decisions import hours_import

    law = Law(args.wet) if args.wet else None
    database = _open(args, create=False)
    actor = _actor(args, database)
    if args.check:
        check = hours_import.check_file(database, actor, Path(args.file), law)
        if args.json:
            print(json.dumps({"ok": check.ok, "lines": len(check.lines),
                              "rejected": [{"line": n, "reason": r} for n, r in check.rejected]}, ensure_ascii=False))
        else:
            print(f"{len(check.lines)} regels in orde, {len(check.rejected)} afgekeurd.")
            for problem in check.problems():
                print(f"- {problem}", file=sys.stderr)
        return 0 if check.ok else 1
    check = hours_import.import_file(database, actor, Path(args.file), law)
    _emit(args, {"imported": len(check.lines)}, f"{len(check.lines)} regels ingelezen.")
    return 0


def _write_atomic(path, data: bytes) -> None:
    from desktop.core.files import write_atomic

    write_atomic(path, data)


def cmd_letters(args) -> int:
    from pathlib import Path

    from db import clock
    from desktop.core.errors import KoersError
    from desktop.core.letters import pipeline
    from desktop.core.nl import format_date

    database = _open(args, create=False)
    actor = _actor(args, database)
    letter_date = args.date or clock.today()
    if not args.queue:
        rows = pipeline.letter_queue(database, actor, letter_date=letter_date)
        if args.json:
            print(json.dumps([{"job": str(r.job), "kind": r.kind.value, "decision_id": r.decision_id,
                               "client_number": r.client_number, "name": r.resident_name, "about": r.about,
                               "toewijzing_nummer": r.toewijzing_nummer or None, "since": r.since,
                               "established_date": r.established_date, "ready": r.ready,
                               "problems": list(r.problems)} for r in rows], ensure_ascii=False, default=str))
        else:
            for r in rows:
                print(f"{r.kind.value:<14} {r.client_number} {r.resident_name:<28} {r.about:<40} "
                      + ("klaar" if r.ready else "te herstellen: " + " ".join(r.problems)))
            print(f"{len(rows)} in de wachtrij, {sum(r.ready for r in rows)} klaar om te maken.", file=sys.stderr)
        return 0
    if not args.out:
        raise KoersError("Geef met --out de map voor de PDF's, bijvoorbeeld --out ~/brieven.")
    out = Path(args.out).expanduser()
    if not out.is_dir():
        raise KoersError(f"De map {out} bestaat niet. Maak hem eerst aan of kies een andere map.")
    rows = pipeline.letter_queue(database, actor, letter_date=letter_date)
    if not rows:
        _emit(args, {"issued": [], "parked": [], "printer_pdf": None}, "Geen brieven in de wachtrij.")
        return 0

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{done:>6} van {total} brieven", end="", file=sys.stderr, flush=True)

    result = pipeline.issue_letters(database, actor, [r.job for r in rows], letter_date=letter_date,
                                   progress=progress)
    if not args.json and sys.stderr.isatty() and result.total:
        print(file=sys.stderr)
    printer = None
    for kenmerk, letter_id in zip(result.kenmerken, result.letter_ids, strict=True):
        _write_atomic(out / f"{kenmerk}.pdf", pipeline.open_letter(database, actor, letter_id))
    if result.letter_ids:
        printer = out / f"brieven-{letter_date.isoformat()}-batch-{result.batch_id}.pdf"
        _write_atomic(printer, result.printer_pdf)
    sent = 0
    if args.mark_sent and result.letter_ids:
        sent = pipeline.mark_sent(database, actor, result.letter_ids, letter_date)
    for p in result.parked:
        print(f"Geparkeerd: {p.about or p.job} ({p.client_number} {p.resident_name}):", file=sys.stderr)
        for problem in p.problems:
            print(f"  - {problem}", file=sys.stderr)
    text = (f"{len(result.letter_ids)} brieven gemaakt met datum {format_date(letter_date)}"
            + (f", {len(result.parked)} geparkeerd (zie hierboven wat te herstellen)" if result.parked else "")
            + (f". Printbestand: {printer}" if printer else ".")
            + (f" {sent} brieven gemarkeerd als verzonden." if sent else ""))
    _emit(args, {"batch_id": result.batch_id, "letter_date": letter_date.isoformat(),
                 "issued": [{"letter_id": i, "kenmerk": k, "file": str(out / f"{k}.pdf")}
                            for i, k in zip(result.letter_ids, result.kenmerken, strict=True)],
                 "printer_pdf": str(printer) if printer else None, "marked_sent": sent,
                 "parked": [{"job": str(p.job), "decision_id": p.decision_id, "about": p.about,
                             "client_number": p.client_number, "problems": list(p.problems)} for p in result.parked]},
          text)
    return 1 if result.parked and not result.letter_ids else 0


def cmd_feestdagen(args) -> int:
    from desktop.core.deadlines import holidays
    from desktop.core.nl import format_date

    database = _open(args, create=False)
    if args.action == "lijst":
        rows = holidays.list_equated(database)
        if args.json:
            print(json.dumps([{"day": r.day.isoformat(), "decree": r.decree, "shipped": r.shipped} for r in rows],
                             ensure_ascii=False))
        else:
            for r in rows:
                print(f"{format_date(r.day, weekday=True):<28} {'' if r.shipped else '(eigen) '}{r.decree}")
        return 0
    actor = _actor(args, database)
    if args.action == "toevoegen":
        added = holidays.add_equated(database, actor, args.dagen, args.besluit)
        _emit(args, {"added": [r.day.isoformat() for r in added]},
              f"{len(added)} {'dag' if len(added) == 1 else 'dagen'} gelijkgesteld met een feestdag.")
        return 0
    holidays.remove_equated(database, actor, args.dag)
    _emit(args, {"removed": args.dag.isoformat()}, f"{format_date(args.dag, weekday=True)} is weggehaald.")
    return 0


def _catalogus(args) -> int:
    from desktop.cli_catalogus import cmd_catalogus

    return cmd_catalogus(args)


def _casus(args) -> int:
    from desktop.cli_casus import cmd_casus

    return cmd_casus(args)


def _instellingen(args) -> int:
    from desktop.cli_instellingen import cmd_instellingen

    return cmd_instellingen(args)


def _beschikking(args) -> int:
    from desktop.cli_casus import cmd_beschikking

    return cmd_beschikking(args)


def _report(args) -> int:
    from desktop.cli_report import cmd_report

    return cmd_report(args)


def _iwmo(args) -> int:
    from desktop.cli_iwmo import cmd_iwmo

    return cmd_iwmo(args)


def _export_client(args) -> int:
    from desktop.cli_privacy import cmd_export_client

    return cmd_export_client(args)


def _import(args) -> int:
    from desktop.cli_privacy import cmd_import

    return cmd_import(args)


def _retention(args) -> int:
    from desktop.cli_retention import cmd_bewaartermijnen, cmd_vernietig

    return cmd_vernietig(args) if args.command == "vernietig" else cmd_bewaartermijnen(args)


HANDLERS = {"init": cmd_init, "demo": cmd_demo, "check": cmd_check, "resident": cmd_resident,
            "backup": cmd_backup, "restore": cmd_restore, "database-wachtwoord": cmd_database_password,
            "user": cmd_user, "audit": cmd_audit,
            "import-hours": cmd_import_hours, "letters": cmd_letters,
            "feestdagen": cmd_feestdagen, "catalogus": _catalogus, "casus": _casus, "beschikking": _beschikking,
            "instellingen": _instellingen, "report": _report, "iwmo": _iwmo,
            "export-client": _export_client, "import": _import, "bewaartermijnen": _retention,
            "vernietig": _retention}



if __name__ == "__main__":
    raise SystemExit(main())
