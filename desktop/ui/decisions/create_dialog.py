"""A new beschikking from an agreed plan version. The core validates and derives; this form shows a live
preview of the end date and the hours, and the problems the core reports (nothing is stored then)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.engine import Database
from db.models import Beschikking
from db.models.enums import Complexity, FinancingForm, IndicationCategory, PlanStatus
from db.units import minutes_to_hours
from desktop.core import catalog, labels, reference
from desktop.core.access.actor import Actor
from desktop.core.access.audit import ReasonRequired
from desktop.core.decisions import lifecycle, rules
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import format_date, format_date_short, format_hours, format_number
from desktop.core.parse import Fields, parse_date, parse_hours, parse_minutes, parse_money
from desktop.core.plans import versions
from desktop.ui import dialogs
from desktop.ui.messages import error_text
from desktop.ui.widgets.field_marks import clear_marks, mark_fields
from desktop.ui.widgets.screen_fit import fit_to_screen, scrolling

# Which input a core problem is about, recognised by words in its Dutch message (the core gives no field here).
_PROBLEM_FIELDS = (("uren per periode", "hours"), ("omvang", "hours"), ("overloop", "surplus"),
                   ("minimum van de bandbreedte", "band_min"), ("bandbreedte (minimum", "band_min"),
                   ("bandbreedte (maximum", "band_max"), ("vaste bedrag", "fixed"), ("tarief", "tariff"),
                   ("ingangsdatum", "start"), ("resultaat", "results"), ("motivering", "motivation"),
                   ("product", "product"), ("aanbieder", "aanbieder"), ("planversie", "version"),
                   ("reden", "change_reason"), ("toelichting", "change_explanation"), ("wijziging gaat in", "start"),
                   ("te klein", "hours"))


def field_text(value: Decimal | int | None, places: int | None = None) -> str:
    """A number as the user would type it into a field ('8', '1,5', '425,50'); '' for nothing."""
    return "" if value is None else format_number(value, places)


class CreateDecisionDialog(QDialog):
    """Raises KoersError on opening when the case has no agreed plan version (ReasonRequired passes through).

    With `replaces` it drafts a wijziging: the form starts as a copy of that decision and asks for the reason
    (from the law's own list) and an explanation; only vaststellen replaces the old decision from the new date.
    """

    def __init__(self, db: Database, actor: Actor, casus_id: int, reason: str | None = None,
                 parent: QWidget | None = None, *, replaces: Beschikking | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._casus_id = casus_id
        self._reason = reason
        self._replaces = replaces
        self.created: Beschikking | None = None
        newest = versions.open_plan(db, actor, casus_id, reason=reason)
        agreed = [v for v in (newest.versions if newest else []) if v.status is PlanStatus.AKKOORD]
        if newest is None or not agreed:
            raise KoersError("Deze casus heeft nog geen plan dat akkoord is met de inwoner. Een beschikking volgt "
                             "op een akkoord plan: laat eerst een planversie akkoord geven.")
        self._docs = {newest.plan.version_no: newest}
        self._casus = newest.casus
        self.setWindowTitle(f"Wijziging van beschikking {replaces.toewijzing_nummer} · {newest.resident_name}"
                            if replaces else f"Nieuwe beschikking · {newest.resident_name} ({newest.client_number})")
        self.setMinimumWidth(860)

        self.error_panel = QLabel(objectName="ErrorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_panel.hide()

        # --- basis: plan version and the results served
        self.version = QComboBox()
        for v in sorted(agreed, key=lambda v: v.version_no, reverse=True):
            self.version.addItem(v.label, v.version_no)
        self.results = QListWidget()
        self.results.setMinimumHeight(150)
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.motivation = QPlainTextEdit(placeholderText="Waarom deze ondersteuning, in deze omvang, nodig is")
        self.motivation.setTabChangesFocus(True)
        basis = QGroupBox("Grondslag")
        bl = QVBoxLayout(basis)
        bl.addWidget(QLabel(f"{labels.LAW[self._casus.law]}, melding {format_date(self._casus.melding_date)}",
                            objectName="Muted"))
        bf = QFormLayout()
        bf.addRow("Planversie *", self.version)
        bl.addLayout(bf)
        bl.addWidget(QLabel("Resultaten die deze beschikking dient *"))
        bl.addWidget(self.results, 2)
        bl.addWidget(QLabel("Motivering"))
        bl.addWidget(self.motivation, 1)

        # --- provision
        self.product = QComboBox()
        self._products = catalog.list_products(db, actor, self._casus.law)
        for p in self._products:
            self.product.addItem(p.label, p.id)
        self.aanbieder = QComboBox()
        self.aanbieder.setToolTip("Alleen aanbieders met een contract voor dit product op de ingangsdatum")
        self.complexity = QComboBox()
        for value, label in labels.COMPLEXITY.items():
            self.complexity.addItem(label, value)
        self.complexity.setCurrentIndex(self.complexity.findData(Complexity.M))
        self.category = QComboBox()
        for value, label in labels.CATEGORY.items():
            self.category.addItem(label, value)
        self.financing = QComboBox()
        for value, label in labels.FINANCING.items():
            self.financing.addItem(label, value)
        provision = QGroupBox("Voorziening")
        pf = QFormLayout(provision)
        pf.addRow("Product *", self.product)
        pf.addRow("Aanbieder *", self.aanbieder)
        pf.addRow("Zwaarte *", self.complexity)
        pf.addRow("Categorie *", self.category)
        pf.addRow("Financiering *", self.financing)

        # --- extent
        self.hours = QLineEdit("8")
        self.hours.setMaximumWidth(90)
        self.period_count = QSpinBox(minimum=1, maximum=rules.MAX_PERIODS, value=7)
        self.period_weeks = QSpinBox(minimum=1, maximum=rules.MAX_PERIOD_WEEKS, value=4)
        self.surplus = QLineEdit("0")
        self.surplus.setMaximumWidth(90)
        self.band_min = QLineEdit(placeholderText="min")
        self.band_max = QLineEdit(placeholderText="max")
        for w in (self.band_min, self.band_max):
            w.setMaximumWidth(90)
        self.fixed = QLineEdit(placeholderText="€")
        self.fixed.setMaximumWidth(120)
        self.tariff = QLineEdit(placeholderText="uit de catalogus")
        self.tariff.setMaximumWidth(150)
        self.start = QLineEdit(format_date_short(clock.today()), placeholderText="dd-mm-jjjj")
        self.start.setMaximumWidth(120)
        extent = QGroupBox("Omvang en looptijd")
        ef = QFormLayout(extent)
        ef.addRow("Uren per periode *", self._row(self.hours, QLabel("uur")))
        ef.addRow("Perioden *", self._row(self.period_count, QLabel("perioden van"), self.period_weeks,
                                          QLabel("weken")))
        ef.addRow("Overloopuren", self._row(self.surplus, QLabel("uur bovenop het totaal")))
        ef.addRow("Bandbreedte", self._row(self.band_min, QLabel("tot"), self.band_max, QLabel("uur per week")))
        ef.addRow("Vast bedrag", self._row(self.fixed, QLabel("alleen bij resultaatfinanciering")))
        ef.addRow("Tarief per uur", self._row(self.tariff, QLabel("€, alleen om af te wijken")))
        ef.addRow("Ingangsdatum *", self.start)

        self.preview = QLabel(objectName="Preview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("font-weight: 600; padding: 6px 2px;")

        self.concept_button = QPushButton("Opslaan als concept")
        self.concept_button.clicked.connect(lambda: self.save(establish=False))
        self.establish_button = QPushButton("Opslaan en vaststellen", objectName="Primary")
        self.establish_button.clicked.connect(lambda: self.save(establish=True))
        self.establish_button.setDefault(True)
        cancel = QPushButton("Annuleren")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        hint = QLabel("Velden met * zijn verplicht. Na vaststellen ligt de inhoud vast.", objectName="Muted")
        buttons.addWidget(hint, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.concept_button)
        buttons.addWidget(self.establish_button)

        self.change_reason = QComboBox()
        self.change_explanation = QPlainTextEdit(placeholderText="Wat verandert er en waarom, in een paar zinnen")
        self.change_explanation.setTabChangesFocus(True)
        self.change_explanation.setMaximumHeight(70)
        change_box = QGroupBox("Wijziging")
        cf = QFormLayout(change_box)
        if replaces is not None:
            self.change_reason.addItem("Kies een reden…", None)
            for code, label in reference.codes(db, "reden_wijziging", replaces.law):
                self.change_reason.addItem(f"{code} {label}", code)
            cf.addRow(QLabel(f"Vervangt beschikking {replaces.toewijzing_nummer} "
                             f"({format_date(replaces.start_date)} – {format_date(replaces.end_date)}) vanaf de "
                             "ingangsdatum hieronder, zodra de wijziging is vastgesteld. Tot dan blijft die "
                             "beschikking gelden; uren die vanaf de ingangsdatum zijn geboekt, gaan bij het "
                             "vaststellen mee.", wordWrap=True, objectName="Muted"))
            cf.addRow(f"Reden ({reference.standard_of(replaces.law)}) *", self.change_reason)
            cf.addRow("Toelichting *", self.change_explanation)
        change_box.setVisible(replaces is not None)

        right = QVBoxLayout()
        right.addWidget(change_box)
        right.addWidget(provision)
        right.addWidget(extent)
        right.addStretch(1)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(basis, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addWidget(scrolling(body), 1)  # on a laptop the form scrolls; the summary and buttons stay in view
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        fit_to_screen(self, 1000, 780)

        self._fields = {"version": self.version, "results": self.results, "product": self.product,
                        "aanbieder": self.aanbieder, "hours": self.hours, "surplus": self.surplus,
                        "band_min": self.band_min, "band_max": self.band_max, "fixed": self.fixed,
                        "tariff": self.tariff, "start": self.start, "motivation": self.motivation,
                        "change_reason": self.change_reason, "change_explanation": self.change_explanation}
        self.version.currentIndexChanged.connect(self._load_results)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.financing.currentIndexChanged.connect(self._financing_changed)
        for w in (self.hours, self.surplus, self.start, self.fixed):
            w.textChanged.connect(self.update_preview)
        self.start.textChanged.connect(self._refill_aanbieders)
        for w in (self.period_count, self.period_weeks):
            w.valueChanged.connect(self.update_preview)
        self._load_results()
        self._product_changed()
        if replaces is not None:
            self._prefill(replaces)
        self._initial = self._snapshot()
        (self.change_reason if replaces is not None else self.product).setFocus()

    def _prefill(self, old: Beschikking) -> None:
        """The form as a copy of the decision it replaces, starting today (or the first day it can)."""
        draft = lifecycle.draft_input(self._db, self._actor, old.id, reason=self._reason)
        version = next((no for no, doc in self._docs.items() if doc.plan.id == draft.plan_id), None)
        if version is not None and self.version.findData(version) >= 0:
            self.version.setCurrentIndex(self.version.findData(version))
        for i in range(self.results.count()):
            item = self.results.item(i)
            chosen = item.data(Qt.ItemDataRole.UserRole) in draft.result_ids
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        for combo, value in ((self.product, draft.product_id), (self.aanbieder, draft.aanbieder_id),
                             (self.complexity, draft.complexity), (self.category, draft.category),
                             (self.financing, draft.financing_form)):
            if combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))
        if draft.hours_per_period is not None:
            self.hours.setText(field_text(draft.hours_per_period))
        self.period_count.setValue(draft.period_count)
        self.period_weeks.setValue(draft.period_weeks)
        self.surplus.setText(field_text(draft.surplus_hours))
        self.band_min.setText(field_text(draft.bandwidth_min_hours_week))
        self.band_max.setText(field_text(draft.bandwidth_max_hours_week))
        self.fixed.setText(field_text(draft.fixed_amount, 2))
        self.start.setText(format_date_short(draft.start_date))
        self.motivation.setPlainText(draft.motivation)
        self.update_preview()

    @staticmethod
    def _row(*widgets) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            if isinstance(w, QLabel):
                w.setObjectName("Muted")
            row.addWidget(w)
        row.addStretch(1)
        return row

    # --- reacting to choices

    def _load_results(self) -> None:
        version_no = self.version.currentData()
        doc = self._docs.get(version_no)
        if doc is None:
            try:
                doc = versions.open_plan(self._db, self._actor, self._casus_id, version_no=version_no,
                                      reason=self._reason)
            except KoersError as exc:
                self._show_problems(exc)
                return
            self._docs[version_no] = doc
        self.results.clear()
        for g in doc.view.goals:
            for r in g.results:
                item = QListWidgetItem(r.description)
                item.setToolTip(f"Doel: {g.goal.description}")
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.results.addItem(item)

    def _product_changed(self) -> None:
        chosen = next((p for p in self._products if p.id == self.product.currentData()), None)
        if chosen is not None:
            self.financing.setCurrentIndex(self.financing.findData(chosen.financing_form))
        self._refill_aanbieders()
        self._financing_changed()

    def _refill_aanbieders(self) -> None:
        """The aanbieders contracted for the chosen product on the start date; the choice stays where it can."""
        try:
            on = parse_date(self.start.text(), "de ingangsdatum")
        except ValidationError:
            return  # a half-typed date: keep the list until the date is whole
        current = self.aanbieder.currentData()
        choices = catalog.contracted_aanbieders(self._db, self._actor, self.product.currentData(), on)
        self.aanbieder.blockSignals(True)
        self.aanbieder.clear()
        for a in choices:
            self.aanbieder.addItem(a.name, a.id)
        if not choices:
            self.aanbieder.addItem("Geen aanbieder met een contract voor dit product op deze datum", None)
        index = self.aanbieder.findData(current) if current is not None else -1
        self.aanbieder.setCurrentIndex(max(index, 0))
        self.aanbieder.blockSignals(False)

    def _financing_changed(self) -> None:
        hours_based = self.financing_form() is FinancingForm.UREN_X_TARIEF
        self.fixed.setEnabled(not hours_based)
        self.tariff.setEnabled(hours_based)
        self.update_preview()

    # Qt hands str-based enums back as plain strings; the core compares members by identity.
    def financing_form(self) -> FinancingForm:
        return FinancingForm(self.financing.currentData())

    def selected_result_ids(self) -> list[int]:
        return [self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.count())
                if self.results.item(i).checkState() is Qt.CheckState.Checked]

    def update_preview(self) -> None:
        weeks, count = self.period_weeks.value(), self.period_count.value()
        quiet = Fields()  # the preview shows what it can; the problems are for saving
        start = quiet(parse_date, self.start.text(), "de ingangsdatum", field="start")
        parts = [f"Einddatum {format_date(rules.derive_end_date(start, weeks, count))}" if start
                 else "Einddatum volgt uit een geldige ingangsdatum"]
        span = (f"{count} {'periode' if count == 1 else 'perioden'} van {weeks} "
                f"{'week' if weeks == 1 else 'weken'}")
        minutes = quiet(parse_minutes, self.hours.text(), "de uren per periode", field="hours")
        if minutes is not None and start is not None:
            rows = rules.derive_periods(start, weeks, count, minutes * count)
            total = format_hours(minutes_to_hours(sum(share for *_, share in rows)))
            parts.append(f"{total} in {span}")
        elif minutes is not None:
            parts.append(f"{format_hours(minutes_to_hours(minutes * count))} in {span}")
        else:
            parts.append(span)
        surplus = quiet(parse_hours, self.surplus.text(), "de overloopuren", field="surplus")
        if surplus:
            parts.append(f"plus {format_hours(surplus)} overloop")
        self.preview.setText(" · ".join(parts))

    # --- saving

    def _input(self) -> lifecycle.DecisionInput:
        """The form read into typed values; every field that cannot be read is listed at once."""
        read = Fields()
        start = read(parse_date, self.start.text(), "de ingangsdatum", field="start", required=True)
        if self.product.currentData() is None:
            read.add("product", "Er is geen product in de catalogus voor deze wet. Vraag de beheerder het toe te "
                                "voegen.")
        if self.aanbieder.currentData() is None:
            read.add("aanbieder", "Er is geen aanbieder in de catalogus. Vraag de beheerder er een toe te voegen.")
        hours_based = self.financing_form() is FinancingForm.UREN_X_TARIEF
        per_period = read(parse_hours, self.hours.text(), "de uren per periode", field="hours")
        if hours_based and per_period is None and "hours" not in read.errors:
            read.add("hours", "Vul de uren per periode in: de omvang moet vaststaan.")
        surplus = read(parse_hours, self.surplus.text(), "de overloopuren", field="surplus")
        band_min = read(parse_hours, self.band_min.text(), "de bandbreedte (minimum per week)", field="band_min")
        band_max = read(parse_hours, self.band_max.text(), "de bandbreedte (maximum per week)", field="band_max")
        fixed = read(parse_money, self.fixed.text(), "het vaste bedrag", field="fixed") if not hours_based else None
        tariff = read(parse_money, self.tariff.text(), "het tarief per uur", field="tariff") if hours_based else None
        read.raise_if_any("De beschikking is niet opgeslagen. Herstel eerst:")
        doc = self._docs[self.version.currentData()]
        return lifecycle.DecisionInput(
            plan_id=doc.plan.id, result_ids=self.selected_result_ids(), product_id=self.product.currentData(),
            aanbieder_id=self.aanbieder.currentData(), complexity=Complexity(self.complexity.currentData()),
            category=IndicationCategory(self.category.currentData()), start_date=start,
            period_weeks=self.period_weeks.value(), period_count=self.period_count.value(),
            hours_per_period=per_period, surplus_hours=surplus or Decimal(0), bandwidth_min_hours_week=band_min,
            bandwidth_max_hours_week=band_max, financing_form=self.financing_form(), fixed_amount=fixed,
            tariff=tariff, motivation=self.motivation.toPlainText())

    def save(self, *, establish: bool) -> None:
        self._clear_marks()
        try:
            data = self._input()
        except ValidationError as exc:
            self._show_problems(exc)
            return
        # Validate first, confirm after: every problem is named before the irreversible question is asked.
        establish_on = clock.today() if establish else None
        try:
            if establish:
                self._check(data, establish_on)
                if not dialogs.ask_confirm(
                        self, "Beschikking vaststellen",
                        "Na vaststellen ligt de inhoud van de beschikking vast; wijzigen gaat dan alleen nog met een "
                        "nieuwe beschikking. Nu opslaan en vaststellen?", yes="Vaststellen",
                        no="Terug naar het formulier"):
                    return
            if self._replaces is not None:  # saved and established in one transaction: all or nothing
                self.created = lifecycle.change_decision(
                    self._db, self._actor, self._replaces.id, data, reason_code=self.change_reason.currentData(),
                    explanation=self.change_explanation.toPlainText(), establish_on=establish_on)
            else:
                self.created = lifecycle.create_decision(self._db, self._actor, self._casus_id, data,
                                                         reason=self._reason, establish_on=establish_on)
        except ReasonRequired:
            raise
        except KoersError as exc:
            self._show_problems(exc)
            return
        self.accept()

    def _check(self, data: lifecycle.DecisionInput, establish_on) -> None:
        if self._replaces is not None:
            lifecycle.check_change(self._db, self._actor, self._replaces.id, data,
                                   reason_code=self.change_reason.currentData(),
                                   explanation=self.change_explanation.toPlainText(), establish_on=establish_on)
        else:
            lifecycle.check_decision(self._db, self._actor, self._casus_id, data, reason=self._reason,
                                     establish_on=establish_on)

    def _show_problems(self, exc: KoersError) -> None:
        problems = exc.problems or [exc.message]
        self.error_panel.setText(error_text(exc))
        self.error_panel.show()
        marked = {name: message for name, message in exc.field_errors.items() if name in self._fields}
        for problem in problems:
            if problem in marked.values():
                continue
            lower = problem.lower()
            for words, name in _PROBLEM_FIELDS:
                if words in lower and name not in marked:
                    marked[name] = problem
                    break
        mark_fields(self._fields, marked)

    def _clear_marks(self) -> None:
        self.error_panel.hide()
        clear_marks(self._fields.values())

    # --- leaving

    def _snapshot(self) -> tuple:
        return (self.version.currentData(), tuple(self.selected_result_ids()), self.product.currentData(),
                self.aanbieder.currentData(), self.complexity.currentData(), self.category.currentData(),
                self.financing.currentData(), self.period_count.value(), self.period_weeks.value(),
                *(w.text() for w in (self.hours, self.surplus, self.band_min, self.band_max, self.fixed,
                                     self.tariff, self.start)), self.motivation.toPlainText(),
                self.change_reason.currentData(), self.change_explanation.toPlainText())

    def has_changes(self) -> bool:
        return self._snapshot() != self._initial

    def reject(self) -> None:
        if self.created is None and self.has_changes() and not dialogs.ask_discard(self):
            return
        super().reject()

