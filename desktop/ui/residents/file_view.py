"""A resident's file, read-only: who, cases, plan, decisions, hours per period, evaluations."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db import clock
from db.clock import AMSTERDAM
from db.units import minutes_to_hours
from desktop.core import labels
from desktop.core.intake.melding import OUTCOME_LABELS
from desktop.core.nl import format_date, format_hours, format_postcode
from desktop.core.residents.casefile import CaseView, DecisionView, ResidentFile
from desktop.core.residents.corrections import CorrectionRow
from desktop.core.residents.names import address_line, full_name
from desktop.core.residents.people import ROLE_LABELS, PersonRow
from desktop.ui.widgets.table_model import RowsTableModel
from desktop.ui.widgets.tables import make_table_view as _table


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ResidentFileView(QWidget):
    edit_requested = Signal(int)
    plan_requested = Signal(int)  # casus id; the page decides who may open it (plan_button visibility)
    decision_requested = Signal(int)  # beschikking id: open the decision screen
    new_decision_requested = Signal(int)  # casus id (the newest case); the page decides who sees the button
    melding_requested = Signal(int)  # resident id: register a new melding
    casus_requested = Signal(int)  # casus id: the intake screen of one casus
    person_requested = Signal(int)  # resident id: record a parent with gezag or another person around them
    person_end_requested = Signal(int)  # related person id: record the last day of their role
    person_edit_requested = Signal(int)  # related person id: change their details or dates
    access_export_requested = Signal(int)  # resident id: an access request (AVG art. 15)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._file: ResidentFile | None = None
        self._newest_casus_id: int | None = None

        header = QFrame(objectName="FileHeader")
        grid = QGridLayout(header)
        grid.setContentsMargins(14, 12, 14, 12)
        self.name = QLabel(objectName="FileName")
        self.details = QLabel(objectName="Muted")
        self.caseload = QLabel(objectName="Muted")
        self.address = QLabel()
        self.edit_button = QPushButton("Gegevens wijzigen…")
        self.edit_button.clicked.connect(lambda: self._file and self.edit_requested.emit(self._file.resident.id))
        self.access_button = QPushButton("Inzageverzoek exporteren…")
        self.access_button.setToolTip("Alles wat Koers over deze inwoner bewaart, als PDF en JSON met de brieven")
        self.access_button.clicked.connect(
            lambda: self._file and self.access_export_requested.emit(self._file.resident.id))
        header_buttons = QHBoxLayout()
        header_buttons.addWidget(self.access_button)
        header_buttons.addWidget(self.edit_button)
        grid.addWidget(self.name, 0, 0)
        grid.addLayout(header_buttons, 0, 1)
        grid.addWidget(self.details, 1, 0, 1, 2)
        grid.addWidget(self.caseload, 2, 0, 1, 2)
        grid.addWidget(self.address, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)

        self.cases_model = RowsTableModel(["Wet", "Status", "Melding", "Aanvraag", "Uitkomst", "Consulent",
                                           "Afgesloten"])
        self.cases_table = _table(self.cases_model, name="Casussen")
        self.cases_table.doubleClicked.connect(lambda _: self._request_casus())
        self._case_ids: list[int] = []
        self.melding_button = QPushButton("Nieuwe melding…")
        self.melding_button.setToolTip("Een melding registreren: de onderzoekstermijn begint")
        self.melding_button.clicked.connect(lambda: self._file and self.melding_requested.emit(self._file.resident.id))
        self.casus_button = QPushButton("Casus openen…")
        self.casus_button.setToolTip("De melding, het onderzoek, de aanvraag en de uitkomst van deze casus")
        self.casus_button.clicked.connect(self._request_casus)
        cases_page = QWidget()
        cl = QVBoxLayout(cases_page)
        cl.setContentsMargins(0, 6, 0, 0)
        cl.addWidget(self.cases_table, 1)
        case_row = QHBoxLayout()
        case_row.addWidget(QLabel("Dubbelklik of kies ‘Casus openen…’.", objectName="Muted", wordWrap=True), 1)
        case_row.addWidget(self.melding_button)
        case_row.addWidget(self.casus_button)
        cl.addLayout(case_row)
        self.plan_text = QTextBrowser()
        self.plan_text.setTabChangesFocus(True)  # Tab moves on; the text is read-only
        self.plan_text.setOpenLinks(False)
        self.plan_text.setAccessibleName("Plan")
        self.plan_case = QComboBox()  # only shown when the resident has more than one case
        self.plan_case.setAccessibleName("Casus van het plan")
        self.plan_button = QPushButton("Plan openen…")
        self.plan_button.clicked.connect(self._request_plan)
        plan_page = QWidget()
        pl = QVBoxLayout(plan_page)
        pl.setContentsMargins(0, 6, 0, 0)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_case, 1)
        plan_row.addStretch(0)
        plan_row.addWidget(self.plan_button)
        pl.addLayout(plan_row)
        pl.addWidget(self.plan_text, 1)
        self.decisions_model = RowsTableModel(
            ["Toewijzing", "Soort", "Product", "Aanbieder", "Niveau", "Looptijd", "Status", "Geïndiceerd",
             "Gerealiseerd", "Resterend"], right_aligned=(7, 8, 9))
        self.decisions_table = _table(self.decisions_model, name="Beschikkingen")
        self.decisions_table.doubleClicked.connect(lambda _: self._request_decision())
        self.decision_open_button = QPushButton("Openen…")
        self.decision_open_button.setToolTip("De beschikking openen: perioden, maanden, grafiek en uren boeken")
        self.decision_open_button.clicked.connect(self._request_decision)
        self._decision_ids: list[int] = []
        decisions_page = QWidget()
        dl = QVBoxLayout(decisions_page)
        dl.setContentsMargins(0, 6, 0, 0)
        dl.addWidget(self.decisions_table, 1)
        open_row = QHBoxLayout()
        open_row.addWidget(QLabel("Dubbelklik of kies ‘Openen…’ voor de beschikking zelf.", objectName="Muted", wordWrap=True), 1)
        self.new_decision_button = QPushButton("Nieuwe beschikking…")
        self.new_decision_button.setToolTip("Een beschikking opstellen op basis van het akkoord plan van de nieuwste "
                                            "casus")
        self.new_decision_button.clicked.connect(self._request_new_decision)
        open_row.addWidget(self.new_decision_button)
        open_row.addWidget(self.decision_open_button)
        dl.addLayout(open_row)
        self.decision_choice = QComboBox()
        self.decision_choice.setAccessibleName("Beschikking")
        self.decision_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.decision_choice.setMinimumContentsLength(30)  # long product names elide instead of widening the file
        self.decision_choice.currentIndexChanged.connect(self._show_periods)
        self.periods_model = RowsTableModel(
            ["Periode", "Van", "Tot en met", "Aandeel", "Gerealiseerd", "Cumulatief", "Resterend van totaal"],
            right_aligned=(3, 4, 5, 6))
        self.evaluations_model = RowsTableModel(["Gepland", "Uitgevoerd", "Uitkomst", "Volgende", "Samenvatting"])

        hours_page = QWidget()
        hl = QVBoxLayout(hours_page)
        row = QHBoxLayout()
        row.addWidget(QLabel("Beschikking:"))
        row.addWidget(self.decision_choice, 1)
        hl.addLayout(row)
        self.hours_summary = QLabel(objectName="Muted")
        self.hours_summary.setWordWrap(True)
        hl.addWidget(self.hours_summary)
        hl.addWidget(_table(self.periods_model, name="Uren per periode"))

        self.people_model = RowsTableModel(["Rol", "Naam", "Adres", "Telefoon en e-mail", "Vanaf", "Tot en met"])
        self.person_button = QPushButton("Betrokkene toevoegen…")
        self.person_button.setToolTip("Een ouder met gezag, voogd, curator, mentor, bewindvoerder, huisgenoot of "
                                      "mantelzorger")
        self.person_button.clicked.connect(lambda: self._file and self.person_requested.emit(self._file.resident.id))
        self.end_person_button = QPushButton("Beëindigen…")
        self.end_person_button.setToolTip("De laatste dag vastleggen, bijvoorbeeld als het gezag eindigt")
        self.end_person_button.clicked.connect(self._request_end_person)
        self.edit_person_button = QPushButton("Wijzigen…")
        self.edit_person_button.setToolTip("Adres, telefoon, e-mail of de datums van deze betrokkene wijzigen")
        self.edit_person_button.clicked.connect(self._request_edit_person)
        self._people: list[PersonRow] = []
        self.people_table = _table(self.people_model, name="Betrokkenen")
        self.people_table.doubleClicked.connect(lambda _: self._request_edit_person())
        people_page = QWidget()
        ppl = QVBoxLayout(people_page)
        ppl.setContentsMargins(0, 6, 0, 0)
        ppl.addWidget(self.people_table, 1)
        ppl.addWidget(QLabel("Ouders met gezag en een voogd krijgen de brieven over jeugdhulp van een minderjarige, "
                             "een curator of mentor die van een volwassene.", objectName="Muted", wordWrap=True))
        people_row = QHBoxLayout()
        people_row.addStretch(1)
        people_row.addWidget(self.edit_person_button)
        people_row.addWidget(self.end_person_button)
        people_row.addWidget(self.person_button)
        ppl.addLayout(people_row)

        # Corrections of personal data (AVG art. 16): what was wrong, what it became, who and why.
        self.corrections_model = RowsTableModel(["Datum", "Door", "Was → werd", "Waarom"])
        self.corrections_table = _table(self.corrections_model, name="Correcties")
        self.corrections_table.setWordWrap(True)
        # rows as tall as their wrapped text, also after the columns share out the width
        self.corrections_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns = self.corrections_table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 2 +
                                      (QHeaderView.ResizeMode.Stretch,) * 2):
            columns.setSectionResizeMode(column, mode)  # the two texts share the width and wrap, no side scrolling
        corrections_page = QWidget()
        crl = QVBoxLayout(corrections_page)
        crl.setContentsMargins(0, 6, 0, 0)
        crl.addWidget(self.corrections_table, 1)
        self.corrections_note = QLabel(objectName="Muted", wordWrap=True)
        crl.addWidget(self.corrections_note)

        self.tabs = QTabWidget(objectName="FileTabs")
        self.tabs.addTab(cases_page, "Casussen")
        self.tabs.addTab(plan_page, "Plan")
        self.tabs.addTab(decisions_page, "Beschikkingen")
        self.tabs.addTab(hours_page, "Uren")
        self.tabs.addTab(_table(self.evaluations_model, name="Evaluaties"), "Evaluaties")
        self.tabs.addTab(people_page, "Betrokkenen")
        # Added last by the page (after the journal and documents, which are opened far more often), so on a 1366
        # laptop the everyday tabs stay in view; `corrections_tab` is its index wherever it ends up.
        self.corrections_page = corrections_page
        self.tabs.addTab(corrections_page, "Correcties")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        self.setEnabled(False)

    @property
    def corrections_tab(self) -> int:
        return self.tabs.indexOf(self.corrections_page)

    @property
    def file(self) -> ResidentFile | None:
        return self._file

    def show_file(self, file: ResidentFile) -> None:
        self._file = file
        # A role without plan access (medewerker) sees who, decisions and hours; no plan, no evaluations.
        self.tabs.setTabVisible(1, file.shows_plan)
        self.tabs.setTabVisible(4, file.shows_plan)
        self.tabs.setTabVisible(5, file.shows_plan)  # the people around the resident: who works on the file
        self.tabs.setTabVisible(self.corrections_tab, file.shows_plan)  # the file's history, like the journal
        today = clock.today()
        r = file.resident
        called = f" ({r.first_name})" if r.first_name else ""  # the name the resident goes by
        self.name.setText(escape(full_name(r) + called))
        self.details.setText(f"Geboren {format_date(r.date_of_birth)} ({_age(r.date_of_birth, today)} jaar) · "
                             f"BSN {r.bsn or 'nog niet bekend'}")
        self.caseload.setText(f"Cliëntnummer {r.client_number} · vaste consulent: {file.consulent or 'geen'}")
        line = address_line(r.street, r.house_number, r.house_number_suffix)
        self.address.setText(f"{line}, {format_postcode(r.postcode)} {r.city}" if line
                             else "Geen adres bekend: een brief kan nog niet worden verstuurd.")
        self.cases_model.set_rows([
            (labels.LAW[c.casus.law], labels.CASE_STATUS[c.casus.status], format_date(c.casus.melding_date),
             format_date(c.casus.aanvraag_date), OUTCOME_LABELS[c.casus.outcome] if c.casus.outcome else "",
             c.consulent, format_date(c.casus.closed_date)) for c in file.cases])
        self._case_ids = [c.casus.id for c in file.cases]
        self.casus_button.setEnabled(bool(self._case_ids))
        self.plan_text.setHtml(self._plan_html(file.cases))
        self.plan_case.clear()
        newest = sorted(file.cases, key=lambda c: (c.casus.melding_date, c.casus.id), reverse=True)
        for c in newest:
            self.plan_case.addItem(f"{labels.LAW[c.casus.law]}, melding {format_date(c.casus.melding_date)} "
                                   f"({labels.CASE_STATUS[c.casus.status].lower()})", c.casus.id)
        self.plan_case.setVisible(len(newest) > 1)
        self.plan_button.setEnabled(bool(newest))
        self._newest_casus_id = newest[0].casus.id if newest else None
        self.new_decision_button.setEnabled(bool(newest))
        decisions = [d for c in file.cases for d in c.decisions]
        self.decisions_model.set_rows([self._decision_row(d) for d in decisions])
        self._decision_ids = [d.decision.id for d in decisions]
        self.decision_open_button.setEnabled(bool(decisions))
        self.decision_choice.blockSignals(True)
        self.decision_choice.clear()
        for d in decisions:
            self.decision_choice.addItem(
                f"{d.decision.toewijzing_nummer} · {d.product} · {labels.DECISION_STATUS[d.decision.status]}", d)
        self.decision_choice.blockSignals(False)
        self._show_periods()
        evaluations = [e for c in file.cases for e in c.evaluations]
        overdue = [i for i, e in enumerate(evaluations) if e.done_date is None and e.planned_date < today]
        self.evaluations_model.set_rows([
            (format_date(e.planned_date) + (" (te laat)" if i in overdue else ""), format_date(e.done_date),
             labels.OUTCOME.get(e.outcome, "") if e.outcome else "", format_date(e.next_date), e.summary or "")
            for i, e in enumerate(evaluations)], warn_rows=overdue)
        self.setEnabled(True)

    def selected_person_id(self) -> int | None:
        rows = self.people_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self._people):
            return self._people[rows[0].row()].id
        return self._people[0].id if len(self._people) == 1 else None

    def _request_end_person(self) -> None:
        person_id = self.selected_person_id()
        if person_id is not None:
            self.person_end_requested.emit(person_id)

    def _request_edit_person(self) -> None:
        person_id = self.selected_person_id()
        if person_id is not None:
            self.person_edit_requested.emit(person_id)

    def show_people(self, rows: list[PersonRow]) -> None:
        self._people = list(rows)
        self.people_model.set_rows([(ROLE_LABELS[p.role], p.name, p.address, p.contact, format_date(p.valid_from),
                                     format_date(p.valid_to)) for p in rows],
                                   warn_rows=[i for i, p in enumerate(rows) if p.valid_to is not None])

    def show_corrections(self, rows: list[CorrectionRow]) -> None:
        self.corrections_model.set_rows([
            (f"{format_date(r.corrected_at.astimezone(AMSTERDAM).date())} "
             f"{r.corrected_at.astimezone(AMSTERDAM):%H:%M}", r.corrected_by or "(onbekend)",
             "\n".join(f"{label}: {was} → {now}" for label, was, now in r.changes), r.reason) for r in rows])
        self.corrections_table.resizeRowsToContents()
        self.corrections_note.setText(
            "Een correctie legt vast dat gegevens onjuist waren (‘Gegevens wijzigen…’, vinkje ‘Dit is een "
            "correctie’). Een gewone wijziging, zoals een verhuizing, staat hier niet." if not rows else
            "Een BSN staat hier afgeschermd, zoals in het toegangslog.")

    def clear(self) -> None:
        self._file = None
        self.people_model.set_rows([])
        self.corrections_model.set_rows([])
        self.name.setText("Geen inwoner gekozen")
        self.details.setText("Kies een inwoner in de lijst en druk op Enter.")
        self.caseload.setText("")
        self.address.setText("")
        for model in (self.cases_model, self.decisions_model, self.periods_model, self.evaluations_model):
            model.set_rows([])
        self.plan_text.clear()
        self.plan_case.clear()
        self._newest_casus_id = None
        self._case_ids = []
        self._decision_ids = []
        self.decision_choice.clear()
        self.hours_summary.setText("")
        self.setEnabled(False)

    def _request_plan(self) -> None:
        casus_id = self.plan_case.currentData()
        if casus_id is not None:
            self.plan_requested.emit(casus_id)

    def selected_casus_id(self) -> int | None:
        rows = self.cases_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self._case_ids):
            return self._case_ids[rows[0].row()]
        return self._case_ids[0] if len(self._case_ids) == 1 else None

    def _request_casus(self) -> None:
        casus_id = self.selected_casus_id()
        if casus_id is not None:
            self.casus_requested.emit(casus_id)

    def _request_new_decision(self) -> None:
        if self._newest_casus_id is not None:
            self.new_decision_requested.emit(self._newest_casus_id)

    def selected_decision_id(self) -> int | None:
        rows = self.decisions_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self._decision_ids):
            return self._decision_ids[rows[0].row()]
        return self._decision_ids[0] if len(self._decision_ids) == 1 else None

    def _request_decision(self) -> None:
        decision_id = self.selected_decision_id()
        if decision_id is not None:
            self.decision_requested.emit(decision_id)

    @staticmethod
    def _decision_row(d: DecisionView) -> tuple:
        b = d.decision
        return (b.toewijzing_nummer, labels.DECISION_KIND[b.kind], d.product, d.aanbieder, b.complexity.value,
                f"{format_date(b.start_date)} – {format_date(b.ended_date or b.end_date)}",  # as it really ran
                labels.DECISION_STATUS[b.status],
                format_hours(d.indicated_hours), format_hours(d.realised_hours), format_hours(d.remaining_hours))

    def _show_periods(self) -> None:
        d: DecisionView | None = self.decision_choice.currentData()
        if d is None:
            self.periods_model.set_rows([])
            self.hours_summary.setText("Geen beschikkingen.")
            return
        total = d.decision.ceiling_minutes
        rows, cumulative = [], 0
        for p in d.periods:
            cumulative += p.realised_minutes
            rows.append((str(p.number), format_date(p.start_date), format_date(p.end_date),
                         format_hours(minutes_to_hours(p.share_minutes)),
                         format_hours(minutes_to_hours(p.realised_minutes)),
                         format_hours(minutes_to_hours(cumulative)), format_hours(minutes_to_hours(total - cumulative))))
        over_share = [i for i, p in enumerate(d.periods) if p.realised_minutes > p.share_minutes]
        self.periods_model.set_rows(rows, warn_rows=over_share)
        surplus = (f" plus {format_hours(minutes_to_hours(d.decision.surplus_minutes))} overloop"
                   if d.decision.surplus_minutes else "")
        self.hours_summary.setText(
            f"{format_hours(d.realised_hours)} gerealiseerd van {format_hours(d.indicated_hours)} geïndiceerd"
            f"{surplus}; nog {format_hours(d.remaining_hours)} beschikbaar. Uren mogen flexibel over de perioden "
            "worden ingezet; het totaal wordt nooit overschreden.")

    @staticmethod
    def _plan_html(cases: list[CaseView]) -> str:
        parts = []
        for c in cases:
            if not c.plans:
                parts.append(f"<h3>{labels.LAW[c.casus.law]}, melding {format_date(c.casus.melding_date)}</h3>"
                             "<p><i>Nog geen ondersteuningsplan.</i></p>")
                continue
            pv = c.plans[0]
            p = pv.plan
            status = labels.PLAN_STATUS[p.status] + (f" op {format_date(p.agreed_date)}" if p.agreed_date else "")
            parts.append(f"<h3>{labels.LAW[c.casus.law]} · plan versie {p.version_no} ({escape(status)})</h3>")
            for label, value in (("Vraag van de inwoner", p.question), ("Wat belangrijk is", p.what_matters),
                                 ("Omstandigheden", p.circumstances)):
                if value:
                    parts.append(f"<p><b>{label}</b><br><i>“{escape(value)}”</i></p>")
            relevant = [d for d in pv.domains if d.relevant]
            not_relevant = [d for d in pv.domains if not d.relevant]
            if relevant:
                parts.append("<p><b>Leefgebieden</b></p><ul>")
                for d in relevant:
                    score = f" — {d.score} {labels.ZRM_SCORE[d.score]}" if d.score else ""
                    named = pv.names(pv.domain_people.get(d.domain, ()))
                    parts.append(f"<li>{labels.LIFE_DOMAIN[d.domain]}{score}"
                                 + (f"<br>{escape(d.situation)}" if d.situation else "")
                                 + (f"<br><span style='color:#5b6670'>netwerk: {escape(', '.join(named))}</span>"
                                    if named else "") + "</li>")
                parts.append("</ul>")
            if not_relevant:
                parts.append("<p style='color:#5b6670'>Niet relevant: "
                             + ", ".join(labels.LIFE_DOMAIN[d.domain] for d in not_relevant) + "</p>")
            for g in pv.goals:
                parts.append(f"<p><b>Doel:</b> {escape(g.goal.description)}</p><ul>")
                for r in g.results:
                    extra = []
                    if r.indicator:
                        extra.append(f"zichtbaar aan: {escape(r.indicator)}")
                    extra.append(f"uiterlijk {format_date(r.target_date)}" if r.target_date else
                                 "<span style='color:#9a3412'>nog geen datum</span>")
                    helpers = ", ".join(x for x in (labels.contributors(r.contributors),
                                                    ", ".join(pv.names(pv.result_people.get(r.id or 0, ())))) if x)
                    if helpers:
                        extra.append(f"wie draagt bij: {escape(helpers)}")
                    parts.append(f"<li>{escape(r.description)}<br><span style='color:#5b6670'>"
                                 + " · ".join(extra) + "</span></li>")
                parts.append("</ul>")
        return "".join(parts) or "<p><i>Geen casussen.</i></p>"
