"""Beheer > Termijnen: the windows and escalation days a beheerder sets are what the werkvoorraad uses."""

from __future__ import annotations

from sqlmodel import select

from db.models import AuditEntry
from desktop.core.deadlines import settings
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.core.errors import ValidationError
from desktop.ui.admin.page import AdminPage

KEY = settings.WINDOW_KEY.format(kind="evaluatie")


def test_a_beheerder_sets_the_evaluation_window_and_it_is_saved_once(qtbot, db, make_actor, screenshot):
    page = AdminPage(db, make_actor("beheerder"))
    qtbot.addWidget(page)
    page.show()
    tab = page.deadlines_tab
    page.tabs.setCurrentWidget(tab)
    assert tab.fields[KEY].value() == 14
    tab.fields[KEY].setValue(21)
    tab.fields[settings.DECISION_WEEKS_KEY.format(law="jeugdwet")].setValue(6)
    tab.save_button.click()
    assert "2 gewijzigd" in tab.message.text()
    cfg = settings.deadline_settings(db)
    assert cfg.windows[DeadlineKind.EVALUATIE] == 21
    with db.read() as s:
        logged = s.exec(select(AuditEntry).where(AuditEntry.action == "instelling.wijzigen")).all()
    assert len(logged) == 1  # one step, one log line
    tab.save_button.click()
    assert "niets gewijzigd" in tab.message.text()
    tab.defaults()
    assert tab.fields[KEY].value() == 14
    screenshot(page, "beheer-termijnen")


def test_values_out_of_range_are_refused_whole(db, make_actor):
    actor = make_actor("beheerder")
    try:
        settings.set_deadline_settings(db, actor, {KEY: 30, settings.LETTER_DAYS_KEY: 0})
    except ValidationError as exc:
        assert "1 tot en met 30" in " ".join(exc.problems)
    else:
        raise AssertionError("niet geweigerd")
    assert settings.deadline_settings(db).windows[DeadlineKind.EVALUATIE] == 14
