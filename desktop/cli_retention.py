"""`koers bewaartermijnen`: the retention periods (set them with --wmo-toegekend, --wmo-niet-toegekend,
--jeugdwet) and the files past them; `koers vernietig CLIËNTNUMMER... --bevestig N`: destroys those files, or with
--anonimiseer keeps their figures without a name. The count must be confirmed; nothing can be undone."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli_support import actor_for, emit, open_db


def _years(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen heel aantal jaren") from None


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    terms = sub.add_parser("bewaartermijnen", parents=[common],
                           help="bewaartermijnen instellen en de dossiers tonen die erover zijn (beheerder)")
    terms.add_argument("--wmo-toegekend", dest="wmo_granted", type=_years, metavar="JAREN",
                       help="Wmo met een toekenning: jaren na het einde van de laatste beschikking (standaard 15)")
    terms.add_argument("--wmo-niet-toegekend", dest="wmo_not_granted", type=_years, metavar="JAREN",
                       help="Wmo zonder toekenning: jaren na het afsluiten van de casus (standaard 5)")
    terms.add_argument("--jeugdwet", dest="jeugdwet", type=_years, metavar="JAREN",
                       help="Jeugdwet: jaren na het einde van de laatste beschikking of het afsluiten (standaard 20)")
    destroy = sub.add_parser("vernietig", parents=[common],
                             help="dossiers over hun bewaartermijn vernietigen of anonimiseren (beheerder)")
    destroy.add_argument("cliëntnummers", nargs="+", metavar="CLIËNTNUMMER", help="cliëntnummer, bijvoorbeeld K0000012")
    destroy.add_argument("--bevestig", dest="confirm", type=int, required=True, metavar="AANTAL",
                         help="het aantal dossiers, ter bevestiging: dit kan niet ongedaan worden gemaakt")
    destroy.add_argument("--anonimiseer", action="store_true",
                         help="anonimiseren: beschikkingen en uren blijven zonder naam voor de rapportages")


def cmd_bewaartermijnen(args: argparse.Namespace) -> int:
    from desktop.core.nl import format_date
    from desktop.core.privacy import retention

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    changed = None
    if (args.wmo_granted, args.wmo_not_granted, args.jeugdwet) != (None, None, None):
        changed = retention.set_retention_periods(database, actor, wmo_granted=args.wmo_granted,
                                                  wmo_not_granted=args.wmo_not_granted, jeugdwet=args.jeugdwet)
    periods = retention.retention_periods(database)
    files = retention.expired_files(database, actor)
    lines = [f"Bewaartermijnen: Wmo toegekend {periods.wmo_granted} jaar, Wmo niets toegekend "
             f"{periods.wmo_not_granted} jaar, Jeugdwet {periods.jeugdwet} jaar."
             + (f" ({changed} gewijzigd)" if changed is not None else "")]
    lines += [f"{f.client_number}  {f.name}  {f.laws}  bewaren tot {format_date(f.expires_on)}  ({f.reason})"
              for f in files]
    lines.append(f"{len(files)} {'dossier' if len(files) == 1 else 'dossiers'} over de bewaartermijn." if files
                 else "Geen dossiers over de bewaartermijn.")
    emit(args, {"periods": vars(periods), "changed": changed,
                "expired": [{"client_number": f.client_number, "name": f.name, "laws": f.laws, "reason": f.reason,
                             "expires_on": f.expires_on.isoformat()} for f in files]}, "\n".join(lines))
    return 0


def cmd_vernietig(args: argparse.Namespace) -> int:
    from desktop.core.privacy import retention

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    ids = retention.resident_ids(database, actor, args.cliëntnummers)
    work = retention.anonymise if args.anonimiseer else retention.destroy
    result = work(database, actor, ids, confirm_count=args.confirm)
    noun = "dossier" if result.count == 1 else "dossiers"
    done = "geanonimiseerd" if args.anonimiseer else "vernietigd"
    emit(args, {"count": result.count, "client_numbers": list(result.client_numbers), "action": done},
         f"{result.count} {noun} {done}: {', '.join(result.client_numbers)}. Het toegangslog noemt alleen de "
         "cliëntnummers.")
    return 0
