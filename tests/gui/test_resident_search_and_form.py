"""Issue 20 points 2, 5 and 7 in the Inwoners area: a list that tells namesakes apart, 'Mijn caseload', and a
resident form that starts without a salutation, says every problem at once and asks why a BSN changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import AuditEntry, Resident, User
from db.models.enums import Salutation
from desktop.core.residents import register
from desktop.ui import dialogs
from desktop.ui.residents.edit_dialog import NO_SALUTATION, ResidentDialog
from desktop.ui.residents.list_model import ROW_ID_ROLE
from tests.gui.test_main_window import open_window, search, visible_ids
from tests.gui.test_resident_dialog import VALID, count, fill


def test_list_columns_tell_namesakes_apart(qtbot, demo_actor, demo_path, demo_db, screenshot):
    window, page = open_window(qtbot, demo_path, demo_actor("casusregisseur"))
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Naam", "Geboren", "Adres", "Vaste consulent", "Cliëntnummer", "BSN"]
    assert "cliëntnummer" in page.search.placeholderText() and "Klantnummer" not in headers
    assert page.search.minimumWidth() <= 260
    assert not page.caseload.isVisibleTo(page)  # a casusregisseur has no caseload of their own

    with demo_db.read() as s:
        someone = s.exec(select(Resident).where(Resident.first_name.is_not(None), Resident.street.is_not(None),
                                                Resident.consulent_id.is_not(None)).order_by(Resident.id)).first()
        consulent = s.get(User, someone.consulent_id).display_name
    search(qtbot, page, someone.client_number)
    assert visible_ids(page) == [someone.id]
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert f"({someone.first_name})" in cells[0] and cells[0].startswith(someone.surname)
    assert cells[1] == someone.date_of_birth.strftime("%d-%m-%Y")
    assert cells[2].startswith(f"{someone.street} {someone.house_number}") and cells[2].endswith(someone.city)
    assert someone.postcode[:4] in cells[2]
    assert cells[3] == consulent and cells[4] == someone.client_number
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)  # the whole row, for what is cut off or left out
    assert tip.splitlines() == [f"{title}: {cell}" for title, cell in zip(headers, cells, strict=True)]

    search(qtbot, page, f"{someone.first_name} {someone.surname}")
    assert someone.id in visible_ids(page)
    search(qtbot, page, f"{someone.street} {someone.house_number}")
    assert someone.id in visible_ids(page)
    screenshot(window, "residents-list-columns")


def test_my_caseload_filter(qtbot, demo_actor, demo_path, demo_db, screenshot):
    me = demo_actor("consulent")
    window, page = open_window(qtbot, demo_path, me)
    assert page.caseload.isVisibleTo(page) and not page.caseload.isChecked()
    everyone = page.count_label.text()
    page.caseload.setChecked(True)
    with demo_db.read() as s:
        mine = s.exec(select(Resident.id).where(Resident.consulent_id == me.user_id)).all()
    page.model.fetchMore()
    assert 0 < len(mine) < 450
    assert set(visible_ids(page)) <= set(mine) and page.model.rowCount() == min(len(mine), page.model.PAGE)
    assert page.count_label.text() == f"{len(mine)} inwoners in uw caseload"
    assert all(page.model.data(page.model.index(r, 3)) == me.display_name for r in range(page.model.rowCount()))
    search(qtbot, page, "a")
    assert set(visible_ids(page)) <= set(mine)
    assert page.count_label.text().endswith("gevonden in uw caseload")
    screenshot(window, "residents-my-caseload")
    page.caseload.setChecked(False)
    search(qtbot, page, "")
    assert page.count_label.text() == everyone


def new_dialog(qtbot, db, actor) -> ResidentDialog:
    dialog = ResidentDialog(db, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_salutation_starts_empty_and_is_a_named_problem(qtbot, db, today, make_actor):
    dialog = new_dialog(qtbot, db, make_actor("consulent"))
    assert dialog.salutation.currentText() == NO_SALUTATION and dialog.salutation.currentData() is None
    assert [dialog.salutation.itemData(i) for i in range(dialog.salutation.count())] == [
        None, Salutation.MEVROUW, Salutation.HEER, Salutation.NEUTRAAL]
    fill(qtbot, dialog, **{**VALID, "salutation": ""})
    dialog.save()
    assert count(db) == 0 and dialog.result() != ResidentDialog.DialogCode.Accepted
    assert "Kies een aanhef" in dialog.error_panel.text()
    assert dialog.salutation.property("invalid") is True
    fill(qtbot, dialog, salutation="neutraal")
    dialog.save()
    assert count(db) == 1 and dialog.saved.salutation is Salutation.NEUTRAAL


def test_all_problems_at_once_an_impossible_date_does_not_hide_a_bad_bsn(qtbot, db, today, make_actor, screenshot,
                                                                       dialog_calls):
    dialog = new_dialog(qtbot, db, make_actor("consulent"))
    fill(qtbot, dialog, **{**VALID, "salutation": "", "date_of_birth": "31-02-2026", "bsn": "123456789",
                           "first_name": "4nna", "email": "geen adres"})
    dialog.save()
    assert count(db) == 0
    panel = dialog.error_panel.text()
    assert "bestaat niet als datum" in panel and "elfproef" in panel and "aanhef" in panel
    assert "voornaam" in panel.lower() and "e-mailadres" in panel
    for widget in (dialog.date_of_birth, dialog.bsn, dialog.salutation, dialog.first_name, dialog.email):
        assert widget.property("invalid") is True and widget.toolTip()
    assert dialog.surname.property("invalid") in (None, False)
    qtbot.wait(50)
    assert not dialog.error_area.verticalScrollBar().isVisible()  # six problems: all in view
    screenshot(dialog, "resident-dialog-all-problems")


def test_first_name_is_stored_and_shown_again(qtbot, db, today, make_actor):
    me = make_actor("consulent")
    dialog = new_dialog(qtbot, db, me)
    fill(qtbot, dialog, **VALID, first_name="Marieke")
    dialog.save()
    saved = register.get_resident(db, me, dialog.saved.id)
    assert saved.first_name == "Marieke" and saved.search_first == "marieke"
    again = ResidentDialog(db, me, saved)
    qtbot.addWidget(again)
    assert again.first_name.text() == "Marieke" and again.salutation.currentData() == Salutation.MEVROUW


def _registered(db, me) -> Resident:
    return register.create_resident(db, me, register.ResidentInput(
        bsn="999900006", initials="A.", surname="Pelgrom", first_name="Anna", date_of_birth=date(1960, 5, 17),
        salutation=Salutation.MEVROUW, consulent_id=me.user_id))


def test_changing_the_bsn_asks_a_reason_and_logs_it(qtbot, db, today, make_actor, monkeypatch, screenshot):
    me = make_actor("consulent")
    resident = _registered(db, me)
    asked: list[tuple[str, str]] = []
    answers = iter([None, "Tikfout bij de registratie"])

    def ask_text(parent, title, label, **_):
        asked.append((title, label))
        return next(answers)

    monkeypatch.setattr(dialogs, "ask_text", ask_text)
    dialog = ResidentDialog(db, me, resident)
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, bsn="1234.56.782")
    dialog.save()  # cancelled: nothing stored, the form stays as typed
    assert len(asked) == 1 and "BSN" in asked[0][0] and "toegangslog" in asked[0][1]
    assert dialog.result() != ResidentDialog.DialogCode.Accepted and dialog.bsn.text() == "1234.56.782"
    assert register.get_resident(db, me, resident.id).bsn == "999900006"

    dialog.save()
    assert len(asked) == 2 and dialog.result() == ResidentDialog.DialogCode.Accepted
    assert register.get_resident(db, me, resident.id).bsn == "123456782"
    with db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "inwoner.wijzigen")).one()
    assert line.reason == "BSN gewijzigd: Tikfout bij de registratie"
    assert "123456782" not in str(line.changes) and "999900006" not in str(line.changes)


def test_other_changes_ask_no_reason(qtbot, db, today, make_actor):
    me = make_actor("consulent")
    resident = _registered(db, me)
    dialog = ResidentDialog(db, me, resident)  # ask_text would fail the test (no_unexpected_dialogs)
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, first_name="Ans", bsn="9999 00 006")
    dialog.save()
    assert dialog.result() == ResidentDialog.DialogCode.Accepted
    assert register.get_resident(db, me, resident.id).first_name == "Ans"


def test_row_id_role_still_opens_the_file(qtbot, demo_actor, demo_path):
    _, page = open_window(qtbot, demo_path, demo_actor("casusregisseur"))
    first = page.model.data(page.model.index(0, 0), ROW_ID_ROLE)
    page.open_resident(first)
    assert page.file_view.file.resident.id == first


def test_every_field_wrong_still_fits_the_laptop(qtbot, db, today, make_actor, screenshot, dialog_calls):
    """The longest list of problems the form can show: the panel grows, the buttons stay on the laptop screen
    (every_window_fits_a_laptop checks 100 % and 125 % when the test ends)."""
    dialog = new_dialog(qtbot, db, make_actor("consulent"))
    fill(qtbot, dialog, salutation="", initials="1", first_name="4nna", prefix="v4n", surname="H0f",
         date_of_birth="31-02-2026", bsn="123456789", street="Kerkstraat", house_number="twaalf",
         suffix="A" * 11, postcode="0123 AB", city="Winterswijk", phone="bel mij", email="geen adres")
    dialog.save()
    problems = dialog.error_panel.text().count("•")
    assert problems >= 12, dialog.error_panel.text()
    assert count(db) == 0
    qtbot.wait(50)  # the layout settles
    assert dialog.error_area.verticalScrollBar().isVisible()  # the rest scrolls within the panel
    assert dialog.error_area.height() <= dialog.error_area.maximumHeight()
    assert dialog.error_area.geometry().bottom() < dialog.save_button.mapTo(dialog, dialog.save_button.rect().topLeft()).y()
    screenshot(dialog, "resident-dialog-every-problem")
