"""Caseload hand-over: both residents and cases move, one audit line per case, refusals store nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from db.models import AuditEntry, Casus, Resident, User
from db.models.enums import Law, Role
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import ValidationError
from desktop.core.team import handover


def _cases(db, consulent_id, n):
    ids = []
    with db.write() as s:
        for i in range(n):
            r = Resident(client_number=f"K{i:07d}", initials="A.", surname=f"Naam{i}", search_name=f"naam{i}",
                         date_of_birth=date(1970, 1, 1), consulent_id=consulent_id)
            s.add(r)
            s.flush()
            c = Casus(resident_id=r.id, law=Law.WMO, melding_date=date(2026, 10, 1), consulent_id=consulent_id)
            s.add(c)
            s.flush()
            ids.append(c.id)
    return ids


@pytest.fixture
def third(db, actors):
    with db.write() as s:
        u = User(username="t.consulent3", display_name="Derde Consulent", role=Role.CONSULENT)
        s.add(u)
        s.flush()
        return u.id


def test_hand_over_round_robin_moves_cases_and_residents(db, actors, third):
    a = actors
    ids = _cases(db, a.consulent.user_id, 4)
    rows = handover.cases_of(db, a.casusregisseur, a.consulent.user_id)
    assert [r.casus_id for r in rows] == ids
    moved = handover.hand_over(db, a.casusregisseur, ids[:3], [a.consulent2.user_id, third], "Zwangerschapsverlof")
    with db.read() as s:
        cases = {c.id: c.consulent_id for c in s.exec(select(Casus)).all()}
        residents = {r.id: r.consulent_id for r in s.exec(select(Resident)).all()}
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "casus.overdragen")).all()
    assert [cases[i] for i in ids] == [a.consulent2.user_id, third, a.consulent2.user_id, a.consulent.user_id]
    assert moved == [(rid, residents[rid]) for rid, _ in moved] and len(moved) == 3
    assert len(lines) == 3 and {line.reason for line in lines} == {"Zwangerschapsverlof"}
    assert {line.record_id for line in lines} == set(ids[:3])


def test_hand_over_with_an_explicit_mapping(db, actors, third):
    a = actors
    ids = _cases(db, a.consulent.user_id, 2)
    handover.hand_over(db, a.casusregisseur, ids, {ids[0]: third, ids[1]: third}, "Herverdeling team")
    with db.read() as s:
        assert {c.consulent_id for c in s.exec(select(Casus)).all()} == {third}


@pytest.mark.parametrize("case", ["no_reason", "inactive", "not_consulent", "same", "empty", "mapping_incomplete"])
def test_refusals_store_nothing(db, actors, third, case):
    a = actors
    ids = _cases(db, a.consulent.user_id, 2)
    args = dict(casus_ids=ids, targets=[a.consulent2.user_id], reason="Overdracht")
    if case == "no_reason":
        args["reason"] = "  "
    elif case == "inactive":
        with db.write() as s:
            s.get(User, third).active = False
        args["targets"] = [third]
    elif case == "not_consulent":
        args["targets"] = [a.medewerker.user_id]
    elif case == "same":
        args["targets"] = [a.consulent.user_id]
    elif case == "empty":
        args["casus_ids"] = []
    elif case == "mapping_incomplete":
        args["targets"] = {ids[0]: third}
    with pytest.raises(ValidationError):
        handover.hand_over(db, a.casusregisseur, **args)
    with db.read() as s:
        assert {c.consulent_id for c in s.exec(select(Casus)).all()} == {a.consulent.user_id}
        assert {r.consulent_id for r in s.exec(select(Resident)).all()} == {a.consulent.user_id}
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "casus.overdragen")).all() == []


def test_a_consulent_may_not_hand_over(db, actors):
    ids = _cases(db, actors.consulent.user_id, 1)
    with pytest.raises(PermissionDenied):
        handover.hand_over(db, actors.consulent, ids, [actors.consulent2.user_id], "Zelf geregeld")
    with pytest.raises(PermissionDenied):
        handover.cases_of(db, actors.consulent, actors.consulent.user_id)
