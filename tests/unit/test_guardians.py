"""A minor's Jeugdwet letter goes to the parents with gezag or the guardian recorded on the file; without one it
is parked by the pre-flight with that reason (issue 13 point 4)."""

from __future__ import annotations

from datetime import date

import pytest

from db.models import Resident
from db.models.enums import Law, PersonRole
from desktop.core.errors import ValidationError
from desktop.core.letters import pipeline
from desktop.core.residents import people
from tests.unit.decision_setting import established, make_setting
from tests.unit.test_letters import configure, pdf_text

PARENT = dict(street="Dorpsstraat", house_number="12", postcode="7001 AB", city="Doetinchem")


@pytest.fixture
def minor(any_db, any_actors, today):
    """A twelve-year-old with an established Jeugdwet decision (the regional example, iJw product)."""
    configure(any_db, any_actors)
    setting = make_setting(any_db, any_actors, law=Law.JEUGDWET)
    with any_db.write() as s:
        resident = s.get(Resident, 1)
        resident.date_of_birth = date(today.year - 12, 3, 4)
        resident.street, resident.house_number, resident.postcode, resident.city = ("Dorpsstraat", 12, "7001AB",
                                                                                    "Doetinchem")
    return established(any_db, any_actors, setting)


def queued(db, actor, decision_id):
    return next(r for r in pipeline.letter_queue(db, actor) if r.decision_id == decision_id)


def test_a_minor_s_letter_without_a_guardian_is_parked_with_the_reason(any_db, any_actors, minor):
    row = queued(any_db, any_actors.medewerker, minor.id)
    assert row.problems == ("De inwoner is minderjarig: een brief over jeugdhulp gaat naar de ouders met gezag of de "
                            "voogd. Leg die vast in het dossier van de inwoner, met naam en adres.",)


def test_the_letter_goes_to_the_parents_with_gezag(any_db, any_actors, minor):
    for salutation, initials in (("heer", "P."), ("mevrouw", "A.")):
        people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
            role=PersonRole.OUDER_MET_GEZAG, initials=initials, surname="Jansen", salutation=salutation, **PARENT))
    people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(  # no gezag: never an addressee
        role=PersonRole.MANTELZORGER, initials="O.", surname="Jansen"))
    assert queued(any_db, any_actors.medewerker, minor.id).ready
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [minor.id], letter_date=minor.start_date)
    text = pdf_text(pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0]))
    assert "De heer P. Jansen en Mevrouw A. Jansen inzake M. Jansen Dorpsstraat 12 7001 AB DOETINCHEM" in text
    assert "Geachte heer Jansen en mevrouw Jansen," in text
    assert "O. Jansen" not in text


def test_an_ended_gezag_no_longer_receives_the_letter(any_db, any_actors, minor, today):
    parent = people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.VOOGD, initials="K.", surname="Bos", salutation="mevrouw", valid_from=date(2020, 1, 1),
        **PARENT))
    assert queued(any_db, any_actors.medewerker, minor.id).ready
    people.end_person(any_db, any_actors.consulent, parent.id, date(today.year - 1, 1, 1))
    assert "minderjarig" in queued(any_db, any_actors.medewerker, minor.id).problems[0]


def test_a_person_with_gezag_needs_a_full_address_and_every_problem_is_named(any_db, any_actors, minor):
    with pytest.raises(ValidationError) as refused:
        people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
            role="grootouder", initials="", surname="", postcode="70011"))
    assert set(refused.value.field_errors) == {"role", "initials", "surname", "postcode"}
    with pytest.raises(ValidationError, match="Een ouder met gezag krijgt de brieven: vul straat"):
        people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
            role=PersonRole.OUDER_MET_GEZAG, initials="P", surname="Jansen"))


def test_an_adult_or_a_wmo_letter_goes_to_the_resident(any_db, any_actors, setting):
    configure(any_db, any_actors)
    with any_db.write() as s:  # a minor under the Wmo (a woonvoorziening for a child): the resident is addressed
        resident = s.get(Resident, 1)
        resident.date_of_birth = date(2015, 1, 1)
        resident.street, resident.house_number, resident.postcode, resident.city = ("Dorpsstraat", 12, "7001AB",
                                                                                    "Doetinchem")
    decision = established(any_db, any_actors, setting)
    assert queued(any_db, any_actors.medewerker, decision.id).ready


# ---------------------------------------------------------------- an adult's representative (issue 21)

MENTOR_HOME = dict(street="Kerkstraat", house_number="3", postcode="7002 CD", city="Zelhem")


@pytest.fixture
def adult(any_db, any_actors, setting):
    """A resident of 76 with an established Wmo decision and a home address."""
    configure(any_db, any_actors)
    with any_db.write() as s:
        resident = s.get(Resident, 1)
        resident.street, resident.house_number, resident.postcode, resident.city = ("Dorpsstraat", 12, "7001AB",
                                                                                    "Doetinchem")
    return established(any_db, any_actors, setting)


def letter_text(db, actors, decision):
    result = pipeline.issue_letters(db, actors.medewerker, [decision.id], letter_date=decision.start_date)
    return pdf_text(pipeline.open_letter(db, actors.medewerker, result.letter_ids[0]))


def test_an_adult_s_letter_goes_to_the_mentor(any_db, any_actors, adult):
    people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.MENTOR, initials="R.", prefix="de", surname="Wit", salutation="heer", **MENTOR_HOME))
    people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(  # money only: never an addressee
        role=PersonRole.BEWINDVOERDER, initials="B.", surname="Geld", **PARENT))
    text = letter_text(any_db, any_actors, adult)
    assert "De heer R. de Wit inzake M. Jansen Kerkstraat 3 7002 CD ZELHEM" in text
    assert "Geachte heer De Wit," in text
    assert "B. Geld" not in text


def test_a_curator_goes_before_a_mentor_and_an_ended_one_not_at_all(any_db, any_actors, adult, today):
    people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.MENTOR, initials="R.", surname="Wit", **MENTOR_HOME))
    curator = people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.CURATOR, initials="C.", surname="Kok", salutation="mevrouw", valid_from=date(2020, 1, 1),
        **PARENT))
    people.end_person(any_db, any_actors.consulent, curator.id, date(2020, 12, 31))  # ended: the mentor again
    text = letter_text(any_db, any_actors, adult)
    assert "R. Wit inzake M. Jansen Kerkstraat 3" in text and "C. Kok" not in text


def test_a_current_curator_receives_the_letter(any_db, any_actors, adult):
    people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.MENTOR, initials="R.", surname="Wit", **MENTOR_HOME))
    people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.CURATOR, initials="C.", surname="Kok", salutation="mevrouw", **PARENT))
    text = letter_text(any_db, any_actors, adult)
    assert "Mevrouw C. Kok inzake M. Jansen Dorpsstraat 12" in text and "R. Wit" not in text


def test_a_representative_needs_a_full_address_and_a_bewindvoerder_does_not(any_db, any_actors, adult):
    for role in (PersonRole.CURATOR, PersonRole.MENTOR):
        with pytest.raises(ValidationError, match="krijgt de brieven: vul straat, huisnummer"):
            people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
                role=role, initials="C.", surname="Kok", postcode="7001AB"))
    assert people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.BEWINDVOERDER, initials="B.", surname="Geld")).id


def test_the_receipt_of_a_melding_goes_to_the_curator_and_a_minor_s_to_gezag(any_db, any_actors, today):
    """Not only decisions: the intake's letters follow the same rule."""
    from db.models.enums import MeldingSource
    from desktop.core.intake import melding
    from desktop.core.letters.jobs import RECEIPT, Job

    configure(any_db, any_actors)
    with any_db.write() as s:
        adult = Resident(client_number="K0000001", bsn="999900006", salutation="mevrouw", initials="A.",
                         surname="Wit", search_name="wit", date_of_birth=date(1960, 5, 1), street="Dorpsstraat",
                         house_number=3, postcode="7001AB", city="Doetinchem",
                         consulent_id=any_actors.consulent.user_id)
        child = Resident(client_number="K0000002", bsn="999900018", salutation="neutraal", initials="T.",
                         surname="Bos", search_name="bos", date_of_birth=date(today.year - 10, 1, 1),
                         street="Dorpsstraat", house_number=5, postcode="7001AB", city="Doetinchem",
                         consulent_id=any_actors.consulent.user_id)
        s.add_all([adult, child])
        s.flush()
        adult_id, child_id = adult.id, child.id
    people.add_person(any_db, any_actors.consulent, adult_id, people.PersonInput(
        role=PersonRole.CURATOR, initials="C.", surname="Kok", salutation="mevrouw", **PARENT))
    day = date(today.year, 1, 5)
    adult_case = melding.register_melding(any_db, any_actors.consulent, adult_id, melding.MeldingInput(
        law=Law.WMO, melding_date=day, came_in_via=MeldingSource.INWONER, question="Hulp in huis."))
    child_case = melding.register_melding(any_db, any_actors.consulent, child_id, melding.MeldingInput(
        law=Law.JEUGDWET, melding_date=day, came_in_via=MeldingSource.INWONER, question="Hulp bij school."))
    queue = {r.job: r for r in pipeline.letter_queue(any_db, any_actors.medewerker)}
    assert queue[Job(RECEIPT, adult_case.id)].ready
    assert "minderjarig" in queue[Job(RECEIPT, child_case.id)].problems[0]  # parked until gezag is recorded
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [Job(RECEIPT, adult_case.id)], letter_date=day)
    text = pdf_text(pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0]))
    assert "Mevrouw C. Kok inzake A. Wit Dorpsstraat 12 7001 AB DOETINCHEM" in text and "Geachte mevrouw Kok," in text
    people.add_person(any_db, any_actors.consulent, child_id, people.PersonInput(
        role=PersonRole.OUDER_MET_GEZAG, initials="P.", surname="Bos", salutation="heer", **PARENT))
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [Job(RECEIPT, child_case.id)], letter_date=day)
    text = pdf_text(pipeline.open_letter(any_db, any_actors.medewerker, result.letter_ids[0]))
    assert "De heer P. Bos inzake T. Bos Dorpsstraat 12" in text and "Geachte heer Bos," in text


def test_a_representative_without_an_address_parks_the_letter(any_db, any_actors, adult):
    """An older row (or an undone change) may lack the address the form now asks for: the letter waits."""
    mentor = people.add_person(any_db, any_actors.consulent, 1, people.PersonInput(
        role=PersonRole.MENTOR, initials="R.", surname="Wit", **MENTOR_HOME))
    with any_db.write() as s:
        from db.models import RelatedPerson

        s.get(RelatedPerson, mentor.id).street = None
    assert queued(any_db, any_actors.medewerker, adult.id).problems == (
        "De brief gaat naar R. Wit, maar diens adres ontbreekt of is onvolledig. Vul straat, huisnummer, postcode "
        "en woonplaats in bij Betrokkenen in het dossier.",)


def test_a_minor_s_wmo_receipt_goes_to_the_minor_even_beside_a_jeugdwet_one(any_db, any_actors, today):
    """The receipts of one minor's Wmo and Jeugdwet meldingen in one batch: gezag only for the Jeugdwet one."""
    from db.models.enums import MeldingSource
    from desktop.core.intake import melding
    from desktop.core.letters.jobs import RECEIPT, Job

    configure(any_db, any_actors)
    with any_db.write() as s:
        child = Resident(client_number="K0000002", bsn="999900018", salutation="neutraal", initials="T.",
                         surname="Bos", search_name="bos", date_of_birth=date(today.year - 10, 1, 1),
                         street="Dorpsstraat", house_number=5, postcode="7001AB", city="Doetinchem",
                         consulent_id=any_actors.consulent.user_id)
        s.add(child)
        s.flush()
        child_id = child.id
    people.add_person(any_db, any_actors.consulent, child_id, people.PersonInput(
        role=PersonRole.OUDER_MET_GEZAG, initials="P.", surname="Bos", salutation="heer", **PARENT))
    day = date(today.year, 1, 5)
    cases = {law: melding.register_melding(any_db, any_actors.consulent, child_id, melding.MeldingInput(
        law=law, melding_date=day, came_in_via=MeldingSource.INWONER, question="Hulp.")).id
        for law in (Law.WMO, Law.JEUGDWET)}
    jobs = [Job(RECEIPT, cases[Law.WMO]), Job(RECEIPT, cases[Law.JEUGDWET])]
    result = pipeline.issue_letters(any_db, any_actors.medewerker, jobs, letter_date=day)
    texts = [pdf_text(pipeline.open_letter(any_db, any_actors.medewerker, i)) for i in result.letter_ids]
    wmo, jeugd = (texts[0], texts[1]) if "Wmo" in texts[0] else (texts[1], texts[0])
    assert "T. Bos Dorpsstraat 5" in wmo and "inzake" not in wmo
    assert "De heer P. Bos inzake T. Bos Dorpsstraat 12" in jeugd
