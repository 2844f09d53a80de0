"""The tab 'Nieuwe contactpersoon': after a hand-over the letters wait there; two are made in the background,
the printer PDF is saved, a resident without an address stays parked with the reason, then the letters are
marked as sent."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import ContactLetter, Resident, User
from db.models.enums import Role
from desktop.core.team import handover
from desktop.ui import dialogs
from desktop.ui.letters.contact_tab import ContactLettersTab


def hand_over_three(db, regisseur) -> list[int]:
    """Hands over the cases of three residents of one demo consulent (the last one without an address)."""
    with db.read() as s:
        consulenten = list(s.exec(select(User.id).where(User.role == Role.CONSULENT, User.active)
                                  .order_by(User.id)).all())
    source, target = consulenten[0], consulenten[1]
    rows = [r for r in handover.cases_of(db, regisseur, source) if r.resident_consulent_id == source]
    residents = list(dict.fromkeys(r.resident_id for r in rows))[:3]
    with db.write() as s:
        for rid in residents[:2]:
            r = s.get(Resident, rid)
            r.street, r.house_number, r.postcode, r.city = r.street or "Dorpsstraat", 1, "7001AB", "Koersveen"
        r = s.get(Resident, residents[2])
        r.street = r.house_number = r.house_number_suffix = r.postcode = r.city = None
    cases = [r.casus_id for r in rows if r.resident_id in residents]
    moved = handover.hand_over(db, regisseur, cases, [target], "Herverdeling van het team")
    assert len(moved) == 3
    return residents


def test_make_save_and_send_two_letters(qtbot, demo_db, demo_actor, screenshot, dialog_calls, monkeypatch, tmp_path):
    residents = hand_over_three(demo_db, demo_actor("casusregisseur"))
    tab = ContactLettersTab(demo_db, demo_actor("medewerker"))
    qtbot.addWidget(tab)
    tab.resize(1150, 720)
    tab.show()
    model = tab.pending_model
    assert model.rowCount() == 3 and model.selectable_count() == 2
    parked_row = next(r for r in range(3) if not model.flags(model.index(r, 0)) & Qt.ItemFlag.ItemIsUserCheckable)
    assert "adres van de inwoner ontbreekt" in model.index(parked_row, 6).data()
    assert not tab.make_button.isEnabled()
    tab.select_all.setChecked(True)
    assert len(model.checked_ids()) == 2 and tab.make_button.isEnabled()
    assert tab.chosen_label.text() == "2 van 2 gekozen"
    screenshot(tab, "contact_tab_pending")

    target = tmp_path / "afdruk.pdf"
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, title, name, flt: (asked.append(name), str(target))[1])
    qtbot.mouseClick(tab.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.task is None and tab.last_result is not None, timeout=30_000)
    assert len(tab.last_result.letter_ids) == 2 and not tab.last_result.cancelled
    assert asked and target.exists() and len(PdfReader(io.BytesIO(target.read_bytes())).pages) == 2
    assert "afdruk.pdf" in tab.status.text()
    assert model.rowCount() == 1 and model.selectable_count() == 0  # only the parked one is left
    assert tab.unsent_model.rowCount() == 2 and len(tab.unsent_model.checked_ids()) == 2
    assert tab.save_again_button.isVisible() and not tab.progress.isVisible()
    screenshot(tab, "contact_tab_made")

    qtbot.mouseClick(tab.sent_button, Qt.MouseButton.LeftButton)
    assert dialog_calls and dialog_calls[-1][0] == "confirm"
    assert tab.unsent_model.rowCount() == 0 and "verzonden" in tab.status.text()
    with demo_db.read() as s:
        rows = s.exec(select(ContactLetter).where(ContactLetter.resident_id.in_(residents))).all()
    assert sorted((r.pdf is not None, r.sent_date is not None) for r in rows) == [(False, False), (True, True),
                                                                                   (True, True)]
    screenshot(tab, "contact_tab_sent")


def test_cancel_stops_after_whole_letters(qtbot, demo_db, demo_actor, monkeypatch, tmp_path):
    hand_over_three(demo_db, demo_actor("casusregisseur"))
    tab = ContactLettersTab(demo_db, demo_actor("medewerker"))
    qtbot.addWidget(tab)
    tab.select_all.setChecked(True)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: str(tmp_path / "a.pdf"))
    tab.start_issue()
    tab.cancel_issue()  # before the first letter: nothing is made
    qtbot.waitUntil(lambda: tab.task is None, timeout=30_000)
    made = len(tab.last_result.letter_ids)
    assert tab.last_result.cancelled or made == 2
    assert tab.unsent_model.rowCount() == made and tab.pending_model.selectable_count() == 2 - made


def test_a_role_without_the_letter_queue_sees_nothing_to_make(qtbot, demo_db, demo_actor):
    tab = ContactLettersTab(demo_db, demo_actor("consulent"))
    qtbot.addWidget(tab)
    assert not tab.isEnabled() and "mag geen brieven maken" in tab.status.text()
    assert tab.pending_model.rowCount() == 0
