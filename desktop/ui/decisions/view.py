"""One beschikking on screen: what was decided, how the hours were used per period and per month,
and (for the medewerker) booking hours, where a refusal is shown in the screen itself."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models.enums import DecisionKind, FinancingForm
from desktop.core import labels
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.decisions import ledger, lifecycle, rules, screen
from desktop.core.decisions import moments as evaluation_moments
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import MONTHS, format_date, format_date_short, format_hours, format_money
from desktop.core.parse import Fields, parse_date, parse_hours
from desktop.ui import dialogs
from desktop.ui.decisions.actions import EndDecisionDialog, MomentDateDialog, RevokeDecisionDialog
from desktop.ui.decisions.chart import HoursChart
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.screen_fit import fit_to_screen, scrolling
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view


def _panel(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class DecisionView(QWidget):
    """Raises KoersError on construction when the decision cannot be shown (gone, or not allowed)."""

    changed = Signal(int)  # decision id, after hours were booked or removed, or its status changed
    replaced = Signal(int)  # the id of the wijziging that now replaces this decision

    def __init__(self, db: Database, actor: Actor, decision_id: int, parent: QWidget | None = None, *,
                 reason: str | None = None):
        super().__init__(parent)
        self._db, self._actor, self.decision_id = db, actor, decision_id
        self._reason = reason
        # one read: header, ledger, entries, forecast, moments and the actions allowed (the opening is logged)
        self.screen = screen.open_screen(db, actor, decision_id, reason=reason)
        self.can_enter = audit.allowed(actor, Action.HOURS_ENTER)
        self.can_edit = audit.allowed(actor, Action.DECISION_EDIT)

        # --- header: what was decided
        header = QFrame(objectName="FileHeader")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(14, 10, 14, 10)
        self.title = QLabel(objectName="FileName")
        hl.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(3)
        self.facts: dict[str, QLabel] = {}
        names = ("Product", "Aanbieder", "Niveau", "Categorie", "Perioden", "Looptijd", "Status", "Omvang",
                 "Tarief")
        for i, name in enumerate(names):
            row, col = divmod(i, 3)
            caption = QLabel(f"{name}:", objectName="Muted")
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[name] = value
            grid.addWidget(caption, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        hl.addLayout(grid)
        self.establish_button = QPushButton("Vaststellen…", objectName="Primary")
        self.change_button = QPushButton("Wijzigen…")
        self.change_button.setToolTip("Een nieuwe beschikking die deze vanaf een datum vervangt (opschalen, "
                                      "afschalen, andere aanbieder)")
        self.end_button = QPushButton("Beëindigen…")
        self.revoke_button = QPushButton("Intrekken…")
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button, slot in ((self.establish_button, self.establish), (self.change_button, self.change),
                             (self.end_button, self.end), (self.revoke_button, self.revoke)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit)
            actions.addWidget(button)
        self.letter_button = QPushButton("Brief bekijken…")
        self.letter_button.setToolTip("De brief bij deze beschikking: de verzonden brief, of een voorbeeld")
        self.letter_button.setAutoDefault(False)
        self.letter_button.clicked.connect(self.show_letter)
        self.letter_button.setVisible(audit.allowed(actor, Action.DECISION_VIEW))
        actions.insertWidget(1, self.letter_button)
        hl.addLayout(actions)

        # --- periods beside calendar months: the same entries added up both ways
        self.periods_model = RowsTableModel(
            ["Periode", "Van", "Tot en met", "Aandeel", "Gerealiseerd", "Cumulatief", "Resterend", "Bedrag"],
            right_aligned=(0, 3, 4, 5, 6, 7))
        self.months_model = RowsTableModel(["Maand", "Gerealiseerd", "Bedrag"], right_aligned=(1, 2))
        self.periods_table = make_table_view(self.periods_model)
        self.months_table = make_table_view(self.months_model)
        for table in (self.periods_table, self.months_table):
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        self._fit_rows(self.periods_table, min(max(d_count := self.header_info.decision.period_count, 3), 9))
        self._fit_rows(self.months_table, min(max(d_count, 3), 9))
        periods_box = self._boxed("Per periode", self.periods_table)
        months_box = self._boxed("Per kalendermaand", self.months_table)
        tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(periods_box)
        tables.addWidget(months_box)
        tables.setChildrenCollapsible(False)
        tables.setSizes([800, 400])

        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.forecast_panel = _panel("WarningPanel")
        self.notice_panel = _panel("InfoPanel")

        # --- chart, and the hours entry beside it
        self.chart = HoursChart()
        self.error_panel = _panel("ErrorPanel")
        entry_box = QGroupBox("Uren boeken")
        el = QVBoxLayout(entry_box)
        form = QFormLayout()
        self.mode = QComboBox()
        self.mode.addItem("per datum", "date")
        self.mode.addItem("per periode (verdeeld over de maanden)", "period")
        self.mode.setToolTip("Per periode: het totaal van een periode, zoals de aanbieder het opgeeft. Koers verdeelt "
                             "het naar rato van de dagen over de kalendermaanden van die periode.")
        self.period_choice = QComboBox()
        self.date_field = QLineEdit(placeholderText="dd-mm-jjjj")
        self.date_field.setText(format_date_short(min(clock.today(), self.header_info.decision.end_date)))
        self.hours_field = QLineEdit(placeholderText="bijvoorbeeld 2,5")
        self.no_show = QCheckBox("No-show (inwoner niet aanwezig)")
        self.book_button = QPushButton("Uren boeken", objectName="Primary")
        self.book_button.setAutoDefault(False)  # Enter in a field books once, via returnPressed only
        self.book_button.clicked.connect(self.book)
        self.date_field.returnPressed.connect(self.book)
        self.hours_field.returnPressed.connect(self.book)
        form.addRow("Boeken:", self.mode)
        form.addRow("Datum:", self.date_field)
        form.addRow("Periode:", self.period_choice)
        form.addRow("Uren:", self.hours_field)
        self._entry_form = form
        self.mode.currentIndexChanged.connect(self._mode_changed)
        form.addRow("", self.no_show)
        el.addLayout(form)
        el.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignRight)
        el.addWidget(self.error_panel)
        # the panel's room is kept while it is hidden: a refusal appearing or going never moves the form
        policy = self.error_panel.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.error_panel.setSizePolicy(policy)
        self.error_panel.setText("\n".join("x" * 4))  # room for four lines, as the style draws them
        self.error_panel.ensurePolished()
        self.error_panel.setMinimumHeight(self.error_panel.sizeHint().height())
        self.error_panel.setText("")
        entry_box.setVisible(self.can_enter)

        self.entries_model = RowsTableModel(["Datum of periode", "Uren", "No-show"], right_aligned=(1,))
        self.entries_table = make_table_view(self.entries_model)
        self.correct_button = QPushButton("Corrigeren…")
        self.delete_button = QPushButton("Verwijderen…")
        entry_buttons = QHBoxLayout()
        entry_buttons.addStretch(1)
        for button, slot in ((self.correct_button, self.correct_selected), (self.delete_button, self.delete_selected)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            button.setVisible(self.can_enter)
            button.setEnabled(False)
            entry_buttons.addWidget(button)
        self.entries_table.selectionModel().selectionChanged.connect(lambda *_: self._entry_buttons())
        entries_box = QGroupBox("Geboekte uren")
        xl = QVBoxLayout(entries_box)
        xl.addWidget(self.entries_table, 1)
        xl.addLayout(entry_buttons)

        self.moments_model = RowsTableModel(["Evaluatie gepland", "Gehouden", "Uitkomst"])
        self.moments_table = make_table_view(self.moments_model)
        self.moments_table.setMaximumHeight(150)
        self.moment_add = QPushButton("Toevoegen…")
        self.moment_move = QPushButton("Verplaatsen…")
        self.moment_remove = QPushButton("Verwijderen")
        moment_buttons = QHBoxLayout()
        moment_buttons.addStretch(1)
        for button, slot in ((self.moment_add, self.add_moment), (self.moment_move, self.move_moment),
                             (self.moment_remove, self.remove_moment)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit)
            moment_buttons.addWidget(button)
        self.moment_evaluate = QPushButton("Evaluatie vastleggen…")
        self.moment_evaluate.setToolTip("Het evaluatieformulier voor het gekozen, nog niet gehouden moment")
        self.moment_evaluate.setAutoDefault(False)
        self.moment_evaluate.clicked.connect(self.record_moment)
        self.moment_evaluate.setHidden(not audit.allowed(actor, Action.EVALUATION_RECORD))
        self.moments_table.doubleClicked.connect(lambda _: self.moment_evaluate.isEnabled()
                                                 and self.moment_evaluate.isVisible() and self.record_moment())
        self.moments_table.selectionModel().selectionChanged.connect(lambda *_: self._moment_buttons())
        self.moments_error = _panel("ErrorPanel")
        moments_box = QGroupBox("Evaluatiemomenten")
        moments_box.setVisible(not self.can_enter)  # who books hours has no use for them; keeps the column calm
        ml = QVBoxLayout(moments_box)
        ml.addWidget(self.moments_table)
        ml.addLayout(moment_buttons)
        ml.addWidget(self.moment_evaluate, 0, Qt.AlignmentFlag.AlignRight)
        ml.addWidget(self.moments_error)

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(entry_box)
        sl.addWidget(moments_box)
        sl.addWidget(entries_box, 1)
        side.setMinimumWidth(320)
        side.setMaximumWidth(460)
        self.chart.setMinimumWidth(520)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.chart)
        lower.addWidget(side)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 0)
        lower.setChildrenCollapsible(False)
        lower.setSizes([820, 400])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.refusal_text = QLabel(wordWrap=True)
        self.refusal_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_box = self._boxed("Motivering van de afwijzing", self.refusal_text)
        layout.addWidget(header)
        layout.addWidget(tables)
        layout.addWidget(self.totals)
        layout.addWidget(self.notice_panel)
        layout.addWidget(self.forecast_panel)
        layout.addWidget(lower, 1)
        layout.addWidget(self.refusal_box)
        layout.addStretch(0)
        self._support_parts = (tables, self.totals, lower)  # what an afwijzing has none of

        self._show_header()
        self.refresh()
        self._mode_changed()

    @staticmethod
    def _fit_rows(table, rows: int) -> None:
        """Tall enough for the usual 7 periods without a scroll bar; longer decisions scroll."""
        height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)

    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(widget)
        return box

    # --- showing

    @property
    def header_info(self) -> screen.DecisionHeader:
        return self.screen.header

    @property
    def summary(self) -> ledger.LedgerSummary:
        return self.screen.ledger

    def _show_header(self) -> None:
        h = self.header_info
        d = h.decision
        self.title.setText(f"Beschikking {d.toewijzing_nummer}")
        indicated = format_hours(Decimal(d.indicated_minutes) / 60)
        surplus = f" + {format_hours(Decimal(d.surplus_minutes) / 60)} overloop" if d.surplus_minutes else ""
        per_period = (f" ({format_hours(Decimal(d.minutes_per_period) / 60)} per periode)"
                      if d.minutes_per_period else "")
        if d.financing_form is FinancingForm.UREN_X_TARIEF:
            tariff = f"{format_money(Decimal(d.tariff_cents) / 100)} per uur"
        else:
            per = "per maand" if d.financing_form is FinancingForm.BEDRAG_PER_MAAND else "per traject"
            tariff = f"{format_money(Decimal(d.fixed_amount_cents or 0) / 100)} {per}"
        weeks = "week" if d.period_weeks == 1 else "weken"
        values = {
            "Product": h.product, "Aanbieder": h.aanbieder, "Niveau": labels.COMPLEXITY[d.complexity],
            "Categorie": labels.CATEGORY[d.category],
            "Perioden": f"{d.period_count} × {d.period_weeks} {weeks}",
            "Looptijd": f"{format_date(d.start_date)} – {format_date(d.end_date)}",
            "Status": labels.DECISION_STATUS[d.status], "Omvang": f"{indicated} geïndiceerd{surplus}{per_period}",
            "Tarief": tariff,
        }
        refused = d.kind is DecisionKind.AFWIJZING
        if refused:  # nothing granted: no provider, extent or tariff, and no hours to show
            self.title.setText(f"Afwijzing {d.toewijzing_nummer}")
            values.update({name: "—" for name in ("Aanbieder", "Niveau", "Categorie", "Perioden", "Tarief")})
            values.update(Looptijd=f"besluit van {format_date(d.start_date)}", Omvang="geen: de aanvraag is afgewezen")
            self.refusal_text.setText(d.motivation or "")
        for part in self._support_parts:
            part.setVisible(not refused)
        self.refusal_box.setVisible(refused)
        for name, value in values.items():
            self.facts[name].setText(value)
        allowed = self.screen.actions
        self.establish_button.setEnabled(allowed.establish)
        self.change_button.setEnabled(allowed.change)
        self.end_button.setEnabled(allowed.end)
        self.revoke_button.setEnabled(allowed.revoke)
        self.book_button.setEnabled(allowed.book_hours)

    def reread(self) -> None:
        """Reads the screen again after the user's own change (which has its own line in the access log)."""
        self.screen = screen.open_screen(self._db, self._actor, self.decision_id, reason=self._reason,
                                         logged=False)

    def refresh(self) -> None:
        """Redraws tables, totals, forecast, chart, entries and moments from the screen's one read."""
        result = self.screen.ledger
        self.periods_model.set_rows([
            (str(p.number), format_date(p.start_date), format_date(p.end_date), format_hours(p.share),
             format_hours(p.realised), format_hours(p.cumulative), format_hours(p.remaining), format_money(p.amount))
            for p in result.periods], warn_rows=[i for i, p in enumerate(result.periods) if p.realised > p.share])
        self.months_model.set_rows([(f"{MONTHS[m.month - 1]} {m.year}", format_hours(m.realised),
                                     format_money(m.amount)) for m in result.months])
        self.totals.setText(
            f"<b>{format_hours(result.realised)}</b> gerealiseerd van "
            f"{format_hours(result.ceiling)} · <b>{format_hours(result.remaining)}</b> resterend"
            f" · <b>{format_money(result.billed)}</b> gedeclareerd")
        warnings = self.screen.forecast
        self.forecast_panel.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.forecast_panel.setVisible(bool(warnings))
        self.notice_panel.setText(self.screen.notice)
        self.notice_panel.setVisible(bool(self.screen.notice))
        self.chart.show_summary(result)
        self.entries_model.set_rows([(self.describe(e), format_hours(e.hours), "ja" if e.no_show else "")
                                     for e in self.screen.entries])
        self._entry_buttons()
        chosen = self.period_choice.currentData()
        self.period_choice.clear()
        for p in result.periods:
            self.period_choice.addItem(f"Periode {p.number} · {format_date_short(p.start_date)} – "
                                       f"{format_date_short(p.end_date)}", p.number)
        current = self._current_period(result)
        index = self.period_choice.findData(chosen if chosen is not None else current)
        self.period_choice.setCurrentIndex(max(index, 0))
        self._refresh_moments()

    @staticmethod
    def _current_period(result: ledger.LedgerSummary) -> int | None:
        today = clock.today()
        started = [p.number for p in result.periods if p.start_date <= today]
        return started[-1] if started else None

    def _mode_changed(self) -> None:
        by_period = self.mode.currentData() == "period"
        self._entry_form.setRowVisible(self.date_field, not by_period)
        self._entry_form.setRowVisible(self.period_choice, by_period)

    def _show_error(self, text: str) -> None:
        self.error_panel.setText(text)
        self.error_panel.setVisible(bool(text))

    # --- booking

    def book(self) -> None:
        """Books the hours (for one date, or a whole period); a refusal stays visible in the screen and nothing
        is stored."""
        if not self.can_enter:
            return
        no_show = self.no_show.isChecked()
        read = Fields()
        hours = read(parse_hours, self.hours_field.text(), "het aantal uren", field="hours", required=True,
                     allow_zero=False)
        number = service_date = None
        if self.mode.currentData() == "period":
            number = self.period_choice.currentData()
            if number is None:
                read.add("period", "Kies de periode waarvoor u de uren boekt.")
        else:
            service_date = read(parse_date, self.date_field.text(), "de datum", field="date", required=True)
        booking_fields = {"hours": self.hours_field, "date": self.date_field, "period": self.period_choice}
        clear_marks(booking_fields.values())
        try:
            read.raise_if_any("De uren zijn niet opgeslagen. Herstel eerst:")
        except ValidationError as exc:
            self._show_error(error_text(exc))
            mark_fields(booking_fields, exc.field_errors)
            return
        if number is not None:
            self._attempt_booking(lambda: ledger.add_period_realisation(
                self._db, self._actor, self.decision_id, number, hours, no_show=no_show))
        else:
            self._attempt_booking(lambda: ledger.add_realisation(self._db, self._actor, self.decision_id,
                                                                 service_date, hours, no_show=no_show))

    def _attempt_booking(self, action) -> None:
        try:
            action()
        except ledger.OverrunRefused as exc:
            self._show_error(exc.message)
            self.hours_field.setFocus()
            self.hours_field.selectAll()
            return
        except KoersError as exc:
            self._show_error(error_text(exc))
            self.hours_field.setFocus()
            return
        self._booked()

    def _booked(self) -> None:
        self._show_error("")
        clear_marks((self.hours_field, self.date_field, self.period_choice))
        self.hours_field.clear()
        self.no_show.setChecked(False)
        self.reread()
        self.refresh()
        self.hours_field.setFocus()
        self.changed.emit(self.decision_id)

    def selected_entry(self) -> ledger.Entry | None:
        rows = self.entries_table.selectionModel().selectedRows()
        entries = self.screen.entries
        return entries[rows[0].row()] if rows and rows[0].row() < len(entries) else None

    def describe(self, entry: ledger.Entry) -> str:
        """'12 maart 2026', or for a period booking 'periode 3 (02-03 – 29-03-2026)'."""
        if entry.covers_from is None:
            return format_date(entry.service_date)
        number = next((p.number for p in self.summary.periods if p.start_date <= entry.service_date <= p.end_date),
                      None)
        first = (entry.covers_from.strftime("%d-%m") if entry.covers_from.year == entry.service_date.year
                 else format_date_short(entry.covers_from))
        span = f"{first} – {format_date_short(entry.service_date)}"
        return f"periode {number} ({span})" if number is not None else span

    def _entry_buttons(self) -> None:
        chosen = self.selected_entry() is not None
        self.correct_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def correct_selected(self) -> None:
        from desktop.ui.decisions.booking_dialogs import CorrectBookingDialog

        entry = self.selected_entry()
        if entry is not None and self.can_enter:
            self._after_booking_dialog(CorrectBookingDialog(self._db, self._actor, entry, self.describe(entry), self))

    def delete_selected(self) -> None:
        from desktop.ui.decisions.booking_dialogs import DeleteBookingDialog

        entry = self.selected_entry()
        if entry is not None and self.can_enter:
            self._after_booking_dialog(DeleteBookingDialog(self._db, self._actor, entry, self.describe(entry), self))

    def _after_booking_dialog(self, dialog) -> None:
        self.booking_dialog = dialog  # tests answer it through exec
        if not dialog.exec():
            return
        self._show_error("")
        self.reread()
        self.refresh()
        self.changed.emit(self.decision_id)


    # --- what happens to the decision

    def _reload_header(self) -> None:
        self.reread()
        self._show_header()
        self.refresh()
        self.changed.emit(self.decision_id)

    def establish(self) -> None:
        if not dialogs.ask_confirm(self, "Beschikking vaststellen",
                                   "Na vaststellen ligt de inhoud vast en worden de evaluatiemomenten gepland. "
                                   "Wijzigen gaat daarna alleen nog met een nieuwe beschikking. Nu vaststellen?",
                                   yes="Vaststellen", no="Annuleren"):
            return
        try:
            lifecycle.establish(self._db, self._actor, self.decision_id, clock.today(), reason=self._reason)
        except KoersError as exc:
            dialogs.show_error(self, "Niet vastgesteld", exc.message)
            return
        self._reload_header()

    def change(self) -> None:
        from desktop.ui.decisions.create_dialog import CreateDecisionDialog

        try:
            dialog = CreateDecisionDialog(self._db, self._actor, self.header_info.decision.casus_id, self._reason,
                                          self, replaces=self.header_info.decision)
        except KoersError as exc:
            dialogs.show_error(self, "Wijzigen kan niet", exc.message)
            return
        if dialog.exec() and dialog.created is not None:
            self._reload_header()
            self.replaced.emit(dialog.created.id)

    def end(self) -> None:
        if EndDecisionDialog(self._db, self._actor, self.header_info.decision, self).exec():
            self._reload_header()

    def revoke(self) -> None:
        if RevokeDecisionDialog(self._db, self._actor, self.header_info.decision, self).exec():
            self._reload_header()

    def show_letter(self) -> None:
        from desktop.ui.letters.preview import show_decision_letter

        show_decision_letter(self._db, self._actor, self.decision_id, self, reason=self._reason)

    # --- evaluation moments

    def _refresh_moments(self) -> None:
        self.moments_model.set_rows([
            (format_date(m.planned_date), format_date(m.done_date) if m.done_date else "",
             labels.OUTCOME.get(m.outcome, "") if m.outcome else "") for m in self.screen.moments])
        self._moment_buttons()

    def selected_moment(self) -> evaluation_moments.Moment | None:
        rows = self.moments_table.selectionModel().selectedRows()
        moments = self.screen.moments
        return moments[rows[0].row()] if rows and rows[0].row() < len(moments) else None

    def _moment_buttons(self) -> None:
        allowed = self.screen.actions
        chosen = self.selected_moment()
        open_moment = chosen is not None and not chosen.done
        self.moment_add.setEnabled(allowed.edit_moments)
        self.moment_move.setEnabled(allowed.edit_moments and open_moment)
        self.moment_remove.setEnabled(allowed.edit_moments and open_moment)
        self.moment_evaluate.setEnabled(allowed.evaluate and open_moment)

    def _moment_done(self) -> None:
        self.moments_error.hide()
        self.reread()
        self._refresh_moments()
        self.changed.emit(self.decision_id)

    def record_moment(self) -> None:
        """The evaluation form for the chosen moment; a wijziging made right after it replaces this screen."""
        from desktop.ui.evaluations.dialog import EvaluationDialog

        moment = self.selected_moment()
        if moment is None or moment.done:
            return
        try:
            dialog = EvaluationDialog(self._db, self._actor, moment.id, reason=self._reason, parent=self)
        except KoersError as exc:
            dialogs.show_error(self, "Evaluatie niet geopend", exc.message)
            return
        dialog.exec()
        if dialog.saved is None:
            return
        self._reload_header()  # an ended decision, and the moments with this one held
        if dialog.follow_up is not None:
            self.replaced.emit(dialog.follow_up.id)

    def add_moment(self) -> None:
        d = self.header_info.decision
        suggested = min(rules.add_months(max(clock.today(), d.start_date), 3), d.end_date)
        dialog = MomentDateDialog("Evaluatiemoment toevoegen", suggested, lambda day: evaluation_moments.add_moment(
            self._db, self._actor, self.decision_id, day, reason=self._reason), self)
        if dialog.exec():
            self._moment_done()

    def move_moment(self) -> None:
        moment = self.selected_moment()
        if moment is None:
            return
        dialog = MomentDateDialog("Evaluatiemoment verplaatsen", moment.planned_date,
                                  lambda day: evaluation_moments.move_moment(self._db, self._actor, moment.id, day,
                                                                             reason=self._reason), self)
        if dialog.exec():
            self._moment_done()

    def remove_moment(self) -> None:
        moment = self.selected_moment()
        if moment is None or not dialogs.ask_confirm(
                self, "Evaluatiemoment verwijderen", f"De evaluatie van {format_date(moment.planned_date)} "
                "verwijderen?", yes="Verwijderen", no="Annuleren"):
            return
        try:
            evaluation_moments.remove_moment(self._db, self._actor, moment.id, reason=self._reason)
        except KoersError as exc:
            self.moments_error.setText(exc.message)
            self.moments_error.show()
            return
        self._moment_done()


class DecisionWindow(QDialog):
    """The decision screen in its own (non-modal) window, opened from the resident's file."""

    def __init__(self, db: Database, actor: Actor, decision_id: int, parent: QWidget | None = None, *,
                 reason: str | None = None):
        super().__init__(parent)
        self._db, self._actor, self._reason = db, actor, reason
        self.view = DecisionView(db, actor, decision_id, self, reason=reason)
        self.view.replaced.connect(self._show_replacement)
        self.setWindowTitle(f"Beschikking {self.view.header_info.decision.toewijzing_nummer} — Koers")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self._scroll = scrolling(self.view)  # on a laptop the screen scrolls; Sluiten stays in view below it
        layout.addWidget(self._scroll, 1)
        row = QHBoxLayout()
        row.setContentsMargins(12, 0, 12, 0)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        fit_to_screen(self, 1240, 900)

    def _show_replacement(self, new_id: int) -> None:
        """After a wijziging the window shows the new decision; the old one stays in the file's history."""
        old = self.view
        self.view = DecisionView(self._db, self._actor, new_id, self, reason=self._reason)
        self.view.replaced.connect(self._show_replacement)
        self.view.changed.connect(lambda _id: old.changed.emit(_id))
        self._scroll.takeWidget()  # the old view stays alive (hidden) for its relayed signal
        old.setParent(self)
        old.hide()
        self._scroll.setWidget(self.view)
        self.setWindowTitle(f"Beschikking {self.view.header_info.decision.toewijzing_nummer} — Koers")
