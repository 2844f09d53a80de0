"""Days equated to a holiday by decree (Atw art. 3 lid 3): shipped, added by a beheerder, and respected by
every term: the objection date in the letter and the working-day term of the letter deadline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from db.models import AuditEntry, EquatedHoliday
from desktop.core.access.audit import PermissionDenied
from desktop.core.deadlines import holidays, rules
from desktop.core.deadlines.settings import deadline_settings
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.letters import pipeline
from tests.unit.test_letters import (
    pdf_text,
    ready,  # noqa: F401  (fixture)
)

DECREE = "Besluit gelijkstelling van 11 mei 2029 met een algemeen erkende feestdag"


def _count(db) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(EquatedHoliday)).one()


def test_a_new_database_holds_the_shipped_decrees_and_syncing_again_adds_nothing(any_db):
    rows = holidays.list_equated(any_db)
    assert len(rows) == 10 and all(r.shipped for r in rows)
    assert date(2026, 5, 15) in {r.day for r in rows}
    with any_db.write() as s:
        assert holidays.sync_equated_holidays(s) == 0


def test_the_letter_of_2_april_2026_gives_monday_18_may_as_the_last_day_to_object(any_db, any_actors, ready):  # noqa: F811
    pdf = pipeline.draft_letter(any_db, any_actors.medewerker, ready.id, letter_date=date(2026, 4, 2))
    assert "eindigt op maandag 18 mei 2026" in pdf_text(pdf)  # 14 May Hemelvaartsdag, 15 May equated


def test_a_day_a_beheerder_adds_moves_the_objection_date_and_the_letter_term(any_db, any_actors, ready):  # noqa: F811
    sent = date(2029, 3, 30)  # six weeks end on Friday 11 May 2029
    before = pdf_text(pipeline.draft_letter(any_db, any_actors.medewerker, ready.id, letter_date=sent))
    assert "eindigt op vrijdag 11 mei 2029" in before
    assert rules.letter_due(date(2029, 5, 10), deadline_settings(any_db)) == date(2029, 5, 17)

    holidays.add_equated(any_db, any_actors.beheerder, [date(2029, 5, 11)], DECREE)

    after = pdf_text(pipeline.draft_letter(any_db, any_actors.medewerker, ready.id, letter_date=sent))
    assert "eindigt op maandag 14 mei 2029" in after
    assert rules.letter_due(date(2029, 5, 10), deadline_settings(any_db)) == date(2029, 5, 18)
    with any_db.read() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "feestdag.toevoegen")).one()
    assert entry.user_id == any_actors.beheerder.user_id


def test_bad_days_are_all_named_at_once_and_nothing_is_stored(any_db, any_actors):
    with pytest.raises(ValidationError) as refused:
        holidays.add_equated(any_db, any_actors.beheerder,
                             [date(2029, 5, 11), date(2029, 5, 12), date(2026, 5, 15), date(2029, 12, 25),
                              date(2029, 5, 11)], "  ")
    problems = "\n".join(refused.value.problems)
    assert "Vul de naam van het besluit in" in problems
    assert "zaterdag 12 mei 2029 valt in het weekend" in problems
    assert "vrijdag 15 mei 2026 is al gelijkgesteld" in problems
    assert "dinsdag 25 december 2029 is al een algemeen erkende feestdag" in problems
    assert "vrijdag 11 mei 2029 staat twee keer in de lijst" in problems
    with pytest.raises(ValidationError, match="ten minste één dag"):
        holidays.add_equated(any_db, any_actors.beheerder, [], DECREE)
    assert _count(any_db) == 10


def test_only_a_beheerder_adds_and_only_own_days_can_be_removed(any_db, any_actors):
    with pytest.raises(PermissionDenied):
        holidays.add_equated(any_db, any_actors.consulent, [date(2029, 5, 11)], DECREE)
    holidays.add_equated(any_db, any_actors.beheerder, [date(2029, 5, 11)], DECREE)
    with pytest.raises(ValidationError, match="meelevert"):
        holidays.remove_equated(any_db, any_actors.beheerder, date(2026, 5, 15))
    with pytest.raises(NotFoundError):
        holidays.remove_equated(any_db, any_actors.beheerder, date(2029, 5, 18))
    holidays.remove_equated(any_db, any_actors.beheerder, date(2029, 5, 11))
    assert _count(any_db) == 10
