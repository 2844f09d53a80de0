"""Steekproeven: draw a reproducible random sample of realised hours of one aanbieder and period, then check each
drawn line against the provider's records (bevestigd / niet bevestigd / met opmerking).

Left: the form to draw and the samples drawn, newest first ('Trekking nagaan' makes the draw again with its seed).
Right: the lines of the chosen sample and the outcome buttons. The page shows what the core hands out: no name,
BSN or plan text of a resident, so the controller role works here.

Keys: Alt+T draws; in the lines, Alt+B, Alt+N and Alt+O set the outcome of the selected line (Alt+R goes to the
remark) and the selection moves on to the next line, so a sample is checked from top to bottom by keyboard.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.clock import AMSTERDAM
from db.engine import Database
from db.models.enums import SampleOutcome
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError, ValidationError
from desktop.core.labels import SAMPLE_OUTCOME
from desktop.core.nl import format_date, format_date_short, format_hours, format_number
from desktop.core.parse import Fields, parse_date
from desktop.core.reports import samples
from desktop.core.reports.samples import SampleLineView, SampleView
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view

SAMPLE_HEADERS = ["Aanbieder", "Gecontroleerd", "Periode", "Getrokken op"]
# What a checker needs first (the outcome, the date, the hours) comes first: at 125 % the rest scrolls.
LINE_HEADERS = ["Nr.", "Uitkomst", "Datum", "Uren", "Niet verschenen", "Toewijzingnummer", "Product", "Opmerking",
                "Gecontroleerd door", "Gecontroleerd op"]


def last_month(today: date) -> tuple[date, date]:
    """The calendar month before today's: providers invoice per month, so that is the usual period to check."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _day(value: date) -> str:
    """5-1-2026: short enough for two dates in the narrow list of samples."""
    return f"{value.day}-{value.month}-{value.year}"


def sample_row(v: SampleView) -> tuple[str, ...]:
    return (v.aanbieder_name, f"{v.checked} van {v.size}", f"{_day(v.period_from)} t/m {_day(v.period_to)}",
            format_date_short(v.drawn_at.astimezone(AMSTERDAM).date()))


def line_row(v: SampleLineView) -> tuple[str, ...]:
    return (str(v.position), v.outcome_text, format_date_short(v.service_date), format_hours(v.hours),
            "ja" if v.no_show else "nee", v.toewijzingnummer, f"{v.product_code} {v.product_name}".strip(),
            v.remark or "", v.checked_by or "",
            v.checked_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M") if v.checked_at else "")


class SamplesPage(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self._db, self._actor = db, actor
        self.samples: list[SampleView] = []
        self.lines: list[SampleLineView] = []
        self._line_row = 0  # the line to select when the lines of a sample are (re)loaded
        title = QLabel("Steekproeven", objectName="PageTitle")
        intro = QLabel("Trek willekeurig urenregels van een aanbieder en controleer ze met de administratie van de "
                       "aanbieder. Met dezelfde seed is de trekking te herhalen; namen en BSN's staan hier niet.",
                       objectName="Muted", wordWrap=True)

        # --- the draw
        self.aanbieder = QComboBox()
        self.aanbieder.setAccessibleName("Aanbieder")
        self.aanbieder.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.aanbieder.setMinimumContentsLength(16)
        start, end = last_month(clock.today())
        self.date_from = QLineEdit(format_date_short(start), placeholderText="dd-mm-jjjj")
        self.date_from.setAccessibleName("Periode van")
        self.date_to = QLineEdit(format_date_short(end), placeholderText="dd-mm-jjjj")
        self.date_to.setAccessibleName("Periode tot en met")
        self.sample_size = QSpinBox(minimum=samples.MIN_SIZE, maximum=samples.MAX_SIZE, value=samples.DEFAULT_SIZE)
        self.sample_size.setSuffix(" regels")
        self.sample_size.setAccessibleName("Omvang")
        self.seed = QLineEdit(placeholderText="leeg: Koers kiest er een")
        self.seed.setAccessibleName("Seed")
        self.seed.setToolTip("Vul de seed van een eerdere trekking in om die precies te herhalen.")
        self.draw_button = QPushButton("&Trekken", objectName="Primary")
        self.draw_button.clicked.connect(self.draw)
        for field in (self.date_from, self.date_to, self.seed):
            field.returnPressed.connect(self.draw)
        self.fields: dict[str, QWidget] = {"aanbieder": self.aanbieder, "period_from": self.date_from, "period_to": self.date_to,
                       "size": self.sample_size, "seed": self.seed}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Aanbieder", self.aanbieder)
        form.addRow("&Van", self.date_from)
        form.addRow("Tot en m&et", self.date_to)
        form.addRow("O&mvang", self.sample_size)
        form.addRow("&Seed", self.seed)
        self.error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.error.hide()

        # --- the samples drawn
        self.sample_model = RowsTableModel(SAMPLE_HEADERS, right_aligned=(1,), parent=self)
        self.sample_table = make_table_view(self.sample_model)
        self.sample_table.setAccessibleName("Steekproeven")
        self.sample_table.selectionModel().selectionChanged.connect(self._sample_chosen)
        self.redraw_button = QPushButton("Trekking na&gaan…")
        self.redraw_button.setToolTip("Trekt opnieuw met dezelfde seed uit de urenregels van nu en zegt of dat "
                                      "dezelfde regels geeft.")
        self.redraw_button.clicked.connect(self.redraw_check)
        self.redraw_button.setEnabled(False)

        left = QWidget()
        left.setMaximumWidth(400)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Nieuwe steekproef")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        left_layout.addWidget(heading)
        left_layout.addLayout(form)
        draw_row = QHBoxLayout()
        draw_row.addStretch(1)
        draw_row.addWidget(self.draw_button)
        left_layout.addLayout(draw_row)
        left_layout.addWidget(self.error)
        samples_label = QLabel("Getrokken steekproeven")
        samples_label.setBuddy(self.sample_table)
        left_layout.addWidget(samples_label)
        left_layout.addWidget(self.sample_table, 1)
        redraw_row = QHBoxLayout()
        redraw_row.addStretch(1)
        redraw_row.addWidget(self.redraw_button)
        left_layout.addLayout(redraw_row)

        # --- the lines of the chosen sample and their outcome
        self.caption = QLabel("Kies links een steekproef, of trek een nieuwe.", objectName="Muted", wordWrap=True)
        self.line_model = RowsTableModel(LINE_HEADERS, right_aligned=(0, 3), parent=self)
        self.line_table = make_table_view(self.line_model)
        self.line_table.setAccessibleName("Getrokken urenregels")
        self.line_table.selectionModel().selectionChanged.connect(self._line_chosen)
        self.remark = QLineEdit(placeholderText="nodig bij 'met opmerking', bijv. 'datum wijkt een dag af'")
        self.remark.setAccessibleName("Opmerking")
        self.remark.setMaxLength(samples.REMARK_MAX)
        remark_label = QLabel("Opme&rking")
        remark_label.setBuddy(self.remark)
        self.outcome_buttons: dict[SampleOutcome, QPushButton] = {}
        for outcome, text in ((SampleOutcome.BEVESTIGD, "&Bevestigd"),
                              (SampleOutcome.NIET_BEVESTIGD, "&Niet bevestigd"),
                              (SampleOutcome.MET_OPMERKING, "Met &opmerking")):
            button = QPushButton(text)
            button.setToolTip(f"Legt '{SAMPLE_OUTCOME[outcome].lower()}' vast voor de gekozen regel en gaat naar "
                              "de volgende.")
            button.clicked.connect(lambda _checked=False, chosen=outcome: self.set_outcome(chosen))
            button.setEnabled(False)
            self.outcome_buttons[outcome] = button
        self.line_error = QLabel(objectName="ErrorPanel", wordWrap=True)
        self.line_error.hide()
        remark_row = QHBoxLayout()
        remark_row.addWidget(remark_label)
        remark_row.addWidget(self.remark, 1)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(QLabel("Uitkomst:"))
        for button in self.outcome_buttons.values():
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.caption)
        right_layout.addWidget(self.line_table, 1)
        right_layout.addWidget(self.line_error)
        right_layout.addLayout(remark_row)
        right_layout.addLayout(buttons_row)

        columns = QHBoxLayout()
        columns.addWidget(left, 2)
        columns.addWidget(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        self.setTabOrder(self.draw_button, self.sample_table)

    # ------------------------------------------------------------ loading

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Each time the page is opened: the aanbieders and the samples as they are now."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self, chosen_sample: int | None = None) -> None:
        try:
            self._fill_providers()
            self._load_samples(chosen_sample if chosen_sample is not None else self._current_sample_id())
        except KoersError as exc:
            self._show_error(exc)

    def _fill_providers(self) -> None:
        chosen = self.aanbieder.currentData()
        self.aanbieder.blockSignals(True)
        try:
            self.aanbieder.clear()
            for aanbieder_id, name in samples.provider_choices(self._db, self._actor):
                self.aanbieder.addItem(name, aanbieder_id)
            if chosen is not None:
                self.aanbieder.setCurrentIndex(max(0, self.aanbieder.findData(chosen)))
        finally:
            self.aanbieder.blockSignals(False)

    def _current_sample_id(self) -> int | None:
        rows = self.sample_table.selectionModel().selectedRows()
        return self.samples[rows[0].row()].id if rows and rows[0].row() < len(self.samples) else None

    def _load_samples(self, chosen: int | None) -> None:
        self.samples = samples.list_samples(self._db, self._actor)
        self.sample_model.set_rows([sample_row(v) for v in self.samples])
        row = next((i for i, v in enumerate(self.samples) if v.id == chosen), 0 if self.samples else None)
        if row is None:
            self._show_lines(None)
        else:
            self.sample_table.selectRow(row)  # loads its lines through _sample_chosen

    def _sample_chosen(self, *_: object) -> None:
        sample_id = self._current_sample_id()
        self.redraw_button.setEnabled(sample_id is not None)
        row, self._line_row = self._line_row, 0
        self._show_lines(next((v for v in self.samples if v.id == sample_id), None), row)

    def _show_lines(self, sample: SampleView | None, line_row_to_select: int = 0) -> None:
        self.line_error.hide()
        if sample is None:
            self.lines = []
            self.line_model.set_rows([])
            self.caption.setText("Kies links een steekproef, of trek een nieuwe.")
            self._line_chosen()
            return
        try:
            self.lines = samples.sample_lines(self._db, self._actor, sample.id)
        except KoersError as exc:
            self.lines = []
            self.line_model.set_rows([])
            self._show_line_error(exc)
            return
        self.line_model.set_rows([line_row(v) for v in self.lines],
                                 warn_rows=[i for i, v in enumerate(self.lines)
                                            if v.outcome is SampleOutcome.NIET_BEVESTIGD])
        checked = sum(v.outcome is not None for v in self.lines)
        self.caption.setText(
            f"{sample.aanbieder_name}, {format_date(sample.period_from)} tot en met {format_date(sample.period_to)}: "
            f"{format_number(sample.size)} van {format_number(sample.population)} urenregels getrokken met seed "
            f"{sample.seed}; {checked} gecontroleerd, {len(self.lines) - checked} open.")
        if self.lines:
            self.line_table.selectRow(min(line_row_to_select, len(self.lines) - 1))
        self._line_chosen()

    def _current_line(self) -> SampleLineView | None:
        rows = self.line_table.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows and rows[0].row() < len(self.lines) else None

    def _line_chosen(self, *_: object) -> None:
        line = self._current_line()
        for button in self.outcome_buttons.values():
            button.setEnabled(line is not None)
        self.remark.setEnabled(line is not None)
        self.remark.setText((line.remark or "") if line else "")
        clear_marks([self.remark])

    # ------------------------------------------------------------ actions

    def _show_error(self, exc: KoersError) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
        mark_fields(self.fields, exc.field_errors)

    def _show_line_error(self, exc: KoersError) -> None:
        self.line_error.setText(error_text(exc))
        self.line_error.show()
        mark_fields({"remark": self.remark}, exc.field_errors)

    def draw(self) -> None:
        clear_marks(self.fields.values())
        self.error.hide()
        try:
            read = Fields()
            period_from = read(parse_date, self.date_from.text(), "het begin van de periode", field="period_from",
                               required=True)
            period_to = read(parse_date, self.date_to.text(), "het einde van de periode", field="period_to",
                             required=True)
            seed = read(samples.parse_seed, self.seed.text(), "de seed", field="seed")
            aanbieder_id = self.aanbieder.currentData()
            if aanbieder_id is None:
                read.add("aanbieder", "Kies een aanbieder. Staat die er niet bij? De beheerder voegt hem toe.")
            read.raise_if_any("De steekproef is niet getrokken. Herstel eerst:")
            assert period_from is not None and period_to is not None  # required: a missing one is raised above
            drawn = samples.draw_sample(self._db, self._actor, aanbieder_id, period_from, period_to,
                                        self.sample_size.value(), seed=seed)
        except KoersError as exc:
            self._show_error(exc)
            return
        self.seed.clear()
        self.refresh(chosen_sample=drawn.id)
        self.line_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_outcome(self, outcome: SampleOutcome) -> None:
        line = self._current_line()
        if line is None:
            return
        row = self.lines.index(line)
        clear_marks([self.remark])
        self.line_error.hide()
        try:
            samples.record_outcome(self._db, self._actor, line.id, outcome, self.remark.text())
        except ValidationError as exc:
            self._show_line_error(exc)
            return
        except KoersError as exc:
            dialogs.show_error(self, "Uitkomst niet vastgelegd", error_text(exc))
            self.refresh()
            return
        self._line_row = row + 1  # on to the next line
        self.refresh(chosen_sample=line.sample_id)  # the progress on the left, the outcome on the right
        self.line_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def redraw_check(self) -> None:
        sample_id = self._current_sample_id()
        if sample_id is None:
            return
        try:
            check = samples.redraw_check(self._db, self._actor, sample_id)
        except KoersError as exc:
            dialogs.show_error(self, "Trekking nagaan", error_text(exc))
            return
        dialogs.show_info(self, "Trekking nagaan", check.message)
