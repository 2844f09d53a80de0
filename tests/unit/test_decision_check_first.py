"""Validate first, confirm after: a check that applies every rule of a decision and stores nothing, and saving
and establishing as one transaction (a vastgesteld decision, or nothing)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from db.models import AuditEntry, Beschikking
from db.models.enums import DecisionStatus
from desktop.core.decisions import ledger, lifecycle
from desktop.core.errors import ValidationError
from tests.unit.decision_setting import established, regional_input


def _counts(db) -> tuple[int, int]:
    with db.read() as s:
        return (s.exec(select(func.count()).select_from(Beschikking)).one(),
                s.exec(select(func.count()).select_from(AuditEntry)).one())


def test_the_check_names_every_problem_at_once_and_stores_nothing(any_db, any_actors, setting):
    data = regional_input(setting, start_date=date(2025, 10, 1), result_ids=[])
    before = _counts(any_db)
    with pytest.raises(ValidationError) as caught:
        lifecycle.check_decision(any_db, any_actors.consulent, setting["casus"], data)
    problems = " ".join(caught.value.problems)
    assert "vóór de melding (1 november 2025)" in problems and "ten minste één resultaat" in problems
    assert _counts(any_db) == before


def test_a_check_that_passes_stores_nothing_either(any_db, any_actors, setting):
    before = _counts(any_db)
    assert lifecycle.check_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting),
                                    establish_on=date(2026, 1, 2)) is None
    assert _counts(any_db) == before


def test_saving_and_establishing_is_one_step(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting),
                                  establish_on=date(2026, 1, 2))
    assert d.status is DecisionStatus.VASTGESTELD and d.established_date == date(2026, 1, 2)
    with any_db.read() as s:
        actions = [e.action for e in s.exec(select(AuditEntry).where(AuditEntry.record_id == d.id,
                                                                     AuditEntry.record_type == "beschikking"))]
    assert actions == ["beschikking.opstellen", "beschikking.vaststellen"]


def test_a_wijziging_that_cannot_take_over_is_refused_by_the_check_before_anything_is_asked(any_db, any_actors,
                                                                                             setting):
    """Hours already booked after the change date must fit in the wijziging: the check with establish_on says so."""
    old = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, old.id, date(2026, 3, 10), 20)
    smaller = regional_input(setting, start_date=date(2026, 3, 2), hours_per_period=None, total_hours=10)
    before = _counts(any_db)
    with pytest.raises(ValidationError, match="te klein"):
        lifecycle.check_change(any_db, any_actors.consulent, old.id, smaller, reason_code="01",
                               explanation="Minder uren nodig.", establish_on=date(2026, 3, 1))
    assert _counts(any_db) == before
