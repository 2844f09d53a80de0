"""The intake on screen, on a database without demo data: a consulent registers a melding from the resident's
file (every problem at once first), opens the casus, records the personal plan and cliëntondersteuning, finishes
the research, records the aanvraag, and refuses it or closes the casus without a decision."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from db.models import Casus, Product, Resident
from db.models.enums import CaseOutcome, CaseStatus, Law, MeldingSource
from desktop.core.intake import melding
from desktop.core.plans import versions
from desktop.ui.intake.casus_dialog import CasusDialog, CloseCasusDialog, RefuseDialog
from desktop.ui.intake.melding_dialog import MeldingDialog
from desktop.ui.residents.page import ResidentsPage
from tests.gui.test_decision_actions import on_modal


def a_resident(db, consulent) -> int:
    with db.write() as s:
        r = Resident(client_number="K0000001", bsn="999900006", salutation="mevrouw", initials="A.", surname="Wit",
                     prefix="de", search_name="wit", date_of_birth=date(1960, 5, 1), street="Dorpsstraat",
                     house_number=3, postcode="7001AB", city="Doetinchem", consulent_id=consulent.user_id)
        s.add(r)
        s.flush()
        return r.id


def test_a_melding_from_the_file_names_every_problem_then_opens_the_casus(qtbot, db, make_actor, dialog_calls,
                                                                          screenshot):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.open_resident(resident_id)
    view = page.file_view
    assert not view.melding_button.isHidden() and not view.casus_button.isEnabled()
    seen = {}

    def fill(dialog: MeldingDialog):
        dialog.date.setText("31-02-2026")
        dialog.source.setCurrentIndex(dialog.source.findData(MeldingSource.VERWIJZING))
        dialog.save()
        seen["first"] = dialog.error_panel.text()
        screenshot(dialog, "melding-fouten")
        dialog.date.setText("13-11-2026")
        seen["terms"] = dialog.terms.text()
        dialog.referrer.setText("wijkverpleegkundige, Thuiszorg Oost")
        dialog.question.setPlainText("Ik red het huishouden niet meer sinds mijn heupoperatie.")
        dialog.support.setChecked(True)
        screenshot(dialog, "melding")
        dialog.save()

    on_modal(qtbot, fill)
    view.melding_button.click()
    assert "31-02-2026 bestaat niet als datum" in seen["first"] and "Vul in wie verwees" in seen["first"] \
        and "Vul de vraag van de inwoner in" in seen["first"]
    assert seen["terms"] == ("Onderzoek klaar uiterlijk 25 december 2026. Een eigen plan kan de inwoner inleveren "
                             "tot en met 20 november 2026.")
    assert view.cases_model.rowCount() == 1 and view.cases_model.index(0, 1).data() == "Melding"
    with db.read() as s:
        casus = s.exec(Casus.__table__.select()).first()  # noqa: SLF001 - one row
    assert casus.came_in_via == "verwijzing" and casus.clientondersteuning_informed
    screenshot(page, "inwoner-casussen")


def test_the_casus_screen_takes_the_intake_step_by_step(qtbot, db, make_actor, dialog_calls, screenshot, today):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    casus = melding.register_melding(db, consulent, resident_id, melding.MeldingInput(
        law=Law.WMO, melding_date=date(2026, 11, 13), came_in_via=MeldingSource.INWONER,
        question="Ik red het huishouden niet meer."))
    dialog = CasusDialog(db, consulent, casus.id)
    qtbot.addWidget(dialog)
    dialog.show()
    left = (date(2026, 12, 25) - today).days  # six weeks after the melding, counted from the suite's today
    expected = f"(nog {left} dagen)" if left >= 0 else f"<b>({-left} dagen te laat)</b>"
    assert f"onderzoek klaar uiterlijk 25 december 2026 {expected}" in dialog.terms.text()
    assert "Ontvangstbevestiging: staat in de brievenwachtrij" in dialog.letters.text()
    assert not dialog.refuse_button.isEnabled()  # no aanvraag yet
    dialog.plan_date.setText("18-11-2026")
    dialog.plan_button.click()
    assert dialog.plan_state.text() == "binnen op 18 november 2026"
    dialog.support.click()
    assert dialog.message.text() == "Vastgelegd."
    dialog.research_button.click()  # no agreed plan yet: refused in Dutch, nothing changes
    assert "Laat eerst een planversie akkoord geven" in dialog.error_panel.text()
    draft = versions.start_draft(db, consulent, casus.id)
    doc, _ = versions.save_draft(db, consulent, draft.plan.id, versions.PlanInput(
        question=draft.plan.question, goals=[versions.GoalInput("Zelf het huishouden doen", None, [
            versions.ResultInput("Binnen twee maanden doet mevrouw de was weer zelf.")])]), draft.plan.version)
    versions.agree(db, consulent, doc.plan.id, date(2026, 11, 20), doc.plan.version)
    dialog.research_date.setText("20-11-2026")
    dialog.research_button.click()
    assert dialog.error_panel.isHidden() and "Verslag: staat in de brievenwachtrij" in dialog.letters.text()
    dialog.aanvraag_date.setText("21-11-2026")
    dialog.aanvraag_button.click()
    assert dialog.aanvraag_state.text() == "aanvraag op 21 november 2026" and dialog.refuse_button.isEnabled()
    assert dialog.changed
    screenshot(dialog, "casus-aanvraag")

    with db.write() as s:
        product = Product(law=Law.WMO, category_code="01", code="01A01", name="Hulp bij het huishouden",
                          unit_code="04", frequency_code="6")
        s.add(product)
        s.flush()
        product_id = product.id

    def refuse(form: RefuseDialog):
        form.ok_button.click()  # nothing filled: every problem at once
        seen["refuse"] = form.error_panel.text()
        form.product.setCurrentIndex(form.product.findData(product_id))
        form.motivation.setPlainText("Uw dochter en de buurvrouw helpen u met de was. Daarmee bereikt u uw "
                                     "resultaat zonder maatwerkvoorziening.")
        screenshot(form, "casus-afwijzen")
        form.ok_button.click()  # drafted, then 'Nu vaststellen?' (answered yes by dialog_calls)

    seen = {}
    on_modal(qtbot, refuse)
    dialog.refuse_button.click()
    assert "Vul de motivering van de afwijzing in" in seen["refuse"] and "Kies de voorziening" in seen["refuse"]
    assert dialog_calls[-1][0] == "confirm" and "Nu vaststellen?" in dialog_calls[-1][2]
    with db.read() as s:
        closed = s.get(Casus, casus.id)
    assert (closed.status, closed.outcome) == (CaseStatus.AFGESLOTEN, CaseOutcome.AFWIJZING)
    assert "Afwijzing" in dialog.outcome_state.text() and not dialog.aanvraag_button.isEnabled()
    screenshot(dialog, "casus-afgewezen")


def test_closing_without_a_decision_asks_for_a_reason(qtbot, db, make_actor, screenshot):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    casus = melding.register_melding(db, consulent, resident_id, melding.MeldingInput(
        law=Law.WMO, melding_date=date(2026, 11, 13), came_in_via=MeldingSource.NAASTE,
        question="Mijn moeder vereenzaamt."))
    dialog = CasusDialog(db, consulent, casus.id)
    qtbot.addWidget(dialog)
    seen = {}

    def close(form: CloseCasusDialog):
        form.outcome.setCurrentIndex(form.outcome.findData(CaseOutcome.ALGEMENE_VOORZIENING))
        form.ok_button.click()
        seen["empty"] = form.error_panel.text()
        form.explanation.setPlainText("Zij gaat twee keer per week naar de inloop in het buurthuis.")
        screenshot(form, "casus-afsluiten")
        form.ok_button.click()

    on_modal(qtbot, close)
    dialog.close_button.click()
    assert "Vul de reden in" in seen["empty"]
    assert "Een algemene voorziening volstaat" in dialog.outcome_state.text()
    assert not QApplication.activeModalWidget()


def test_an_afwijzing_opens_in_the_decision_screen_without_hours(qtbot, db, make_actor, screenshot):
    from desktop.core.decisions import lifecycle
    from desktop.core.intake import outcome
    from tests.gui.test_decision_view import show_window

    consulent = make_actor("consulent")
    casus = melding.register_melding(db, consulent, a_resident(db, consulent), melding.MeldingInput(
        law=Law.WMO, melding_date=date(2026, 11, 13), came_in_via=MeldingSource.INWONER, question="Hulp nodig."))
    outcome.record_aanvraag(db, consulent, casus.id, date(2026, 11, 16))
    with db.write() as s:
        product = Product(law=Law.WMO, category_code="01", code="01A01", name="Hulp bij het huishouden",
                          unit_code="04", frequency_code="6")
        s.add(product)
        s.flush()
        product_id = product.id
    refusal = lifecycle.refuse_aanvraag(db, consulent, casus.id, product_id, "Uw netwerk helpt u met de was; "
                                        "daarmee bereikt u uw resultaat.", date(2026, 11, 20))
    lifecycle.establish(db, consulent, refusal.id, date(2026, 11, 20))
    window = show_window(qtbot, db, consulent, refusal.id)
    view = window.view
    assert view.facts["Status"].text() == "Vastgesteld"
    assert not view.change_button.isEnabled() and not view.end_button.isEnabled()
    assert view.forecast_panel.isHidden() and view.title.text() == f"Afwijzing {refusal.toewijzing_nummer}"
    assert not view.refusal_box.isHidden() and "Uw netwerk helpt u met de was" in view.refusal_text.text()
    assert view.chart.isHidden() or not view.chart.isVisibleTo(window)
    screenshot(window, "afwijzing-beschikking")


def test_a_parent_with_gezag_is_recorded_in_the_file(qtbot, db, make_actor, screenshot):
    from desktop.ui.residents.people_dialog import PersonDialog

    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.open_resident(resident_id)
    view = page.file_view
    view.tabs.setCurrentWidget(view.people_table.parentWidget())
    assert view.tabs.tabText(view.tabs.currentIndex()) == "Betrokkenen" and view.people_model.rowCount() == 0
    seen = {}

    def fill(dialog: PersonDialog):
        dialog.initials.setText("p")
        dialog.surname.setText("Wit")
        dialog.valid_from.setText("31-02-2020")
        dialog.save()  # a bad date and no address for gezag: both named
        seen["errors"] = dialog.error_panel.text()
        screenshot(dialog, "betrokkene-fouten")
        dialog.valid_from.setText("01-01-2015")
        dialog.street.setText("Dorpsstraat")
        dialog.house_number.setText("3")
        dialog.postcode.setText("7001 ab")
        dialog.city.setText("Doetinchem")
        dialog.save()

    on_modal(qtbot, fill)
    view.person_button.click()
    assert "31-02-2020 bestaat niet als datum" in seen["errors"] and "Een ouder met gezag krijgt de brieven" in seen["errors"]
    assert view.people_model.rowCount() == 1
    assert [view.people_model.index(0, c).data() for c in range(3)] == [
        "ouder met gezag", "P. Wit", "Dorpsstraat 3, 7001 AB Doetinchem"]
    screenshot(page, "inwoner-betrokkenen")


def test_a_person_s_role_is_ended_from_the_file(qtbot, db, make_actor, dialog_calls, monkeypatch):
    from desktop.core.residents import people
    from desktop.ui import dialogs

    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    people.add_person(db, consulent, resident_id, people.PersonInput(
        role="voogd", initials="K", surname="Bos", street="Dorpsstraat", house_number="3", postcode="7001AB",
        city="Doetinchem", valid_from=date(2020, 1, 1)))
    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.open_resident(resident_id)
    view = page.file_view
    view.people_table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "31-12-2019")
    view.end_person_button.click()
    assert dialog_calls[-1][0] == "error" and "vóór de begindatum" in dialog_calls[-1][2]
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "31-12-2025")
    view.end_person_button.click()
    assert view.people_model.index(0, 5).data() == "31 december 2025"
