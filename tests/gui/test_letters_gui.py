"""The area 'Brieven': the queue with parked rows, a batch of two made in the background, saved and marked
sent; a cancelled batch keeps only whole letters; the preview dialog; who sees the area."""

from __future__ import annotations

import hashlib
import io
import threading
import time

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import Beschikking, Letter, Resident
from db.models.enums import DecisionStatus, Law
from desktop.core.letters import pipeline
from desktop.core.nl import format_date, format_date_short
from desktop.ui import dialogs
from desktop.ui.areas import areas_for
from desktop.ui.letters.preview import LetterPreviewDialog
from desktop.ui.letters.queue_model import STATUS_COLUMN
from desktop.ui.letters.queue_page import LetterQueuePage
from tests.gui.demo_decisions import established_demo_decision


def remove_address(db, resident_id: int) -> None:
    with db.write() as s:
        r = s.get(Resident, resident_id)
        r.street = r.house_number = r.house_number_suffix = r.postcode = r.city = None


def open_page(qtbot, db, actor) -> LetterQueuePage:
    page = LetterQueuePage(db, actor)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def check(page, rows: list[int]) -> None:
    for row in rows:
        page.model.setData(page.model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def test_the_queue_shows_waiting_decisions_and_what_to_fix(qtbot, demo_db, demo_actor, screenshot):
    actor = demo_actor("medewerker")
    queue = pipeline.letter_queue(demo_db, actor)
    assert len(queue) >= 3 and all(r.ready for r in queue)
    victim = next(r for r in queue[1:] if r.law is Law.WMO)  # a minor's Jeugdwet letter goes to the parents
    remove_address(demo_db, victim.resident_id)
    page = open_page(qtbot, demo_db, actor)
    model = page.model
    assert model.rowCount() == len(queue) and model.ready_count() == len(queue) - 1
    parked_row = next(i for i, r in enumerate(model.rows) if not r.ready)
    assert model.rows[parked_row].decision_id == victim.decision_id
    status = model.index(parked_row, STATUS_COLUMN).data()
    assert status.startswith("te herstellen: ") and "adres" in status
    assert model.index(0, STATUS_COLUMN).data() == "klaar"
    assert not model.flags(model.index(parked_row, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert page.tabs.tabText(1) == "Te herstellen (1)" and page.parked_model.rowCount() == 1
    assert "adres" in page.parked_model.index(0, 4).data()
    assert not page.make_button.isEnabled()
    page.select_all.setChecked(True)
    assert len(model.checked_ids()) == len(queue) - 1 and page.make_button.isEnabled()
    assert page.make_button.text() == f"{len(queue) - 1} brieven maken"
    page.table.selectRow(parked_row)
    qtbot.wait(50)
    screenshot(page, "letters_queue")
    page.tabs.setCurrentIndex(1)
    screenshot(page, "letters_parked")


def test_two_letters_are_made_in_the_background_saved_and_marked_sent(
        qtbot, demo_db, demo_actor, dialog_calls, monkeypatch, tmp_path, screenshot, today):
    actor = demo_actor("medewerker")
    page = open_page(qtbot, demo_db, actor)
    chosen = [page.model.rows[0].decision_id, page.model.rows[1].decision_id]
    check(page, [0, 1])
    seen = []
    page.batch.progress.valueChanged.connect(seen.append)
    gui_thread = threading.get_ident()
    worker_threads = []
    real_issue = pipeline.issue_letters

    def spy(*args, **kwargs):
        worker_threads.append(threading.get_ident())
        return real_issue(*args, **kwargs)

    monkeypatch.setattr(pipeline, "issue_letters", spy)
    qtbot.mouseClick(page.make_button, Qt.MouseButton.LeftButton)
    assert dialog_calls[-1][0] == "confirm" and "2 brieven staan klaar" in dialog_calls[-1][2]
    assert page.batch.busy and not page.make_button.isEnabled() and page.batch.running.isVisible()
    qtbot.waitUntil(lambda: not page.batch.busy and page.batch.result is not None, timeout=30_000)
    assert worker_threads and worker_threads[0] != gui_thread
    result = page.batch.result
    assert len(result.letter_ids) == 2 and not result.cancelled and seen and seen[-1] == 2 == page.batch.progress.maximum()
    with demo_db.read() as s:
        made = s.exec(select(Letter).where(Letter.id.in_(result.letter_ids))).all()
    assert sorted(m.beschikking_id for m in made) == sorted(chosen)
    assert all(hashlib.sha256(m.pdf).hexdigest() == m.sha256 for m in made)
    assert page.model.rowCount() == len(pipeline.letter_queue(demo_db, actor))
    assert chosen[0] not in [r.decision_id for r in page.model.rows]
    assert page.tabs.tabText(2) == "Aangemaakt, nog niet verzonden (2)"
    assert page.batch.done.isVisible() and "2 brieven gemaakt" in page.batch.summary.text()
    qtbot.wait(50)
    screenshot(page, "letters_batch_done")

    target = tmp_path / "printer.pdf"
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_path",
                        lambda parent, title, name, flt: (asked.append(name), str(target))[1])
    qtbot.mouseClick(page.batch.save_button, Qt.MouseButton.LeftButton)
    assert asked == [f"brieven-{format_date_short(today)}.pdf"]
    pdf = target.read_bytes()
    assert pdf == result.printer_pdf and len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert "printer.pdf" in page.batch.summary.text()

    qtbot.mouseClick(page.batch.sent_button, Qt.MouseButton.LeftButton)
    assert dialog_calls[-1][1] == "Markeren als verzonden" and format_date(today) in dialog_calls[-1][2]
    with demo_db.read() as s:
        statuses = [s.get(Beschikking, d).status for d in chosen]
        sent = [s.get(Letter, i).sent_date for i in result.letter_ids]
    assert statuses == [DecisionStatus.VERZONDEN] * 2 and all(sent)
    assert f"gemarkeerd als verzonden op {format_date(today)}" in page.batch.summary.text()
    assert page.tabs.tabText(2) == "Aangemaakt, nog niet verzonden (0)"


def test_cancelling_a_batch_stops_early_and_keeps_only_whole_letters(
        qtbot, demo_db, demo_actor, dialog_calls, monkeypatch, today):
    actor = demo_actor("medewerker")
    ready = sum(r.ready for r in pipeline.letter_queue(demo_db, actor))
    for _ in range(5 - ready):  # the demo's queue depends on the day: make sure the batch has five letters
        established_demo_decision(demo_db, demo_actor("consulent"), start=today, established_on=today, results=1,
                                  period_count=7, motivation="Extra beschikking voor de brievenronde.")
    page = open_page(qtbot, demo_db, actor)
    total = page.model.ready_count()
    assert total >= 5
    real_add = pipeline._Archive.add

    def slow_add(*args, **kwargs):  # each letter takes a while, so the cancel lands mid-batch
        time.sleep(0.25)
        return real_add(*args, **kwargs)

    monkeypatch.setattr(pipeline._Archive, "add", slow_add)
    page.select_all.setChecked(True)
    page.batch.progress.valueChanged.connect(lambda v: v >= 1 and page.batch.cancel())
    page.make_letters()
    qtbot.waitUntil(lambda: not page.batch.busy, timeout=30_000)
    result = page.batch.result
    made = len(result.letter_ids)
    assert result.cancelled and 1 <= made < total
    assert "Geannuleerd" in page.batch.summary.text() and "die al klaar" in page.batch.summary.text()
    with demo_db.read() as s:
        rows = s.exec(select(Letter)).all()
    assert len(rows) == made
    assert all(r.pdf[:5] == b"%PDF-" and hashlib.sha256(r.pdf).hexdigest() == r.sha256 for r in rows)
    assert page.model.ready_count() == total - made and page.unsent_tab.model.rowCount() == made


def test_unsent_letters_can_be_marked_sent_later(qtbot, demo_db, demo_actor, dialog_calls):
    actor = demo_actor("medewerker")
    queue = pipeline.letter_queue(demo_db, actor)
    result = pipeline.issue_letters(demo_db, actor, [queue[0].decision_id], letter_date=queue[0].established_date)
    page = open_page(qtbot, demo_db, actor)
    page.tabs.setCurrentIndex(2)
    tab = page.unsent_tab
    assert tab.model.rowCount() == 1 and tab.model.checked_ids() == list(result.letter_ids)
    assert tab.model.index(0, 3).data() == queue[0].resident_name
    qtbot.mouseClick(tab.sent_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 0 and "verzonden" in tab.status.text()
    with demo_db.read() as s:
        assert s.get(Beschikking, queue[0].decision_id).status is DecisionStatus.VERZONDEN


def test_the_preview_dialog_shows_a_draft_with_its_problems(qtbot, demo_db, demo_actor, monkeypatch, tmp_path,
                                                            screenshot):
    from PySide6.QtPrintSupport import QPrinter

    actor = demo_actor("medewerker")
    row = pipeline.letter_queue(demo_db, actor)[0]
    remove_address(demo_db, row.resident_id)
    problems = pipeline.check_decision(demo_db, actor, row.decision_id)
    assert problems
    dialog = LetterPreviewDialog("Voorbeeld van de brief", pipeline.draft_letter(demo_db, actor, row.decision_id),
                                 problems, draft=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pdf_view.page_count() >= 1
    assert dialog.pdf_view.page_label.text() == f"pagina 1 van {dialog.pdf_view.page_count()}"
    assert dialog.draft_label.isVisible() and dialog.draft_label.text() == "VOORBEELD — nog niet verzonden"
    assert dialog.problems_panel.isVisible() and "adres" in dialog.problems_panel.text()
    qtbot.wait(200)
    screenshot(dialog, "letters_preview_dialog")

    out = tmp_path / "afgedrukt.pdf"

    def pdf_printer(parent, title="Afdrukken"):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(dialogs, "ask_printer", pdf_printer)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert out.exists() and len(PdfReader(str(out)).pages) == dialog.pdf_view.page_count()
    assert "naar de printer gestuurd" in dialog.status_label.text()
    saved = tmp_path / "brief"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: str(saved))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "brief.pdf").read_bytes()[:5] == b"%PDF-"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_brief_bekijken_in_the_decision_screen_shows_the_draft_then_the_archived_letter(
        qtbot, demo_db, demo_actor, today):
    from desktop.ui.decisions.view import DecisionView
    from tests.gui.test_decision_actions import on_modal

    medewerker = demo_actor("medewerker")
    row = pipeline.letter_queue(demo_db, medewerker)[0]
    view = DecisionView(demo_db, demo_actor("medewerker"), row.decision_id)
    qtbot.addWidget(view)
    assert view.letter_button.isVisibleTo(view) and view.letter_button.text() == "Brief bekijken…"
    saw = {}

    def look(dialog):
        saw.update(draft=dialog.draft_label.isVisibleTo(dialog), note=dialog.note_label.text(),
                   pages=dialog.pdf_view.page_count(), title=dialog.windowTitle())

    on_modal(qtbot, look)
    view.letter_button.click()
    assert saw["draft"] and saw["pages"] >= 1 and saw["note"] == ""

    result = pipeline.issue_letters(demo_db, medewerker, [row.decision_id], letter_date=row.established_date)
    on_modal(qtbot, look)
    view.letter_button.click()
    assert not saw["draft"] and saw["note"] == f"Aangemaakt op {format_date(today)}, nog niet verzonden"
    assert result.kenmerken[0] in saw["title"]
    pipeline.mark_sent(demo_db, medewerker, result.letter_ids, row.established_date)
    on_modal(qtbot, look)
    view.letter_button.click()
    assert saw["note"].startswith("Verzonden op ")


def test_the_letters_area_is_for_the_medewerker_not_the_consulent(qtbot, demo_db, demo_actor):
    for role, expected in (("medewerker", True), ("consulent", False)):
        areas = areas_for(demo_db, demo_actor(role))
        for _, widget in areas:
            qtbot.addWidget(widget)
        assert ("Brieven" in [name for name, _ in areas]) is expected


def test_voorbeeld_of_a_row_to_fix_shows_its_problems(qtbot, demo_db, demo_actor):
    from tests.gui.test_decision_actions import on_modal

    actor = demo_actor("medewerker")
    queue = pipeline.letter_queue(demo_db, actor)
    remove_address(demo_db, queue[0].resident_id)
    page = open_page(qtbot, demo_db, actor)
    page.table.selectRow(0)
    assert page.preview_button.isEnabled()
    saw = {}
    on_modal(qtbot, lambda d: saw.update(problems=d.problems_panel.text(), pages=d.pdf_view.page_count()))
    page.preview_button.click()
    assert saw["pages"] >= 1 and "adres" in saw["problems"]
