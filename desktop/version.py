"""Koers's version, from one place: `version` in pyproject.toml.

The installed package's metadata carries it (`pip install -e .` writes koers-<version>.dist-info), so the About
dialog, `koers --version` and the producer of every PDF read it from there. A frozen build (PyInstaller) has
that metadata only when its spec collects it (`copy_metadata("koers")`); without it, a source checkout's
pyproject.toml beside the code is read instead, and as a last resort the version is 'onbekend' rather than a
crash at the moment a letter is made.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

DISTRIBUTION = "koers"  # [project] name in pyproject.toml
UNKNOWN = "onbekend"


def _from_pyproject(path: Path) -> str | None:
    try:
        import tomllib

        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, ValueError):
        return None
    found = project.get("version")
    return str(found) if project.get("name") == DISTRIBUTION and found else None


def _pyproject_candidates() -> list[Path]:
    here = Path(__file__).resolve().parent.parent  # the checkout: desktop/ sits beside pyproject.toml
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle that carries pyproject.toml as data
    return [Path(bundle) / "pyproject.toml", here / "pyproject.toml"] if bundle else [here / "pyproject.toml"]


@lru_cache(maxsize=1)
def version() -> str:
    """'0.1.0': the installed distribution's version; see the module's docstring for a frozen build."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    for candidate in _pyproject_candidates():
        found = _from_pyproject(candidate)
        if found:
            return found
    return UNKNOWN


def name_and_version() -> str:
    """'Koers 0.1.0': what `koers --version` prints, the About dialog's heading and every PDF's producer."""
    return f"Koers {version()}"
