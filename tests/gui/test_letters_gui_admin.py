"""Beheer > Brieven: the live preview follows the typing, a bad placeholder is shown and not saved, the
standard text comes back, a non-image logo gets the core's Dutch error, and the letterhead saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from db.models import LetterText
from desktop.core.letters import letterhead as letter_texts
from desktop.ui import dialogs
from desktop.ui.admin.letters_tab import LettersTab
from desktop.ui.admin.page import AdminPage


def open_tab(qtbot, db, actor) -> LettersTab:
    tab = LettersTab(db, actor)
    qtbot.addWidget(tab)
    tab.resize(1400, 860)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.waitUntil(lambda: tab.editor.previews >= 1, timeout=30_000)
    return tab


def stored(db) -> list[tuple[str, str]]:
    with db.read() as s:
        return [(r.block, r.text) for r in s.exec(select(LetterText))]


def test_typing_refreshes_the_live_preview_and_saving_stores_the_text(qtbot, demo_db, demo_actor, screenshot,
                                                                     dialog_calls):
    beheerder = demo_actor("beheerder")
    tab = open_tab(qtbot, demo_db, beheerder)
    editor = tab.editor
    assert editor.kind_choice.currentText() == "toekenning" and editor.block_model.rowCount() >= 3
    assert editor.preview.page_count() >= 1 and editor.placeholder_model.rowCount() > 10
    block = editor.current
    shown = editor.previews
    editor.editor.moveCursor(editor.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.editor, " Met vriendelijke groet van ")
    assert editor.save_button.isEnabled() and editor.status.text() == "Niet opgeslagen."
    first = editor.placeholder_model.index(0, 0)
    editor.insert_placeholder(first)
    assert editor.editor.toPlainText().endswith("{{" + first.data(Qt.ItemDataRole.UserRole + 1) + "}}")
    qtbot.waitUntil(lambda: editor.previews > shown, timeout=30_000)
    assert shown == editor.previews - 1  # the debounce made one preview of all that typing
    assert not editor.error_panel.isVisible()
    qtbot.wait(100)
    screenshot(tab, "letters_admin_live_preview")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Opgeslagen" in editor.status.text()
    assert dict(stored(demo_db))[block.name].endswith("}}")
    assert editor.block_model.item(0).text().endswith("· aangepast") and editor.reset_button.isEnabled()

    editor.reset()
    assert dialog_calls[-1][1] == "Standaardtekst terugzetten"
    assert stored(demo_db) == [] and editor.editor.toPlainText() == block.default
    assert not editor.block_model.item(0).text().endswith("aangepast")


def test_an_unknown_placeholder_is_shown_and_not_saved(qtbot, demo_db, demo_actor, screenshot):
    tab = open_tab(qtbot, demo_db, demo_actor("beheerder"))
    editor = tab.editor
    shown = editor.previews
    editor.editor.setPlainText("Beste {{onbekend}}, dit is een test.")
    qtbot.waitUntil(lambda: editor.error_panel.isVisible(), timeout=5_000)
    assert "{{onbekend}} bestaat niet" in editor.error_panel.text()
    qtbot.wait(600)
    assert editor.previews == shown  # the preview keeps the last good letter
    screenshot(tab, "letters_admin_error")
    editor.save()
    assert stored(demo_db) == [] and editor.status.text() == "Niet opgeslagen."


def test_a_file_that_is_no_image_is_refused_as_logo(qtbot, demo_db, demo_actor, monkeypatch, tmp_path):
    tab = open_tab(qtbot, demo_db, demo_actor("beheerder"))
    form = tab.letterhead
    fake = tmp_path / "logo.png"
    fake.write_text("dit is geen plaatje")
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a: str(fake))
    tab.tabs.setCurrentWidget(form)
    qtbot.mouseClick(form.logo_button, Qt.MouseButton.LeftButton)
    assert form.logo_error.isVisible() and "geen afbeelding" in form.logo_error.text()
    assert letter_texts.logo(demo_db) is None and not form.remove_logo_button.isEnabled()


def test_the_letterhead_saves_with_a_dutch_decimal_comma(qtbot, demo_db, demo_actor, screenshot):
    tab = open_tab(qtbot, demo_db, demo_actor("beheerder"))
    form = tab.letterhead
    tab.tabs.setCurrentWidget(form)
    form.cak_monthly.setText("22,15")
    form.court_name.setText("rechtbank Oost-Brabant")
    form.save()
    assert form.status.text() == "Opgeslagen." and not form.error_panel.isVisible()
    s = letter_texts.letter_settings(demo_db)
    assert str(s.cak_monthly) == "22.15" and s.court_name == "rechtbank Oost-Brabant"
    assert form.cak_monthly.text() == "22,15"
    form.cak_monthly.setText("twintig")
    form.save()
    assert form.error_panel.isVisible() and "geen bedrag" in form.error_panel.text()
    qtbot.wait(50)
    screenshot(tab, "letters_admin_letterhead")


def test_only_the_beheerder_gets_the_letters_tab(qtbot, demo_db, demo_actor):
    page = AdminPage(demo_db, demo_actor("beheerder"))
    qtbot.addWidget(page)
    assert page.letters_tab is not None
    assert "Brieven" in [page.tabs.tabText(i) for i in range(page.tabs.count())]


def test_the_hand_over_letter_has_its_own_editable_texts_with_a_live_preview(qtbot, demo_db, demo_actor, screenshot,
                                                                            dialog_calls):
    """The letter 'uw nieuwe contactpersoon' is a letter kind like the others: its words are text blocks."""
    tab = open_tab(qtbot, demo_db, demo_actor("beheerder"))
    editor = tab.editor
    editor.kind_choice.setCurrentIndex(editor.kind_choice.findText("nieuwe contactpersoon"))
    assert [editor.block_model.item(i).text() for i in range(editor.block_model.rowCount())] == [
        "Onderwerp", "Het bericht", "Zo bereikt u ons"]
    names = {editor.placeholder_model.index(i, 0).data(Qt.ItemDataRole.UserRole + 1)
             for i in range(editor.placeholder_model.rowCount())}
    assert {"contactpersoon", "datum_overdracht", "ondersteuning", "kenmerk"} <= names
    assert "bezwaartermijn" not in names and "product" not in names  # decision words have no value here
    qtbot.waitUntil(lambda: editor.preview.page_count() >= 1, timeout=30_000)
    qtbot.wait(100)
    screenshot(tab, "letters_admin_contact")


def test_closing_koers_with_an_unsaved_letter_text_or_letterhead_asks(qtbot, demo_path, demo_actor, dialog_calls):
    from tests.gui.test_main_window import open_window

    window, _ = open_window(qtbot, demo_path, demo_actor("beheerder"))
    admin = window.show_area("Beheer")
    letters = admin.letters_tab
    letters.letterhead.signer_title.setText("Teamleider Wmo en Jeugd")
    letters.editor.editor.setPlainText(letters.editor.editor.toPlainText() + " Een zin erbij.")
    dialog_calls.answers["confirm"] = False  # 'Terug'
    window.close()
    assert window.isVisible()
    asked = dialog_calls[-1]
    assert asked[:2] == ("confirm", "Niet-opgeslagen wijzigingen")
    assert "Beheer > Brieven > Teksten" in asked[2] and "Beheer > Brieven > Briefhoofd en logo" in asked[2]
    letters.letterhead.load()  # the letterhead as stored again: only the text is left unsaved
    dialog_calls.answers["confirm"] = True
    window.close()
    assert not window.isVisible() and "Briefhoofd" not in dialog_calls[-1][2]
