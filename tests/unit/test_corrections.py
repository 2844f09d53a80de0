"""Correcting a resident's personal data (issue 18 point 2): what was wrong, what it became and why, kept in the
same transaction as the change; a plain change (someone moved) stays a plain change."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from db.models import AuditEntry, Correction, Resident
from desktop.core.errors import ValidationError
from desktop.core.residents import register
from desktop.core.residents.corrections import list_corrections


@pytest.fixture
def resident(any_db, any_actors) -> Resident:
    return register.create_resident(any_db, any_actors.consulent, register.ResidentInput(
        bsn="999900006", initials="M.", surname="Jansen", date_of_birth=date(1950, 3, 4), salutation="heer",
        street="Dorpsstraat", house_number="12", postcode="7001 AB", city="Doetinchem"))


def _changed(resident: Resident, **values) -> register.ResidentInput:
    data = register.input_from(resident)
    for key, value in values.items():
        setattr(data, key, value)
    return data


def _corrections(db) -> list[Correction]:
    with db.read() as s:
        return list(s.exec(select(Correction).order_by(Correction.id)))


def _updates(db) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == "inwoner.wijzigen").order_by(AuditEntry.id)))


def test_a_correction_keeps_what_was_wrong_what_it_became_and_why(any_db, any_actors, resident):
    a = any_actors
    saved = register.update_resident(any_db, a.consulent, resident.id,
                                     _changed(resident, date_of_birth=date(1950, 4, 3), bsn="999900018"),
                                     resident.version, correction_reason="  Geboortedatum en BSN volgens de BRP ")
    assert (saved.date_of_birth, saved.bsn) == (date(1950, 4, 3), "999900018")
    (row,) = _corrections(any_db)
    assert (row.resident_id, row.corrected_by_id, row.reason) == (resident.id, a.consulent.user_id,
                                                                  "Geboortedatum en BSN volgens de BRP")
    assert json.loads(row.fields) == {"date_of_birth": ["1950-03-04", "1950-04-03"],
                                      "bsn": ["******006", "******018"]}  # the BSN masked, as in the log
    (line,) = _updates(any_db)
    assert "Geboortedatum en BSN volgens de BRP" in line.reason and "Correctie" in line.reason
    (shown,) = list_corrections(any_db, a.casusregisseur, resident.id)
    assert shown.corrected_by == "Carla Consulent" and shown.reason == "Geboortedatum en BSN volgens de BRP"
    assert shown.changes == (("BSN", "******006", "******018"), ("geboortedatum", "4 maart 1950", "3 april 1950"))


@pytest.mark.parametrize("reason", ["", "   ", "fout"])
def test_a_correction_needs_a_reason_and_stores_nothing_without_one(any_db, any_actors, resident, reason):
    with pytest.raises(ValidationError) as caught:
        register.update_resident(any_db, any_actors.consulent, resident.id, _changed(resident, surname="Janssen"),
                                 resident.version, correction_reason=reason)
    assert "minstens 5 tekens" in caught.value.field_errors["correction_reason"]
    assert _corrections(any_db) == [] and _updates(any_db) == []
    with any_db.read() as s:
        assert s.get(Resident, resident.id).surname == "Jansen"


def test_bad_details_with_a_good_reason_store_nothing_and_every_problem_is_named(any_db, any_actors, resident):
    with pytest.raises(ValidationError) as caught:
        register.update_resident(any_db, any_actors.consulent, resident.id,
                                 _changed(resident, surname="", postcode="12"), resident.version,
                                 correction_reason="x")
    assert {"surname", "postcode", "correction_reason"} <= set(caught.value.field_errors)
    with pytest.raises(ValidationError, match="geen persoonsgegeven gewijzigd"):
        register.update_resident(any_db, any_actors.consulent, resident.id, _changed(resident), resident.version,
                                 correction_reason="tikfout bij registratie")
    assert _corrections(any_db) == [] and _updates(any_db) == []


def test_a_plain_change_stays_a_plain_change(any_db, any_actors, resident):
    moved = register.update_resident(any_db, any_actors.consulent, resident.id,
                                     _changed(resident, street="Kerkstraat", house_number="3"), resident.version)
    assert moved.street == "Kerkstraat"
    assert _corrections(any_db) == []
    (line,) = _updates(any_db)
    assert line.reason is None
    assert list_corrections(any_db, any_actors.consulent, resident.id) == []


def test_a_corrected_bsn_needs_no_second_reason_and_a_controller_may_not_read_corrections(any_db, any_actors,
                                                                                             resident):
    from desktop.core.access.audit import PermissionDenied

    register.update_resident(any_db, any_actors.consulent, resident.id, _changed(resident, bsn="999900018"),
                             resident.version, correction_reason="tikfout bij de registratie")
    assert len(_corrections(any_db)) == 1
    for role in ("controller", "medewerker", "beheerder"):  # the file's history is for those who work on it
        with pytest.raises(PermissionDenied):
            list_corrections(any_db, any_actors.by_role(role), resident.id)
