"""Editing evaluation moments, booking a whole period at once, and the draft a wijziging starts from."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import AuditEntry, Evaluation, Realisation
from desktop.core.access.audit import PermissionDenied, ReasonRequired
from desktop.core.decisions import ledger, lifecycle, rules, screen
from desktop.core.decisions import moments as evaluation_moments
from desktop.core.errors import KoersError, ValidationError
from tests.unit.decision_setting import established, regional_input


def _moments(db, actor, decision_id):
    return [m.planned_date for m in evaluation_moments.list_moments(db, actor, decision_id)]


# ---------------------------------------------------------------- evaluation moments

def test_moments_can_be_added_moved_and_removed_and_each_step_is_logged(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)  # intensief, 5 Jan - 19 Jul 2026: 5 Apr and 5 Jul
    c = any_actors.consulent
    assert _moments(any_db, c, d.id) == [date(2026, 4, 5), date(2026, 7, 5)]
    extra = evaluation_moments.add_moment(any_db, c, d.id, date(2026, 2, 16))
    first = evaluation_moments.list_moments(any_db, c, d.id)[1]
    evaluation_moments.move_moment(any_db, c, first.id, date(2026, 4, 20))
    evaluation_moments.remove_moment(any_db, c, extra.id)
    assert _moments(any_db, c, d.id) == [date(2026, 4, 20), date(2026, 7, 5)]
    with any_db.read() as s:
        actions = [e.action for e in s.exec(select(AuditEntry).where(AuditEntry.record_type == "evaluatie")
                                            .order_by(AuditEntry.id))]
    assert actions == ["evaluatiemoment.toevoegen", "evaluatiemoment.verplaatsen", "evaluatiemoment.verwijderen"]


@pytest.mark.parametrize(("planned", "message"), [
    (date(2026, 1, 5), "na de ingangsdatum"), (date(2026, 7, 20), "uiterlijk op de einddatum"),
    (date(2026, 7, 5), "al een evaluatie gepland")])
def test_a_moment_outside_the_decision_or_on_a_taken_day_is_refused(any_db, any_actors, setting, planned, message):
    d = established(any_db, any_actors, setting)
    with pytest.raises(ValidationError, match=message):
        evaluation_moments.add_moment(any_db, any_actors.consulent, d.id, planned)
    assert _moments(any_db, any_actors.consulent, d.id) == [date(2026, 4, 5), date(2026, 7, 5)]


def test_a_held_evaluation_stays_and_the_last_moment_cannot_go(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    first, second = evaluation_moments.list_moments(any_db, any_actors.consulent, d.id)
    with any_db.write() as s:
        held = s.get(Evaluation, first.id)
        held.done_date, held.outcome = date(2026, 4, 6), "voortzetten"
    with pytest.raises(KoersError, match="al gehouden"):
        evaluation_moments.move_moment(any_db, any_actors.consulent, first.id, date(2026, 5, 1))
    with pytest.raises(ValidationError, match="enige evaluatiemoment"):
        with any_db.write() as s:
            s.delete(s.get(Evaluation, first.id))
        evaluation_moments.remove_moment(any_db, any_actors.consulent, second.id)
    assert _moments(any_db, any_actors.consulent, d.id) == [date(2026, 7, 5)]


def test_moments_of_a_concept_are_planned_at_vaststelling_not_before(any_db, any_actors, setting):
    concept = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    with pytest.raises(KoersError, match="concept"):
        evaluation_moments.add_moment(any_db, any_actors.consulent, concept.id, date(2026, 3, 1))


def test_only_who_may_edit_decisions_moves_moments_and_others_need_a_reason(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    with pytest.raises(PermissionDenied):
        evaluation_moments.add_moment(any_db, any_actors.medewerker, d.id, date(2026, 3, 1))
    with pytest.raises(ReasonRequired):  # not consulent2's caseload
        evaluation_moments.add_moment(any_db, any_actors.consulent2, d.id, date(2026, 3, 1))
    evaluation_moments.add_moment(any_db, any_actors.consulent2, d.id, date(2026, 3, 1), reason="Vervanging tijdens verlof")
    assert date(2026, 3, 1) in _moments(any_db, any_actors.consulent, d.id)


# ---------------------------------------------------------------- a whole period at once

def test_period_parts_follow_the_calendar_months_in_proportion_to_the_days():
    # period 1 of the regional example: 5 Jan - 1 Feb 2026 (27 days in January, 1 in February)
    assert rules.period_parts(date(2026, 1, 5), date(2026, 2, 1), 600) == [(date(2026, 1, 31), 578),
                                                                           (date(2026, 2, 1), 22)]
    assert rules.period_parts(date(2026, 2, 2), date(2026, 3, 1), 1) == [(date(2026, 3, 1), 1)]
    assert rules.period_parts(date(2028, 2, 1), date(2028, 2, 29), 90) == [(date(2028, 2, 29), 90)]
    assert sum(m for _, m in rules.period_parts(date(2026, 1, 5), date(2026, 3, 30), 4321)) == 4321


def test_booking_a_period_total_adds_up_in_the_period_and_splits_over_the_months(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    entry = ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 1, Decimal("10"))
    # one entry over the period's days: its month split is derived, not stored
    assert (entry.covers_from, entry.service_date, entry.minutes) == (date(2026, 1, 5), date(2026, 2, 1), 600)
    with any_db.read() as s:
        assert len(s.exec(select(Realisation)).all()) == 1
    result = ledger.summary(any_db, any_actors.medewerker, d.id)
    assert result.periods[0].realised == Decimal(10) and result.periods[1].realised == 0
    assert [(m.month, m.realised) for m in result.months] == [(1, Decimal("9.63")), (2, Decimal("0.37"))]
    assert sum(m.amount for m in result.months) == result.billed == Decimal("625.00")


def test_a_quarter_hour_for_a_period_is_one_entry_and_one_correction(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    entry = ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 1, Decimal("0.25"))
    [shown] = screen.open_screen(any_db, any_actors.medewerker, d.id).entries
    assert (shown.id, shown.hours, shown.covers_from) == (entry.id, Decimal("0.25"), date(2026, 1, 5))
    ledger.correct_realisation(any_db, any_actors.medewerker, entry.id, Decimal("0.5"), reason="aanbieder belde")
    result = ledger.summary(any_db, any_actors.medewerker, d.id)
    assert result.realised == Decimal("0.5") and sum(m.realised for m in result.months) == Decimal("0.5")
    with pytest.raises(ValidationError) as caught:  # a period booking keeps its period
        ledger.correct_realisation(any_db, any_actors.medewerker, entry.id, Decimal("0.5"),
                                   service_date=date(2026, 2, 10), reason="andere periode")
    assert "houdt haar periode" in " ".join(caught.value.problems)
    ledger.delete_realisation(any_db, any_actors.medewerker, entry.id, reason="dubbel")
    assert ledger.summary(any_db, any_actors.medewerker, d.id).realised == 0


def test_a_period_total_above_what_remains_is_refused_whole(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 2, Decimal("50"))
    with pytest.raises(ledger.OverrunRefused, match="nog 6 uur beschikbaar"):
        ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 1, Decimal("7"))
    with any_db.read() as s:
        assert sum(r.minutes for r in s.exec(select(Realisation))) == 50 * 60


@pytest.mark.parametrize(("period", "hours", "message"), [
    (8, "2", "hoort niet bij"), (1, "-2", "negatief"), (1, "1,234", "twee decimalen"), (1, "0", "groter dan 0")])
def test_bad_period_bookings_store_nothing(any_db, any_actors, setting, period, hours, message):
    d = established(any_db, any_actors, setting)
    with pytest.raises(ValidationError) as caught:
        ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, period, Decimal(hours.replace(",", ".")))
    assert message in caught.value.message + " ".join(caught.value.problems)
    with any_db.read() as s:
        assert s.exec(select(Realisation)).all() == []


def test_a_period_that_has_not_begun_cannot_be_booked(any_db, any_actors, setting, today):
    start = today - timedelta(days=21)  # period 1 runs from three weeks ago to next week; period 2 has not begun
    d = established(any_db, any_actors, setting, start_date=start)
    with pytest.raises(ValidationError) as caught:
        ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 2, Decimal("3"))
    assert "nog niet begonnen" in " ".join(caught.value.problems)
    entry = ledger.add_period_realisation(any_db, any_actors.medewerker, d.id, 1, Decimal("3"))
    # only the days delivered so far: from the period's first day up to today
    assert (entry.covers_from, entry.service_date, entry.minutes) == (start, today, 180)


# ---------------------------------------------------------------- the draft of a wijziging

def test_the_draft_copies_the_decision_so_a_wijziging_only_changes_what_is_changed(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting, surplus_hours=Decimal("4"), bandwidth_min_hours_week=Decimal("1.5"),
                    bandwidth_max_hours_week=Decimal("3"))
    draft = lifecycle.draft_input(any_db, any_actors.consulent, d.id, date(2026, 3, 2))
    assert draft.start_date == date(2026, 3, 2)
    assert (Decimal(draft.hours_per_period), Decimal(draft.surplus_hours), draft.tariff) == (
        Decimal(8), Decimal(4), None)  # the catalogue tariff on the new start date applies
    assert (Decimal(draft.bandwidth_min_hours_week), draft.result_ids) == (Decimal("1.5"), setting["results"])
    draft.hours_per_period = Decimal(6)
    new = lifecycle.change_decision(any_db, any_actors.consulent, d.id, draft, reason_code="05",
                                    explanation="Afschalen: het gaat beter.")
    assert (new.minutes_per_period, new.surplus_minutes, new.aanbieder_id) == (360, 240, d.aanbieder_id)


def test_ending_and_revoking_follow_the_caseload_rule(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    with pytest.raises(PermissionDenied):
        lifecycle.revoke_decision(any_db, any_actors.medewerker, d.id, explanation="Per abuis")
    lifecycle.revoke_decision(any_db, any_actors.consulent2, d.id, explanation="Per abuis vastgesteld; vervanging")
    with any_db.read() as s:
        assert s.get(type(d), d.id).status.value == "ingetrokken"
