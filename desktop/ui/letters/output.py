"""A PDF out of Koers: saved where the user chooses, or printed page by page on the chosen printer.

`print_pages` is plain work without widgets, so a long batch can run in a BackgroundTask: it opens its own
QPdfDocument, and QPainter may paint on a QPrinter outside the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument

from desktop.core.files import write_atomic
from desktop.ui import dialogs

MAX_PRINT_DPI = 300  # enough for text; a 1,200 dpi page image would need half a gigabyte


def save_pdf(parent, data: bytes, title: str, suggested: str) -> Path | None:
    """Asks where, writes the bytes; the path, or None when cancelled. Raises OSError when writing fails."""
    path = dialogs.ask_save_path(parent, title, suggested, "PDF-bestand (*.pdf)")
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    write_atomic(target, data)  # a crash while writing never leaves half a PDF for the printer
    return target


def print_pages(printer, data: bytes, progress: Callable[[int, int], bool] | None = None) -> int:
    """Prints every page of `data` on `printer`; returns the pages printed. `progress` returning False stops."""
    from desktop.ui.letters.pdf_view import load_pdf

    document, buffer = load_pdf(data)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError("De PDF kan niet worden gelezen.")
        count = document.pageCount()
        printer.setDocName("Koers brieven")
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("De printer kan niet worden gestart. Controleer de printer en probeer het opnieuw.")
        done = 0
        try:
            for page in range(count):
                if page and not printer.newPage():
                    raise OSError("De printer weigerde een volgende pagina.")
                area = painter.viewport()
                points = document.pagePointSize(page)
                dpi = min(printer.resolution(), MAX_PRINT_DPI)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = document.render(page, size)
                target = QSize(image.size()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.topLeft(), target), image)
                done += 1
                if progress is not None and not progress(done, count):
                    break
        finally:
            painter.end()
        return done
    finally:
        document.close()
        buffer.close()


def print_pdf(parent, data: bytes, title: str = "Afdrukken") -> int | None:
    """Print dialog, then the pages (for a letter or two: in the GUI thread). None when cancelled."""
    printer = dialogs.ask_printer(parent, title)
    if printer is None:
        return None
    return print_pages(printer, data)
