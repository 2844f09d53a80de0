"""A PDF on screen: all pages under each other, fitted to the width, with 'pagina x van y' and zoom buttons.

The bytes stay in a QBuffer owned by this widget for as long as the document shows them (QPdfDocument
reads from the device while it renders).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def load_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A loaded QPdfDocument and the buffer it reads from (keep both alive together)."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


class PdfPreview(QWidget):
    """Shows PDF bytes; `set_pdf` returns False (and shows why) when they cannot be read."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setAccessibleName("Voorbeeld van de brief")
        self.view.pageNavigator().currentPageChanged.connect(self._update_page)

        self.page_label = QLabel("", objectName="Muted")
        self.zoom_out = QPushButton("−")
        self.zoom_in = QPushButton("+")
        self.fit_button = QPushButton("Paginabreedte")
        for button, tip in ((self.zoom_out, "Kleiner (Ctrl+-)"), (self.zoom_in, "Groter (Ctrl++)"),
                            (self.fit_button, "Past in de breedte van het venster (Ctrl+0)")):
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.zoom_out.setAccessibleName("Kleiner")
        self.zoom_in.setAccessibleName("Groter")
        self.zoom_out.setFixedWidth(36)
        self.zoom_in.setFixedWidth(36)
        self.zoom_out.clicked.connect(lambda: self._zoom(1 / 1.25))
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.fit_button.clicked.connect(self.fit_width)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, lambda: self._zoom(1.25)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self._zoom(1 / 1.25)),
                           (QKeySequence("Ctrl+0"), self.fit_width)):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.message = QLabel("", objectName="ErrorPanel")
        self.message.setWordWrap(True)
        self.message.hide()

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

    def set_pdf(self, data: bytes) -> bool:
        old = self._buffer
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.close()
            old.deleteLater()
        ok = self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0
        self.message.setVisible(not ok)
        self.message.setText("" if ok else "Deze PDF kan niet worden getoond. Bewaar hem en open hem met een ander "
                                           "programma, of meld dit bij de beheerder.")
        self._update_page()
        return ok

    def page_count(self) -> int:
        return self.document.pageCount()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # FitToWidth keeps its own factor: start from what is on screen now
            page = self.document.pagePointSize(0).width() or 595
            current = max(0.1, (self.view.viewport().width() - 24) / (page * self.logicalDpiX() / 72))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(4.0, max(0.25, current * factor)))

    def _update_page(self, *_) -> None:
        count = self.document.pageCount()
        page = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(f"pagina {min(page, count)} van {count}" if count else "")
