"""The DejaVu fonts (resources/fonts/) registered with ReportLab, so every PDF embeds its own fonts.

The PDF standard fonts (Helvetica and friends) are never embedded and lack some characters (€ ij ő);
a document that a resident reads and signs should look the same on every printer.
"""

from __future__ import annotations

import threading

from desktop.resources import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FAMILY = REGULAR

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_registered = False
_lock = threading.Lock()  # a print job may run on a worker thread


def register_fonts() -> str:
    """Registers the DejaVu family once per process; returns the family name to use in styles."""
    global _registered
    with _lock:
        if _registered:
            return FAMILY
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        # No bold-oblique file is shipped: <b><i> falls back to bold rather than to a Helvetica face.
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
        _registered = True
        return FAMILY
