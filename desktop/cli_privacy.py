"""`koers export-client` and `koers import`: a resident's whole file out (an access request, or a move to another
system) and case files in, in the koers-dossier format (docs/dossier-format.md).

`export-client CLIËNTNUMMER --map MAP --reden TEKST` writes the access export: JSON, a readable PDF, the archived
letters and the case documents. `export-client CLIËNTNUMMER... --gegevens BESTAND --reden TEKST` writes only the data
part, for `koers import` elsewhere. The reason (the kenmerk or description of the request) goes into the access log.
`import BESTAND [--controleer]` checks the whole file and stores all of it or nothing; exit 1 with the list of
problems when it is refused.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.cli_support import actor_for, open_db


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    exp = sub.add_parser("export-client", parents=[common],
                         help="inzageverzoek: het hele dossier van een inwoner als PDF en JSON (AVG)")
    exp.add_argument("client_numbers", metavar="CLIËNTNUMMER", nargs="+", help="cliëntnummer, bijvoorbeeld K0000012")
    where = exp.add_mutually_exclusive_group()
    where.add_argument("--map", metavar="MAP", default="",
                       help="map voor de inzage: JSON, PDF en de verzonden brieven (standaard: de huidige map)")
    where.add_argument("--gegevens", metavar="BESTAND",
                       help="schrijf alleen de gegevens (zonder toegangslog) naar dit JSON-bestand, om de dossiers "
                            "in een ander systeem in te lezen; meerdere cliëntnummers mogen")
    exp.add_argument("--reden", metavar="TEKST", required=True,
                     help="reden of kenmerk van het verzoek (minstens 5 tekens); komt in het toegangslog")
    imp = sub.add_parser("import", parents=[common],
                         help="dossiers uit een ander systeem inlezen (koers-dossier, JSON; beheerder)")
    imp.add_argument("file", metavar="BESTAND", help="het dossierbestand (.json)")
    imp.add_argument("--controleer", action="store_true", help="alleen controleren, niets opslaan")


def cmd_export_client(args: argparse.Namespace) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.files import write_atomic
    from desktop.core.privacy import access_export

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    if args.gegevens:
        target = Path(args.gegevens)
        if target.suffix.lower() != ".json":
            raise ValidationError(f"--gegevens schrijft een .json-bestand; {target} eindigt niet op .json.")
        doc = access_export.move_export(database, actor, args.client_numbers, args.reden)
        write_atomic(target, access_export.dumps(doc))
        _say(args, {"file": str(target), "residents": len(doc["inwoners"])},
             f"{len(doc['inwoners'])} dossier{'s' if len(doc['inwoners']) != 1 else ''} geschreven naar {target}.")
        return 0
    if len(args.client_numbers) != 1:
        raise ValidationError("Een inzageverzoek gaat over één inwoner: noem één cliëntnummer (of gebruik "
                              "--gegevens BESTAND voor meer dossiers tegelijk).")
    files = access_export.write_access_files(database, actor, args.client_numbers[0], Path(args.map or "."),
                                             reason=args.reden)
    letters, documents = files.letter_paths, files.document_paths
    _say(args, {"json": str(files.json_path), "pdf": str(files.pdf_path), "letters": [str(p) for p in letters],
                "documents": [str(p) for p in documents]},
         f"Inzage geschreven: {files.pdf_path} (leesbaar), {files.json_path} (gegevens), "
         f"{_count(len(letters), 'verzonden brief', 'verzonden brieven')}"
         + (f" in {letters[0].parent}" if letters else "")
         + f" en {_count(len(documents), 'document', 'documenten')}"
         + (f" in {documents[0].parent}." if documents else "."))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.core.privacy import case_import

    database = open_db(args, create=False)
    actor = actor_for(args, database)
    doc = case_import.read_file(Path(args.file))
    if args.controleer:
        problems = case_import.check(database, actor, doc)
        if problems:
            from desktop.core.errors import ValidationError

            raise ValidationError("Het bestand kan zo niet worden ingelezen. Herstel eerst:", problems=problems)
        count = len(doc["inwoners"])
        _say(args, {"stored": False, "residents": count},
             f"Het bestand is in orde: {count} inwoner{'s' if count != 1 else ''} kan worden ingelezen "
             "(--controleer: niets opgeslagen).")
        return 0
    summary = case_import.import_case_files(database, actor, doc)
    text = (f"{_count(summary.residents, 'inwoner', 'inwoners')} ingelezen, met "
            f"{_count(summary.decisions, 'beschikking', 'beschikkingen')}, "
            f"{_count(summary.hour_lines, 'urenregel', 'urenregels')} en {_count(summary.letters, 'brief', 'brieven')}.")
    for old, new in summary.renumbered.items():
        text += (f"\n- cliëntnummer {old} kon niet blijven (al in gebruik, of niet in de vorm K0000012); deze "
                 f"inwoner kreeg {new}.")
    _say(args, {"stored": True, "residents": summary.residents, "client_numbers": summary.client_numbers,
                "renumbered": summary.renumbered}, text)
    return 0


def _count(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def _say(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    print(json.dumps(payload, ensure_ascii=False) if args.json else text)
