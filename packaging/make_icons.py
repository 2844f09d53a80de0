"""Koers's icon files from their source, resources/icons/koers.svg: koers.png (256x256, the window icon and the
Linux desktop icon) and koers.ico (16-256 px, the Windows programs and the installer). Both are committed; run
this again after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(ICONS / "koers.svg"))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    return bytes(data.data())


def main() -> int:
    from PIL import Image

    (ICONS / "koers.png").write_bytes(render_png(256))
    # Each size rendered from the SVG (not scaled down from 256): sharper at 16 and 32 px.
    images = [Image.open(io.BytesIO(render_png(size))).convert("RGBA") for size in ICO_SIZES]
    images[-1].save(ICONS / "koers.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                    append_images=images[:-1])
    print("geschreven:", ICONS / "koers.png", ICONS / "koers.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
