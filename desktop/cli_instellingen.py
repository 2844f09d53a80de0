"""`koers instellingen brieven`: what every letter needs (letterhead, signer, objection address, court), as in
Beheer > Brieven, so a municipality can start from an empty database on the shell too. `koers instellingen iwmo`:
the gemeentecode every iWmo message is sent from."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli_support import actor_for, emit, open_db


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    ins = sub.add_parser("instellingen", parents=[common], help="instellingen van de gemeente (beheerder)")
    isub = ins.add_subparsers(dest="action", metavar="ACTIE", required=True)
    letters = isub.add_parser("brieven", parents=[common], help="briefhoofd, ondertekening, bezwaar en rechtbank")
    letters.add_argument("--gemeente", help="naam van de gemeente, bijvoorbeeld Gemeente Koersveen")
    letters.add_argument("--adres", action="append", help="retouradres, één regel per --adres")
    letters.add_argument("--contact", action="append", help="contactregel, één regel per --contact")
    letters.add_argument("--ondertekenaar", help="naam van wie ondertekent")
    letters.add_argument("--functie", help="functie van wie ondertekent")
    letters.add_argument("--bezwaaradres", help="waar een bezwaar heen gaat, op één regel")
    letters.add_argument("--rechtbank", help="bijvoorbeeld rechtbank Gelderland")
    letters.add_argument("--bezwaar-digitaal", dest="bezwaar_digitaal",
                         help="webadres voor digitaal bezwaar (leeg: bezwaar alleen per post)")
    iwmo = isub.add_parser("iwmo", parents=[common], help="gemeentecode: de afzender van de iWmo-berichten")
    iwmo.add_argument("--gemeentecode", help="de CBS-code van de gemeente, vier cijfers, bijvoorbeeld 0384 "
                                             "(zonder: toont de huidige)")


def cmd_instellingen(args: argparse.Namespace) -> int:
    from desktop.core.letters import letterhead

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    if args.action == "iwmo":
        return _iwmo(args, database, actor)
    saved = letterhead.save_letter_settings(
        database, actor, municipality=args.gemeente, address_lines=args.adres, contact_lines=args.contact,
        signer_name=args.ondertekenaar, signer_title=args.functie, objection_address=args.bezwaaradres,
        court_name=args.rechtbank, objection_url=args.bezwaar_digitaal)
    missing = saved.missing()
    emit(args, {"missing": missing}, "Instellingen voor de brieven bewaard." + (
        " Nog nodig: " + "; ".join(missing) if missing else ""))
    return 0


def _iwmo(args: argparse.Namespace, database: Any, actor: Any) -> int:
    from desktop.core import settings
    from desktop.core.access import audit
    from desktop.core.access.permissions import Action

    if args.gemeentecode is None:
        audit.require(database, actor, Action.SETTINGS_MANAGE)
        code = settings.gemeentecode(database)
        emit(args, {"gemeentecode": code}, f"Gemeentecode: {code}" if code else
             "Er is nog geen gemeentecode ingesteld. Zet die met --gemeentecode, bijvoorbeeld 0384.")
        return 0
    code = settings.set_gemeentecode(database, actor, args.gemeentecode)
    emit(args, {"gemeentecode": code}, f"Gemeentecode {code} bewaard: de afzender van elk iWmo-bericht.")
    return 0
