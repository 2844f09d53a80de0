"""The set-up check before Qt starts: from `ldd` output to the apt-get line README.md also gives."""

from __future__ import annotations

import re
from pathlib import Path

from desktop import qt_libs

# ldd on libqxcb.so of a minimal Debian 12 that has only libxcb-cursor0 (shortened; real output is tab-indented)
LDD_MINIMAL = """\
/work/main/.venv/lib/python3.11/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so:
\tlinux-vdso.so.1 (0x00007ffd5b5f2000)
\tlibQt6XcbQpa.so.6 => /work/main/.venv/lib/python3.11/site-packages/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f0d1c8a0000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f0d1c600000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0d1c41f000)
/work/main/.venv/lib/python3.11/site-packages/PySide6/Qt/lib/libQt6Gui.so.6:
\tlibEGL.so.1 => not found
\tlibglib-2.0.so.0 => not found
\tlibgthread-2.0.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibfancy-new.so.3 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f0d1cc4e000)
"""


def test_not_found_libraries_in_order_each_once():
    assert qt_libs.missing_libraries(LDD_MINIMAL) == [
        "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0", "libEGL.so.1",
        "libglib-2.0.so.0", "libgthread-2.0.so.0", "libfancy-new.so.3"]


def test_missing_libraries_become_debian_packages():
    packages = qt_libs.missing_packages(LDD_MINIMAL)
    assert packages == ["libegl1", "libglib2.0-0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"]
    assert qt_libs.install_line(packages) == ("sudo apt-get install libegl1 libglib2.0-0 libxcb-icccm4 "
                                              "libxcb-keysyms1 libxkbcommon-x11-0")


def test_nothing_missing_means_nothing_to_install():
    complete = "\n".join(line for line in LDD_MINIMAL.splitlines() if "not found" not in line)
    assert qt_libs.missing_libraries(complete) == []
    assert qt_libs.missing_packages(complete) == []


def test_main_prints_the_line_and_exits_1_instead_of_qts_abort(monkeypatch, capsys):
    monkeypatch.setattr(qt_libs.sys, "platform", "linux")
    monkeypatch.setattr(qt_libs, "_ldd", lambda files: LDD_MINIMAL)
    assert qt_libs.main() == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libegl1 libglib2.0-0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in err
    assert "libfancy-new.so.3" in err
    monkeypatch.setattr(qt_libs, "_ldd", lambda files: "")
    assert qt_libs.main() == 0


def test_readme_names_every_package_the_checker_knows():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    line = re.search(r"sudo apt-get install ([^\n`]+)", readme)
    assert line is not None
    assert set(qt_libs.PACKAGES.values()) <= set(line.group(1).split())


def test_python_m_desktop_qt_libs_names_the_package_when_libxcb_cursor_is_missing(tmp_path):
    """What `make run` runs first, as a separate program, on a machine whose `ldd` reports libxcb-cursor.so.0 as
    'not found' (a stand-in ldd first on PATH; checked by hand too, with the library hidden in a mount namespace)."""
    import os
    import subprocess
    import sys

    asked = tmp_path / "ldd-args"
    fake = tmp_path / "ldd"
    fake.write_text("#!/bin/sh\n"
                    f'printf "%s\\n" "$@" > "{asked}"\n'
                    'for f in "$@"; do\n'
                    '  printf "%s:\\n\\tlibxcb-cursor.so.0 => not found\\n'
                    '\\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\\n" "$f"\n'
                    "done\n", encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run([sys.executable, "-m", "desktop.qt_libs"], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert "Koers kan Qt niet starten: deze systeembibliotheken ontbreken: libxcb-cursor.so.0" in done.stderr
    assert "\n    sudo apt-get install libxcb-cursor0\n" in done.stderr
    assert "Could not load the Qt platform plugin" not in done.stderr
    assert any(line.endswith("plugins/platforms/libqxcb.so") for line in asked.read_text().splitlines())


def test_make_run_checks_before_it_starts_qt():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.index("-m desktop.qt_libs") < run.index("koers gui")
