"""Letters 'uw nieuwe contactpersoon' through the one letter queue: after a hand-over they wait in 'Brieven'
beside the decision letters, a resident without an address is parked with the reason, the others are made
in the background by the same batch panel, saved for the printer and marked as sent."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import ContactLetter, Letter, Resident, User
from db.models.enums import LetterKind, Role
from desktop.core.letters.jobs import CONTACT
from desktop.core.team import handover
from desktop.ui import dialogs
from desktop.ui.letters.queue_model import STATUS_COLUMN
from tests.gui.test_letters_gui import open_page


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


def contact_rows(page) -> list[int]:
    return [i for i, r in enumerate(page.model.rows) if r.kind is LetterKind.CONTACTPERSOON]


def test_hand_over_letters_are_made_saved_and_sent_from_the_one_queue(qtbot, demo_db, demo_actor, screenshot,
                                                                     dialog_calls, monkeypatch, tmp_path, today):
    residents = hand_over_three(demo_db, demo_actor("casusregisseur"))
    page = open_page(qtbot, demo_db, demo_actor("medewerker"))
    model = page.model
    rows = contact_rows(page)
    assert len(rows) == 3 and {model.rows[i].resident_id for i in rows} == set(residents)
    assert all(model.index(i, 1).data() == "Nieuwe contactpersoon" for i in rows)
    assert all(model.rows[i].about.startswith("Nieuwe contactpersoon: ") for i in rows)
    parked = [i for i in rows if not model.rows[i].ready]
    assert len(parked) == 1 and "adres van de inwoner ontbreekt" in model.index(parked[0], STATUS_COLUMN).data()
    assert any("Nieuwe contactpersoon" in page.parked_model.index(r, 3).data()
               for r in range(page.parked_model.rowCount()))
    decisions_waiting = [i for i, r in enumerate(model.rows) if r.job.source != CONTACT]
    assert decisions_waiting  # the decision letters wait in the same list
    for i in rows:  # choose only the hand-over letters
        model.setData(model.index(i, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert len(model.checked_ids()) == 2 and page.make_button.text() == "2 brieven maken"
    page.table.selectRow(rows[0])
    qtbot.wait(50)
    screenshot(page, "letters_queue_contact")

    qtbot.mouseClick(page.make_button, Qt.MouseButton.LeftButton)
    assert dialog_calls[-1][0] == "confirm" and "2 brieven staan klaar" in dialog_calls[-1][2]
    qtbot.waitUntil(lambda: not page.batch.busy and page.batch.result is not None, timeout=30_000)
    result = page.batch.result
    assert len(result.letter_ids) == 2 and not result.parked
    with demo_db.read() as s:
        made = s.exec(select(Letter).where(Letter.id.in_(result.letter_ids))).all()
        requests = s.exec(select(ContactLetter).where(ContactLetter.letter_id.in_(result.letter_ids))).all()
    assert {m.kind for m in made} == {LetterKind.CONTACTPERSOON} and len(requests) == 2
    assert "Uw nieuwe contactpersoon" in PdfReader(io.BytesIO(result.printer_pdf)).pages[0].extract_text()
    assert len(contact_rows(page)) == 1  # the parked one still waits
    assert page.tabs.tabText(2) == "Aangemaakt, nog niet verzonden (2)"

    target = tmp_path / "contactbrieven.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, title, name, flt: str(target))
    qtbot.mouseClick(page.batch.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == result.printer_pdf
    qtbot.mouseClick(page.batch.sent_button, Qt.MouseButton.LeftButton)
    with demo_db.read() as s:
        assert {s.get(Letter, i).sent_date for i in result.letter_ids} == {today}
    assert page.tabs.tabText(2) == "Aangemaakt, nog niet verzonden (0)"
    screenshot(page, "letters_contact_done")


def test_a_hand_over_letter_can_be_previewed_before_it_is_made(qtbot, demo_db, demo_actor, dialog_calls, monkeypatch):
    hand_over_three(demo_db, demo_actor("casusregisseur"))
    page = open_page(qtbot, demo_db, demo_actor("medewerker"))
    seen = {}

    class Preview:
        def __init__(self, title, pdf, problems=(), parent=None, **kw):
            seen.update(title=title, pdf=pdf, problems=problems, draft=kw.get("draft"))

        def exec(self):
            return 0

    import desktop.ui.letters.preview as preview_module

    monkeypatch.setattr(preview_module, "LetterPreviewDialog", Preview)
    page.table.selectRow(contact_rows(page)[0])
    page.preview_selected()
    assert seen["draft"] and seen["pdf"].startswith(b"%PDF-") and "nieuwe contactpersoon" in seen["title"]
    assert "Vanaf" in PdfReader(io.BytesIO(seen["pdf"])).pages[0].extract_text()
