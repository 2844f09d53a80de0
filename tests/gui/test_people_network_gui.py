"""The people around the resident on screen (issue 21 point 1): change a person's details and dates from the file,
and tick people of the network in the plan editor, under a life domain and under a result."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from db.models import Casus
from db.models.enums import Law, LifeDomain, PersonRole
from desktop.core.plans import versions as plans
from desktop.core.residents import people
from desktop.ui.plan.editor import PlanEditor
from desktop.ui.residents.page import ResidentsPage
from tests.gui.test_decision_actions import on_modal
from tests.gui.test_intake_gui import a_resident

HOME = dict(street="Kerkstraat", house_number="3", postcode="7002CD", city="Zelhem")


def test_a_person_is_changed_from_the_file_with_every_problem_named(qtbot, db, make_actor, screenshot):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    people.add_person(db, consulent, resident_id, people.PersonInput(
        role=PersonRole.MENTOR, initials="R.", surname="Wit", salutation="heer", valid_from=date(2022, 1, 1),
        **HOME))
    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.open_resident(resident_id)
    view = page.file_view
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.people_table.parentWidget()))
    assert view.edit_person_button.isVisible()
    seen = {}

    def change(dialog):
        assert dialog.windowTitle() == "Betrokkene wijzigen" and dialog.surname.text() == "Wit"
        assert dialog.valid_from.text() == "01-01-2022"
        dialog.email.setText("r.wit@")
        dialog.valid_to.setText("31-12-2021")  # before the start
        dialog.save()
        seen["errors"] = dialog.error_panel.text()
        screenshot(dialog, "betrokkene-wijzigen-fouten")
        dialog.email.setText("r.wit@voorbeeld.nl")
        dialog.phone.setText("06 12345678")
        dialog.valid_to.setText("")
        dialog.save()

    on_modal(qtbot, change)
    view.people_table.selectRow(0)
    view.edit_person_button.click()
    assert "ligt vóór de begindatum" in seen["errors"] and "naam@voorbeeld.nl" in seen["errors"]
    assert view.people_model.index(0, 3).data() == "06 12345678 · r.wit@voorbeeld.nl"
    assert view.people_model.index(0, 5).data() in ("", None)
    screenshot(page, "inwoner-betrokkenen-contact")


def test_the_plan_editor_names_people_of_the_network(qtbot, db, make_actor, screenshot):
    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    daughter = people.add_person(db, consulent, resident_id, people.PersonInput(
        role=PersonRole.MANTELZORGER, initials="E.", surname="Wit", salutation="mevrouw"))
    people.add_person(db, consulent, resident_id, people.PersonInput(
        role=PersonRole.HUISGENOOT, initials="K.", surname="Bos"))
    with db.write() as s:
        casus = Casus(resident_id=resident_id, law=Law.WMO, melding_date=date(2026, 9, 1),
                      consulent_id=consulent.user_id)
        s.add(casus)
        s.flush()
        casus_id = casus.id
    editor = PlanEditor(db, consulent, casus_id)
    qtbot.addWidget(editor)
    editor.resize(1300, 720)
    editor.show()
    editor.question.setPlainText("Ik wil weer zelf mijn was doen.")
    editor.tabs.setCurrentIndex(1)
    editor.domain_list.setCurrentRow(list(LifeDomain).index(LifeDomain.INSTRUMENTELE_ADL))
    qtbot.mouseClick(editor.relevant_button, Qt.MouseButton.LeftButton)
    boxes = editor.domain_people.boxes()
    assert [b.text() for b in boxes.values()] == ["E. Wit (mantelzorger)", "K. Bos (huisgenoot)"]
    boxes[daughter.id].setChecked(True)
    screenshot(editor, "plan-leefgebied-netwerk")
    editor.tabs.setCurrentIndex(2)
    qtbot.mouseClick(editor.add_goal_button, Qt.MouseButton.LeftButton)
    goal = editor.goals[0]
    goal.description.setPlainText("Zelf de was doen")
    goal.results[0].description.setPlainText("Ik doe twee keer per week zelf de was.")
    goal.results[0].people.boxes()[daughter.id].setChecked(True)
    screenshot(editor, "plan-resultaat-netwerk")
    assert editor.save()
    doc = plans.open_plan(db, consulent, casus_id)
    assert doc.view.domain_people == {LifeDomain.INSTRUMENTELE_ADL: (daughter.id,)}
    assert list(doc.view.result_people.values()) == [(daughter.id,)]
    # reopened, the ticks are back
    editor.close()
    again = PlanEditor(db, consulent, casus_id)
    qtbot.addWidget(again)
    again.tabs.setCurrentIndex(1)
    again.domain_list.setCurrentRow(list(LifeDomain).index(LifeDomain.INSTRUMENTELE_ADL))
    assert again.domain_people.checked() == [daughter.id]
    assert again.goals[0].results[0].people.checked() == [daughter.id]


def test_the_file_has_journal_and_documents_tabs_read_only_when_opened(qtbot, db, make_actor, screenshot,
                                                                       monkeypatch, today):
    from sqlmodel import select

    from db.models import AuditEntry
    from desktop.core.residents import journal

    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    with db.write() as s:
        casus = Casus(resident_id=resident_id, law=Law.WMO, melding_date=date(2026, 9, 1),
                      consulent_id=consulent.user_id)
        s.add(casus)
        s.flush()
        casus_id = casus.id
    journal.add_entry(db, consulent, casus_id, journal.JournalInput(
        kind="huisbezoek", contact_date=date(2026, 9, 3), with_whom="mevrouw en haar dochter",
        summary="Keukentafelgesprek over het huishouden.", agreements="Dochter doet de boodschappen.",
        follow_up_date=date(2026, 9, 17)))

    def journal_reads() -> int:
        with db.read() as s:
            return len(s.exec(select(AuditEntry).where(AuditEntry.action == "journaal.inzien")).all())

    page = ResidentsPage(db, consulent)
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    page.open_resident(resident_id)
    tabs = page.file_view.tabs
    names = [tabs.tabText(i) for i in range(tabs.count())]
    assert names[-3:] == ["Journaal", "Documenten", "Correcties"]  # the corrections last: seldom looked at
    assert journal_reads() == 0, "opening the file does not read the conversations"
    tabs.setCurrentWidget(page.journal_panel)
    assert journal_reads() == 1 and page.journal_panel.model.rowCount() == 1
    screenshot(page, "inwoner-journaal")
    tabs.setCurrentWidget(page.documents_panel)
    tabs.setCurrentWidget(page.journal_panel)
    assert journal_reads() == 1, "the same resident is not read again by switching tabs"
    screenshot(page.documents_panel, "inwoner-documenten-leeg")
    # the follow-up moved to another day: logged with the old and the new date
    from desktop.ui import dialogs

    panel = page.journal_panel
    panel.table.selectRow(0)
    assert panel.move_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "01-09-2026")  # before the contact: refused
    panel.move_button.click()
    assert "vóór de datum van het contact" in panel.error.text()
    later = date(today.year + 1, 1, 15)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: later.strftime("%d-%m-%Y"))
    panel.move_button.click()
    assert journal.list_entries(db, consulent, casus_id=casus_id)[0].follow_up_date == later
    with db.read() as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "journaal.opvolging_verplaatsen")).one()

    medewerker = make_actor("medewerker")
    other = ResidentsPage(db, medewerker)
    qtbot.addWidget(other)
    other.open_resident(resident_id)
    shown = [other.file_view.tabs.tabText(i) for i in range(other.file_view.tabs.count())
             if other.file_view.tabs.isTabVisible(i)]
    assert "Journaal" not in shown and "Documenten" not in shown
    assert other.journal_panel is None and other.documents_panel is None


def test_a_colleagues_newer_change_of_a_person_is_shown_beside_mine(qtbot, db, make_actor, monkeypatch, screenshot):
    from desktop.ui import conflict_dialog
    from desktop.ui.conflict_dialog import ConflictDialog
    from desktop.ui.residents.people_dialog import PersonDialog

    consulent = make_actor("consulent")
    resident_id = a_resident(db, consulent)
    person = people.add_person(db, consulent, resident_id, people.PersonInput(
        role=PersonRole.MENTOR, initials="R.", surname="Wit", salutation="heer", **HOME))
    dialog = PersonDialog(db, consulent, resident_id, person=person)
    qtbot.addWidget(dialog)
    theirs = people.person_input(person)
    theirs.phone = "06 11111111"
    people.update_person(db, consulent, person.id, theirs, expected_version=person.version)  # a colleague first
    dialog.phone.setText("06 22222222")
    shown = []

    def choose(d):
        shown.append([tuple(d.model._rows[i]) for i in range(d.model.rowCount())])
        screenshot(d, "betrokkene-conflict")
        return answers.pop(0)

    answers = [0, ConflictDialog.MINE]
    monkeypatch.setattr(conflict_dialog, "choose", choose)
    dialog.save()  # back to the form: nothing stored, my number still typed
    assert shown[0] == [("Telefoon", "06 11111111", "06 22222222")]
    assert dialog.phone.text() == "06 22222222" and dialog.result() != PersonDialog.DialogCode.Accepted
    assert people.get_person(db, consulent, person.id).phone == "06 11111111"
    dialog.save()  # asked again; now mine on top
    assert dialog.result() == PersonDialog.DialogCode.Accepted
    stored = people.get_person(db, consulent, person.id)
    assert stored.phone == "06 22222222" and stored.version == person.version + 2
