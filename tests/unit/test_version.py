"""One version number, in one place (pyproject.toml): `koers --version`, the About dialog and every PDF's producer
read it through desktop.version."""

from __future__ import annotations

import io
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import version as version_module
from desktop.version import name_and_version, version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_version_is_pyprojects():
    assert version() == PYPROJECT["version"] == metadata.version(PYPROJECT["name"])
    assert name_and_version() == f"Koers {PYPROJECT['version']}"
    assert version_module.DISTRIBUTION == PYPROJECT["name"]


def test_a_frozen_build_without_metadata_still_knows_its_version(monkeypatch, tmp_path):
    """PyInstaller collects dist-info only when the spec asks (copy_metadata); without it: pyproject.toml in the
    bundle or the checkout, and else 'onbekend', never a crash while a letter is made."""
    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    version.cache_clear()
    try:
        assert version() == PYPROJECT["version"]  # the checkout's pyproject.toml
        version.cache_clear()
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "koers"\nversion = "9.8.7"\n', encoding="utf-8")
        monkeypatch.setattr(version_module.sys, "_MEIPASS", str(tmp_path), raising=False)
        assert version() == "9.8.7"  # the bundle's copy first
        version.cache_clear()
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "iets-anders"\nversion = "1"\n', encoding="utf-8")
        monkeypatch.setattr(version_module, "Path", lambda *a: tmp_path / "nergens" / "x" / "y")
        assert version() == "onbekend"
    finally:
        version.cache_clear()


def _producer(pdf: bytes) -> tuple[str | None, str | None]:
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    return meta.producer, meta.creator


def test_the_letter_and_its_printer_batch_name_the_version():
    from desktop.letters.batch import PrinterPdf
    from desktop.letters.beschikking import render_letter
    from tests.unit.test_letter_layout import _toekenning

    pdf = render_letter(_toekenning())
    assert _producer(pdf) == (name_and_version(), name_and_version())
    assert f"<pdf:Producer>{name_and_version()}</pdf:Producer>".encode() in pdf  # the XMP mirrors the Info
    batch = PrinterPdf("Gemeente")
    batch.add(pdf)
    assert _producer(batch.getvalue()) == (name_and_version(), name_and_version())


@pytest.mark.parametrize("path", ["desktop/letters/beschikking.py", "desktop/letters/plan_summary.py",
                                  "desktop/letters/provider_sheet.py", "desktop/letters/batch.py",
                                  "desktop/core/privacy/access_pdf.py", "desktop/core/iwmo/answer.py"])
def test_every_pdf_takes_its_producer_from_the_one_place(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    assert "name_and_version()" in source
    assert 'producer="' not in source and 'creator="' not in source and '"/Creator": "' not in source


def test_no_other_module_sets_a_pdf_producer():
    setters = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("desktop/**/*.py")
                     if any(key in p.read_text(encoding="utf-8") for key in ("producer=", '"/Producer"', "/Producer %s")))
    assert setters == ["desktop/core/iwmo/answer.py", "desktop/core/privacy/access_pdf.py",
                       "desktop/letters/batch.py", "desktop/letters/beschikking.py", "desktop/letters/plan_summary.py",
                       "desktop/letters/provider_sheet.py"]
