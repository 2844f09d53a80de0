"""One report on screen: its filters, a chart above a table, how it is counted, and the export to Excel or CSV.

Every report of the core registry uses this same view; the report runs off the GUI thread, so a heavy choice
(per period, per decision) never freezes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models.enums import Complexity, IndicationCategory, Law
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError
from desktop.core.labels import CATEGORY, COMPLEXITY, LAW
from desktop.core.nl import format_date_short
from desktop.core.parse import Fields, parse_date
from desktop.core.reports import export, registry
from desktop.core.reports.base import FILTERS, Report, ReportSpec
from desktop.core.reports.choices import FilterChoices
from desktop.core.reports.filters import ReportFilter
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.reports.chart import ChartView
from desktop.ui.reports.table_model import ReportSortProxy, ReportTableModel
from desktop.ui.widgets.tables import make_table_view
from desktop.ui.worker import BackgroundTask


def _combo(name: str, everything: str, items: list[tuple[Any, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(everything, None)
    for value, text in items:
        combo.addItem(text, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


class ReportView(QWidget):
    def __init__(self, db: Database, actor: Actor, spec: ReportSpec, choices: FilterChoices,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor, self.spec = db, actor, spec
        self.task: BackgroundTask | None = None
        self.export_task: BackgroundTask | None = None
        self.export_progress: QProgressDialog | None = None
        self._run_number = 0
        self.report: Report | None = None
        title = QLabel(spec.title, objectName="PageTitle")
        about = QLabel(spec.description, objectName="Muted")
        about.setWordWrap(True)

        self.date_from = self._date_field("Van")
        self.date_to = self._date_field("Tot en met")
        self.as_of = self._date_field("Peildatum")
        self.group = QComboBox()
        self.group.setAccessibleName("Per")
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group.setMinimumContentsLength(14)
        for key, label in spec.groups:
            self.group.addItem(label, key)
        self.law = _combo("Wet", "Alle wetten", [(law, LAW[law]) for law in Law])
        self.aanbieder = _combo("Aanbieder", "Alle aanbieders", list(choices.aanbieders))
        self.product = _combo("Product", "Alle producten", list(choices.products))
        self.level = _combo("Niveau", "Alle niveaus", [(c, COMPLEXITY[c]) for c in Complexity])
        self.category = _combo("Categorie", "Basis en intensief", [(c, CATEGORY[c]) for c in IndicationCategory])
        self.consulent = _combo("Consulent", "Alle consulenten", list(choices.consulenten))
        self.show_button = QPushButton("Tonen", objectName="Primary")
        self.show_button.setToolTip("Toon de rapportage met deze filters (Enter)")
        self.show_button.clicked.connect(self.run)
        self.clear_button = QPushButton("Filter wissen")
        self.clear_button.clicked.connect(self.clear_filter)
        self.xlsx_button = QPushButton("Naar Excel…")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.csv_button = QPushButton("Naar CSV…")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        for button in (self.xlsx_button, self.csv_button):
            button.setEnabled(False)
        for field in (self.date_from, self.date_to, self.as_of):
            field.returnPressed.connect(self.run)
        for combo in (self.group, self.law, self.aanbieder, self.product, self.level, self.category, self.consulent):
            combo.activated.connect(lambda _index: self.run())

        self.status = QLabel(objectName="Muted")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the page
        self.error = QLabel(objectName="ErrorPanel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.chart = ChartView()
        self.model = ReportTableModel(self)
        self.proxy = ReportSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(self.proxy, long_list=True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the report's own order until a header is clicked
        self.table.setAccessibleName(f"Tabel {spec.title}")
        self.notes = QTextBrowser()
        self.notes.setAccessibleName("Hoe is geteld")
        self.accounts = QTextBrowser()
        self.accounts.setAccessibleName("In hun eigen woorden")
        self.views = QTabWidget()  # the chart, how it is counted, and (for who may read them) the accounts
        self.views.addTab(self.chart, "&Grafiek")
        self.views.addTab(self.notes, "&Hoe is geteld")

        filters = QGridLayout()  # three rows: one line does not fit a laptop at 125 %
        cells = [("&Van", self.date_from), ("&Tot en met", self.date_to), ("&Peildatum", self.as_of),
                 ("&Wet", self.law), ("&Aanbieder", self.aanbieder), ("P&roduct", self.product),
                 ("&Niveau", self.level), ("&Categorie", self.category), ("C&onsulent", self.consulent)]
        # only the filters this report honours; a field it would ignore is not shown at all
        cells = [cell for key, cell in zip(FILTERS, cells, strict=True) if key in spec.uses]
        if spec.uses == ("van", "peildatum", "wet"):  # a year's report: 'van' names the year
            cells[0] = ("&Jaar vanaf", self.date_from)
        for field in (self.date_from, self.date_to, self.as_of, self.law, self.aanbieder, self.product,
                      self.level, self.category, self.consulent):
            if not any(field is f for _, f in cells):  # not setVisible(True): without a parent yet it opens as a window and takes the keyboard from Koers
                field.hide()
        for n, (text, field) in enumerate(cells):
            caption = QLabel(text)
            caption.setBuddy(field)
            filters.addWidget(caption, n // 3, 2 * (n % 3))
            filters.addWidget(field, n // 3, 2 * (n % 3) + 1)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)
        buttons = QHBoxLayout()
        if spec.groups:
            per = QLabel("P&er")
            per.setBuddy(self.group)
            buttons.addWidget(per)
            buttons.addWidget(self.group)
        else:
            self.group.hide()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.csv_button)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.views)
        body.addWidget(self.table)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(title)
        layout.addWidget(about)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(body, 1)
        self.clear_filter(run=False)

    def _date_field(self, name: str) -> QLineEdit:
        field = QLineEdit(placeholderText="dd-mm-jjjj")
        field.setAccessibleName(name)
        field.setMinimumWidth(self.fontMetrics().horizontalAdvance("00-00-00000") + 28)
        return field

    def clear_filter(self, *, run: bool = True) -> None:
        today = clock.today()
        self.date_from.setText(format_date_short(today.replace(month=1, day=1)))
        self.date_to.setText(format_date_short(today))
        self.as_of.setText(format_date_short(today))
        for combo in (self.group, self.law, self.aanbieder, self.product, self.level, self.category, self.consulent):
            combo.setCurrentIndex(0)
        if run:
            self.run()

    def current_filter(self) -> ReportFilter:
        read = Fields()
        start = read(parse_date, self.date_from.text(), "de begindatum", field="date_from")
        end = read(parse_date, self.date_to.text(), "de einddatum", field="date_to")
        as_of = read(parse_date, self.as_of.text(), "de peildatum", field="as_of")
        read.raise_if_any("Het filter klopt niet:")
        return ReportFilter(date_from=start, date_to=end, as_of=as_of, law=self.law.currentData(),
                            aanbieder_id=self.aanbieder.currentData(), product_id=self.product.currentData(),
                            complexity=self.level.currentData(), category=self.category.currentData(),
                            consulent_id=self.consulent.currentData(), group=self.group.currentData())

    def run(self) -> None:
        """Runs the report with the filters shown; a newer run makes an older one's answer irrelevant."""
        try:
            f = self.current_filter()
        except KoersError as exc:
            self._fail(exc)
            return
        self._run_number += 1
        number = self._run_number
        db, actor, name = self._db, self._actor, self.spec.name
        self.status.setText("Bezig met berekenen…")
        # No parent and bound methods only: when the view closes first, Qt drops these connections with it,
        # so an answer arriving later never reaches a deleted widget.
        self.task = BackgroundTask(lambda _progress: (number, registry.run(db, actor, name, f)))
        self.task.finished.connect(self._answered)
        self.task.failed.connect(self._refused)
        self.task.start()

    def _answered(self, answer: tuple[int, Report]) -> None:
        number, report = answer
        self._show(number, report)

    def _refused(self, exc: BaseException) -> None:
        self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.status.setText("")
        self.error.setText(error_text(exc))
        self.error.show()

    def _show(self, number: int, report: Report) -> None:
        if number != self._run_number:
            return
        self.error.hide()
        self.report = report
        self.model.set_report(report)
        self.chart.show_chart(report.chart)
        self.table.resizeColumnsToContents()
        self.notes.setHtml("".join(f"<p>{_escape(note)}</p>" for note in report.notes))
        self.accounts.setHtml("<p>Tellen en vertellen: zo zeggen inwoners het zelf.</p>" + "".join(
            f"<p>• {_escape(text)}</p>" for text in report.accounts))
        showing = self.views.indexOf(self.accounts) >= 0
        if report.accounts and not showing:
            self.views.addTab(self.accounts, "In hun &eigen woorden")
        elif not report.accounts and showing:
            self.views.removeTab(self.views.indexOf(self.accounts))
        f = report.filters
        span = (f"{format_date_short(f.start)} t/m {format_date_short(f.end)}" if "tot" in self.spec.uses else
                f"peildatum {format_date_short(f.today)}")
        self.status.setText(f"{len(report.rows):,} regels · ".replace(",", ".") + span)
        for button in (self.xlsx_button, self.csv_button):
            button.setEnabled(True)

    def export(self, kind: str) -> None:
        if self.report is None:
            return
        suggested = f"{self.spec.name}-{format_date_short(self.report.filters.end)}.{kind}"
        filter_text = "Excel-werkmap (*.xlsx)" if kind == "xlsx" else "CSV-bestand (*.csv)"
        path = dialogs.ask_save_path(self, "Rapportage exporteren", suggested, filter_text)
        if not path:
            return
        db, actor, report = self._db, self._actor, self.report
        self.export_task = BackgroundTask(
            lambda progress: export.export_report(db, actor, report, Path(path), progress=progress))
        self.export_progress = QProgressDialog("Rapportage exporteren…", "Afbreken", 0, 100, self)
        self.export_progress.setWindowTitle("Exporteren")
        self.export_progress.setMinimumDuration(300)
        self.export_progress.canceled.connect(self.export_task.cancel)
        self.export_task.progressed.connect(self._export_progressed)
        self.export_task.finished.connect(self._exported)
        self.export_task.failed.connect(self._export_failed)
        self.export_task.start()

    def _export_progressed(self, done: int, total: int) -> None:
        if self.export_progress is not None:
            self.export_progress.setValue(int(100 * done / total) if total else 0)

    def _exported(self, result: export.Exported) -> None:
        self._close_progress()
        dialogs.show_info(self, "Export klaar", f"De rapportage staat in {result.path}.")

    def _export_failed(self, exc: BaseException) -> None:
        self._close_progress()
        dialogs.show_error(self, "Export", error_text(exc, "De export is niet gelukt; er is geen bestand gemaakt."))

    def _close_progress(self) -> None:
        if self.export_progress is not None:
            self.export_progress.close()
            self.export_progress = None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
