"""The packaged Koers (packaging/koers.spec, `make package`) runs where there is no Python: a smoke test.

The build takes a minute or two, so it is made once per set of inputs and kept in .package-cache/<hash>/ (the
hash covers the spec, Koers's code, migrations and resources, pyproject.toml and the installed packages' versions);
CI's second pass of the suite, and any run after it on unchanged sources, reuses it. A build for other inputs
replaces the folder's older builds. PyInstaller is installed into the venv from the `package` extra when it is
missing; the tests are skipped only when that cannot be done (no network, no wheel for this platform).

The program then runs with an empty environment (no PATH to any Python, no PYTHONPATH/PYTHONHOME/VIRTUAL_ENV,
HOME and the XDG folders in a temporary folder) from an empty working folder: --version, init, demo, issuing the
letters in the queue as a medewerker (PDFs out), and the main window opened offscreen and signed in to, with the
start-up probe Koers already has for `make bench` ($KOERS_STARTUP_PROBE, desktop/app.py: it prints each
moment and quits).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".package-cache"
SPEC = ROOT / "packaging" / "koers.spec"
INPUTS = ("packaging/koers.spec", "packaging/koers_main.py", "pyproject.toml")
INPUT_FOLDERS = ("desktop", "db", "resources")
EXE = "koers.exe" if sys.platform == "win32" else "koers"
CLI = "koers-cli.exe" if sys.platform == "win32" else "koers"
# Demo data depends on the date; on this one a 50-resident demo has letters waiting (tests/conftest.py's default).
CLOCK = "2026-11-23"
DEMO_USER = "alammers"  # the demo medewerker Anouk Lammers (resources/demo/team.json)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="de rooktest van de build draait op "
                                 "Linux; op Windows test packaging/windows/build.ps1 de gebouwde koers-cli.exe")]


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    files = [ROOT / name for name in INPUTS]
    for folder in INPUT_FOLDERS:
        files += [path for path in (ROOT / folder).rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"]
    for path in sorted(files):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    installed = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions())
    digest.update("\n".join([sys.version, sys.platform, *installed]).encode())
    return digest.hexdigest()[:16]


def _pyinstaller_ready() -> str | None:
    """None when PyInstaller can be used from this Python, else why not."""
    if importlib.util.find_spec("PyInstaller") is not None:
        return None
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             *extras["package"]], capture_output=True, text=True, timeout=600, check=False)
    importlib.invalidate_caches()
    if result.returncode != 0 or importlib.util.find_spec("PyInstaller") is None:
        return f"PyInstaller kon niet worden geïnstalleerd ({' '.join(extras['package'])}): " + (
            result.stderr.strip().splitlines() or ["onbekende fout"])[-1]
    return None


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second pytest at the same time waits for the first one's build
        yield


@pytest.fixture(scope="module")
def build() -> dict[str, Any]:
    """The built folder and how it was made: {'folder', 'seconds', 'cached'}."""
    with _locked():
        why_not = _pyinstaller_ready()
        if why_not:
            pytest.skip(why_not)
        # After installing PyInstaller (the key covers the installed packages): the build and its reuse share it.
        target = CACHE / _inputs_hash()
        record = target / "build.json"
        if record.exists():
            return {**json.loads(record.read_text()), "folder": target / "dist" / "koers", "cached": True}
        for old in CACHE.iterdir():
            if old.is_dir():
                shutil.rmtree(old)  # an older build (other sources), or one that was interrupted
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
             str(target / "dist"), "--workpath", str(target / "work"), str(SPEC)],
            cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
        assert result.returncode == 0, f"PyInstaller faalde:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        shutil.rmtree(target / "work")  # PyInstaller's intermediate files: some 50 MB, not needed again
        seconds = round(time.perf_counter() - started, 1)
        record.write_text(json.dumps({"seconds": seconds}))
        return {"seconds": seconds, "folder": target / "dist" / "koers", "cached": False}


def _size(folder: Path) -> tuple[float, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files) / 1_000_000, len(files)


def test_the_folder_holds_what_koers_needs_and_no_python(build: dict[str, Any],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = build["folder"]
    internal = folder / "_internal"
    megabytes, count = _size(folder)
    with capsys.disabled():
        how = "uit de cache" if build["cached"] else "nu gebouwd"
        print(f"\n[package] {folder}: {megabytes:.0f} MB, {count} bestanden; build {build['seconds']} s ({how})")
    assert (folder / EXE).is_file() and os.access(folder / EXE, os.X_OK)
    for needed in ("resources/fonts/DejaVuSans.ttf", "resources/letters/toekenning.json",
                   "resources/reference/iwmo-3.2.json", "resources/icons/koers.png", "resources/demo/team.json",
                   "db/migrations/env.py", "db/migrations/versions/0001_initial_schema.py",
                   "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqxcb.so",
                   "PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Charts.so.6",
                   "PySide6/Qt/translations/qtbase_nl.qm"):
        assert (internal / needed).is_file(), needed
    assert not list(internal.glob("PySide6/Qt/plugins/platformthemes/libqgtk3*")), "GTK-thema hoort er niet in"
    assert not [path for path in folder.rglob("python*") if path.is_file() and os.access(path, os.X_OK)]
    assert megabytes < 400, f"{megabytes:.0f} MB: er is iets groots bijgekomen"


@pytest.fixture(scope="module")
def koers(build: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Runs the built program as a user's machine would, with none of this checkout or its Python in reach."""
    program = build["folder"] / CLI
    place = tmp_path_factory.mktemp("packaged")
    home, cwd = place / "home", place / "cwd"
    home.mkdir()
    cwd.mkdir()
    env = {"PATH": "/nonexistent", "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_STATE_HOME": str(home / ".local/state"), "XDG_RUNTIME_DIR": str(home / "run"),
           "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "KOERS_TEST_CLOCK": CLOCK}
    (home / "run").mkdir(mode=0o700)
    assert shutil.which("python3", path=env["PATH"]) is None

    return Run(program, cwd, env, place)


class Run:
    """koers(*arguments, **more_environment): the built program's answer."""

    def __init__(self, program: Path, cwd: Path, env: dict[str, str], place: Path):
        self.program, self.cwd, self.env, self.place = program, cwd, env, place

    def __call__(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.program), *args], cwd=self.cwd, env={**self.env, **extra},
                              capture_output=True, text=True, timeout=180, check=False)


def test_the_packaged_program_runs_without_python(koers: Run) -> None:
    place = koers.place
    database = str(place / "koers.sqlite")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]

    answer = koers("--version")
    assert (answer.returncode, answer.stdout.strip()) == (0, f"Koers {version}"), answer.stderr

    made = koers("init", "--db", database)
    assert made.returncode == 0, made.stderr
    assert "Database klaar" in made.stdout

    demo = koers("demo", "--clients", "50", "--db", database)
    assert demo.returncode == 0, demo.stderr
    assert "50 inwoners" in demo.stdout

    out = place / "brieven"
    out.mkdir()
    letters = koers("letters", "--queue", "--out", str(out), "--db", database, "--as", DEMO_USER,
                    KOERS_PASSWORD="koers-demo-2026")
    assert letters.returncode == 0, letters.stderr
    pdfs = sorted(out.glob("*.pdf"))
    printed = [pdf for pdf in pdfs if pdf.name.startswith("brieven-")]
    assert len(printed) == 1 and len(pdfs) >= 2, letters.stdout  # the letters and one file for the printer
    for pdf in pdfs:
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000

    window = koers("gui", "--db", database, KOERS_STARTUP_PROBE="1", KOERS_STARTUP_PROBE_USER=DEMO_USER,
                   KOERS_STARTUP_PROBE_PASSWORD="koers-demo-2026")
    assert window.returncode == 0, window.stderr
    moments = [line.split()[0] for line in window.stdout.splitlines() if line.startswith("KOERS_")]
    assert moments == ["KOERS_SHOWN", "KOERS_SIGNIN", "KOERS_SIGNED_IN"], window.stdout + window.stderr
    assert not list(place.glob("cwd/*")), "het programma schreef in de werkmap"
