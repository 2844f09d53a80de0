"""Aanbiedermonitor: the figures of one aanbieder for the account manager's conversation, and the printable sheet.

Top: 'PDF van deze aanbieder…' saves this sheet; 'PDF's van alle aanbieders…' writes one per aanbieder into a
folder, off the GUI thread, with a progress dialog that can be cancelled (a cancel leaves no file). Below: the
aanbieder, the year and the period (the whole year or one quarter). Left: the key figures, each with what it stands
against, and the results per product. Right: the trend per quarter as a chart (cost per trajectory against what
was indicated per trajectory) above the same quarters in a table.

The page shows what the core hands out (`providers.monitor`): figures only, no name, BSN or plan text of a
resident, so the controller role works here. Keys: Alt+A aanbieder, Alt+J year, Alt+P period, Alt+R results per
product, Alt+V the quarters, Alt+D this PDF, Alt+L all PDFs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.nl import format_date
from desktop.core.reports import providers
from desktop.core.reports.filters import ReportFilter
from desktop.core.reports.providers import ProviderMonitor, WrittenSheets
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.reports.chart import ChartView
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask

PERIODS = (("Heel jaar", 0), ("1e kwartaal", 1), ("2e kwartaal", 2), ("3e kwartaal", 3), ("4e kwartaal", 4))
# On screen the trend table keeps what a conversation needs first, under shorter headers; the sheet has every column.
TREND_COLUMNS = (0, 1, 3, 4, 5, 7)
TREND_HEADERS = ("Kwartaal", "Trajecten", "Bedrag", "Per traject", "Indicatie", "Uurtarief")
TREND_TIP = ("Per traject: het gerealiseerde bedrag gedeeld door de trajecten van het kwartaal. Indicatie: het "
             "geïndiceerde bedrag per traject. Uurtarief: het gerealiseerde gemiddelde uurtarief. Alle kolommen staan "
             "op de PDF.")


def period_of(year: int, quarter: int) -> tuple[date, date]:
    """The whole year (quarter 0) or one quarter of it."""
    if quarter == 0:
        return date(year, 1, 1), date(year, 12, 31)
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


class ElidedLabel(QLabel):
    """One line that ends in '…' where the column is too narrow; the whole text is its tooltip."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(min(super().sizeHint().width(), 320), super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        room = self.contentsRect()
        painter.drawText(room, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width()))


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ProviderPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.monitor: ProviderMonitor | None = None
        self.sheets_task: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None
        title = QLabel("Aanbiedermonitor", objectName="PageTitle")
        title.setToolTip("De cijfers van één aanbieder voor het gesprek met de aanbieder: cliënten, uren en geld, "
                         "kosten per traject tegenover de indicatie, resultaten en evaluaties. Alleen cijfers, geen "
                         "namen of BSN's.")
        self.pdf_button = QPushButton("P&DF van deze aanbieder…")
        self.pdf_button.setToolTip("Slaat het overzicht van deze aanbieder op als PDF van één A4, voor het gesprek.")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.all_button = QPushButton("PDF's van a&lle aanbieders…")
        self.all_button.setToolTip("Maakt in een map één PDF per aanbieder met cijfers in deze periode.")
        self.all_button.clicked.connect(self.save_all)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.all_button)

        # --- what to show
        self.aanbieder = QComboBox()
        self.aanbieder.setAccessibleName("Aanbieder")
        self.aanbieder.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.aanbieder.setMinimumContentsLength(22)
        self.year = QSpinBox(minimum=2000, maximum=2100, value=clock.today().year)
        self.year.setAccessibleName("Jaar")
        self.period = QComboBox()
        self.period.setAccessibleName("Periode")
        for text, quarter in PERIODS:
            self.period.addItem(text, quarter)
        self.caption = ElidedLabel(objectName="Muted")
        choose = QHBoxLayout()
        for text, widget in (("&Aanbieder", self.aanbieder), ("&Jaar", self.year), ("&Periode", self.period)):
            label = QLabel(text)
            label.setBuddy(widget)
            choose.addWidget(label)
            choose.addWidget(widget)
            choose.addSpacing(8)
        choose.addWidget(self.caption, 1)
        self.aanbieder.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.period.currentIndexChanged.connect(self.refresh)
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()

        # --- the key figures
        figures_box = QWidget()
        self.figures = QGridLayout(figures_box)
        self.figures.setContentsMargins(0, 0, 0, 0)
        self.figures.setHorizontalSpacing(10)
        self.figures.setVerticalSpacing(2)
        self.figures.setColumnStretch(2, 1)
        self.figure_labels: list[tuple[QLabel, QLabel, QLabel]] = []

        # --- results per product
        self.product_model = RowsTableModel(providers.PRODUCT_HEADERS, right_aligned=(1, 2, 3, 4, 5), parent=self)
        self.product_table = make_table_view(self.product_model)
        self.product_table.setAccessibleName("Resultaten per product")
        self.product_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.product_table.horizontalHeader().setStretchLastSection(False)
        products_label = _bold(QLabel("&Resultaten per product"))
        products_label.setBuddy(self.product_table)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_bold(QLabel("Kerncijfers")))
        left_layout.addWidget(figures_box)
        left_layout.addSpacing(4)
        left_layout.addWidget(products_label)
        left_layout.addWidget(self.product_table, 1)

        # --- the trend per quarter
        self.chart = ChartView()
        self.chart.setAccessibleName("Verloop per kwartaal: kosten en indicatie per traject")
        self.chart.setMinimumHeight(150)
        self.trend_model = RowsTableModel(TREND_HEADERS, right_aligned=range(1, len(TREND_HEADERS)), parent=self)
        self.trend_table = make_table_view(self.trend_model)
        self.trend_table.setAccessibleName("Verloop per kwartaal")
        self.trend_table.setToolTip(TREND_TIP)
        self.trend_table.horizontalHeader().setMinimumSectionSize(30)
        self.trend_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the columns stretch
        self.trend_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.trend_table.horizontalHeader().setStretchLastSection(False)
        for column in (0, 1):  # the quarter and the count need little room; the amounts share the rest
            self.trend_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        trend_label = _bold(QLabel("&Verloop per kwartaal"))
        trend_label.setBuddy(self.trend_table)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(trend_label)
        right_layout.addWidget(self.chart, 1)
        right_layout.addWidget(self.trend_table)

        columns = QHBoxLayout()
        columns.addWidget(left, 1)
        columns.addSpacing(10)
        columns.addWidget(right, 1)
        self.status = QLabel("Alleen cijfers: geen namen, BSN of plantekst van inwoners.", objectName="Muted",
                             wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addLayout(choose)
        layout.addWidget(self.error)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.pdf_button, self.all_button)
        self.setTabOrder(self.all_button, self.aanbieder)
        self.setTabOrder(self.aanbieder, self.year)
        self.setTabOrder(self.year, self.period)
        self.setTabOrder(self.period, self.product_table)
        self.setTabOrder(self.product_table, self.trend_table)
        self._show(None)

    # ------------------------------------------------------------ loading

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Each time the page is opened: the aanbieders as they are now, and the figures of the chosen one."""
        super().showEvent(event)
        if not event.spontaneous():
            self.fill_providers()
            self.refresh()

    def fill_providers(self) -> None:
        chosen = self.aanbieder.currentData()
        self.aanbieder.blockSignals(True)
        try:
            self.aanbieder.clear()
            for aanbieder_id, name in providers.provider_choices(self._db, self._actor):
                self.aanbieder.addItem(name, aanbieder_id)
            if chosen is not None:
                self.aanbieder.setCurrentIndex(max(0, self.aanbieder.findData(chosen)))
        except KoersError as exc:
            self._show_error(exc)
        finally:
            self.aanbieder.blockSignals(False)

    def filters(self) -> ReportFilter:
        start, end = period_of(self.year.value(), self.period.currentData())
        return ReportFilter(date_from=start, date_to=end)

    def refresh(self) -> None:
        self.error.hide()
        aanbieder_id = self.aanbieder.currentData()
        if aanbieder_id is None:
            self._show(None)
            self.caption.setText("Er zijn nog geen aanbieders. De beheerder voegt ze toe in Beheer.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            monitor = providers.monitor(self._db, self._actor, aanbieder_id, self.filters())
        except KoersError as exc:
            self._show(None)
            self._show_error(exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show(monitor)

    def _show(self, monitor: ProviderMonitor | None) -> None:
        self.monitor = monitor
        lines = providers.figure_lines(monitor) if monitor else ()
        while len(self.figure_labels) < len(lines):
            row = len(self.figure_labels)
            label, value, beside = QLabel(), _bold(QLabel()), ElidedLabel(objectName="Muted")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, widget in enumerate((label, value, beside)):
                self.figures.addWidget(widget, row, column)
                widget.show()  # added to a page already on screen: Qt would show it only later
            self.figure_labels.append((label, value, beside))
        for i, widgets in enumerate(self.figure_labels):
            texts = lines[i] if i < len(lines) else ("", "", "")
            for widget, text in zip(widgets, texts, strict=True):
                widget.setText(text)
            widgets[1].setAccessibleName(texts[0])
            widgets[1].setAccessibleDescription(texts[2])
        self.product_model.set_rows(providers.product_rows(monitor) if monitor else [])
        self.trend_model.set_rows([[row[i] for i in TREND_COLUMNS] for row in providers.trend_rows(monitor)]
                                  if monitor else [])
        self._fit_trend_table()
        if monitor is not None:
            self.chart.show_chart(providers.trend_chart(monitor))
            self.caption.setText(f"{format_date(monitor.first)} tot en met {format_date(monitor.last)} · peildatum "
                                 f"{format_date(monitor.filters.today)}")
            self.caption.setToolTip("De periode telt in hele kalendermaanden. Hoe elk cijfer is geteld, staat onderaan "
                                    "de PDF.")
        has_figures = monitor is not None
        self.pdf_button.setEnabled(has_figures)
        self.all_button.setEnabled(self.aanbieder.count() > 0)

    def _fit_trend_table(self) -> None:
        """As high as its quarters (a year has four at most), so the chart gets the rest and nothing scrolls."""
        view = self.trend_table
        rows = max(1, min(self.trend_model.rowCount(), 4))
        row = view.rowHeight(0) if self.trend_model.rowCount() else view.verticalHeader().defaultSectionSize()
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows * row + 2 * view.frameWidth())

    def _show_error(self, exc: KoersError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    # ------------------------------------------------------------ the PDFs

    def save_pdf(self) -> None:
        monitor = self.monitor
        if monitor is None or monitor.figures.aanbieder_id is None:
            return
        suggested = providers.sheet_file_name(monitor.figures.name, monitor.filters)
        path = dialogs.ask_save_path(self, "PDF van deze aanbieder opslaan", suggested, "PDF-bestand (*.pdf)")
        if not path:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = providers.save_provider_sheet(self._db, self._actor, monitor.figures.aanbieder_id,
                                                  replace(monitor.filters, aanbieder_id=None), path)
        except KoersError as exc:
            QGuiApplication.restoreOverrideCursor()
            dialogs.show_error(self, "PDF niet opgeslagen", error_text(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        self.status.setText(f"Opgeslagen: {saved}")

    def save_all(self) -> None:
        folder = dialogs.ask_folder(self, "Map voor de PDF's van alle aanbieders")
        if not folder:
            return
        db, actor, f = self._db, self._actor, self.filters()
        # No parent and bound methods only: when the page closes first, Qt drops these connections with it, so an
        # answer arriving later never reaches a deleted widget (the task itself runs on, and a cancel still works).
        task = BackgroundTask(lambda progress: providers.write_provider_sheets(db, actor, f, folder, progress))
        progress = QProgressDialog("PDF's van alle aanbieders maken…", "Afbreken", 0, 0, self)
        progress.setWindowTitle("Aanbiedermonitor")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(task.cancel)
        task.progressed.connect(self._progressed)
        task.finished.connect(self._sheets_done)
        task.failed.connect(self._sheets_failed)
        self.sheets_task, self.progress = task, progress
        self.all_button.setEnabled(False)
        progress.show()
        task.start()

    def _progressed(self, done: int, total: int) -> None:
        progress = self.progress  # setValue runs the event loop (a modal dialog): the task may end meanwhile
        if progress is not None:
            progress.setLabelText(f"PDF's van alle aanbieders maken… {done} van {total}")
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.all_button.setEnabled(True)

    def _sheets_done(self, written: WrittenSheets) -> None:
        self._close_progress()
        count = len(written.files)
        what = "1 PDF" if count == 1 else f"{count} PDF's"
        self.status.setText(f"{what} opgeslagen in {written.folder}." if count else
                            "Geen aanbieder had cijfers in deze periode; er is geen PDF gemaakt.")

    def _sheets_failed(self, exc: BaseException) -> None:
        self._close_progress()
        if isinstance(exc, providers.SheetsCancelled):
            self.status.setText(exc.message)
            return
        dialogs.show_error(self, "PDF's niet gemaakt",
                           error_text(exc, "Het maken van de PDF's is niet gelukt; er is geen bestand gemaakt."))
