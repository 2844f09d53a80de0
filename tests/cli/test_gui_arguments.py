"""`koers` and `koers gui` open the window without building the parsers of every other subcommand (that imports
their modules before the first paint); anything else still goes through the full parser."""

from __future__ import annotations

import pytest

from desktop import cli


@pytest.mark.parametrize(("argv", "db"), [
    ([], None), (["gui"], None), (["gui", "--db", "x.sqlite"], "x.sqlite"), (["--db", "x.sqlite"], "x.sqlite"),
    (["--db=x.sqlite", "gui", "--json"], "x.sqlite"), (["--db", "gui"], "gui")])
def test_the_window_opens_on_the_common_options_alone(argv, db, monkeypatch):
    opened: list[str | None] = []
    monkeypatch.setattr("desktop.app.run", lambda db: opened.append(db) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the full parser was built"))
    assert cli.main(argv) == 0
    assert opened == [db]


@pytest.mark.parametrize("argv", [["gui", "--help"], ["--db"], ["init"], ["gui", "extra"], ["user", "list"]])
def test_anything_else_is_for_the_full_parser(argv):
    assert cli._gui_arguments(argv) is None


def test_help_for_gui_still_comes_from_the_full_parser(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["gui", "--help"])
    assert done.value.code == 0 and "gebruik: koers gui" in capsys.readouterr().out
