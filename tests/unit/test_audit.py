"""The access log: append-only in the database, what a change records, filters, CSV export and undo."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.models import Resident
from db.models.enums import Salutation
from desktop.core.access import audit
from desktop.core.access.audit import CSV_HEADER, AuditFilter, PermissionDenied
from desktop.core.errors import KoersError, NotFoundError, ValidationError
from desktop.core.residents import register
from desktop.core.residents.register import ResidentInput

BSN, NEW_BSN = "111222333", "123456782"
REASON = "per ongeluk bij de verkeerde inwoner ingevuld"


def audit_rows(database) -> list[dict]:
    with database.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM audit_entry ORDER BY id"))]


def new_resident(database, actor, **overrides):
    values = dict(bsn=BSN, initials="J.", surname="Jansen", date_of_birth=date(1958, 6, 1),
                  consulent_id=actor.user_id)
    values.update(overrides)
    return register.create_resident(database, actor, ResidentInput(**values))


def change(database, actor, resident_id: int, *, bsn_reason: str | None = None, **fields):
    """Changes some fields of a resident through the service; returns (resident, id of its log line)."""
    with database.read() as s:
        current = s.get(Resident, resident_id)
    data = register.input_from(current)
    for key, value in fields.items():
        setattr(data, key, value)
    updated = register.update_resident(database, actor, resident_id, data, current.version, bsn_reason=bsn_reason)
    line = [r for r in audit_rows(database) if r["action"] == "inwoner.wijzigen"][-1]
    return updated, line["id"]


def stored(database, resident_id: int):
    with database.read() as s:
        return s.get(Resident, resident_id)


# ---------------------------------------------------------------- append-only


def test_the_log_refuses_update_and_delete_on_every_backend(any_db, any_actors):
    with any_db.write() as s:
        audit.record(s, any_actors.consulent, "inwoner.zoeken", changes={"zoekterm": [None, "jans"]})
    before = audit_rows(any_db)
    statements = ["UPDATE audit_entry SET outcome = 'geweigerd'", "UPDATE audit_entry SET changes = NULL",
                  "DELETE FROM audit_entry"]
    if any_db.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_entry")
    for sql in statements:
        with pytest.raises(DBAPIError) as info:
            with any_db.engine.begin() as conn:
                conn.execute(text(sql))
        assert "koers:auditlog" in str(info.value), sql
    assert audit_rows(any_db) == before


def test_the_orm_cannot_change_a_line_either(db, actors):
    from db.models import AuditEntry

    with db.write() as s:
        entry = audit.record(s, actors.consulent, "inwoner.zoeken")
    before = audit_rows(db)
    with pytest.raises(DBAPIError):
        with db.write() as s:
            s.get(AuditEntry, entry.id).outcome = "geweigerd"
    with pytest.raises(DBAPIError):
        with db.write() as s:
            s.delete(s.get(AuditEntry, entry.id))
    assert audit_rows(db) == before


# ---------------------------------------------------------------- what a change records


def test_a_change_records_old_and_new_values_with_the_bsn_masked(any_db, any_actors, today):
    me = any_actors.consulent
    resident = new_resident(any_db, me)
    created = audit_rows(any_db)[-1]
    assert (created["action"], created["resident_id"], created["client_number"], created["record_type"]) == \
        ("inwoner.registreren", resident.id, "K0000001", "inwoner")
    assert json.loads(created["changes"])["bsn"] == [None, "******333"]

    _, line_id = change(any_db, me, resident.id, bsn=NEW_BSN, surname="Jansen-de Wit", postcode="7001 ab",
                        street="Markt", house_number="4", city="Doetinchem",
                        bsn_reason="Tikfout bij registratie, volgens BRP 111222333 niet juist")
    line = next(r for r in audit_rows(any_db) if r["id"] == line_id)
    assert line["reason"] == "BSN gewijzigd: Tikfout bij registratie, volgens BRP ******333 niet juist"
    assert (line["username"], line["role"], line["workstation"], line["resident_id"], line["client_number"],
            line["record_id"], line["outcome"]) == \
        (me.username, "consulent", "testwerkplek", resident.id, "K0000001", resident.id, "ok")
    assert json.loads(line["changes"]) == {
        "bsn": ["******333", "******782"], "surname": ["Jansen", "Jansen-de Wit"], "postcode": [None, "7001AB"],
        "street": [None, "Markt"], "house_number": [None, 4], "city": [None, "Doetinchem"]}
    dump = json.dumps(audit_rows(any_db), default=str)
    assert BSN not in dump and NEW_BSN not in dump


def test_a_search_for_a_bsn_is_logged_masked(db, actors):
    audit.search_record(db, actors.medewerker, "1112.22.333", 1)
    audit.search_record(db, actors.medewerker, "jansen", 3)
    first, second = (json.loads(r["changes"]) for r in audit_rows(db)[-2:])
    assert first == {"zoekterm": [None, "******333"], "getoond": [None, 1]}
    assert second == {"zoekterm": [None, "jansen"], "getoond": [None, 3]}
    assert audit_rows(db)[-1]["action"] == "inwoner.zoeken"


@pytest.mark.parametrize("query", ["111-222-333", "bsn 111222333"])
def test_a_bsn_inside_other_search_text_is_masked_too(db, actors, query):
    """Issue 3: a BSN is never written in full, not even in the log; separators or a word around it
    must not let it through."""
    audit.search_record(db, actors.medewerker, query, 0)
    logged = json.loads(audit_rows(db)[-1]["changes"])["zoekterm"][1]
    assert "111222333" not in logged.replace("-", "").replace(".", "").replace(" ", "")
    assert logged.endswith("333")


def test_describe_changes_reads_in_dutch():
    assert audit.describe_changes({"surname": ["Jansen", "Pietersen"], "postcode": [None, "7001AB"]}) == \
        "Achternaam: Jansen → Pietersen; Postcode: 7001AB"
    assert audit.action_label("inwoner.wijzigen") == "Persoonsgegevens gewijzigd"
    assert audit.action_label("aanmelden") == "Aangemeld"


# ---------------------------------------------------------------- filters


def raw(database, username: str, at: datetime, client_number: str | None = None) -> int:
    with database.write() as s:
        entry = audit.record_raw(s, at=at, username=username, role="consulent", workstation="pc",
                                 action="inwoner.inzien", client_number=client_number)
        s.flush()
        return entry.id


@pytest.fixture
def timeline(any_db):
    """Lines around Amsterdam midnights, in winter (UTC+1) and in summer (UTC+2)."""
    at = {
        "19 nov 23:59:59": datetime(2026, 11, 19, 22, 59, 59, tzinfo=UTC),
        "20 nov 00:00": datetime(2026, 11, 19, 23, 0, tzinfo=UTC),
        "20 nov 23:59:59": datetime(2026, 11, 20, 22, 59, 59, tzinfo=UTC),
        "21 nov 00:00": datetime(2026, 11, 20, 23, 0, tzinfo=UTC),
        "30 jun 23:59": datetime(2026, 6, 30, 21, 59, tzinfo=UTC),
        "1 jul 00:00": datetime(2026, 6, 30, 22, 0, tzinfo=UTC),
        "1 jul 23:59": datetime(2026, 7, 1, 21, 59, tzinfo=UTC),
        "2 jul 00:00": datetime(2026, 7, 1, 22, 0, tzinfo=UTC),
    }
    ids = {name: raw(any_db, "tijd", moment, "K0000007" if " ju" in name else None) for name, moment in at.items()}
    return any_db, ids


def found(database, actor, **kwargs) -> set[int]:
    return {r.id for r in audit.list_entries(database, actor, AuditFilter(username="tijd", **kwargs))}


def test_the_date_filter_uses_amsterdam_days(timeline, any_actors):
    database, ids = timeline
    reader = any_actors.casusregisseur
    day = date(2026, 11, 20)
    assert found(database, reader, date_from=day, date_to=day) == {ids["20 nov 00:00"], ids["20 nov 23:59:59"]}
    assert found(database, reader, date_to=date(2026, 11, 19)) == \
        {ids["19 nov 23:59:59"], ids["30 jun 23:59"], ids["1 jul 00:00"], ids["1 jul 23:59"], ids["2 jul 00:00"]}
    assert found(database, reader, date_from=date(2026, 11, 21)) == {ids["21 nov 00:00"]}
    summer = date(2026, 7, 1)
    assert found(database, reader, date_from=summer, date_to=summer) == {ids["1 jul 00:00"], ids["1 jul 23:59"]}
    with pytest.raises(ValidationError) as info:
        found(database, reader, date_from=day, date_to=date(2026, 11, 19))
    assert "einddatum" in info.value.message


def test_filter_by_user_and_client_number(timeline, any_actors):
    database, ids = timeline
    reader = any_actors.beheerder
    july = {ids[k] for k in ("30 jun 23:59", "1 jul 00:00", "1 jul 23:59", "2 jul 00:00")}
    assert found(database, reader, client_number=" k0000007 ") == july
    assert {r.id for r in audit.list_entries(database, reader, AuditFilter(username=" TIJD "))} == set(ids.values())
    assert audit.list_entries(database, reader, AuditFilter(username="iemand-anders")) == []


def test_paging_with_before_id_is_newest_first_without_gaps(timeline, any_actors):
    database, ids = timeline
    reader = any_actors.casusregisseur
    pages, before = [], None
    while page := audit.list_entries(database, reader, AuditFilter(username="tijd"), limit=3, before_id=before):
        pages.append([r.id for r in page])
        before = page[-1].id
    assert [len(p) for p in pages] == [3, 3, 2]
    flat = [i for p in pages for i in p]
    assert flat == sorted(ids.values(), reverse=True)


# ---------------------------------------------------------------- export


def read_csv(path):
    raw_bytes = path.read_bytes()
    assert raw_bytes.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(raw_bytes.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_export_writes_semicolon_csv_with_bom_and_logs_itself(db, actors, today, tmp_path):
    me, reader = actors.consulent, actors.casusregisseur
    resident = new_resident(db, me, surname="Çelik")
    change(db, me, resident.id, surname="Çelik-Öztürk")
    raw(db, "tijd", datetime(2026, 11, 19, 23, 30, tzinfo=UTC))
    lines_before = audit_rows(db)
    target = tmp_path / "toegangslog.csv"

    count = audit.export_csv(db, reader, AuditFilter(), target)
    rows = read_csv(target)
    assert rows[0] == CSV_HEADER
    assert count == len(rows) - 1 == len(lines_before)
    assert [int(r[0]) for r in rows[1:]] == [r["id"] for r in lines_before]
    changed = next(r for r in rows[1:] if r[6] == "inwoner.wijzigen")
    assert changed[5] == "Persoonsgegevens gewijzigd" and changed[7] == "K0000001"
    assert changed[11] == "Achternaam: Çelik → Çelik-Öztürk"
    timed = next(r for r in rows[1:] if r[2] == "tijd")
    assert timed[1] == "20-11-2026 00:30:00", "times are Amsterdam time"
    assert not list(tmp_path.glob("*.deel"))

    export_line = audit_rows(db)[-1]
    assert (export_line["action"], export_line["username"], export_line["outcome"]) == \
        ("toegangslog.exporteren", reader.username, "ok")
    assert json.loads(export_line["changes"])["regels"] == [None, count]


def test_export_of_one_resident_only(db, actors, today, tmp_path):
    me = actors.consulent
    first = new_resident(db, me)
    new_resident(db, me, bsn=NEW_BSN, surname="Pietersen")
    change(db, me, first.id, surname="Jansen-Smit")
    target = tmp_path / "een.csv"
    count = audit.export_csv(db, actors.beheerder, AuditFilter(client_number="K0000001"), target)
    rows = read_csv(target)[1:]
    assert count == len(rows) == 2
    assert {r[7] for r in rows} == {"K0000001"}
    assert json.loads(audit_rows(db)[-1]["changes"])["filter"] == [None, {"client_number": "K0000001"}]


def test_export_to_a_missing_folder_is_refused_and_writes_nothing(db, actors, tmp_path):
    lines = audit_rows(db)
    target = tmp_path / "bestaat-niet" / "log.csv"
    with pytest.raises(ValidationError) as info:
        audit.export_csv(db, actors.casusregisseur, AuditFilter(), target)
    assert "bestaat niet" in info.value.message and str(target.parent) in info.value.message
    assert not target.parent.exists()
    assert audit_rows(db) == lines


def test_export_into_a_folder_that_is_not_writable_is_refused_and_leaves_nothing(db, actors, tmp_path):
    from tests.unit.test_database_open import read_only

    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    lines = audit_rows(db)
    with read_only(folder):
        with pytest.raises(KoersError) as info:
            audit.export_csv(db, actors.casusregisseur, AuditFilter(), folder / "log.csv")
        assert "kan niet worden geschreven" in info.value.message
        assert list(folder.iterdir()) == []
    assert audit_rows(db) == lines


def test_export_cells_cannot_start_a_spreadsheet_formula(db, actors, today, tmp_path):
    """The export is made for Excel. A reason is free text typed by any consulent; a cell that starts
    with = + - or @ is run as a formula when the privacy officer opens the file (CSV injection)."""
    resident = new_resident(db, actors.consulent2, consulent_id=actors.consulent2.user_id)
    register.get_resident(db, actors.consulent, resident.id, reason='=HYPERLINK("http://example.org/x";"details")')
    target = tmp_path / "log.csv"
    audit.export_csv(db, actors.casusregisseur, AuditFilter(), target)
    cells = [cell for row in read_csv(target)[1:] for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_a_cancelled_export_leaves_no_file(db, actors, tmp_path):
    with db.write() as s:
        for _ in range(1001):
            audit.record_raw(s, username="veel", role="consulent", workstation="pc", action="inwoner.zoeken")
    folder = tmp_path / "export"
    folder.mkdir()
    with pytest.raises(KoersError) as info:
        audit.export_csv(db, actors.casusregisseur, AuditFilter(), folder / "log.csv",
                         progress=lambda done, total: False)
    assert "afgebroken" in info.value.message
    assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- undo


def test_a_casusregisseur_undoes_a_surname_change(any_db, any_actors, today):
    me, regie = any_actors.consulent, any_actors.casusregisseur
    resident = new_resident(any_db, me, surname="Jansen")
    changed, line_id = change(any_db, me, resident.id, surname="van Dijk")
    assert changed.search_name == "vandijk"
    row = next(r for r in audit.list_entries(any_db, regie, AuditFilter(record_type="inwoner",
                                                                          record_id=resident.id))
               if r.id == line_id)
    assert row.undoable

    undone = audit.undo(any_db, regie, line_id, f"  {REASON}  ")
    after = stored(any_db, resident.id)
    assert (after.surname, after.search_name) == ("Jansen", "jansen")
    assert after.version == changed.version + 1
    assert (undone.action, undone.username, undone.role, undone.undoes_id, undone.reason, undone.changes,
            undone.client_number, undone.record_id) == \
        ("wijziging.terugdraaien", regie.username, "casusregisseur", line_id, REASON,
         {"surname": ["van Dijk", "Jansen"]}, "K0000001", resident.id)
    last = audit_rows(any_db)[-1]
    assert (last["id"], last["undoes_id"], last["resident_id"]) == (undone.id, line_id, resident.id)
    assert [r.id for r in audit.history(any_db, regie, "inwoner", resident.id)][:2] == [undone.id, line_id]

    # Undoing the same change again is refused; nothing moves.
    lines = audit_rows(any_db)
    with pytest.raises(KoersError) as info:
        audit.undo(any_db, regie, line_id, REASON)
    assert "al teruggedraaid" in info.value.message
    assert audit_rows(any_db) == lines
    assert stored(any_db, resident.id).version == after.version


def test_undo_puts_back_dates_enums_and_numbers_with_their_types(db, actors, today):
    me = actors.consulent
    resident = new_resident(db, me, salutation=Salutation.MEVROUW, street="Markt", house_number="4",
                            postcode="7001AB", city="Doetinchem")
    _, line_id = change(db, me, resident.id, date_of_birth=date(1959, 7, 2), salutation=Salutation.HEER,
                        house_number="12", house_number_suffix="b")
    audit.undo(db, actors.casusregisseur, line_id, REASON)
    after = stored(db, resident.id)
    assert after.date_of_birth == date(1958, 6, 1)
    assert after.salutation is Salutation.MEVROUW
    assert (after.house_number, after.house_number_suffix) == (4, None)
    register.update_resident(db, me, resident.id, register.input_from(after), after.version)  # still editable


def test_undo_is_refused_when_the_field_changed_since(db, actors, today):
    me = actors.consulent
    resident = new_resident(db, me, surname="Jansen")
    _, first = change(db, me, resident.id, surname="Pietersen", phone="06 12345678")
    change(db, me, resident.id, surname="Klaassen")
    lines, before = audit_rows(db), stored(db, resident.id)
    with pytest.raises(KoersError) as info:
        audit.undo(db, actors.casusregisseur, first, REASON)
    assert "achternaam" in info.value.message and "telefoon" not in info.value.message
    assert audit_rows(db) == lines
    assert (stored(db, resident.id).surname, stored(db, resident.id).version) == ("Klaassen", before.version)


@pytest.mark.parametrize("fields", [{"bsn": NEW_BSN}, {"bsn": NEW_BSN, "surname": "Pietersen"}],
                         ids=["bsn", "bsn-and-surname"])
def test_undo_of_a_bsn_change_is_refused(db, actors, today, fields):
    me = actors.consulent
    resident = new_resident(db, me)
    _, line_id = change(db, me, resident.id, bsn_reason="Tikfout bij registratie", **fields)
    lines = audit_rows(db)
    with pytest.raises(KoersError) as info:
        audit.undo(db, actors.casusregisseur, line_id, REASON)
    assert "BSN" in info.value.message
    assert stored(db, resident.id).bsn == NEW_BSN
    assert audit_rows(db) == lines


@pytest.mark.parametrize("role", ["consulent", "medewerker", "beheerder"])
def test_only_a_casusregisseur_may_undo(db, actors, today, role):
    me = actors.consulent
    resident = new_resident(db, me)
    _, line_id = change(db, me, resident.id, surname="Pietersen")
    with pytest.raises(PermissionDenied) as info:
        audit.undo(db, actors.by_role(role), line_id, REASON)
    assert f"Uw rol ({role})" in info.value.message
    assert stored(db, resident.id).surname == "Pietersen"
    assert audit_rows(db)[-1]["outcome"] == "geweigerd"


def test_undo_needs_a_reason_and_an_undoable_line(db, actors, today):
    me, regie = actors.consulent, actors.casusregisseur
    resident = new_resident(db, me)
    _, line_id = change(db, me, resident.id, surname="Pietersen")
    with pytest.raises(ValidationError) as info:
        audit.undo(db, regie, line_id, "   ")
    assert "reden" in info.value.message
    with pytest.raises(NotFoundError):
        audit.undo(db, regie, 999_999, REASON)
    register.get_resident(db, regie, resident.id)
    view_line = audit_rows(db)[-1]["id"]
    with pytest.raises(KoersError) as info:
        audit.undo(db, regie, view_line, REASON)
    assert "geen wijziging die Koers kan terugdraaien" in info.value.message
    assert stored(db, resident.id).surname == "Pietersen"
