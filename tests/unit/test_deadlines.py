"""Deadline rules (pure, fixed dates), windows and escalation, the werkvoorraad and the dashboard."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from db.models import Aanbieder, AuditEntry, Beschikking, Casus, Evaluation, Resident
from db.models.enums import DecisionStatus, IndicationCategory, Law
from desktop.core.access import users
from desktop.core.access.audit import PermissionDenied
from desktop.core.deadlines import dashboard, queries, results, rules, settings
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.core.decisions.rules import add_months
from desktop.core.errors import ValidationError
from tests.conftest import FIXED_TODAY
from tests.unit.decision_setting import established

TODAY = FIXED_TODAY


# ---------------------------------------------------------------- pure rules

def test_week_terms_per_law():
    assert rules.research_due(date(2026, 1, 5), Law.WMO) == date(2026, 2, 16)  # 6 weeks, same weekday
    assert rules.research_due(date(2026, 1, 5), Law.JEUGDWET) == date(2026, 2, 16)
    assert rules.decision_due(date(2026, 1, 5), Law.WMO) == date(2026, 1, 19)  # Wmo art. 2.3.5: 2 weeks
    assert rules.decision_due(date(2026, 1, 5), Law.JEUGDWET) == date(2026, 3, 2)  # Awb: 8 weeks


def test_week_terms_over_month_ends_and_leap_days():
    assert rules.research_due(date(2028, 1, 31), Law.WMO) == date(2028, 3, 13)
    assert rules.decision_due(date(2028, 2, 15), Law.WMO) == date(2028, 2, 29)  # leap day
    assert rules.decision_due(date(2027, 2, 15), Law.WMO) == date(2027, 3, 1)
    assert rules.research_due(date(2026, 12, 31), Law.WMO) == date(2027, 2, 11)


def test_working_days_skip_weekends():
    assert rules.add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)  # Mon -> next Mon
    assert rules.add_working_days(date(2026, 11, 27), 5) == date(2026, 12, 4)  # Fri -> next Fri
    assert rules.add_working_days(date(2026, 11, 28), 5) == date(2026, 12, 4)  # Sat -> Fri
    assert rules.add_working_days(date(2026, 11, 29), 1) == date(2026, 11, 30)  # Sun -> Mon
    assert rules.letter_due(date(2028, 2, 25)) == date(2028, 3, 3)  # over 29 February 2028
    assert rules.add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)


def test_working_days_skip_public_holidays():
    # Christmas 2026: Friday 25 December is a holiday (Saturday 26 is a weekend day anyway)
    assert rules.add_working_days(date(2026, 12, 22), 5) == date(2026, 12, 30)
    assert rules.letter_due(date(2026, 12, 22)) == date(2026, 12, 30)
    # Easter 2027: Goede Vrijdag 26 March and Tweede Paasdag 29 March
    assert rules.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    # Koningsdag on Tuesday 27 April 2027; Bevrijdingsdag (Wednesday 5 May) and Hemelvaartsdag (Thursday 6 May)
    assert rules.add_working_days(date(2027, 4, 26), 1) == date(2027, 4, 28)
    assert rules.add_working_days(date(2027, 5, 4), 1) == date(2027, 5, 10)  # and Friday 7 May is equated
    # Nieuwjaarsdag 2027 is a Friday: from Thursday 31 December the next working day is Monday 4 January
    assert rules.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert rules.add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 28)  # from a holiday itself


def test_window_and_escalation_boundaries():
    due = TODAY + timedelta(days=14)
    assert rules.is_visible(rules.days_left(due, TODAY), 14)
    assert not rules.is_visible(rules.days_left(due + timedelta(days=1), TODAY), 14)  # day 15 before: not shown
    assert rules.days_left(TODAY - timedelta(days=3), TODAY) == -3
    assert not rules.is_escalated(-14, 14) and rules.is_escalated(-15, 14)


def test_next_evaluation_from_a_decision_started_on_the_31st():
    start, end = date(2026, 8, 31), date(2027, 12, 31)
    assert rules.propose_next_evaluation(start, end, IndicationCategory.INTENSIEF, date(2026, 9, 10)) == date(2026, 11, 30)
    # counted from the start, not chained: 31 Aug + 6 months = 28 Feb, + 9 months = 31 May (no drift)
    assert rules.propose_next_evaluation(start, end, "intensief", date(2026, 11, 30)) == date(2027, 2, 28)
    assert rules.propose_next_evaluation(start, end, "intensief", date(2027, 2, 28)) == date(2027, 5, 31)
    assert rules.propose_next_evaluation(date(2027, 11, 30), date(2028, 12, 1), "intensief",
                                      date(2027, 12, 1)) == date(2028, 2, 29)  # leap year
    assert rules.propose_next_evaluation(start, date(2026, 11, 1), "basis", date(2026, 9, 1)) is None
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


# ---------------------------------------------------------------- data

def _case(s, number: str, consulent_id: int | None, law=Law.WMO, melding=None, aanvraag=None) -> tuple[int, int]:
    r = Resident(client_number=number, initials="A.", surname=f"Inwoner{number}", search_name=f"inwoner{number}",
                 date_of_birth=date(1960, 1, 1), consulent_id=consulent_id)
    s.add(r)
    s.flush()
    c = Casus(resident_id=r.id, law=law, melding_date=melding or TODAY - timedelta(days=30),
              aanvraag_date=aanvraag, consulent_id=consulent_id)
    s.add(c)
    s.flush()
    return r.id, c.id


def test_each_kind_appears_with_days_left(any_db, any_actors, setting, today):
    a = any_actors
    d = established(any_db, a, setting)  # start 5 Jan 2026, 7x4 weeks to 19 Jul 2026, established 2 Jan
    with any_db.write() as s:
        # the setting's decision: end within 8 weeks of today, unsent
        b = s.get(Beschikking, d.id)
        b.end_date = TODAY + timedelta(days=56)
        b.established_date = TODAY - timedelta(days=7)
        s.get(Casus, setting["casus"]).aanvraag_date = date(2025, 12, 1)  # research done
        _case(s, "K1", a.consulent.user_id, melding=TODAY - timedelta(days=30))  # research due in 12 days
        _case(s, "K2", a.consulent.user_id, melding=TODAY - timedelta(days=60))  # research not visible (15 d)?
        aanvraag = TODAY + timedelta(days=3) - timedelta(weeks=8)
        _case(s, "K3", a.consulent.user_id, law=Law.JEUGDWET, melding=aanvraag - timedelta(days=30),
              aanvraag=aanvraag)  # decision due in 3 days (Jeugdwet: 8 weeks)
        _case(s, "K4", a.consulent2.user_id, melding=TODAY - timedelta(days=20))  # someone else's
    items = queries.my_workload(any_db, a.consulent)
    by_kind = {i.kind: i for i in items}
    assert by_kind[DeadlineKind.ONDERZOEK].days_left in (12, -18)
    research = sorted(i.days_left for i in items if i.kind is DeadlineKind.ONDERZOEK)
    assert research == [-18, 12]
    assert by_kind[DeadlineKind.BESLUIT].due_date == TODAY + timedelta(days=3)
    assert by_kind[DeadlineKind.AFLOOP].days_left == 56
    letter = by_kind[DeadlineKind.BRIEF]
    due = rules.add_working_days(TODAY - timedelta(days=7), 5)  # five working days after vaststelling
    assert (letter.due_date, letter.days_left, letter.beschikking_id) == (due, (due - TODAY).days, d.id)
    assert by_kind[DeadlineKind.EVALUATIE].evaluation_id is not None
    assert all(i.consulent_id == a.consulent.user_id for i in items)  # only own cases
    assert [i.days_left for i in items] == sorted(i.days_left for i in items)  # most overdue first
    assert items[0].label and items[0].client_number and items[0].resident_name


def test_window_boundary_in_the_queries(any_db, any_actors, today):
    a = any_actors
    with any_db.write() as s:
        # research due in 14 days (shown) and in 15 days (not yet)
        _case(s, "K1", a.consulent.user_id, melding=TODAY + timedelta(days=14) - timedelta(weeks=6))
        _case(s, "K2", a.consulent.user_id, melding=TODAY + timedelta(days=15) - timedelta(weeks=6))
    items = queries.my_workload(any_db, a.consulent)
    assert [i.days_left for i in items] == [14]


def test_escalation_threshold_and_settings(any_db, any_actors, today):
    a = any_actors
    with any_db.write() as s:
        _case(s, "K1", a.consulent.user_id, melding=TODAY - timedelta(weeks=6, days=7))  # 7 days overdue
        _case(s, "K2", a.consulent.user_id, melding=TODAY - timedelta(weeks=6, days=8))  # 8 days overdue
    items = queries.my_workload(any_db, a.consulent)
    assert [(i.days_left, i.escalated) for i in items] == [(-8, True), (-7, False)]
    with pytest.raises(PermissionDenied):
        settings.set_deadline_setting(any_db, a.casusregisseur, "termijn.escalatie.onderzoek", 10)
    with pytest.raises(ValidationError, match="0 tot en met 365"):
        settings.set_deadline_setting(any_db, a.beheerder, "termijn.escalatie.onderzoek", -1)
    settings.set_deadline_setting(any_db, a.beheerder, "termijn.escalatie.onderzoek", 10)
    settings.set_deadline_setting(any_db, a.beheerder, "termijn.onderzoek.wmo", 8)
    items = queries.my_workload(any_db, a.consulent)
    assert [(i.days_left, i.escalated) for i in items] == [(6, False), (7, False)]


def _team(any_db, a):
    with any_db.write() as s:
        p1, p2 = Aanbieder(name="Eerste"), Aanbieder(name="Tweede")
        s.add_all([p1, p2])
        s.flush()
        _case(s, "K1", a.consulent.user_id, melding=TODAY - timedelta(weeks=6, days=20))
        _case(s, "K2", a.consulent2.user_id, law=Law.JEUGDWET, melding=TODAY - timedelta(weeks=6))
        return p1.id, p2.id


def test_dashboard_counts_and_filters(any_db, any_actors, setting, today):
    a = any_actors
    d = established(any_db, a, setting)
    p1, _p2 = _team(any_db, a)
    with any_db.write() as s:
        b = s.get(Beschikking, d.id)
        b.aanbieder_id = p1
        b.end_date = TODAY + timedelta(days=10)
        s.get(Casus, setting["casus"]).aanvraag_date = date(2025, 12, 1)
    board = dashboard.team_overview(any_db, a.casusregisseur)
    counts = {c.consulent_id: c for c in board.per_consulent}
    assert counts[a.consulent2.user_id].due == 1 and counts[a.consulent2.user_id].overdue == 0
    assert counts[a.consulent.user_id].overdue >= 2 and counts[a.consulent.user_id].escalated >= 1
    assert board.team.total == board.total == sum(c.total for c in board.per_consulent)
    assert [i.days_left for i in board.items] == sorted(i.days_left for i in board.items)
    assert all(i.escalated for i in board.escalated) and board.escalated_total == board.team.escalated

    only2 = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(consulent_id=a.consulent2.user_id))
    assert {i.consulent_id for i in only2.items} == {a.consulent2.user_id} and only2.total == 1
    jw = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(law=Law.JEUGDWET))
    assert {i.law for i in jw.items} == {Law.JEUGDWET}
    prov = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(aanbieder_id=p1))
    assert prov.total >= 1 and {i.aanbieder_id for i in prov.items} == {p1}
    assert dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(aanbieder_id=p1 + 99)).total == 0
    period = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(due_from=TODAY, due_to=TODAY))
    assert {i.due_date for i in period.items} == {TODAY} and period.total == 1
    future = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(due_from=TODAY + timedelta(days=400)))
    assert future.total == 0
    by_consulent = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(sort="consulent",
                                                                                  descending=True))
    names = [i.consulent_name for i in by_consulent.items]
    assert names == sorted(names, reverse=True)
    with pytest.raises(ValidationError):
        dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(due_from=TODAY, due_to=TODAY - timedelta(1)))


def test_dashboard_needs_the_role_and_logs_one_line(any_db, any_actors, today):
    a = any_actors
    _team(any_db, a)
    with pytest.raises(PermissionDenied):
        dashboard.team_overview(any_db, a.consulent)
    dashboard.team_overview(any_db, a.casusregisseur)
    with any_db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "termijnen.overzicht")).all()
    assert len(lines) == 1 and lines[0].resident_id is None and lines[0].client_number is None


def test_an_unsent_letter_is_due_after_working_days_without_the_holidays(any_db, any_actors, setting, today):
    a = any_actors
    d = established(any_db, a, setting)
    with any_db.write() as s:
        s.get(Beschikking, d.id).established_date = date(2026, 12, 22)

    def letter(day):
        items = queries.my_workload(any_db, a.consulent, today=day, kinds=[DeadlineKind.BRIEF])
        return [(i.due_date, i.days_left, i.escalated) for i in items]

    assert letter(date(2026, 12, 29)) == [(date(2026, 12, 30), 1, False)]
    assert letter(date(2026, 12, 22) - timedelta(days=1)) == []  # not yet established: far outside the window
    assert letter(date(2027, 1, 6)) == [(date(2026, 12, 30), -7, True)]  # more than 5 days overdue
    board = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(
        kinds=frozenset({DeadlineKind.BRIEF}), due_from=date(2026, 12, 30), due_to=date(2026, 12, 30)),
        today=date(2026, 12, 29))
    assert [i.beschikking_id for i in board.items] == [d.id]
    board = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(
        kinds=frozenset({DeadlineKind.BRIEF}), due_from=date(2026, 12, 29), due_to=date(2026, 12, 29)),
        today=date(2026, 12, 29))
    assert board.total == 0


@pytest.mark.parametrize("sort", dashboard.SORT_KEYS)
def test_a_short_page_is_the_head_of_the_full_list_also_when_counted_in_sql(any_db, any_actors, setting, today,
                                                                            monkeypatch, sort):
    """The dashboard reads only what a page can show; with FETCH_ALL at 0 every kind takes that road.
    Several items share a due date (the page must still cut exactly) and span both laws and consulenten."""
    a = any_actors
    d = established(any_db, a, setting)
    p1, _p2 = _team(any_db, a)
    with any_db.write() as s:
        b = s.get(Beschikking, d.id)
        b.aanbieder_id = p1
        b.end_date = TODAY + timedelta(days=10)
        for n in range(6):
            uid = (a.consulent, a.consulent2)[n % 2].user_id
            _case(s, f"R{n}", uid, law=(Law.WMO, Law.JEUGDWET)[n // 3], melding=TODAY - timedelta(weeks=6, days=20))
            _case(s, f"B{n}", uid if n < 5 else None, melding=TODAY - timedelta(days=83),
                  aanvraag=TODAY - timedelta(days=53))
    for descending in (False, True):
        wanted = dashboard.DashboardFilter(sort=sort, descending=descending, limit=5000)
        monkeypatch.setattr(queries, "FETCH_ALL", 5000)
        full = dashboard.team_overview(any_db, a.casusregisseur, wanted)
        assert full.total == len(full.items) >= 14
        monkeypatch.setattr(queries, "FETCH_ALL", 0)
        for n in (1, 2, 3, 7, 5000):
            page = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(sort=sort, descending=descending,
                                                                                limit=n))
            assert page.items == full.items[:n], (descending, n)
            assert page.escalated == full.escalated[:n]
            assert (page.total, page.team, page.per_consulent, page.per_kind, page.escalated_total) == \
                (full.total, full.team, full.per_consulent, full.per_kind, full.escalated_total)


def test_evaluations_of_replaced_decisions_and_followed_up_decisions_drop_out(any_db, any_actors, setting, today):
    a = any_actors
    d = established(any_db, a, setting)
    with any_db.write() as s:
        s.get(Beschikking, d.id).status = DecisionStatus.VERVANGEN
    kinds = {i.kind for i in queries.my_workload(any_db, a.consulent)}
    assert DeadlineKind.EVALUATIE not in kinds and DeadlineKind.AFLOOP not in kinds


def test_results_by_provider(any_db, any_actors, setting, today):
    from desktop.core.evaluations import recording

    a = any_actors
    d = established(any_db, a, setting)
    with any_db.read() as s:
        first = s.exec(select(Evaluation).where(Evaluation.beschikking_id == d.id)
                       .order_by(Evaluation.planned_date)).first()
    recording.record_evaluation(any_db, a.consulent, first.id, recording.EvaluationInput(
        done_date=date(2026, 4, 7), outcome="voortzetten",
        results=[recording.ResultAssessment(rid, "behaald", "Het lukt.") for rid in setting["results"]]))
    rows = results.results_by_provider(any_db, a.casusregisseur, date(2026, 1, 1), date(2026, 12, 31))
    assert [(r.aanbieder_name, r.product_code, r.behaald, r.deels, r.evaluations) for r in rows] == [
        ("Zorggroep De Linde", "02A08", len(setting["results"]), 0, 1)]
    assert rows[0].share_achieved == 1.0
    assert results.results_by_provider(any_db, a.casusregisseur, date(2027, 1, 1), date(2027, 12, 31)) == []
    with pytest.raises(PermissionDenied):
        results.results_by_provider(any_db, a.consulent, date(2026, 1, 1), date(2026, 12, 31))


def test_a_casusregisseur_with_a_team_sees_her_team_and_may_ask_for_everyone(any_db, any_actors, today):
    """A large municipality works in teams: her Termijnen show the consulenten of her team (all their sorts of
    term, sorted and counted as before), so the dashboard stays the size of a team; 'hele gemeente' shows all."""
    a = any_actors
    _team(any_db, a)
    users.set_team(any_db, a.beheerder, a.casusregisseur.username, "Wijkteam Noord")
    users.set_team(any_db, a.beheerder, a.consulent.username, "  Wijkteam   Noord ")  # as typed: spaces tidied
    users.set_team(any_db, a.beheerder, a.consulent2.username, "Wijkteam Zuid")
    board = dashboard.team_overview(any_db, a.casusregisseur)
    assert board.team_name == "Wijkteam Noord"
    assert [c.consulent_id for c in board.per_consulent] == [a.consulent.user_id]
    assert {i.consulent_id for i in board.items} == {a.consulent.user_id} and board.total == len(board.items) > 0
    everyone = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(whole_municipality=True))
    assert everyone.team_name is None and everyone.total == board.total + 1
    assert {a.consulent.user_id, a.consulent2.user_id} <= {c.consulent_id for c in everyone.per_consulent}
    other = dashboard.team_overview(any_db, a.casusregisseur, dashboard.DashboardFilter(
        consulent_id=a.consulent2.user_id))  # a consulent of another team, asked for by id: not in her team
    assert other.total == 0
    users.set_team(any_db, a.beheerder, a.casusregisseur.username, "Wijkteam Leeg")
    empty = dashboard.team_overview(any_db, a.casusregisseur)
    assert empty.total == 0 and empty.per_consulent == []
    users.set_team(any_db, a.beheerder, a.casusregisseur.username, "")
    assert dashboard.team_overview(any_db, a.casusregisseur).total == everyone.total  # no team: everyone
    with any_db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "gebruiker.team")
                       .order_by(AuditEntry.id)).all()
    assert json.loads(lines[-1].changes)["team"] == ["Wijkteam Leeg", None]


def test_a_team_name_is_checked_and_a_user_gets_one_when_added(any_db, any_actors):
    a = any_actors
    with pytest.raises(ValidationError) as err:
        users.set_team(any_db, a.beheerder, a.consulent.username, "x" * 61)
    assert "hoogstens 60 tekens" in err.value.message
    with pytest.raises(PermissionDenied):
        users.set_team(any_db, a.consulent, a.consulent.username, "Wijkteam Noord")
    row = users.add_user(any_db, a.beheerder, "nieuw", "Nieuwe Collega", "consulent", "een lang wachtwoord 42",
                         team="Wijkteam Oost")
    assert row.team == "Wijkteam Oost" and users.team_names(any_db) == ["Wijkteam Oost"]
    assert [u.display_name for u in users.list_users(any_db, team="Wijkteam Oost")] == ["Nieuwe Collega"]
    with pytest.raises(ValidationError) as err:
        users.add_user(any_db, a.beheerder, "nieuw2", "", "consulent", "kort", team="y" * 70)
    assert set(err.value.field_errors) >= {"display_name", "team"}
