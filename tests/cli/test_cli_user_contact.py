"""koers user add --telefoon --email and koers user contact: the phone and e-mail address every letter names
under 'Heeft u vragen?' (issue 20 point 9), checked by the core with every problem at once."""

from __future__ import annotations

import json

from desktop.cli import main


def test_koers_user_add_and_contact_on_the_command_line(empty_db, capsys, monkeypatch):
    assert main(["user", "add", "kees", "--name", "Kees Tweede", "--telefoon", "06 87654321", "--email",
                 "kees@koersveen.nl", "--db", empty_db, "--as", "beheer", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"username": "kees", "role": "consulent", "phone": "06 87654321",
                                                   "email": "kees@koersveen.nl"}
    assert main(["user", "add", "joop", "--name", "Joop", "--telefoon", "123", "--email", "joop", "--db", empty_db,
                 "--as", "beheer"]) == 1
    err = capsys.readouterr().err
    assert "De gebruiker is niet toegevoegd" in err and "telefoonnummer" in err and "e-mailadres" in err
    assert main(["user", "contact", "kees", "--email", "", "--db", empty_db, "--as", "beheer", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"username": "kees", "phone": "06 87654321", "email": None}
    assert main(["user", "contact", "kees", "--db", empty_db, "--as", "beheer"]) == 1
    assert "--telefoon" in capsys.readouterr().err
    assert main(["user", "list", "--db", empty_db, "--as", "beheer"]) == 0
    assert "06 87654321" in capsys.readouterr().out


def test_koers_user_team_on_the_command_line(empty_db, capsys):
    """A team as added with the user and changed later; a name too long is refused in Dutch, nothing changes."""
    assert main(["user", "add", "kees", "--name", "Kees Tweede", "--team", "Wijkteam Noord", "--db", empty_db,
                 "--as", "beheer"]) == 0
    capsys.readouterr()
    assert main(["user", "team", "kees", "Wijkteam  Zuid", "--db", empty_db, "--as", "beheer", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"username": "kees", "team": "Wijkteam Zuid"}
    assert main(["user", "team", "kees", "x" * 61, "--db", empty_db, "--as", "beheer"]) == 1
    assert "hoogstens 60 tekens" in capsys.readouterr().err
    assert main(["user", "list", "--db", empty_db, "--as", "beheer", "--json"]) == 0
    assert {u["username"]: u["team"] for u in json.loads(capsys.readouterr().out)}["kees"] == "Wijkteam Zuid"
    assert main(["user", "team", "kees", "", "--db", empty_db, "--as", "beheer"]) == 0
    assert capsys.readouterr().out.strip() == "kees zit nu in geen team."
