"""The contact journal in the resident's file: record a contact through the form (a bad input stays in the form
with every problem named), correct it (the original stays readable, marked), mark the follow-up done; a role
without the journal sees no buttons and no contacts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from db.models import Casus, Resident
from db.models.enums import JournalKind, Law
from desktop.core.deadlines import queries
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.core.nl import format_date, format_date_short
from desktop.core.residents import journal
from desktop.core.residents.journal import JournalInput
from desktop.ui.residents.journal_dialog import JournalDialog
from desktop.ui.residents.journal_panel import JournalPanel
from tests.gui.test_decision_actions import on_modal

LAPTOP_WIDTH = 1366 - 200  # the side bar of the main window takes the rest


@pytest.fixture
def resident(db, actors):
    """A resident of the consulent with two Wmo cases: (resident id, [(casus id, label)] newest first)."""
    with db.write() as s:
        r = Resident(client_number="K0000001", initials="M.", surname="Jansen", search_name="jansen",
                     date_of_birth=date(1950, 3, 4), consulent_id=actors.consulent.user_id)
        s.add(r)
        s.flush()
        old = Casus(resident_id=r.id, law=Law.WMO, melding_date=date(2025, 3, 1), consulent_id=actors.consulent.user_id)
        new = Casus(resident_id=r.id, law=Law.WMO, melding_date=date(2025, 11, 1),
                    consulent_id=actors.consulent.user_id)
        s.add_all([old, new])
        s.flush()
        return r.id, [(new.id, "Wmo 2015 · melding 1 november 2025"), (old.id, "Wmo 2015 · melding 1 maart 2025")]


def _panel(qtbot, db, actor, resident) -> JournalPanel:
    panel = JournalPanel(db, actor)
    qtbot.addWidget(panel)
    panel.resize(LAPTOP_WIDTH, 560)
    panel.show()
    panel.show_resident(*resident)
    return panel


def _fill(dialog: JournalDialog, today: date, *, summary: str, follow_up: date | None) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(JournalKind.HUISBEZOEK))
    dialog.contact_date.setText(format_date_short(today - timedelta(days=1)))
    dialog.with_whom.setText("Mevrouw en haar dochter")
    dialog.summary.setPlainText(summary)
    dialog.agreements.setPlainText("Dochter vraagt de huurtoeslag aan.\nConsulent belt de woningcorporatie.")
    dialog.follow_up.setText(format_date_short(follow_up) if follow_up else "")


def test_record_correct_and_follow_up_through_the_panel(qtbot, db, actors, resident, today, screenshot):
    panel = _panel(qtbot, db, actors.consulent, resident)
    assert panel.empty.isVisible() and "Nog geen contacten vastgelegd" in panel.empty.text()
    assert panel.add_button.isVisible() and panel.add_button.isEnabled() and not panel.correct_button.isEnabled()
    follow = today + timedelta(days=3)
    state = {}

    def bad_then_good(dialog: JournalDialog) -> None:
        assert dialog.casus.currentData() == resident[1][0][0], "the newest case first"
        dialog.kind.setCurrentIndex(dialog.kind.findData(JournalKind.HUISBEZOEK))
        dialog.contact_date.setText(format_date_short(today + timedelta(days=2)))  # in the future
        dialog.follow_up.setText("31-02-2026")  # no date
        dialog.with_whom.setText("Mevrouw en haar dochter")
        dialog.ok_button.click()
        assert dialog.isVisible(), "a refusal keeps the form open"
        state["errors"] = dialog.error_panel.text()
        state["kept"] = dialog.with_whom.text()
        state["marked"] = [n for n, w in dialog.fields.items() if w.property("invalid")]
        screenshot(dialog, "journaal-contact-fouten")
        _fill(dialog, today, summary="Huisbezoek: mevrouw kan de trap niet meer op.\nZe wil graag beneden wonen.",
              follow_up=follow)
        dialog.ok_button.click()

    on_modal(qtbot, bad_then_good)
    with qtbot.waitActive(panel):
        panel.activateWindow()
    panel.add_button.setFocus()
    qtbot.keyClick(panel.add_button, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # Ctrl+J, as the button
    assert "ligt in de toekomst" in state["errors"] and "31-02-2026 bestaat niet als datum" in state["errors"]
    assert "Vul de samenvatting in" in state["errors"]
    assert state["kept"] == "Mevrouw en haar dochter"
    assert set(state["marked"]) == {"contact_date", "follow_up_date", "summary"}
    rows = panel.model.entries
    assert len(rows) == 1 and rows[0].follow_up_date == follow and panel.message.text() == "Contact vastgelegd."
    assert panel.model.index(0, 5).data() == format_date(follow)
    assert "Ze wil graag beneden wonen." in panel.detail.toPlainText()
    assert [i.journal_entry_id for i in queries.my_workload(db, actors.consulent)
            if i.kind is DeadlineKind.OPVOLGING] == [rows[0].id]

    def correct(dialog: JournalDialog) -> None:
        assert dialog.summary.toPlainText().startswith("Huisbezoek: mevrouw"), "prefilled with the entry"
        dialog.with_whom.setText("Mevrouw en haar zoon")
        dialog.ok_button.click()
        state["no_reason"] = dialog.error_panel.text()
        assert dialog.isVisible()
        dialog.correction_reason.setPlainText("Het was de zoon, niet de dochter")
        qtbot.wait(50)
        screenshot(dialog, "journaal-correctie")
        dialog.ok_button.click()

    original_id = rows[0].id
    on_modal(qtbot, correct)
    panel.correct_button.click()
    assert "Vul de reden van de correctie in" in state["no_reason"]
    rows = panel.model.entries
    assert [r.id for r in rows][1] == original_id and rows[0].corrects_id == original_id
    assert panel.model.index(1, 1).data() == "Gecorrigeerd · Huisbezoek"
    assert panel.model.index(1, 2).data() == "Mevrouw en haar dochter", "the original stays readable"
    assert panel.model.index(0, 1).data() == "Huisbezoek"
    detail = panel.detail.toPlainText()
    assert "Reden: Het was de zoon, niet de dochter" in detail and "Het origineel dat deze correctie vervangt" in detail
    assert "Mevrouw en haar dochter" in detail
    panel.table.selectRow(1)
    assert not panel.correct_button.isEnabled() and not panel.done_button.isEnabled()
    assert "Gecorrigeerd" in panel.detail.toPlainText()
    screenshot(panel, "journaal-paneel")

    panel.table.selectRow(0)
    assert panel.done_button.isEnabled()
    panel.done_button.click()
    assert panel.model.index(0, 5).data() == "afgehandeld" and not panel.done_button.isEnabled()
    assert f"afgehandeld op {format_date(today)} door Carla Consulent" in panel.detail.toPlainText()
    assert not [i for i in queries.my_workload(db, actors.consulent) if i.kind is DeadlineKind.OPVOLGING]

    # the widest texts a row can have: the longest kind, corrected, with a handled follow-up
    long = journal.add_entry(db, actors.consulent, resident[1][1][0], JournalInput(
        JournalKind.OVERLEG_AANBIEDER, today - timedelta(days=40), "Zorggroep De Linde, begeleider en teamleider",
        "Overleg over de voortgang. " * 30, "Nieuwe evaluatie plannen. " * 10, today - timedelta(days=30)))
    journal.mark_follow_up_done(db, actors.consulent, long.id, today)
    journal.correct_entry(db, actors.consulent, long.id, JournalInput(
        JournalKind.OVERLEG_AANBIEDER, today - timedelta(days=40), "Zorggroep De Linde", "Overleg. " * 30,
        "", today - timedelta(days=30)), "Teamleider was er niet bij")
    panel.reload()
    assert len(panel.model.entries) == 4
    screenshot(panel, "journaal-paneel-breed")
    panel.resize(560, 520)  # beside the resident list in the Inwoners area of a 1366-wide laptop
    qtbot.waitUntil(lambda: panel.table.isColumnHidden(2))
    assert [c for c in range(7) if not panel.table.isColumnHidden(c)] == [0, 1, 3, 5]
    qtbot.waitUntil(lambda: panel.table.horizontalScrollBar().maximum() == 0)  # nothing to scroll sideways
    screenshot(panel, "journaal-paneel-smal")


def test_the_casus_choice_filters_the_list(qtbot, qtmodeltester, db, actors, resident, today):
    rid, choices = resident
    (new_id, _), (old_id, _) = choices
    for cid, words in ((old_id, "Eerste casus"), (new_id, "Tweede casus")):
        journal.add_entry(db, actors.consulent, cid, JournalInput(JournalKind.TELEFOON, today, summary=words))
    panel = _panel(qtbot, db, actors.consulent, resident)
    assert panel.casus.isVisible() and len(panel.model.entries) == 2
    qtmodeltester.check(panel.model)
    panel.casus.setCurrentIndex(panel.casus.findData(old_id))
    assert [r.summary for r in panel.model.entries] == ["Eerste casus"]
    panel.clear()
    assert panel.model.rowCount() == 0 and not panel.casus.isVisible()


def test_a_medewerker_sees_no_contacts_and_no_buttons(qtbot, db, actors, resident, today, screenshot):
    journal.add_entry(db, actors.consulent, resident[1][0][0],
                      JournalInput(JournalKind.GESPREK, today, summary="Vertrouwelijk gesprek"))
    for actor in (actors.medewerker, actors.controller):
        panel = _panel(qtbot, db, actor, resident)
        assert not any(b.isVisible() for b in (panel.add_button, panel.correct_button, panel.done_button))
        assert panel.model.rowCount() == 0 and "niet zichtbaar voor uw rol" in panel.empty.text()
        assert "Vertrouwelijk" not in panel.detail.toPlainText()
    screenshot(panel, "journaal-medewerker")
    panel = _panel(qtbot, db, actors.casusregisseur, resident)
    assert panel.add_button.isVisible() and panel.model.rowCount() == 1


def test_a_follow_up_in_the_werkvoorraad_opens_the_resident_s_file(qtbot, db, actors, resident, today):
    from desktop.ui.workload.page import WorkloadPage

    rid, choices = resident
    entry = journal.add_entry(db, actors.consulent, choices[0][0], JournalInput(
        JournalKind.TELEFOON, today, summary="Terugbellen over de traplift", follow_up_date=today + timedelta(days=2)))
    page = WorkloadPage(db, actors.consulent)
    qtbot.addWidget(page)
    row = next(r for r in range(page.model.rowCount()) if page.model.item_at(r).journal_entry_id == entry.id)
    item = page.model.item_at(row)
    assert (page.model.index(row, 0).data(), item.days_left) == ("Opvolging contact", 2)
    page.table.selectRow(row)
    with qtbot.waitSignal(page.resident_requested) as opened:
        page.open_selected()
    assert opened.args == [rid]
    page.refresh()
    assert page.selected_item().journal_entry_id == entry.id, "a refresh keeps the same row chosen"
