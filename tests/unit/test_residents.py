"""desktop.core.residents: registering, changing and finding inwoners, and refusing bad input whole."""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from itertools import islice

import pytest
from sqlalchemy import text

from db import clock
from db.models import User
from db.models.enums import Role, Salutation
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.residents import names, register
from desktop.core.residents.bsn import test_bsns as iter_test_bsns  # renamed: pytest would collect it
from desktop.core.residents.register import ResidentInput, create_resident, get_resident, update_resident
from desktop.core.residents.search import count_residents, search_residents
from tests.conftest import FIXED_TODAY

REASON = "waarneming tijdens verlof van een collega"  # the test residents are outside `me`'s caseload


@pytest.fixture
def me(actors):
    """The consulent who registers, changes and finds residents in these tests."""
    return actors.consulent


@pytest.fixture
def reader(actors):
    """Reads a resident back: a casusregisseur sees every file without giving a reason."""
    return actors.casusregisseur


def valid_input(**overrides) -> ResidentInput:
    data = ResidentInput(bsn="111222333", initials="A.B.", surname="Çelik", date_of_birth=date(1961, 4, 12),
                         salutation=Salutation.MEVROUW, street="Dorpsstraat", house_number="12",
                         house_number_suffix="a", postcode="7001 AB", city="Doetinchem", phone="06 12345678",
                         email="a.celik@example.nl")
    return replace(data, **overrides)


def resident_rows(database) -> list[tuple]:
    with database.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM resident ORDER BY id"))]


def count_rows(database) -> int:
    return len(resident_rows(database))


def refused(database, actor, data: ResidentInput) -> ValidationError:
    """create_resident must refuse with a Dutch ValidationError and store nothing at all."""
    before = resident_rows(database)
    with pytest.raises(ValidationError) as info:
        create_resident(database, actor, data)
    assert resident_rows(database) == before
    error = info.value
    assert error.message == "De gegevens zijn niet opgeslagen. Herstel eerst:"
    assert error.problems, "the user must be told what to fix"
    assert set(error.field_errors) >= {error.field}
    return error


# ---------------------------------------------------------------- registering


def test_create_stores_cleaned_values(db, today, me, reader):
    resident = create_resident(db, me, valid_input(bsn="1112.22.333", initials="a.b", surname="C\u0327elik",
                                                   postcode="7001ab", city="  Doetinchem  ",
                                                   house_number=" 12 "))
    stored = get_resident(db, reader, resident.id)
    assert stored.bsn == "111222333"
    assert stored.surname == "Çelik" and unicodedata.is_normalized("NFC", stored.surname)
    assert stored.search_name == "celik"
    assert stored.initials == "A.B."
    assert stored.postcode == "7001AB"
    assert stored.city == "Doetinchem"
    assert stored.house_number == 12
    assert stored.house_number_suffix == "a"
    assert stored.salutation is Salutation.MEVROUW
    assert stored.client_number == "K0000001"
    assert stored.version == 1
    assert stored.created_at.tzinfo is not None


def test_client_numbers_count_up(db, today, me):
    first = create_resident(db, me, valid_input(bsn="111222333"))
    second = create_resident(db, me, valid_input(bsn="123456782", surname="Jansen"))
    assert (first.client_number, second.client_number) == ("K0000001", "K0000002")


def test_optional_fields_may_stay_empty(db, today, me, reader):
    resident = create_resident(db, me, ResidentInput(bsn="123456782", initials="J", surname="Vries",
                                                     prefix="de", date_of_birth=date(1990, 2, 28)))
    stored = get_resident(db, reader, resident.id)
    assert (stored.street, stored.postcode, stored.city, stored.phone, stored.email) == (None,) * 5
    assert stored.prefix == "de" and stored.search_name == "vries"
    assert stored.salutation is Salutation.NEUTRAAL
    assert names.full_name(stored) == "J. de Vries"


def test_born_today_is_accepted(db, today, me):
    create_resident(db, me, valid_input(date_of_birth=today))


# ---------------------------------------------------------------- refusing bad input


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"bsn": "123456789"}, "bsn", "elfproef"),
        ({"bsn": "12345678x"}, "bsn", "cijfers"),
        ({"bsn": ""}, "bsn", "Vul het BSN in"),
        ({"date_of_birth": FIXED_TODAY + timedelta(days=1)}, "date_of_birth", "toekomst"),
        ({"date_of_birth": date(1899, 12, 31)}, "date_of_birth", "1900"),
        ({"date_of_birth": None}, "date_of_birth", "Vul de geboortedatum in"),
        ({"surname": ""}, "surname", "Vul de achternaam in"),
        ({"surname": "   "}, "surname", "Vul de achternaam in"),
        ({"surname": "x" * 10_000}, "surname", "te lang"),
        ({"surname": "Jan\x00sen"}, "surname", "stuurtekens"),
        ({"surname": "Jan\u200bsen"}, "surname", "stuurtekens"),
        ({"surname": "\x1b[2JJansen"}, "surname", "stuurtekens"),
        ({"surname": "Jansen3"}, "surname", "alleen letters"),
        ({"surname": "<script>"}, "surname", "alleen letters"),
        ({"initials": ""}, "initials", "Vul de voorletters in"),
        ({"initials": "J.1"}, "initials", "letters"),
        ({"prefix": "v@n"}, "prefix", "alleen letters"),
        ({"postcode": "1234"}, "postcode", "vier cijfers en twee letters"),
        ({"postcode": "0123 AB"}, "postcode", "vier cijfers en twee letters"),
        ({"postcode": "1234 SS"}, "postcode", "vier cijfers en twee letters"),
        ({"postcode": "12345 AB"}, "postcode", "vier cijfers en twee letters"),
        ({"house_number": "12a"}, "house_number", "toevoeging"),
        ({"house_number": "0"}, "house_number", "huisnummer"),
        ({"house_number": -4}, "house_number", "huisnummer"),
        ({"email": "jan@"}, "email", "naam@voorbeeld.nl"),
        ({"email": "jan.example.nl"}, "email", "naam@voorbeeld.nl"),
        ({"email": "jan @example.nl"}, "email", "naam@voorbeeld.nl"),
        ({"phone": "bel me"}, "phone", "telefoonnummer"),
        ({"phone": "0612"}, "phone", "telefoonnummer"),
        ({"salutation": "meneer"}, "salutation", "aanhef"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(db, today, overrides, field, fragment, me):
    error = refused(db, me, valid_input(**overrides))
    assert field in error.field_errors, error.field_errors
    assert fragment in error.field_errors[field]
    assert fragment in str(error)


@pytest.mark.parametrize(
    ("address", "missing"),
    [
        ({"street": "Dorpsstraat", "house_number": "", "postcode": "", "city": ""}, "huisnummer"),
        ({"street": "", "house_number": "12", "postcode": "7001 AB", "city": "Doetinchem"}, "straat"),
        ({"street": "Dorpsstraat", "house_number": "12", "postcode": "7001 AB", "city": ""}, "woonplaats"),
    ],
)
def test_incomplete_address_is_refused(db, today, address, missing, me):
    error = refused(db, me, valid_input(**address))
    message = " ".join(error.field_errors.values())
    assert "onvolledig" in message and missing in message


def test_every_problem_is_reported_at_once(db, today, me):
    error = refused(db, me, valid_input(bsn="123456789", surname="", postcode="1234", email="jan@"))
    assert set(error.field_errors) == {"bsn", "surname", "postcode", "email"}
    assert len(error.problems) == 4


def test_duplicate_bsn_is_refused_with_the_client_number(db, today, me):
    first = create_resident(db, me, valid_input(bsn="111222333"))
    error = refused(db, me, valid_input(bsn="111 222 333", surname="Jansen"))
    assert "bsn" in error.field_errors
    assert first.client_number in error.field_errors["bsn"]
    assert count_rows(db) == 1


def test_unknown_consulent_is_refused(db, today, me):
    # Like every other refusal, it names its field in field_errors, which the form uses to mark the input.
    with pytest.raises(ValidationError) as info:
        create_resident(db, me, valid_input(consulent_id=424242))
    assert info.value.field == "consulent_id"
    assert "consulent" in info.value.message
    assert getattr(info.value, "field_errors", None) == {"consulent_id": info.value.message}
    assert count_rows(db) == 0


def test_known_consulent_is_stored(db, today, me, reader):
    from sqlmodel import Session

    with Session(db.engine) as session:
        user = User(username="jdevries", display_name="J. de Vries", role=Role.CONSULENT, created_at=clock.now())
        session.add(user)
        session.commit()
        user_id = user.id
    resident = create_resident(db, me, valid_input(consulent_id=user_id))
    assert get_resident(db, reader, resident.id).consulent_id == user_id


# ---------------------------------------------------------------- changing


def test_update_with_the_right_version_stores_and_bumps_it(db, today, me, reader):
    resident = create_resident(db, me, valid_input())
    changed = update_resident(db, me, resident.id, valid_input(surname="Çelik-Yılmaz", postcode="7002 cd"),
                              expected_version=1, reason=REASON)
    assert changed.version == 2
    stored = get_resident(db, reader, resident.id)
    assert (stored.surname, stored.search_name, stored.postcode, stored.version) == \
        ("Çelik-Yılmaz", "celikyilmaz", "7002CD", 2)
    assert stored.client_number == resident.client_number
    assert stored.updated_at is not None
    # Only a save that changes something bumps the version (see the unchanged-form test below).
    again = update_resident(db, me, resident.id, replace(register.input_from(stored), phone="06 87654321"),
                            expected_version=2, reason=REASON)
    assert again.version == 3


def test_saving_an_unchanged_form_stores_and_logs_nothing(db, today, me, reader):
    resident = create_resident(db, me, valid_input())
    before = resident_rows(db)
    unchanged = register.input_from(get_resident(db, reader, resident.id))
    same = update_resident(db, me, resident.id, unchanged, expected_version=1, reason=REASON)
    assert same.version == 1
    assert resident_rows(db) == before
    with db.engine.connect() as conn:
        changes = conn.execute(text("SELECT count(*) FROM audit_entry WHERE action = 'inwoner.wijzigen'"))
        assert changes.scalar() == 0


def test_update_with_a_stale_version_is_a_conflict_and_stores_nothing(db, today, me, reader):
    resident = create_resident(db, me, valid_input())
    update_resident(db, me, resident.id, valid_input(city="Zutphen"), expected_version=1, reason=REASON)
    before = resident_rows(db)
    with pytest.raises(ConflictError) as info:
        update_resident(db, me, resident.id, valid_input(city="Winterswijk"), expected_version=1,
                        reason=REASON)
    assert "Iemand anders" in info.value.message
    assert resident_rows(db) == before
    assert get_resident(db, reader, resident.id).city == "Zutphen"


def test_update_with_bad_input_stores_nothing(db, today, me):
    resident = create_resident(db, me, valid_input())
    before = resident_rows(db)
    with pytest.raises(ValidationError) as info:
        update_resident(db, me, resident.id, valid_input(postcode="0123 AB"), expected_version=1,
                        reason=REASON)
    assert "postcode" in info.value.field_errors
    assert resident_rows(db) == before


def test_update_to_another_residents_bsn_is_refused(db, today, me):
    first = create_resident(db, me, valid_input(bsn="111222333"))
    second = create_resident(db, me, valid_input(bsn="123456782", surname="Jansen"))
    before = resident_rows(db)
    with pytest.raises(ValidationError) as info:
        update_resident(db, me, second.id, valid_input(bsn="111222333", surname="Jansen"), expected_version=1,
                        reason=REASON)
    assert first.client_number in info.value.field_errors["bsn"]
    assert resident_rows(db) == before


def test_update_of_a_missing_resident(db, today, me, reader):
    with pytest.raises(NotFoundError):
        update_resident(db, me, 999, valid_input(), expected_version=1, reason=REASON)
    with pytest.raises(NotFoundError):
        get_resident(db, reader, 999)


# ---------------------------------------------------------------- finding


PEOPLE = [
    # surname, prefix, postcode
    ("Çelik", "", "7001AB"),
    ("Celikkaya", "", "7001AC"),
    ("Vries", "de", "7002CD"),
    ("Vries", "", "7411XY"),
    ("Vos", "", "1234AB"),
    ("Berg", "van den", "7001AB"),
    ("D'Angelo", "", "8011AA"),
    ("Dekker", "", "9711BB"),
    ("Öztürk", "", "7001XX"),
    ("Jansen", "", ""),
]


@pytest.fixture
def people(db, today, me) -> dict[str, object]:
    bsns = iter_test_bsns()
    made = {}
    for surname, prefix, postcode in PEOPLE:
        address = ({"street": "Dorpsstraat", "house_number": "1", "postcode": postcode, "city": "Doetinchem"}
                   if postcode else {"street": "", "house_number": "", "postcode": "", "city": ""})
        resident = create_resident(db, me, valid_input(bsn=next(bsns), surname=surname, prefix=prefix,
                                                       **address))
        made[f"{prefix} {surname}".strip()] = resident
    return made


def shown_names(rows) -> list[str]:
    return [r.display_name for r in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cel", {"Çelik, A.B.", "Celikkaya, A.B."}),
        ("ÇEL", {"Çelik, A.B.", "Celikkaya, A.B."}),
        ("celik", {"Çelik, A.B.", "Celikkaya, A.B."}),
        ("çelik", {"Çelik, A.B.", "Celikkaya, A.B."}),
        ("de vr", {"Vries, A.B. de", "Vries, A.B."}),
        ("vri", {"Vries, A.B. de", "Vries, A.B."}),
        ("van den berg", {"Berg, A.B. van den"}),
        ("d'ang", {"D'Angelo, A.B."}),
        ("dang", {"D'Angelo, A.B."}),
        ("oztu", {"Öztürk, A.B."}),
        ("zzz", set()),
        ("?!", set()),
    ],
)
def test_search_by_surname_prefix(db, people, query, expected, me):
    rows = search_residents(db, me, query)
    assert set(shown_names(rows)) == expected
    assert count_residents(db, me, query) == len(expected)


def test_search_by_bsn_prefix(db, people, me):
    resident = people["Dekker"]
    rows = search_residents(db, me, resident.bsn)
    assert [r.id for r in rows] == [resident.id]
    assert rows[0].bsn == resident.bsn
    dotted = f"{resident.bsn[:4]}.{resident.bsn[4:6]}.{resident.bsn[6:]}"
    assert [r.id for r in search_residents(db, me, dotted)] == [resident.id]
    prefix = resident.bsn[:7]
    expected = {r.id for r in people.values() if r.bsn.startswith(prefix)}
    assert {r.id for r in search_residents(db, me, prefix)} == expected and resident.id in expected


@pytest.mark.parametrize("query", ["7001 AB", "7001AB", "7001ab", "7001 ab"])
def test_search_by_postcode_with_and_without_space(db, people, query, me):
    assert set(shown_names(search_residents(db, me, query))) == {"Çelik, A.B.", "Berg, A.B. van den"}


def test_search_by_postcode_prefix(db, people, me):
    assert set(shown_names(search_residents(db, me, "7001"))) == {"Çelik, A.B.", "Celikkaya, A.B.",
                                                             "Berg, A.B. van den", "Öztürk, A.B."}
    assert set(shown_names(search_residents(db, me, "7001 A"))) == {"Çelik, A.B.", "Celikkaya, A.B.",
                                                               "Berg, A.B. van den"}
    assert count_residents(db, me, "7001") == 4


def test_empty_query_lists_everyone_in_list_order(db, people, me):
    rows = search_residents(db, me, "")
    assert len(rows) == len(PEOPLE) == count_residents(db, me)
    assert [r.sort_key for r in rows] == sorted(r.sort_key for r in rows)
    assert rows[0].display_name == "Berg, A.B. van den"


def test_rows_carry_what_the_list_shows(db, people, me):
    row = next(r for r in search_residents(db, me, "cel") if r.display_name.startswith("Çelik"))
    assert row.client_number == people["Çelik"].client_number
    assert row.address == "Dorpsstraat 1a"
    assert (row.postcode, row.city) == ("7001AB", "Doetinchem")
    assert row.date_of_birth == date(1961, 4, 12)


def test_paging_with_after_has_no_gaps_or_duplicates(db, today, me):
    bsns = iter_test_bsns()
    surnames = ["Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters"]
    for i in range(37):
        create_resident(db, me, valid_input(bsn=next(bsns), surname=surnames[i % len(surnames)].split()[-1],
                                            initials="ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26]))
    everyone = search_residents(db, me, "", limit=1000)
    assert len(everyone) == 37

    pages, after = [], None
    while True:
        page = search_residents(db, me, "", limit=5, after=after)
        if not page:
            break
        assert len(page) <= 5
        pages.append(page)
        after = page[-1].sort_key
    flat = [r.id for page in pages for r in page]
    assert flat == [r.id for r in everyone]
    assert len(set(flat)) == 37
    assert len(pages) == 8  # 7 full pages and one of 2

    # Paging within a search result works the same way.
    jansens = search_residents(db, me, "jans", limit=2)
    rest = search_residents(db, me, "jans", limit=100, after=jansens[-1].sort_key)
    assert [r.id for r in jansens + rest] == [r.id for r in search_residents(db, me, "jans", limit=100)]
    assert count_residents(db, me, "jans") == 4


def test_count_residents_is_capped(db, people, me):
    assert count_residents(db, me, "", cap=3) == 3
    assert count_residents(db, me, "") == len(PEOPLE)


def test_limit_is_respected(db, people, me):
    assert len(search_residents(db, me, "", limit=3)) == 3


# ---------------------------------------------------------------- two consulenten at once


def test_two_registrations_at_the_same_moment_both_succeed(any_db, any_actors, today, monkeypatch):
    """Both read the highest client number before either writes: the second must not collide."""
    arrived = threading.Barrier(2)
    original = register.next_client_number

    def slow_next_client_number(session):
        number = original(session)
        try:
            arrived.wait(timeout=0.5)  # SQLite's BEGIN IMMEDIATE lets only one through: the wait times out
        except threading.BrokenBarrierError:
            pass
        return number

    monkeypatch.setattr(register, "next_client_number", slow_next_client_number)
    results: dict[str, object] = {}

    def register_one(bsn: str, surname: str) -> None:
        try:
            results[bsn] = create_resident(any_db, any_actors.consulent,
                                           valid_input(bsn=bsn, surname=surname))
        except Exception as exc:  # noqa: BLE001 - reported below
            results[bsn] = exc

    threads = [threading.Thread(target=register_one, args=args) for args in (("111222333", "Jansen"),
                                                                          ("123456782", "Pietersen"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    errors = [r for r in results.values() if isinstance(r, Exception)]
    assert not errors, errors
    assert sorted(r.client_number for r in results.values()) == ["K0000001", "K0000002"]


def test_test_bsn_generator_feeds_enough_numbers():
    assert len(list(islice(iter_test_bsns(), 50))) == 50
