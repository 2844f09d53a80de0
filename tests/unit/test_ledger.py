"""Decisions and the hour ledger: the regional worked example, bad input, the never-exceed rule under
random entries, and two processes entering hours on one decision at the same moment."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from db.models import Period, Realisation
from db.models.enums import FinancingForm
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle
from desktop.core.errors import KoersError, ValidationError
from desktop.core.parse import parse_hours
from desktop.core.plans import versions
from tests.unit.decision_setting import START, TODAY, established, regional_input


def test_the_regional_worked_example(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    assert (d.indicated_minutes, d.end_date) == (56 * 60, date(2026, 7, 19))
    for number, hours in enumerate((10, 10, 9, 4, 4, 5, 6)):  # flexible use: more than 8 in some periods
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, START + timedelta(days=28 * number + 2), hours)
    with pytest.raises(ledger.OverrunRefused) as refused:
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 7, 15), 9)  # 57 > 56
    assert refused.value.remaining_hours == Decimal(8)
    assert "nog 8 uur beschikbaar" in refused.value.message and "niets opgeslagen" in refused.value.message
    result = ledger.summary(any_db, any_actors.medewerker, d.id)
    assert result.realised == Decimal(48) and result.remaining == Decimal(8)
    assert [p.realised for p in result.periods] == [10, 10, 9, 4, 4, 5, 6]
    assert [p.share for p in result.periods] == [8] * 7
    assert result.periods[-1].cumulative == 48
    assert result.billed == Decimal("3000.00")  # 48 x € 62,50: realisation = invoicing
    assert sum(m.realised for m in result.months) == 48  # the same dated hours add up per calendar month too
    with any_db.read() as s:
        assert s.exec(select(func.count()).select_from(Realisation)).one() == 7


def test_periods_add_up_to_the_total_even_when_it_does_not_divide(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                  regional_input(setting, hours_per_period=None, total_hours=Decimal("50")))
    with any_db.read() as s:
        shares = [p.share_minutes for p in s.exec(select(Period).where(Period.beschikking_id == d.id)
                                                  .order_by(Period.number))]
    assert sum(shares) == 3000 and max(shares) - min(shares) <= 1


@pytest.mark.parametrize(("hours", "message"), [
    ("-2", "niet negatief"), ("1.255", "twee decimalen"), ("0", "groter dan 0"), ("1.01", "geheel aantal minuten"),
    ("acht", "geen getal")])
def test_bad_hours_are_refused_and_nothing_stored(any_db, any_actors, setting, hours, message):
    """Typed text is read by the one parser (as the booking field does); the service checks typed values by the
    same rule, so a Decimal that slips past a screen is refused as well."""
    d = established(any_db, any_actors, setting)
    with pytest.raises(ValidationError) as info:
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), parse_hours(hours))
    assert message in str(info.value), str(info.value)
    if message != "geen getal":
        with pytest.raises(ValidationError) as info:
            ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal(hours))
        assert any(message in p for p in info.value.problems), info.value.problems
    with any_db.read() as s:
        assert s.exec(select(func.count()).select_from(Realisation)).one() == 0


@pytest.mark.parametrize(("when", "message"), [
    (date(2026, 1, 4), "buiten de beschikking"), (date(2026, 7, 20), "buiten de beschikking")])
def test_a_date_outside_the_decision_is_refused(any_db, any_actors, setting, when, message):
    d = established(any_db, any_actors, setting)
    with pytest.raises(ValidationError) as info:
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, when, Decimal("2"))
    assert any(message in p for p in info.value.problems)


def test_a_concept_decision_takes_no_hours_and_a_consulent_enters_none(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    with pytest.raises(ValidationError, match="niet opgeslagen"):
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal("2"))
    with pytest.raises(PermissionDenied, match="consulent"):
        ledger.add_realisation(any_db, any_actors.consulent, d.id, date(2026, 2, 3), Decimal("2"))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"period_count": 0}, "nul perioden"),
    ({"hours_per_period": None, "total_hours": None}, "omvang moet vaststaan"),
    ({"hours_per_period": Decimal(8), "total_hours": Decimal(50)}, "niet gelijk aan het totaal"),
    ({"bandwidth_min_hours_week": Decimal(4), "bandwidth_max_hours_week": Decimal(1)}, "groter dan het maximum"),
    ({"surplus_hours": Decimal(-1)}, "niet negatief"),
    ({"tariff": Decimal("62.505")}, "twee cijfers achter de komma"),
    ({"hours_per_period": "8"}, "geen getal"),  # text belongs to the parser, never to a service
])
def test_bad_decision_input_is_refused(any_db, any_actors, setting, overrides, message):
    with pytest.raises(ValidationError) as info:
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting, **overrides))
    assert any(message in p for p in info.value.problems), info.value.problems


def test_plain_values_from_a_form_are_accepted_and_unknown_ones_refused(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(
        setting, complexity="M", category="intensief", financing_form="uren_x_tarief"))
    assert d.tariff_cents == 6250 and d.indicated_minutes == 3360
    with pytest.raises(ValidationError) as info:
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(
            setting, complexity="XL", financing_form="gratis"))
    assert info.value.problems == ["Kies een zwaarte (L, M of ZW).", "Kies een financieringsvorm."]


def test_a_decision_needs_an_agreed_plan_and_a_start_after_the_melding(any_db, any_actors, setting):
    with pytest.raises(ValidationError, match="vóór de melding"):
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                  regional_input(setting, start_date=date(2025, 10, 1)))
    draft = versions.start_draft(any_db, any_actors.consulent, setting["casus"])
    with pytest.raises(ValidationError, match="nog niet akkoord"):
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                  regional_input(setting, plan_id=draft.plan.id))


def test_surplus_allows_unforeseen_scaling_up_and_no_shows_count_as_the_form_says(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting, surplus_hours=Decimal("10"), no_show_counts=False)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal("60"))
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 4), Decimal("6"))  # 66 = 56 + 10
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 5), Decimal("2"), no_show=True)
    with pytest.raises(ledger.OverrunRefused, match="nog 0 uur"):
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 6), Decimal("0.25"))
    assert ledger.summary(any_db, any_actors.medewerker, d.id).realised == 66


def test_corrections_and_deletions_keep_the_rule(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    first = ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal("50"))
    with pytest.raises(ledger.OverrunRefused, match="nog 56 uur"):
        ledger.correct_realisation(any_db, any_actors.medewerker, first.id, Decimal("57"), reason="typefout")
    ledger.correct_realisation(any_db, any_actors.medewerker, first.id, Decimal("56"), reason="typefout")
    ledger.delete_realisation(any_db, any_actors.medewerker, first.id, reason="dubbel geboekt")
    assert ledger.summary(any_db, any_actors.medewerker, d.id).realised == 0


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_correction_or_deletion_without_a_reason_is_refused_and_changes_nothing(any_db, any_actors, setting,
                                                                                  reason):
    d = established(any_db, any_actors, setting)
    first = ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal("5"))
    with pytest.raises(ValidationError) as caught:
        ledger.correct_realisation(any_db, any_actors.medewerker, first.id, Decimal("4"), reason=reason)
    assert "reden" in " ".join(caught.value.problems)
    with pytest.raises(ValidationError, match="niet verwijderd"):
        ledger.delete_realisation(any_db, any_actors.medewerker, first.id, reason=reason)
    assert ledger.summary(any_db, any_actors.medewerker, d.id).realised == 5


def test_the_reason_of_a_correction_and_a_deletion_is_in_the_access_log(any_db, any_actors, setting):
    from db.models import AuditEntry

    d = established(any_db, any_actors, setting)
    first = ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal("5"))
    ledger.correct_realisation(any_db, any_actors.medewerker, first.id, Decimal("4"), reason="aanbieder corrigeerde")
    ledger.delete_realisation(any_db, any_actors.medewerker, first.id, reason="dubbel met de import")
    with any_db.read() as s:
        logged = {e.action: e.reason for e in s.exec(select(AuditEntry).where(
            AuditEntry.record_type == "realisatie", AuditEntry.record_id == first.id))}
    assert logged == {"uren.invoeren": None, "uren.corrigeren": "aanbieder corrigeerde",
                      "uren.verwijderen": "dubbel met de import"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["add", "correct", "delete"]), st.integers(1, 40 * 4),
                          st.integers(0, 190)), min_size=1, max_size=25))
def test_random_entries_never_leave_the_ledger_above_the_total_or_below_zero(any_db, any_actors, setting, steps):
    db, actors = any_db, any_actors
    d = established(db, actors, setting)
    ids: list[int] = []
    for action, quarters, day in steps:
        hours = Decimal(quarters) / 4
        when = START + timedelta(days=day)
        try:
            if action == "add" or not ids:
                ids.append(ledger.add_realisation(db, actors.medewerker, d.id, when, hours).id)
            elif action == "correct":
                ledger.correct_realisation(db, actors.medewerker, ids[quarters % len(ids)], hours, reason="test")
            else:
                ledger.delete_realisation(db, actors.medewerker, ids.pop(quarters % len(ids)), reason="test")
        except KoersError:
            pass  # a refusal is allowed; a broken ledger is not
        with db.read() as s:
            total = s.exec(select(func.coalesce(func.sum(Realisation.minutes), 0))
                           .where(Realisation.beschikking_id == d.id)).one()
        assert 0 <= total <= 56 * 60


def _enter_many(url: str, decision_id: int, medewerker: tuple, start_event, results) -> None:
    from db import clock
    from db.engine import Database
    from desktop.core.access.actor import Actor

    clock.fix(TODAY)
    db = Database(url)
    actor = Actor(*medewerker)
    start_event.wait()
    ok = refused = 0
    for i in range(40):
        try:
            ledger.add_realisation(db, actor, decision_id, START + timedelta(days=i % 190), Decimal("1"))
            ok += 1
        except ledger.OverrunRefused:
            refused += 1
    db.dispose()
    results.put((ok, refused))


def test_two_processes_entering_hours_at_once_never_go_over_together(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)  # 56 hours; two processes try 40 x 1 hour each
    m = any_actors.medewerker
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_enter_many, args=(any_db.url, d.id, (m.user_id, m.username, m.display_name,
                                                                             m.role, m.workstation), start, results))
               for _ in range(2)]
    for w in workers:
        w.start()
    start.set()
    outcome = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    assert sum(ok for ok, _ in outcome) == 56 and sum(refused for _, refused in outcome) == 24
    assert all(ok > 0 for ok, _ in outcome)  # both really wrote: they competed for the same hours
    assert ledger.summary(any_db, any_actors.medewerker, d.id).realised == 56


def test_result_financing_bills_the_fixed_amount_per_month(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting, financing_form=FinancingForm.BEDRAG_PER_MAAND, fixed_amount=Decimal("425.50"),
                    hours_per_period=None, total_hours=None)
    assert (d.fixed_amount_cents, d.indicated_minutes) == (42550, 0)
    # 5 January to 19 July 2026: seven calendar months of € 425,50.
    assert ledger.summary(any_db, any_actors.medewerker, d.id).billed == Decimal("2978.50")
    with pytest.raises(ValidationError) as info:
        lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(
            setting, financing_form=FinancingForm.BEDRAG_PER_TRAJECT, hours_per_period=None))
    assert any("vaste bedrag" in p for p in info.value.problems)


def _summary_at(any_db, any_actors, setting, entries, on):
    from db import clock

    d = established(any_db, any_actors, setting)
    for when, hours in entries:
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, when, hours)
    clock.fix(on)
    return d, ledger.summary(any_db, any_actors.medewerker, d.id)


def test_forecast_warns_of_a_threatening_overrun_in_the_right_period(any_db, any_actors, setting):
    # 30 hours in the first 6 weeks of a 28-week decision: at that pace 56 hours run out in period 3.
    d, result = _summary_at(any_db, any_actors, setting, [(date(2026, 1, 10), 15), (date(2026, 2, 10), 15)],
                            date(2026, 2, 15))
    warnings = ledger.forecast(d, result, date(2026, 2, 15))
    # 30 hours in 42 days: 5 hours a week; 56 hours last 78 days, to 23 March 2026 (period 3: 2 - 29 March)
    assert warnings == ["Periode 2 is al boven haar deel: 15 uur gebruikt van 8 uur. Dat mag, de uren zijn "
                        "flexibel, maar er blijft minder over voor de perioden daarna.",
                        "Dreigende overschrijding in periode 3: bij het huidige tempo (5 uur per week) zijn alle "
                        "56 uur rond 23 maart 2026 op, terwijl de beschikking loopt tot 19 juli 2026. Bespreek het "
                        "met de aanbieder."]


def test_forecast_on_the_first_day_names_the_period_past_its_share_and_a_fair_date(any_db, any_actors, setting):
    """10 of 56 hours on day 1: period 1 is past its 8 hours, and the pace is judged over a whole period (not
    ten hours a day), so the hours would run out late in the term, not in period 1."""
    d, result = _summary_at(any_db, any_actors, setting, [(START, 10)], START)
    warnings = ledger.forecast(d, result, START)
    assert warnings[0] == ("Periode 1 is al boven haar deel: 10 uur gebruikt van 8 uur. Dat mag, de uren zijn "
                           "flexibel, maar er blijft minder over voor de perioden daarna.")
    # 10 hours per 28 days: 56 hours last 156 days, to 9 June 2026, in period 6 (1 - 28 June)
    assert warnings[1].startswith("Dreigende overschrijding in periode 6: bij het huidige tempo (2,5 uur per week) "
                                  "zijn alle 56 uur rond 9 juni 2026 op")
    assert len(warnings) == 2


def test_forecast_warns_of_under_use_late_in_the_term(any_db, any_actors, setting):
    d, result = _summary_at(any_db, any_actors, setting, [(date(2026, 1, 10), 8), (date(2026, 3, 10), 9)],
                            date(2026, 5, 1))
    warnings = ledger.forecast(d, result, date(2026, 5, 1))
    assert warnings == ["Onderbesteding: 30% van de uren gebruikt na 60% van de looptijd. Klopt de indicatie nog, "
                        "of krijgt de inwoner niet wat is afgesproken?"]


def test_forecast_is_quiet_at_a_steady_pace(any_db, any_actors, setting):
    entries = [(START + timedelta(days=28 * n + 3), 8) for n in range(4)]
    d, result = _summary_at(any_db, any_actors, setting, entries, date(2026, 5, 1))
    assert ledger.forecast(d, result, date(2026, 5, 1)) == []


def test_months_periods_and_the_total_add_up_to_the_cent(any_db, any_actors, setting):
    """Two quarter hours, in January and in February, at € 62,50: € 31,25 in total and in every split."""
    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 1, 20), Decimal("0.25"))
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 10), Decimal("0.25"))
    result = ledger.summary(any_db, any_actors.medewerker, d.id)
    assert result.billed == Decimal("31.25")
    assert [m.amount for m in result.months] == [Decimal("15.63"), Decimal("15.62")]
    assert sum(m.amount for m in result.months) == result.billed
    assert sum(p.amount for p in result.periods) == result.billed
    assert [p.amount for p in result.periods if p.amount] == [Decimal("15.63"), Decimal("15.62")]
