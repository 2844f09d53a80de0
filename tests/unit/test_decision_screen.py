"""The decision screen as one read: the caseload rule applied once for everything on it (the hours too), one
access-log line for the opening and none for reading it again, and the actions allowed decided in the core."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from db.models import AuditEntry, Beschikking
from db.models.enums import DecisionStatus
from desktop.core.access.audit import PermissionDenied, ReasonRequired
from desktop.core.decisions import ledger, lifecycle, moments, screen
from desktop.core.errors import ValidationError
from tests.unit.decision_setting import established, regional_input

REASON = "waarneming tijdens verlof van een collega"


def lines(db, action: str | None = None) -> list[AuditEntry]:
    with db.read() as s:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        return list(s.exec(stmt).all())


def test_one_read_gives_header_ledger_entries_forecast_moments_and_actions(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal("2.5"))
    before = len(lines(any_db))
    view = screen.open_screen(any_db, any_actors.consulent, d.id)
    assert view.header.product == "02A08 Begeleiding individueel" and view.header.aanbieder == "Zorggroep De Linde"
    assert view.ledger.realised == Decimal("2.5") and view.ledger.ceiling == Decimal(56)
    assert [e.minutes for e in view.entries] == [150]
    assert [m.planned_date for m in view.moments] == [date(2026, 4, 5), date(2026, 7, 5)]
    assert view.forecast and "Onderbesteding" in view.forecast[0]
    assert view.actions.change and view.actions.end and view.actions.evaluate and not view.actions.book_hours
    assert [line.action for line in lines(any_db)[before:]] == ["beschikking.inzien"]
    again = screen.open_screen(any_db, any_actors.consulent, d.id, logged=False)
    assert again.ledger == view.ledger and len(lines(any_db)) == before + 1  # reading again: no second line


def test_a_consulent_outside_the_caseload_gives_a_reason_for_the_hours_too(any_db, any_actors, setting):
    """Once the ledger and the entries checked only the role: the hours of another consulent's resident could be
    read without a reason and without a line in the access log."""
    d = established(any_db, any_actors, setting)
    other = any_actors.consulent2
    for read in (lambda **kw: screen.open_screen(any_db, other, d.id, **kw),
                 lambda **kw: ledger.summary(any_db, other, d.id, **kw),
                 lambda **kw: moments.list_moments(any_db, other, d.id, **kw)):
        with pytest.raises(ReasonRequired):
            read()
        before = len(lines(any_db, "beschikking.inzien"))
        read(reason=REASON)
        [line] = lines(any_db, "beschikking.inzien")[before:]
        assert (line.username, line.reason, line.record_id) == (other.username, REASON, d.id)


def test_a_role_without_decisions_is_refused_and_logged(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting)
    with pytest.raises(PermissionDenied):
        screen.open_screen(any_db, any_actors.beheerder, d.id)
    assert lines(any_db)[-1].outcome == "geweigerd"


@pytest.mark.parametrize(("status", "role", "allowed"), [
    (DecisionStatus.CONCEPT, "consulent", {"establish", "revoke", "view_letter"}),
    (DecisionStatus.VASTGESTELD, "consulent", {"change", "end", "revoke", "edit_moments", "evaluate", "view_letter"}),
    (DecisionStatus.VERZONDEN, "consulent", {"change", "end", "revoke", "edit_moments", "evaluate", "view_letter"}),
    (DecisionStatus.BEEINDIGD, "consulent", {"edit_moments", "view_letter"}),
    (DecisionStatus.VERVANGEN, "consulent", {"view_letter"}),
    (DecisionStatus.INGETROKKEN, "consulent", {"view_letter"}),
    (DecisionStatus.CONCEPT, "medewerker", {"view_letter"}),
    (DecisionStatus.VASTGESTELD, "medewerker", {"book_hours", "remove_hours", "view_letter"}),
    (DecisionStatus.BEEINDIGD, "medewerker", {"book_hours", "remove_hours", "view_letter"}),
    (DecisionStatus.VASTGESTELD, "casusregisseur", {"view_letter"}),
])
def test_what_a_role_may_do_with_a_decision_in_each_status(any_actors, status, role, allowed):
    decision = Beschikking(status=status, casus_id=1, law="wmo", toewijzing_nummer="x", complexity="M",
                           category="basis", financing_form="uren_x_tarief", start_date=date(2026, 1, 5),
                           end_date=date(2026, 7, 19))
    actions = screen.actions_for(any_actors.by_role(role), decision)
    assert {name for name, value in vars(actions).items() if value} == allowed


def test_the_ceiling_is_indicated_plus_surplus_everywhere(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting, surplus_hours=Decimal(10))
    assert d.ceiling_minutes == 66 * 60
    assert screen.open_screen(any_db, any_actors.medewerker, d.id).ledger.ceiling == 66
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 3), Decimal(66))
    with pytest.raises(ledger.OverrunRefused, match="nog 0 uur beschikbaar van 66 uur"):
        ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 2, 4), Decimal("0.25"))
    with any_db.read() as s:
        assert s.exec(select(func.count()).select_from(Beschikking)).one() == 1
    smaller = lifecycle.change_decision(any_db, any_actors.consulent, d.id, regional_input(
        setting, start_date=date(2026, 1, 6), period_count=1), reason_code="05", explanation="Afschalen.")
    with pytest.raises(ValidationError, match="te klein"):  # a wijziging must hold the hours already booked
        lifecycle.establish(any_db, any_actors.consulent, smaller.id, date(2026, 1, 5))
