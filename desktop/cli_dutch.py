"""argparse's own words in Dutch: 'gebruik:', 'opties', 'toon deze hulp en stop', 'fout:' and its error messages.

argparse looks every one of its texts up through the module-level names `_` and `ngettext`, which it imports
from gettext (`from gettext import gettext as _, ngettext`) and calls while a parser is built and while it
parses. `install()` points those two names at the table below, for argparse alone. Why not gettext itself:
gettext's global domain ('messages') is shared with every other library in the process, Python ships no
Dutch catalogue for argparse, and a .mo file would be a binary to build and bundle for some thirty strings.
Why not a subclass: the help line of -h is made in ArgumentParser.__init__, and ArgumentError formats its
message itself, so a subclass would still leave English behind.

The keys are Python 3.11's strings exactly (Lib/argparse.py); a string argparse adds in a later version stays
English until it is added here, and tests/cli/test_cli_dutch.py walks every subcommand's help and errors to
catch that. Only what a user can see: argparse's messages about a programming mistake stay as they are.
"""

from __future__ import annotations

import argparse

DUTCH: dict[str, str] = {
    # help
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "parameters",
    "subcommands": "opdrachten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    # errors
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "one of the arguments %s is required": "geef één van %s",
    "unrecognized arguments: %s": "niet herkend: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "not allowed with argument %s": "niet samen met %s",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s is niet eenduidig: bedoelt u %(matches)s?",
    "ignored explicit argument %r": "hier hoort geen waarde bij: %r",
    "unexpected option string: %s": "onverwachte optie: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "onbekende opdracht %(parser_name)r (kies uit %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"): ("hier hoort %s waarde bij", "hier horen %s waarden bij"),
}


def gettext(message: str) -> str:
    return DUTCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Idempotent; call before a parser is built (the -h line is translated when the parser is made)."""
    argparse._ = gettext  # type: ignore[attr-defined]  # argparse's own gettext alias
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


# The placeholders argparse makes from an option's English code name (--surname SURNAME): the options keep the
# names the command line has always had, the placeholders in help and usage say in Dutch what to type.
PLACEHOLDERS = {
    "born": "GEBOORTEDATUM", "city": "WOONPLAATS", "client": "CLIËNTNUMMER", "client_number": "CLIËNTNUMMER",
    "clients": "AANTAL", "date": "DATUM", "date_from": "DATUM", "date_to": "DATUM", "email": "E-MAILADRES",
    "file": "BESTAND", "filter_user": "GEBRUIKERSNAAM", "house_number": "HUISNUMMER", "initials": "VOORLETTERS",
    "limit": "AANTAL", "name": "NAAM", "phone": "TELEFOON", "prefix": "TUSSENVOEGSEL", "query": "ZOEKTERM",
    "reason": "REDEN", "role": "ROL", "salutation": "AANHEF", "seed": "GETAL", "street": "STRAAT",
    "suffix": "TOEVOEGING", "surname": "ACHTERNAAM", "username": "GEBRUIKERSNAAM",
}


def name_placeholders(parser: argparse.ArgumentParser) -> None:
    """Gives every option and argument of `parser` and its subcommands that has no placeholder of its own the
    Dutch one from PLACEHOLDERS (run once the whole parser is built)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                name_placeholders(sub)
        elif action.metavar is None and action.dest in PLACEHOLDERS and action.nargs != 0 and not action.choices:
            action.metavar = PLACEHOLDERS[action.dest]
