"""Before Qt starts on Linux: are the system libraries its xcb plugin needs installed? Without them Qt aborts
with 'Could not load the Qt platform plugin "xcb"' and a core dump; this names the Debian/Ubuntu packages instead.

`python -m desktop.qt_libs` (run by `make run`) prints the `sudo apt-get install …` line and exits 1 when a
library is missing, and says nothing otherwise. The list below is what `ldd` shows for PySide6's libqxcb.so,
libQt6XcbQpa, libQt6Gui, libQt6Widgets, libQt6DBus, libQt6Pdf and the GLX integration, mapped with `dpkg -S`
(Debian 12); README.md names the same packages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# soname -> Debian/Ubuntu package (Ubuntu 24.04's '...t64' packages provide these names, so apt accepts them)
PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libcups.so.2": "libcups2",
}

# The Qt libraries Koers loads (relative to PySide6/Qt). Not the CUPS print plugin: without libcups2 Koers
# starts and prints to PDF only, so that one is in README.md but does not stop `make run`.
QT_FILES = ("lib/libQt6Core.so.6", "lib/libQt6Gui.so.6", "lib/libQt6Widgets.so.6", "lib/libQt6DBus.so.6",
            "lib/libQt6PrintSupport.so.6", "lib/libQt6Pdf.so.6", "lib/libQt6Charts.so.6")
XCB_FILES = ("lib/libQt6XcbQpa.so.6", "plugins/platforms/libqxcb.so",
             "plugins/xcbglintegrations/libqxcb-glx-integration.so")


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames `ldd` reports as 'not found', in order, each once."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, arrow, target = line.strip().partition("=>")
        if arrow and target.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def missing_packages(ldd_output: str) -> list[str]:
    """The Debian/Ubuntu packages that provide what `ldd` reports as 'not found', sorted, each once; a library
    this module does not know is left out (see missing_libraries)."""
    return sorted({PACKAGES[name] for name in missing_libraries(ldd_output) if name in PACKAGES})


def install_line(packages: list[str]) -> str:
    return "sudo apt-get install " + " ".join(packages)


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return os.environ.get("XDG_SESSION_TYPE", "") != "wayland"


def _ldd(files: list[Path]) -> str:
    if not files:
        return ""
    try:
        return subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""  # no ldd: let Qt speak for itself


def main() -> int:
    if not sys.platform.startswith("linux"):
        return 0
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    names = list(QT_FILES) + (list(XCB_FILES) if _uses_xcb() else [])
    output = _ldd([qt / name for name in names if (qt / name).exists()])
    libraries = missing_libraries(output)
    if not libraries:
        return 0
    packages = missing_packages(output)
    print("Koers kan Qt niet starten: deze systeembibliotheken ontbreken:", ", ".join(libraries), file=sys.stderr)
    if packages:
        print("Installeer ze (Debian/Ubuntu) met:\n\n    " + install_line(packages) + "\n", file=sys.stderr)
    unknown = [name for name in libraries if name not in PACKAGES]
    if unknown:
        print("Zoek het pakket van", ", ".join(unknown), "op met: apt-file search <naam>", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
