"""The whole way through the screens on a database made by `koers init` without demo data: the beheerder sets the
letters up, makes the team and fills the catalogue; a consulent registers a resident and a melding, writes and
agrees the plan, finishes the research and records the aanvraag, makes and establishes the decision; the
medewerker issues the receipt, the report of the research and the decision letter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import Beschikking, Casus, Letter, Resident
from db.models.enums import Complexity, DecisionStatus, IndicationCategory, LetterKind
from desktop.cli import main
from desktop.core.access.signin import sign_in
from desktop.core.maintenance.database import open_database
from desktop.core.nl import format_date_short
from desktop.ui.admin.page import AdminPage
from desktop.ui.intake.casus_dialog import CasusDialog
from desktop.ui.letters.queue_page import LetterQueuePage
from desktop.ui.plan.editor import PlanEditor
from desktop.ui.residents.page import ResidentsPage
from tests.gui.test_decision_actions import on_modal

PASSWORD = "een lang wachtwoord voor de test"


def fresh_database(tmp_path, monkeypatch):
    """`koers init` and the first beheerder, exactly as the README says for a new municipality."""
    path = str(tmp_path / "nieuw.sqlite")
    monkeypatch.setenv("KOERS_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("KOERS_PASSWORD", PASSWORD)
    assert main(["init", "--db", path]) == 0
    assert main(["user", "add", "beheer", "--name", "Bea Beheer", "--db", path]) == 0
    return path, open_database(path)


def beheerder_adds_the_team(qtbot, db, beheerder, dialog_calls):
    page = AdminPage(db, beheerder)
    qtbot.addWidget(page)
    page.show()
    for username, name, role in (("carla", "Carla Consulent", "consulent"), ("mila", "Mila Medewerker",
                                                                             "medewerker")):
        def fill(dialog, username=username, name=name, role=role):
            dialog.username.setText(username)
            dialog.display_name.setText(name)
            dialog.role.setCurrentIndex(dialog.role.findData(role) if dialog.role.findData(role) >= 0
                                        else dialog.role.findText(role, Qt.MatchFlag.MatchContains))
            if role == "consulent":  # named with her number in every letter under 'Heeft u vragen?'
                dialog.phone.setText("06 12345678")
            dialog.password.setText(PASSWORD)
            dialog.repeat.setText(PASSWORD)
            dialog.save()

        on_modal(qtbot, fill)
        page.add_button.click()
    assert [u.username for u in page._users] == ["beheer", "carla", "mila"]
    return page


def beheerder_sets_up_the_letters(qtbot, page: AdminPage, screenshot):
    page.tabs.setCurrentWidget(page.letters_tab)
    form = page.letters_tab.letterhead
    page.letters_tab.tabs.setCurrentWidget(form)
    for field, text in ((form.municipality, "Gemeente Koersveen"), (form.signer_name, "J. Hendriksen"),
                        (form.signer_title, "teammanager Wmo"), (form.court_name, "rechtbank Gelderland"),
                        (form.objection_address, "College van burgemeester en wethouders, Postbus 100, 7000 AA "
                                                 "Koersveen")):
        field.setText(text)
    form.save()
    assert form.status.text() == "Opgeslagen.", form.error_panel.text()


def beheerder_fills_the_catalogue(qtbot, page: AdminPage, screenshot):
    """Beheer > Catalogus: an aanbieder, a product, the contract between them and the regional tariff."""
    page.tabs.setCurrentWidget(page.catalogue_tab)
    tab = page.catalogue_tab

    def aanbieder(dialog):
        dialog.name.setText("Zorggroep Oost")
        dialog.agb.setText("98012345")
        dialog.street.setText("Postbus 12")
        dialog.postcode.setText("7000 AB")
        dialog.city.setText("Doetinchem")
        dialog.contract_start.setText("01-01-2026")
        dialog.submit()

    on_modal(qtbot, aanbieder)
    tab.new_aanbieder_button.click()

    def product(dialog):
        dialog.code.setText("02A08")
        dialog.name.setText("Begeleiding individueel")
        dialog.category.setCurrentIndex(dialog.category.findData("02"))
        dialog.submit()

    tab.tabs.setCurrentWidget(tab.products_page)
    on_modal(qtbot, product)
    tab.new_product_button.click()

    def contract(dialog):
        dialog.aanbieder.setCurrentIndex(1)
        dialog.product.setCurrentIndex(1)
        dialog.valid_from.setText("01-01-2026")
        dialog.submit()

    tab.tabs.setCurrentWidget(tab.contracts_page)
    on_modal(qtbot, contract)
    tab.new_contract_button.click()
    assert tab.contracts_page.model.rowCount() == 1, tab.contracts_page.message.text()
    screenshot(page, "walk-catalogus")

    tab.tabs.setCurrentIndex(3)  # Tarieven: the new product is offered at once
    page.tariff_level.setCurrentIndex(page.tariff_level.findData(Complexity.M))
    page.tariff_amount.setText("62,50")
    page.tariff_from.setText("01-01-2026")
    page.save_tariff()
    assert page.tariff_error.isHidden(), page.tariff_error.text()
    assert page.tariffs_model.rowCount() == 1


def test_from_koers_init_to_the_letters_through_the_screens(qtbot, tmp_path, monkeypatch, dialog_calls, screenshot,
                                                           today):
    path, db = fresh_database(tmp_path, monkeypatch)
    beheerder = sign_in(db, "beheer", PASSWORD)
    admin = beheerder_adds_the_team(qtbot, db, beheerder, dialog_calls)
    beheerder_sets_up_the_letters(qtbot, admin, screenshot)
    beheerder_fills_the_catalogue(qtbot, admin, screenshot)

    consulent = sign_in(db, "carla", PASSWORD)
    residents = ResidentsPage(db, consulent)
    qtbot.addWidget(residents)
    residents.resize(1300, 720)
    residents.show()

    def register(dialog):
        dialog.salutation.setCurrentIndex(1)  # Mevrouw; the form starts with no salutation chosen
        for name, text in dict(initials="a", prefix="de", surname="Wit", date_of_birth="1-5-1960",
                               bsn="999900006", street="Dorpsstraat", house_number="3", postcode="7001 ab",
                               city="Doetinchem").items():
            getattr(dialog, name).setText(text)
        dialog.save()

    on_modal(qtbot, register)
    residents.new_button.click()
    with db.read() as s:
        resident = s.exec(select(Resident)).one()
    residents.open_resident(resident.id)

    def melding(dialog):
        dialog.date.setText(format_date_short(date(2026, 11, 2)))
        dialog.question.setPlainText("Ik red het huishouden niet meer sinds mijn heupoperatie.")
        dialog.support.setChecked(True)
        dialog.save()

    on_modal(qtbot, melding)
    residents.file_view.melding_button.click()
    with db.read() as s:
        casus = s.exec(select(Casus)).one()

    editor = PlanEditor(db, consulent, casus.id)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.question.toPlainText() == "Ik red het huishouden niet meer sinds mijn heupoperatie."
    editor.tabs.setCurrentIndex(2)
    editor.add_goal_button.click()
    goal = editor.goals[0]
    goal.description.setPlainText("Zelf het huishouden doen") if hasattr(goal.description, "setPlainText") \
        else goal.description.setText("Zelf het huishouden doen")
    result = goal.results[0]
    result.description.setPlainText("Binnen twee maanden doet mevrouw de was weer zelf.") \
        if hasattr(result.description, "setPlainText") else result.description.setText("Binnen twee maanden doet "
                                                                                         "mevrouw de was weer zelf.")
    result.target_date.setText("01-02-2027")
    result.contributors["inwoner"].setChecked(True)
    assert editor.save(), editor.error_panel.text()
    monkeypatch.setattr(editor, "ask_agreed_date", lambda: date(2026, 11, 18))
    editor.agree_button.click()
    assert not editor.document.editable, editor.error_panel.text()
    editor.close()

    screen = CasusDialog(db, consulent, casus.id)
    qtbot.addWidget(screen)
    screen.show()
    screen.research_date.setText("18-11-2026")
    screen.research_button.click()
    screen.aanvraag_date.setText("20-11-2026")
    screen.aanvraag_button.click()
    assert screen.error_panel.isHidden(), screen.error_panel.text()
    screenshot(screen, "walk-casus")
    screen.close()

    residents._refresh_file(resident.id)

    def decide(dialog):
        dialog.product.setCurrentIndex(0)
        assert dialog.aanbieder.currentText() == "Zorggroep Oost"  # the one contracted for the product
        dialog.complexity.setCurrentIndex(dialog.complexity.findData(Complexity.M))
        dialog.category.setCurrentIndex(dialog.category.findData(IndicationCategory.INTENSIEF))
        dialog.hours.setText("8")
        dialog.start.setText("23-11-2026")
        dialog.motivation.setPlainText("Begeleiding om het huishouden weer zelf te leren doen.")
        screenshot(dialog, "walk-beschikking")
        dialog.save(establish=True)

    on_modal(qtbot, decide)
    residents.file_view.new_decision_button.click()
    with db.read() as s:
        decision = s.exec(select(Beschikking)).one()
    assert decision.status is DecisionStatus.VASTGESTELD and decision.tariff_cents == 6250

    medewerker = sign_in(db, "mila", PASSWORD)
    queue = LetterQueuePage(db, medewerker)
    qtbot.addWidget(queue)
    queue.resize(1280, 720)
    queue.show()
    kinds = sorted(r.kind.value for r in queue.model.rows)
    assert kinds == ["ontvangstbevestiging", "toekenning", "verslag"], [r.problems for r in queue.model.rows]
    assert all(r.ready for r in queue.model.rows)
    screenshot(queue, "walk-brievenwachtrij")
    queue.select_all.setChecked(True)
    qtbot.mouseClick(queue.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not queue.batch.busy and queue.batch.result is not None, timeout=30_000)
    with db.read() as s:
        letters = {row.kind for row in s.exec(select(Letter))}
    assert letters == {LetterKind.ONTVANGSTBEVESTIGING, LetterKind.VERSLAG, LetterKind.TOEKENNING}
    db.dispose()
