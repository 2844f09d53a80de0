"""CLI fixtures: an initialised database without residents, with a beheerder and a consulent."""

from __future__ import annotations

import pytest

from desktop.cli import main
from tests.cli.accounts import PASSWORD


@pytest.fixture
def empty_db(tmp_path, capsys, monkeypatch):
    """A database without residents, with a beheerder ('beheer') and a consulent ('carla')."""
    path = str(tmp_path / "k.sqlite")
    monkeypatch.setenv("KOERS_PASSWORD", PASSWORD)
    monkeypatch.setenv("KOERS_NEW_PASSWORD", PASSWORD)
    assert main(["init", "--db", path]) == 0
    assert main(["user", "add", "beheer", "--name", "Bea Beheer", "--db", path]) == 0
    assert main(["user", "add", "carla", "--name", "Carla Consulent", "--role", "consulent", "--db", path,
                 "--as", "beheer"]) == 0
    capsys.readouterr()
    return path
