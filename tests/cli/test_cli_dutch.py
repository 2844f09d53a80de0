"""The command line is Dutch throughout, argparse's own words too: every subcommand's help, its errors and
`koers --version` (the version from pyproject.toml)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.version import name_and_version

ROOT = Path(__file__).resolve().parents[2]
# argparse's English, as words: 'argument' also catches 'arguments' and 'ArgumentError'
ENGLISH = re.compile(r"usage|options|show this help|show program|error:|required|unrecognized|invalid choice|"
                     r"argument|expected|ambiguous|not allowed|invalid \w+ value|default:", re.IGNORECASE)


def _english(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in ENGLISH.finditer(text)})


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser and every subcommand's parser below it, depth first."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # an alias maps to the same parser
                found += _parsers(child)
    return found


def test_every_subcommands_help_is_dutch():
    parsers = _parsers(cli.build_parser())
    assert len(parsers) > 60  # the walk really went down: koers, its commands and their actions
    english = {p.prog: words for p in parsers if (words := _english(p.format_help()))}
    assert english == {}
    for p in parsers:
        text = p.format_help()
        assert text.startswith(f"gebruik: {p.prog}") and "opties:" in text and "toon deze hulp en stop" in text


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.mark.parametrize(("argv", "dutch"), [
    (["user", "add", "anna"], "koers user add: fout: dit ontbreekt nog: --name"),
    (["--onbekend"], "koers: fout: niet herkend: --onbekend"),
    (["check", "--db"], "koers check: fout: --db: hier hoort één waarde bij"),
    (["user", "add", "anna", "--name", "Anna", "--role", "baas"],
     "koers user add: fout: --role: ongeldige keuze: 'baas' (kies uit 'consulent', 'casusregisseur', "),
    (["demo", "--seed", "twaalf"], "koers demo: fout: --seed: ongeldige waarde: 'twaalf'"),
    (["demo", "--clients", "nul"], "koers demo: fout: --clients: 'nul' is geen heel getal"),
    (["opruimen"], "koers: fout: OPDRACHT: ongeldige keuze: 'opruimen' (kies uit 'gui', 'init', "),
    (["user"], "koers user: fout: dit ontbreekt nog: ACTIE"),
    (["resident", "search", "a", "b"], "koers: fout: niet herkend: b"),
    (["backup", "--t", "x"], None),  # an abbreviation of --to is accepted: no error
])
def test_usage_errors_are_dutch(capsys, argv, dutch, monkeypatch):
    if dutch is None:
        monkeypatch.setitem(cli.HANDLERS, "backup", lambda args: 0 if args.to == "x" else 1)
        assert cli.main(argv) == 0
        return
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert dutch in err and err.startswith("gebruik: koers"), err
    assert _english(err) == [], err


def test_an_ambiguous_option_is_dutch(capsys):
    parser = argparse.ArgumentParser(prog="koers proef")  # koers itself has no two options that start alike
    cli.build_parser()  # installs the Dutch words
    parser.add_argument("--van")
    parser.add_argument("--vanaf")
    with pytest.raises(SystemExit):
        parser.parse_args(["--va", "1"])
    err = capsys.readouterr().err
    assert "koers proef: fout: --va is niet eenduidig: bedoelt u --van, --vanaf?" in err and _english(err) == []


def test_help_and_version_through_the_installed_program():
    """`koers --help`, a subcommand's help and `koers --version` as a user runs them (a fresh interpreter)."""
    koers = [sys.executable, "-m", "desktop"]
    version = subprocess.run([*koers, "--version"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (version.returncode, version.stdout, version.stderr) == (0, f"{name_and_version()}\n", "")
    for argv in (["--help"], ["letters", "--help"], ["user", "add", "--help"]):
        shown = subprocess.run([*koers, *argv], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert shown.returncode == 0 and shown.stdout.startswith("gebruik: koers"), shown.stderr
        assert _english(shown.stdout) == [], argv
    top = subprocess.run([*koers, "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    assert "--version            toon de versie en stop" in top and "parameters:" in top


def test_placeholders_in_help_are_dutch_too():
    """The options keep their names; what argparse shows as the value to type is Dutch (--surname ACHTERNAAM)."""
    import argparse

    from desktop.cli import build_parser
    from desktop.cli_dutch import PLACEHOLDERS

    english = set(PLACEHOLDERS)
    found = []

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])
            elif action.nargs != 0 and not action.choices and action.dest in english and action.metavar is None:
                found.append((" ".join(path), action.dest))

    walk(build_parser(), [])
    assert found == []
    usage = build_parser()._subparsers._group_actions[0].choices["resident"]  # noqa: SLF001
    text = " ".join(usage._subparsers._group_actions[0].choices["add"].format_usage().split())  # noqa: SLF001
    assert "--surname ACHTERNAAM" in text and "SURNAME" not in text
