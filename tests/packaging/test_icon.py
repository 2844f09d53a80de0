"""Koers's icon: its files, the window icon, the Linux desktop entry and the Windows installer's facts."""

from __future__ import annotations

import configparser
import re
import tomllib
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def test_icon_files_come_from_the_svg_in_every_size() -> None:
    png = QImage(str(ICONS / "koers.png"))
    assert (png.width(), png.height()) == (256, 256)
    assert png.hasAlphaChannel()
    assert (ICONS / "koers.svg").read_text("utf-8").lstrip().startswith("<?xml")
    from PIL import Image

    with Image.open(ICONS / "koers.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_every_window_carries_the_icon(qapp: object) -> None:
    from desktop.app import create_application

    app = create_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32
    assert app.desktopFileName() == "koers"


class _DesktopEntry(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # keys are case-sensitive


def test_linux_desktop_entry() -> None:
    entry = _DesktopEntry(interpolation=None)
    entry.read(ROOT / "packaging" / "linux" / "koers.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Koers"
    assert section["Exec"] == "koers"
    assert section["Icon"] == "koers"
    assert section["Categories"].split(";")[0] == "Office"
    assert section["Comment"].startswith("Casusregie")


def test_the_installer_takes_its_version_from_pyproject() -> None:
    """One version: packaging/windows/build.ps1 passes pyproject's version to iscc; the script has no own number
    (only a fallback that says so)."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    iss = (ROOT / "packaging" / "windows" / "koers.iss").read_text("utf-8")
    assert version not in iss
    assert re.search(r"^AppVersion=\{#AppVersion\}$", iss, re.MULTILINE)
    assert re.search(r"^PrivilegesRequired=admin$", iss, re.MULTILINE)
    build = (ROOT / "packaging" / "windows" / "build.ps1").read_text("utf-8")
    assert "pyproject.toml" in build and "/DAppVersion=" in build
