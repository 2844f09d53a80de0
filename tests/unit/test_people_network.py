"""The people around the resident (issue 21 point 1): contact details and from–to dates that can be changed and
undone, and a plan that names them under a life domain's 'eigen kracht, netwerk' and as helpers of a result."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from db.models import AuditEntry, DomainPerson, RelatedPerson, Resident, ResultPerson
from db.models.enums import LifeDomain, PersonRole
from desktop.core.access import audit
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import ValidationError
from desktop.core.plans import versions as plans
from desktop.core.residents import people
from desktop.core.residents.casefile import open_resident_file
from tests.unit.test_plans import MELDING, good_plan

DAUGHTER = people.PersonInput(role=PersonRole.MANTELZORGER, initials="E.", surname="Jansen", salutation="mevrouw",
                              phone="06 12345678", email="els@voorbeeld.nl", valid_from=date(2024, 1, 1))


@pytest.fixture
def case(any_db, any_actors):
    """A Wmo case of a resident in the consulent's own caseload (as in test_plans)."""
    from db.models import Casus
    from db.models.enums import Law

    with any_db.write() as s:
        resident = Resident(client_number="K0000001", bsn="999900006", initials="M.", surname="Jansen",
                            search_name="jansen", date_of_birth=date(1950, 3, 4),
                            consulent_id=any_actors.consulent.user_id)
        s.add(resident)
        s.flush()
        casus = Casus(resident_id=resident.id, law=Law.WMO, melding_date=MELDING,
                      consulent_id=any_actors.consulent.user_id)
        s.add(casus)
        s.flush()
        return casus.id


def resident_id(db, casus_id):
    from db.models import Casus

    with db.read() as s:
        return s.get(Casus, casus_id).resident_id


def test_a_person_s_contact_details_are_kept_and_can_be_changed_and_undone(any_db, any_actors, case):
    rid = resident_id(any_db, case)
    daughter = people.add_person(any_db, any_actors.consulent, rid, DAUGHTER)
    assert (daughter.phone, daughter.email) == ("06 12345678", "els@voorbeeld.nl")
    moved = people.PersonInput(**{**DAUGHTER.__dict__, "email": "els.jansen@voorbeeld.nl", "phone": "0314 123456"})
    changed = people.update_person(any_db, any_actors.consulent, daughter.id, moved)
    assert (changed.phone, changed.email) == ("0314 123456", "els.jansen@voorbeeld.nl")
    with any_db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "persoon.wijzigen")).one()
    assert line.record_id == daughter.id and "email" in line.changes and "Jansen" not in (line.changes or "")
    audit.undo(any_db, any_actors.casusregisseur, line.id, "verkeerde persoon gewijzigd")
    with any_db.read() as s:
        assert s.get(RelatedPerson, daughter.id).email == "els@voorbeeld.nl"
    # saving the same again writes nothing and logs nothing
    people.update_person(any_db, any_actors.consulent, daughter.id, DAUGHTER)
    with any_db.read() as s:
        assert len(s.exec(select(AuditEntry).where(AuditEntry.action == "persoon.wijzigen")).all()) == 1


def test_bad_person_input_is_refused_whole_with_every_problem(any_db, any_actors, case):
    rid = resident_id(any_db, case)
    daughter = people.add_person(any_db, any_actors.consulent, rid, DAUGHTER)
    bad = people.PersonInput(role=PersonRole.MENTOR, initials="R.", surname="Wit", email="geen-adres",
                             phone="bel me", valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 30))
    with pytest.raises(ValidationError) as refused:
        people.add_person(any_db, any_actors.consulent, rid, bad)
    errors = refused.value.field_errors
    assert set(errors) == {"email", "phone", "valid_to", "street"}
    assert errors["valid_to"] == ("De einddatum (30 april 2026) ligt vóór de begindatum (1 mei 2026). Controleer de "
                                  "datums.")
    assert "naam@voorbeeld.nl" in errors["email"]
    with pytest.raises(ValidationError):
        people.update_person(any_db, any_actors.consulent, daughter.id,
                             people.PersonInput(**{**DAUGHTER.__dict__, "valid_to": date(2023, 12, 31)}))
    with any_db.read() as s:
        assert [p.id for p in s.exec(select(RelatedPerson))] == [daughter.id]
        assert s.get(RelatedPerson, daughter.id).valid_to is None
    with pytest.raises(PermissionDenied):
        people.update_person(any_db, any_actors.medewerker, daughter.id, DAUGHTER)


def test_a_plan_names_people_of_the_network_and_a_new_version_keeps_them(any_db, any_actors, case):
    rid = resident_id(any_db, case)
    daughter = people.add_person(any_db, any_actors.consulent, rid, DAUGHTER)
    neighbour = people.add_person(any_db, any_actors.consulent, rid, people.PersonInput(
        role=PersonRole.MANTELZORGER, initials="H.", surname="Buur"))
    data = good_plan()
    data.domains[0].people = [daughter.id, neighbour.id]
    data.domains[1].people = [daughter.id]  # 'niet relevant': nothing is stored for it
    data.goals[1].results[0].people = [daughter.id]
    draft = plans.start_draft(any_db, any_actors.consulent, case)
    doc, _ = plans.save_draft(any_db, any_actors.consulent, draft.plan.id, data, draft.plan.version)
    assert doc.view.domain_people == {LifeDomain.INSTRUMENTELE_ADL: tuple(sorted((daughter.id, neighbour.id)))}
    assert doc.view.names(doc.view.domain_people[LifeDomain.INSTRUMENTELE_ADL]) == [
        "E. Jansen (mantelzorger)", "H. Buur (mantelzorger)"]
    back = doc.to_input()
    by_domain = {d.domain: d.people for d in back.domains}
    assert by_domain == {LifeDomain.INSTRUMENTELE_ADL: sorted((daughter.id, neighbour.id)), LifeDomain.FINANCIEN: []}
    assert back.goals[1].results[0].people == [daughter.id] and back.goals[0].results[0].people == []
    # agreed, then a new version: the same people carried over
    agreed = plans.agree(any_db, any_actors.consulent, doc.plan.id, date(2026, 9, 15), doc.plan.version)
    second = plans.start_draft(any_db, any_actors.consulent, case)
    assert second.plan.id != agreed.plan.id
    assert {d.domain: d.people for d in second.to_input().domains} == by_domain
    assert second.to_input().goals[1].results[0].people == [daughter.id]
    with any_db.read() as s:
        assert len(s.exec(select(DomainPerson)).all()) == 4 and len(s.exec(select(ResultPerson)).all()) == 2
    # the file and the comparison show the names
    file = open_resident_file(any_db, any_actors.consulent, rid)
    view = file.cases[0].plans[0]
    assert view.names(view.domain_people[LifeDomain.INSTRUMENTELE_ADL])[0] == "E. Jansen (mantelzorger)"
    rows = {(r.section, r.label): r for r in plans.compare(agreed, second)}
    assert rows[("Leefgebieden", "Instrumentele ADL: wie uit het netwerk")].right == \
        "E. Jansen (mantelzorger), H. Buur (mantelzorger)"
    assert "E. Jansen (mantelzorger)" in rows[("Doelen", "Resultaat 2.1: wie draagt bij")].right


def test_a_plan_cannot_name_someone_of_another_resident_and_an_ended_role_only_warns(any_db, any_actors, case,
                                                                                   today):
    rid = resident_id(any_db, case)
    with any_db.write() as s:
        other = Resident(client_number="K0000002", bsn="999900018", initials="P.", surname="Ander",
                         search_name="ander", date_of_birth=date(1960, 1, 1),
                         consulent_id=any_actors.consulent.user_id)
        s.add(other)
        s.flush()
        other_id = other.id
    stranger = people.add_person(any_db, any_actors.consulent, other_id, people.PersonInput(
        role=PersonRole.HUISGENOOT, initials="S.", surname="Vreemd"))
    draft = plans.start_draft(any_db, any_actors.consulent, case)
    data = good_plan()
    data.goals[0].results[0].people = [stranger.id]
    with pytest.raises(ValidationError, match="niet bij deze inwoner is vastgelegd"):
        plans.save_draft(any_db, any_actors.consulent, draft.plan.id, data, draft.plan.version)
    with any_db.read() as s:
        assert s.exec(select(ResultPerson)).all() == []
    gone = people.add_person(any_db, any_actors.consulent, rid, people.PersonInput(
        role=PersonRole.HUISGENOOT, initials="O.", surname="Weg", valid_from=date(2020, 1, 1),
        valid_to=date(2021, 6, 30)))
    data.goals[0].results[0].people = [gone.id]
    _, warnings = plans.save_draft(any_db, any_actors.consulent, draft.plan.id, data, draft.plan.version)
    assert "O. Weg (huisgenoot) is sinds 30 juni 2021 niet meer betrokken" in " ".join(warnings)


def test_a_change_over_a_colleagues_newer_one_is_refused_and_theirs_stays(any_db, any_actors, case):
    from desktop.core.errors import ConflictError

    rid = resident_id(any_db, case)
    daughter = people.add_person(any_db, any_actors.consulent, rid, DAUGHTER)
    first = people.PersonInput(**{**DAUGHTER.__dict__, "phone": "0314 111111"})
    second = people.PersonInput(**{**DAUGHTER.__dict__, "phone": "0314 222222"})
    saved = people.update_person(any_db, any_actors.consulent, daughter.id, first, expected_version=daughter.version)
    assert saved.version == daughter.version + 1
    with pytest.raises(ConflictError, match="Iemand anders"):
        people.update_person(any_db, any_actors.consulent2, daughter.id, second, expected_version=daughter.version,
                             reason="vervanging")
    assert people.get_person(any_db, any_actors.consulent, daughter.id).phone == "0314 111111"
    on_top = people.update_person(any_db, any_actors.consulent2, daughter.id, second, expected_version=saved.version,
                                   reason="vervanging")
    assert on_top.phone == "0314 222222"
