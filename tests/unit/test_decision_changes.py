"""Wijziging, beëindiging and intrekking of a decision, and the evaluation moments planned at vaststelling."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import Beschikking, Evaluation, Realisation
from db.models.enums import DecisionKind, DecisionStatus, IndicationCategory
from desktop.core.decisions import ledger, lifecycle, rules
from desktop.core.errors import KoersError, ValidationError
from tests.unit.decision_setting import established, regional_input


def test_a_drafted_wijziging_leaves_the_old_decision_in_force_until_it_is_established(any_db, any_actors, setting):
    old = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, old.id, date(2026, 2, 2), Decimal("20"))
    ledger.add_realisation(any_db, any_actors.medewerker, old.id, date(2026, 3, 10), Decimal("6"))
    new = lifecycle.change_decision(
        any_db, any_actors.consulent, old.id,
        regional_input(setting, start_date=date(2026, 3, 2), period_count=5, hours_per_period=Decimal("12")),
        reason_code="04", explanation="Opschalen na evaluatie: meer begeleiding nodig.")
    assert (new.kind, new.replaces_id, new.change_reason_code) == (DecisionKind.WIJZIGING, old.id, "04")
    assert new.status is DecisionStatus.CONCEPT and new.change_effective_date == date(2026, 3, 2)
    with any_db.read() as s:
        still = s.get(Beschikking, old.id)
        assert (still.status, still.ended_date) == (DecisionStatus.VASTGESTELD, None)
        assert s.exec(select(Realisation).where(Realisation.beschikking_id == new.id)).all() == []
    # the old decision is in force: hours after the date go on it; the concept takes none
    ledger.add_realisation(any_db, any_actors.medewerker, old.id, date(2026, 3, 12), Decimal("2"))
    with pytest.raises(KoersError, match="concept"):
        ledger.add_realisation(any_db, any_actors.medewerker, new.id, date(2026, 3, 12), Decimal("2"))

    lifecycle.establish(any_db, any_actors.consulent, new.id, date(2026, 3, 1))
    with any_db.read() as s:
        replaced = s.get(Beschikking, old.id)
        moved = s.exec(select(Realisation).where(Realisation.beschikking_id == new.id)
                       .order_by(Realisation.service_date)).all()
    assert (replaced.status, replaced.ended_date) == (DecisionStatus.VERVANGEN, date(2026, 3, 1))
    assert [r.minutes for r in moved] == [360, 120]  # 10 and 12 March moved; the 20 of February stayed
    assert ledger.summary(any_db, any_actors.medewerker, old.id).realised == 20


def test_a_concept_wijziging_can_be_withdrawn_and_changes_nothing(any_db, any_actors, setting):
    old = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, old.id, date(2026, 3, 10), Decimal("6"))
    draft = regional_input(setting, start_date=date(2026, 3, 2), period_count=5, hours_per_period=Decimal("12"))
    new = lifecycle.change_decision(any_db, any_actors.consulent, old.id, draft, reason_code="04",
                                    explanation="Opschalen.")
    with pytest.raises(ValidationError) as twice:
        lifecycle.change_decision(any_db, any_actors.consulent, old.id, draft, reason_code="04",
                                  explanation="Nog een keer.")
    assert f"concept-wijziging ({new.toewijzing_nummer})" in " ".join(twice.value.problems)
    gone = lifecycle.revoke_decision(any_db, any_actors.consulent, new.id, explanation="Toch niet: overleg loopt.")
    assert gone.status is DecisionStatus.INGETROKKEN
    with any_db.read() as s:
        still = s.get(Beschikking, old.id)
        assert (still.status, still.ended_date) == (DecisionStatus.VASTGESTELD, None)
        assert s.exec(select(Realisation.beschikking_id)).all() == [old.id]
    again = lifecycle.change_decision(any_db, any_actors.consulent, old.id, draft, reason_code="04",
                                      explanation="Opschalen, nu wel.")
    assert again.status is DecisionStatus.CONCEPT  # a withdrawn concept does not block a new one


def test_a_wijziging_of_a_decision_ended_meanwhile_cannot_be_established(any_db, any_actors, setting):
    old = established(any_db, any_actors, setting)
    new = lifecycle.change_decision(any_db, any_actors.consulent, old.id,
                                    regional_input(setting, start_date=date(2026, 3, 2)), reason_code="04",
                                    explanation="Opschalen.")
    lifecycle.end_decision(any_db, any_actors.consulent, old.id, date(2026, 2, 28), reason_code="21",
                           explanation="De inwoner stopt zelf.")
    with pytest.raises(KoersError, match="inmiddels beeindigd"):
        lifecycle.establish(any_db, any_actors.consulent, new.id, date(2026, 3, 1))
    with any_db.read() as s:
        assert s.get(Beschikking, new.id).status is DecisionStatus.CONCEPT


def test_a_wijziging_too_small_for_the_hours_already_delivered_is_refused_at_vaststellen(any_db, any_actors, setting):
    old = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, old.id, date(2026, 3, 10), Decimal("30"))
    new = lifecycle.change_decision(any_db, any_actors.consulent, old.id,
                                    regional_input(setting, start_date=date(2026, 3, 2), period_count=2,
                                                   hours_per_period=Decimal("4")),
                                    reason_code="05", explanation="Afschalen")
    with pytest.raises(ValidationError, match="te klein"):
        lifecycle.establish(any_db, any_actors.consulent, new.id, date(2026, 3, 1))
    with any_db.read() as s:
        assert s.get(Beschikking, old.id).status is DecisionStatus.VASTGESTELD
        assert s.get(Beschikking, new.id).status is DecisionStatus.CONCEPT
        assert s.exec(select(Realisation.beschikking_id)).all() == [old.id]


@pytest.mark.parametrize(("code", "start", "message"), [
    ("99", date(2026, 3, 2), "geen geldige reden"), (None, date(2026, 3, 2), "Kies een reden"),
    ("04", date(2026, 1, 5), "tussen"), ("04", date(2026, 8, 1), "tussen")])
def test_a_wijziging_needs_a_valid_reason_and_a_date_within_the_old_decision(any_db, any_actors, setting, code,
                                                                                start, message):
    old = established(any_db, any_actors, setting)
    with pytest.raises(ValidationError) as caught:
        lifecycle.change_decision(any_db, any_actors.consulent, old.id, regional_input(setting, start_date=start),
                                  reason_code=code, explanation="Toelichting")
    assert message in " ".join(caught.value.problems)


def test_a_wijziging_lists_every_problem_at_once(any_db, any_actors, setting):
    old = established(any_db, any_actors, setting)
    with pytest.raises(ValidationError) as caught:
        lifecycle.change_decision(any_db, any_actors.consulent, old.id, regional_input(setting, start_date=date(2027, 1, 1)),
                                  reason_code=None, explanation="  ")
    assert len(caught.value.problems) == 3


def test_ending_a_decision_with_a_reason_and_no_hours_after_it(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 4, 1), Decimal("4"))
    with pytest.raises(ValidationError, match="urenregels na"):
        lifecycle.end_decision(any_db, any_actors.consulent, d.id, date(2026, 3, 31), reason_code="19",
                               explanation="Doelen bereikt")
    ended = lifecycle.end_decision(any_db, any_actors.consulent, d.id, date(2026, 4, 30), reason_code="19",
                                   explanation="Doelen bereikt")
    assert (ended.status, ended.ended_date, ended.end_reason_code) == (DecisionStatus.BEEINDIGD, date(2026, 4, 30), "19")
    with pytest.raises(ValidationError, match="buiten de beschikking"):
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 5, 4), Decimal("1"))


def test_revoking_is_only_possible_before_hours_are_booked(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 2), Decimal("1"))
    with pytest.raises(ValidationError, match="beëindig"):
        lifecycle.revoke_decision(any_db, any_actors.consulent, d.id, explanation="Vergissing")
    other = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    assert lifecycle.revoke_decision(any_db, any_actors.consulent, other.id,
                                     explanation="Dubbel aangemaakt").status is DecisionStatus.INGETROKKEN
    with pytest.raises(KoersError, match="al ingetrokken"):
        lifecycle.revoke_decision(any_db, any_actors.consulent, other.id, explanation="Nogmaals")


def test_vaststelling_plans_the_evaluation_moments(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)  # intensief, 5 January to 19 July 2026
    with any_db.read() as s:
        planned = [e.planned_date for e in s.exec(select(Evaluation).where(Evaluation.beschikking_id == d.id)
                                                  .order_by(Evaluation.planned_date))]
    assert planned == [date(2026, 4, 5), date(2026, 7, 5)]


@pytest.mark.parametrize(("start", "end", "category", "expected"), [
    (date(2026, 1, 5), date(2026, 7, 19), IndicationCategory.INTENSIEF, [date(2026, 4, 5), date(2026, 7, 5)]),
    (date(2026, 1, 5), date(2027, 1, 3), IndicationCategory.BASIS, [date(2026, 4, 5)]),
    (date(2026, 1, 31), date(2028, 1, 30), IndicationCategory.BASIS, [date(2026, 4, 30), date(2027, 4, 30)]),
    (date(2023, 11, 30), date(2024, 9, 1), IndicationCategory.INTENSIEF,
     [date(2024, 2, 29), date(2024, 5, 30), date(2024, 8, 30)]),  # a leap day, then back to the 30th
    (date(2026, 10, 31), date(2027, 1, 30), IndicationCategory.INTENSIEF, []),  # ends before the first moment
])
def test_evaluation_dates_handle_month_ends_and_leap_days(start, end, category, expected):
    assert rules.evaluation_dates(start, end, category) == expected


def test_vaststellen_moves_the_case_to_lopend_so_it_no_longer_waits_for_a_decision(any_db, any_actors, setting):
    from db.models import Casus
    from db.models.enums import CaseStatus

    with any_db.read() as s:
        assert s.get(Casus, setting["casus"]).status is CaseStatus.ONDERZOEK  # the first plan started the research
    established(any_db, any_actors, setting)
    with any_db.read() as s:
        assert s.get(Casus, setting["casus"]).status is CaseStatus.LOPEND


def test_both_decisions_say_that_a_wijziging_waits_for_vaststellen(any_db, any_actors, setting):
    from desktop.core.decisions import screen

    old = established(any_db, any_actors, setting)
    new = lifecycle.change_decision(any_db, any_actors.consulent, old.id,
                                    regional_input(setting, start_date=date(2026, 3, 2)), reason_code="04",
                                    explanation="Opschalen.")
    seen = screen.open_screen(any_db, any_actors.consulent, old.id).notice
    assert seen == (f"Er ligt een concept-wijziging ({new.toewijzing_nummer}) vanaf 2 maart 2026. Deze beschikking "
                    "blijft gelden tot die wijziging is vastgesteld.")
    concept = screen.open_screen(any_db, any_actors.consulent, new.id)
    assert f"Concept-wijziging van beschikking {old.toewijzing_nummer}" in concept.notice
    assert concept.forecast == ()  # a concept has no pace to warn about
    lifecycle.establish(any_db, any_actors.consulent, new.id, date(2026, 3, 1))
    assert screen.open_screen(any_db, any_actors.consulent, old.id).notice == (
        f"Vervangen door beschikking {new.toewijzing_nummer} vanaf 2 maart 2026.")
