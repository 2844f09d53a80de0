"""`koers instellingen brieven`: what every letter needs (letterhead, signer, objection address, court), as in
Beheer > Brieven, so a municipality can start from an empty database on the shell too."""

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


def cmd_instellingen(args: argparse.Namespace) -> int:
    from desktop.core.letters import letterhead

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    saved = letterhead.save_letter_settings(
        database, actor, municipality=args.gemeente, address_lines=args.adres, contact_lines=args.contact,
        signer_name=args.ondertekenaar, signer_title=args.functie, objection_address=args.bezwaaradres,
        court_name=args.rechtbank, objection_url=args.bezwaar_digitaal)
    missing = saved.missing()
    emit(args, {"missing": missing}, "Instellingen voor de brieven bewaard." + (
        " Nog nodig: " + "; ".join(missing) if missing else ""))
    return 0
