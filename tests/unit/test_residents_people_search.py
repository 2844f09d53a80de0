"""Finding residents as people search (issue 20 point 5): by cliëntnummer, by the second part of a double
surname, by first name or initial with the surname, by street and house number, within one's own caseload;
and the form rules that go with it: a first name, an unchosen salutation, a BSN that changes only with a reason.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from db.models import AuditEntry, Resident
from db.models.enums import Salutation
from desktop.core.access import audit
from desktop.core.errors import ValidationError
from desktop.core.residents.bsn import test_bsns as iter_test_bsns  # renamed: pytest would collect it
from desktop.core.residents.register import ResidentInput, create_resident, input_from, update_resident
from desktop.core.residents.search import (
    _ORDERS,
    count_residents,
    page_statement,
    search_arms,
    search_residents,
)
from desktop.core.text import resident_search_keys

REASON = "waarneming tijdens verlof van een collega"


def person(bsn: str, surname: str, **overrides) -> ResidentInput:
    data = ResidentInput(bsn=bsn, initials="A.", surname=surname, date_of_birth=date(1961, 4, 12),
                         salutation=Salutation.MEVROUW, street="Dorpsstraat", house_number="12",
                         postcode="7001 AB", city="Doetinchem")
    return replace(data, **overrides)


@pytest.fixture
def town(db, actors):
    """A few residents, registered through the core as a form would: name -> Resident. All but Piet Jansen have
    the second consulent as vaste consulent (who registered them)."""
    bsns = iter_test_bsns()
    rows = {
        "anna": person(next(bsns), "Pelgrom", first_name="Anna", initials="A.M."),
        "bert": person(next(bsns), "Pelgrom", first_name="Bert", initials="B.", salutation=Salutation.HEER,
                       street="Kerkstraat", house_number="3"),
        "double": person(next(bsns), "Jansen-Pelgrom", first_name="Annie", initials="J.A.", house_number="14"),
        "prefixed": person(next(bsns), "Bakker-van Dam", initials="C.", first_name="", street="Molenweg",
                           house_number="12"),
        "jansen": person(next(bsns), "Jansen", initials="P.", first_name="Piet", salutation=Salutation.HEER,
                         street="Dorpsstraat", house_number="120", consulent_id=actors.consulent.user_id),
        "annema": person(next(bsns), "Annema", initials="K.", first_name="Klaas", street="Annastraat",
                         house_number="7"),
    }
    return {name: create_resident(db, actors.consulent2, data) for name, data in rows.items()}


def found(db, actor, query: str, **options) -> set[str]:
    rows = search_residents(db, actor, query, **options)
    assert count_residents(db, actor, query, **options) == len(rows)
    return {r.display_name for r in rows}


NAMES = {"anna": "Pelgrom, A.M. (Anna)", "bert": "Pelgrom, B. (Bert)", "double": "Jansen-Pelgrom, J.A. (Annie)",
         "prefixed": "Bakker-van Dam, C.", "jansen": "Jansen, P. (Piet)", "annema": "Annema, K. (Klaas)"}


def names(*keys: str) -> set[str]:
    return {NAMES[k] for k in keys}


@pytest.mark.parametrize(("query", "expected"), [
    ("K0000001", ("anna",)),
    ("k0000001", ("anna",)),
    ("k1", ("anna",)),
    ("K 2", ("bert",)),
    ("K00000", ("anna", "bert", "double", "prefixed", "jansen", "annema")),
    ("K0000099", ()),
])
def test_search_by_client_number_full_short_or_prefix(db, actors, town, query, expected):
    assert found(db, actors.casusregisseur, query) == names(*expected)


@pytest.mark.parametrize(("query", "expected"), [
    ("Pelgrom", ("anna", "bert", "double")),  # the second part of 'Jansen-Pelgrom' as well
    ("pelg", ("anna", "bert", "double")),
    ("Jansen", ("double", "jansen")),
    ("Jansen-Pelgrom", ("double",)),
    ("Jansen Pelgrom", ("double",)),
    ("Dam", ("prefixed",)),  # the second part without its own prefix: 'van Dam'
    ("van Dam", ("prefixed",)),
])
def test_search_by_either_part_of_a_double_surname(db, actors, town, query, expected):
    assert found(db, actors.casusregisseur, query) == names(*expected)


@pytest.mark.parametrize(("query", "expected"), [
    ("Anna Pelgrom", ("anna",)),
    ("anna pelg", ("anna",)),
    ("Ann Pelgrom", ("anna", "double")),  # Annie Jansen-Pelgrom goes by a name starting with Ann too
    ("A. Pelgrom", ("anna", "double")),  # initials A.M., and first name Annie of J.A.
    ("A Pelgrom", ("anna", "double")),
    ("A.M. Pelgrom", ("anna",)),
    ("a.m. pelgrom", ("anna",)),
    ("B. Pelgrom", ("bert",)),
    ("Pelgrom, A", ("anna", "double")),
    ("Pelgrom, Bert", ("bert",)),
    ("Pelgrom, A.M.", ("anna",)),
    ("Pelgrom B", ("bert",)),
    ("Bert", ("bert",)),  # a first name alone
    ("Piet Pelgrom", ()),
])
def test_search_by_first_name_or_initial_with_the_surname(db, actors, town, query, expected):
    assert found(db, actors.casusregisseur, query) == names(*expected)


@pytest.mark.parametrize(("query", "expected"), [
    ("Dorpsstraat 12", ("anna",)),
    ("dorpsstraat 12a", ("anna",)),
    ("Dorpsstr. 12", ("anna",)),
    ("Dorpsstraat 120", ("jansen",)),
    ("Dorpsstraat", ("anna", "double", "jansen")),
    ("Dorpsstr", ("anna", "double", "jansen")),
    ("Molenweg 12", ("prefixed",)),
    ("Kerkstraat 4", ()),
    ("Anna", ("anna", "annema")),  # a first name, and a street: Klaas Annema lives on the Annastraat
])
def test_search_by_street_and_house_number(db, actors, town, query, expected):
    assert found(db, actors.casusregisseur, query) == names(*expected)


@pytest.mark.parametrize("query", ["7001", "7001 AB", "jans", "Pelgrom", ""])
def test_search_still_by_postcode_surname_and_bsn(db, actors, town, query):
    rows = search_residents(db, actors.casusregisseur, query)
    assert rows, query
    bsn = town["bert"].bsn
    assert [r.id for r in search_residents(db, actors.casusregisseur, bsn)] == [town["bert"].id]


BROAD = ["Pelgrom", "Jansen-Pelgrom", "Anna", "Dorpsstraat 12", "Dorpsstr", "K0000017", "k17", "7001 AB",
         "7001 AB 12", "1234", "7", "Çe", "B", ""]
NARROW = ["Anna Pelgrom", "A. Pelgrom", "A.M. van Dam", "Pelgrom, A", "Pelgrom Anna"]


@pytest.mark.parametrize("query", BROAD + NARROW)
@pytest.mark.parametrize("paged", [False, True])
def test_every_search_form_reads_one_index_in_its_order(db, actors, town, query, paged):
    """No form of search reads the whole table, and what one letter or digit can match is read in index order
    up to the page, never sorted whole: each arm is one index range, so a page costs the same at a million
    residents (SQLite's plan). A first name with a surname is two narrow ranges; their few matches may be
    sorted; only the order within one street and house number is finished by a sort."""
    arms = search_arms(query)
    assert arms
    for rank, arm in enumerate(arms):
        after = (rank, *([None] * (len(_ORDERS[arm.lead]) - 1)), 1) if paged else None
        if after is not None and arm.lead != "street":
            after = (rank, "x", 1)
        stmt = page_statement(arms, rank, 200, after=after, consulent_id=None)
        sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
        with db.engine.connect() as connection:
            plan = [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
        assert not [step for step in plan if step.startswith("SCAN") and "USING" not in step], (arm.lead, plan)
        if query in BROAD and arm.lead != "client":  # the exact client number: one row at most
            assert not [step for step in plan if "TEMP B-TREE FOR ORDER BY" in step], (arm.lead, plan)
        assert any("resident USING" in step for step in plan), plan


def test_the_count_goes_arm_by_arm_and_stops_at_its_cap(db, actors, town):
    """Counted along each arm's index, each resident once, never beyond the cap."""
    reader = actors.casusregisseur
    assert count_residents(db, reader, "Ann") == len(search_residents(db, reader, "Ann")) == 3
    assert count_residents(db, reader, "Ann", cap=2) == 2
    assert count_residents(db, reader, "") == 6 and count_residents(db, reader, "...") == 0


@pytest.mark.parametrize(("query", "expected"), [
    ("7001 AB 12", ("anna", "prefixed")),  # Molenweg 12 has the same postcode in this town
    ("7001AB12", ("anna", "prefixed")),
    ("7001 ab 14", ("double",)),
    ("7001 AB, 120", ("jansen",)),
    ("7001 AB 120a", ("jansen",)),
    ("7001 AB 99", ()),
    ("7002 AB 12", ()),
])
def test_search_by_postcode_and_house_number(db, actors, town, query, expected):
    assert found(db, actors.casusregisseur, query) == names(*expected)


def test_surname_matches_come_before_first_names_and_streets(db, actors, town):
    """'Anna': the surname Annema first, then the first name Anna (and Annie), then the Annastraat; each once."""
    rows = search_residents(db, actors.casusregisseur, "Ann")
    assert [r.display_name for r in rows] == [NAMES["annema"], NAMES["anna"], NAMES["double"]]
    assert [r.sort_key[0] for r in rows] == [0, 2, 2]  # arm 1 (second surname) has no 'ann...'


def test_paging_crosses_from_one_arm_to_the_next(db, actors, town):
    reader = actors.casusregisseur
    every = search_residents(db, reader, "Ann", limit=100)
    pages, after = [], None
    while True:
        page = search_residents(db, reader, "Ann", limit=1, after=after)
        if not page:
            break
        pages += page
        after = page[-1].sort_key
    assert [r.id for r in pages] == [r.id for r in every]


def test_rows_carry_first_name_and_vaste_consulent(db, actors, town):
    row = next(r for r in search_residents(db, actors.casusregisseur, "Jansen") if r.id == town["jansen"].id)
    assert row.first_name == "Piet" and row.consulent == "Carla Consulent"
    assert row.address == "Dorpsstraat 120" and row.postcode == "7001AB" and row.city == "Doetinchem"
    other = next(r for r in search_residents(db, actors.casusregisseur, "Annema"))
    assert other.consulent == "Kees Tweede"


def test_my_caseload_keeps_only_my_residents_and_pages(db, actors, town):
    me = actors.consulent
    assert found(db, me, "", consulent_id=me.user_id) == names("jansen")
    assert found(db, me, "Pelgrom", consulent_id=me.user_id) == set()
    assert found(db, me, "Jansen", consulent_id=me.user_id) == names("jansen")
    assert found(db, me, "Jansen", consulent_id=actors.consulent2.user_id) == names("double")
    assert len(found(db, me, "", consulent_id=actors.consulent2.user_id)) == 5


def test_paging_by_keyset_with_the_new_forms(db, actors, town):
    reader = actors.casusregisseur
    every = search_residents(db, reader, "Pelgrom", limit=100)
    first = search_residents(db, reader, "Pelgrom", limit=2)
    rest = search_residents(db, reader, "Pelgrom", limit=100, after=first[-1].sort_key)
    assert [r.id for r in first + rest] == [r.id for r in every] and len(every) == 3


def test_the_keys_are_computed_in_one_place_and_kept_on_change_and_undo(db, actors, town):
    def keys(resident_id: int) -> dict:
        with db.read() as s:
            r = s.get(Resident, resident_id)
            return {"search_name": r.search_name, "search_alt": r.search_alt, "search_first": r.search_first,
                    "search_street": r.search_street}

    double = town["double"]
    assert keys(double.id) == {"search_name": "jansenpelgrom", "search_alt": "pelgrom", "search_first": "annie",
                               "search_street": "dorpsstraat"}
    assert keys(town["prefixed"].id)["search_alt"] == "dam" and keys(town["prefixed"].id)["search_first"] is None
    update_resident(db, actors.consulent2, double.id, replace(
        input_from(double), surname="Jansen-de Wit", first_name="Ans", street="Kerkstraat"), double.version)
    assert keys(double.id) == resident_search_keys("Jansen-de Wit", "Ans", "Kerkstraat") == {
        "search_name": "jansendewit", "search_alt": "wit", "search_first": "ans", "search_street": "kerkstraat"}
    assert found(db, actors.casusregisseur, "Ans Wit") == {"Jansen-de Wit, J.A. (Ans)"}
    with db.read() as s:
        line = s.exec(select(AuditEntry.id).where(AuditEntry.action == "inwoner.wijzigen")
                      .order_by(AuditEntry.id.desc())).first()
    audit.undo(db, actors.casusregisseur, line, "Verkeerde inwoner gewijzigd")
    assert keys(double.id) == resident_search_keys("Jansen-Pelgrom", "Annie", "Dorpsstraat")


# ---------------------------------------------------------------- the form's rules in the core


def test_a_first_name_is_optional_and_checked(db, actors):
    bsns = iter_test_bsns()
    stored = create_resident(db, actors.consulent, person(next(bsns), "Pelgrom", first_name="  Anna  "))
    assert stored.first_name == "Anna"
    with pytest.raises(ValidationError) as info:
        create_resident(db, actors.consulent, person(next(bsns), "Pelgrom", first_name="Anna2"))
    assert info.value.field_errors.keys() == {"first_name"} and "voornaam" in info.value.problems[0]
    with pytest.raises(ValidationError) as info:
        create_resident(db, actors.consulent, person(next(bsns), "Pelgrom", first_name="A" * 41))
    assert "first_name" in info.value.field_errors


@pytest.mark.parametrize("salutation", [None, ""])
def test_an_unchosen_salutation_is_a_named_problem_with_the_others(db, actors, salutation):
    with pytest.raises(ValidationError) as info:
        create_resident(db, actors.consulent, person("123456789", "", salutation=salutation))
    errors = info.value.field_errors
    assert errors.keys() == {"salutation", "bsn", "surname"}
    assert errors["salutation"].startswith("Kies een aanhef")


def test_every_bad_field_is_named_at_once(db, actors):
    with pytest.raises(ValidationError) as info:
        create_resident(db, actors.consulent, person(
            "123456789", "Pel6rom", first_name="4nna", initials="1", date_of_birth=None, postcode="0123 AB",
            email="geen-adres", phone="x", salutation="mevr"))
    assert info.value.field_errors.keys() == {"bsn", "surname", "first_name", "initials", "date_of_birth",
                                              "postcode", "email", "phone", "salutation"}


@pytest.fixture
def registered(db, actors):
    return create_resident(db, actors.consulent, person("111222333", "Pelgrom", first_name="Anna",
                                                        consulent_id=actors.consulent.user_id))


@pytest.mark.parametrize("reason", [None, "", "   ", "ok"])
def test_a_bsn_change_without_a_reason_is_refused(db, actors, registered, reason):
    data = replace(input_from(registered), bsn="123456782")
    with pytest.raises(ValidationError) as info:
        update_resident(db, actors.consulent, registered.id, data, registered.version, bsn_reason=reason)
    assert info.value.field_errors.keys() == {"bsn"}
    assert "reden" in info.value.field_errors["bsn"] and "BSN" in info.value.field_errors["bsn"]
    with db.read() as s:
        assert s.get(Resident, registered.id).bsn == "111222333"


def test_a_bsn_change_with_a_reason_is_logged_without_the_number(db, actors, registered):
    data = replace(input_from(registered), bsn="123456782")
    update_resident(db, actors.consulent, registered.id, data, registered.version,
                    bsn_reason="Tikfout bij registratie;\nBRP zegt 123456782")
    with db.read() as s:
        assert s.get(Resident, registered.id).bsn == "123456782"
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "inwoner.wijzigen")).one()
    assert line.reason == "BSN gewijzigd: Tikfout bij registratie; BRP zegt ******782"
    assert "123456782" not in str(line.changes) and "111222333" not in str(line.changes)


def test_other_changes_and_a_first_bsn_need_no_reason(db, actors, registered):
    data = replace(input_from(registered), first_name="Ans")
    update_resident(db, actors.consulent, registered.id, data, registered.version)
    with db.read() as s:
        assert s.get(Resident, registered.id).first_name == "Ans"


def test_the_access_reason_and_the_bsn_reason_are_both_logged(db, actors, registered):
    other = actors.consulent2  # outside their caseload: an access reason as well
    data = replace(input_from(registered), bsn="123456782")
    update_resident(db, other, registered.id, data, registered.version, reason=REASON,
                    bsn_reason="Nummer volgens de BRP")
    with db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "inwoner.wijzigen")).one()
    assert REASON in line.reason and line.reason.endswith("BSN gewijzigd: Nummer volgens de BRP")


def test_the_duplicate_bsn_message_says_clientnummer(db, actors, registered):
    with pytest.raises(ValidationError) as info:
        create_resident(db, actors.consulent, person("111222333", "Anders"))
    assert "cliëntnummer K0000001" in info.value.field_errors["bsn"]


def test_a_keystroke_reads_the_first_page_and_its_count_in_one_go(db, actors, town):
    from desktop.core.residents.search import search_with_count

    reader = actors.casusregisseur
    rows, total = search_with_count(db, reader, "Pelgrom", limit=2, cap=10)
    assert [r.id for r in rows] == [r.id for r in search_residents(db, reader, "Pelgrom", limit=2)]
    assert total == count_residents(db, reader, "Pelgrom") == 3
    assert search_with_count(db, reader, "Pelgrom", limit=2, cap=2)[1] == 2  # counted no further than the cap
    rows, total = search_with_count(db, reader, "Pelgrom", limit=10)  # the whole answer fits the page
    assert total == len(rows) == 3
