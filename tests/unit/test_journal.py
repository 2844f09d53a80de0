"""The contact journal (issue 21 point 2): entries that are never edited silently, corrections that keep the
original with a reason, follow-ups in the werkvoorraad, and no journal content for a medewerker or a controller."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from db.models import AuditEntry, Casus, JournalEntry, Resident
from db.models.enums import JournalKind, Law
from desktop.core.access.audit import PermissionDenied
from desktop.core.deadlines import dashboard, queries
from desktop.core.deadlines.kinds import DeadlineKind
from desktop.core.errors import ConflictError, KoersError, ValidationError
from desktop.core.residents import journal
from desktop.core.residents.journal import JournalInput

SECRET = "Mevrouw vertelde over haar schulden bij de woningcorporatie"


def _case(db, consulent_id: int | None, number: str = "K0000001", *, closed: date | None = None) -> tuple[int, int]:
    """A resident with one open Wmo casus of this consulent: (resident id, casus id)."""
    with db.write() as s:
        r = Resident(client_number=number, initials="M.", surname="Jansen", search_name="jansen",
                     date_of_birth=date(1950, 3, 4), consulent_id=consulent_id)
        s.add(r)
        s.flush()
        c = Casus(resident_id=r.id, law=Law.WMO, melding_date=date(2025, 11, 1), consulent_id=consulent_id,
                  closed_date=closed)
        s.add(c)
        s.flush()
        return r.id, c.id


def _input(today: date, **changes) -> JournalInput:
    values = dict(kind=JournalKind.HUISBEZOEK, contact_date=today - timedelta(days=2), with_whom="Mevrouw en haar zoon",
                  summary=SECRET, agreements="Zoon belt de bewindvoerder", follow_up_date=today + timedelta(days=3))
    values.update(changes)
    return JournalInput(**values)


def _entries(db) -> list[JournalEntry]:
    with db.read() as s:
        return list(s.exec(select(JournalEntry).order_by(JournalEntry.id)))


def _log(db, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# ---------------------------------------------------------------- recording and reading


def test_an_entry_is_recorded_and_read_back_newest_first(any_db, any_actors, today):
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    first = journal.add_entry(any_db, a.consulent, cid, _input(today, contact_date=today - timedelta(days=10),
                                                                follow_up_date=None, kind=JournalKind.TELEFOON))
    second = journal.add_entry(any_db, a.consulent, cid, _input(today))
    assert first.author_id == a.consulent.user_id and second.summary == SECRET
    rows = journal.list_entries(any_db, a.consulent, resident_id=rid)
    assert [r.id for r in rows] == [second.id, first.id]
    top = rows[0]
    assert (top.kind_label, top.with_whom, top.agreements, top.author) == (
        "Huisbezoek", "Mevrouw en haar zoon", "Zoon belt de bewindvoerder", "Carla Consulent")
    assert top.follow_up_open and not top.corrected and not top.is_correction
    assert rows[1].kind_label == "Telefoongesprek" and rows[1].follow_up_date is None
    assert [r.id for r in journal.list_entries(any_db, a.casusregisseur, casus_id=cid)] == [second.id, first.id]


def test_text_is_cleaned_and_an_empty_optional_field_is_stored_as_nothing(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today, with_whom="  ", agreements="",
                                                                summary="  Gesprek\r\nover de week  "))
    assert (entry.with_whom, entry.agreements, entry.summary) == (None, None, "Gesprek\nover de week")


def test_every_problem_is_named_at_once_in_dutch_and_nothing_is_stored(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    with pytest.raises(ValidationError) as refused:
        journal.add_entry(any_db, a.consulent, cid, _input(
            today, kind="koffie", summary="   ", contact_date=today + timedelta(days=1),
            follow_up_date=today, with_whom="x" * 201, agreements="y" * 10_001))
    errors = refused.value.field_errors
    assert set(errors) == {"kind", "summary", "contact_date", "follow_up_date", "with_whom", "agreements"}
    assert errors["summary"] == "Vul de samenvatting in: waar het contact over ging."
    assert "ligt in de toekomst" in errors["contact_date"] and "opvolgdatum" in errors["contact_date"]
    assert "ligt vóór de datum van het contact" in errors["follow_up_date"]
    assert errors["with_whom"] == "Met wie is te lang: 201 tekens, maximaal 200."
    assert errors["agreements"] == "De afspraken is te lang: 10.001 tekens, maximaal 10.000."
    assert errors["kind"].startswith("Kies de soort contact")
    assert refused.value.message == "Het contact is niet vastgelegd. Herstel eerst:"
    with pytest.raises(ValidationError, match="Vul de datum van het contact in"):
        journal.add_entry(any_db, a.consulent, cid, _input(today, contact_date=None))
    with pytest.raises(ValidationError, match="De samenvatting is te lang: 10.001 tekens"):
        journal.add_entry(any_db, a.consulent, cid, _input(today, summary="z" * 10_001))
    assert _entries(any_db) == [] and _log(any_db, "journaal.vastleggen") == []


def test_today_and_a_follow_up_on_the_contact_day_are_accepted(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today, contact_date=today, follow_up_date=today))
    assert entry.contact_date == entry.follow_up_date == today


# ---------------------------------------------------------------- corrections


def test_a_correction_keeps_the_original_with_the_reason(any_db, any_actors, today):
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    original = journal.add_entry(any_db, a.consulent, cid, _input(today))
    fixed = journal.correct_entry(any_db, a.casusregisseur, original.id,
                                  _input(today, with_whom="Mevrouw en haar dochter"), "Het was de dochter, niet de zoon")
    assert (fixed.corrects_id, fixed.casus_id, fixed.author_id) == (original.id, cid, a.casusregisseur.user_id)
    rows = {r.id: r for r in journal.list_entries(any_db, a.consulent, resident_id=rid)}
    old, new = rows[original.id], rows[fixed.id]
    assert old.corrected and old.corrected_by_id == fixed.id and old.with_whom == "Mevrouw en haar zoon"
    assert old.summary == SECRET and not old.follow_up_open
    assert new.is_correction and new.correction_reason == "Het was de dochter, niet de zoon"
    assert new.author == "Rita Regisseur" and new.follow_up_open
    assert list(rows) == [fixed.id, original.id], "the correction stands above what it corrects"


def test_a_correction_needs_a_reason_and_a_change(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    original = journal.add_entry(any_db, a.consulent, cid, _input(today))
    with pytest.raises(ValidationError) as refused:
        journal.correct_entry(any_db, a.consulent, original.id, _input(today, summary=""), "  ")
    assert refused.value.field_errors == {
        "summary": "Vul de samenvatting in: waar het contact over ging.",
        "correction_reason": "Vul de reden van de correctie in: wat klopte er niet aan het oorspronkelijke contact?"}
    with pytest.raises(ValidationError, match="De reden van de correctie is te lang: 501 tekens, maximaal 500"):
        journal.correct_entry(any_db, a.consulent, original.id, _input(today, summary="Anders"), "r" * 501)
    with pytest.raises(ValidationError, match="gelijk aan het contact dat u corrigeert"):
        journal.correct_entry(any_db, a.consulent, original.id, _input(today), "Toch niets veranderd")
    assert len(_entries(any_db)) == 1 and _log(any_db, "journaal.corrigeren") == []


def test_only_the_latest_version_is_corrected_so_corrections_chain(any_db, any_actors, today):
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    first = journal.add_entry(any_db, a.consulent, cid, _input(today))
    second = journal.correct_entry(any_db, a.consulent, first.id, _input(today, summary="Tweede lezing"), "Typfout")
    with pytest.raises(ConflictError, match="Dit contact is al gecorrigeerd door Carla Consulent .*Corrigeer de "
                                            "nieuwste versie"):
        journal.correct_entry(any_db, a.consulent, first.id, _input(today, summary="Derde lezing"), "Nog een")
    third = journal.correct_entry(any_db, a.consulent, second.id, _input(today, summary="Derde lezing"),
                                  "Datum van de afspraak verkeerd")
    rows = journal.list_entries(any_db, a.consulent, resident_id=rid)
    chain = {r.id: (r.corrects_id, r.corrected_by_id) for r in rows}
    assert chain == {first.id: (None, second.id), second.id: (first.id, third.id), third.id: (second.id, None)}
    assert [r.id for r in rows] == [third.id, second.id, first.id]


def test_the_database_refuses_to_rewrite_the_words_and_the_core_says_so_in_dutch(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today))
    with pytest.raises(sa.exc.DBAPIError, match="koers:journaal"), any_db.write() as s:
        s.execute(sa.text("UPDATE journal_entry SET summary = 'Iets anders' WHERE id = :id"), {"id": entry.id})
    with pytest.raises(sa.exc.DBAPIError, match="koers:journaal"), any_db.write() as s:
        s.execute(sa.text("UPDATE journal_entry SET contact_date = :d WHERE id = :id"),
                  {"d": today - timedelta(days=30), "id": entry.id})
    assert _entries(any_db)[0].summary == SECRET
    with any_db.write() as s:  # the follow-up may change: that is what marking it done does
        s.execute(sa.text("UPDATE journal_entry SET follow_up_date = :d WHERE id = :id"),
                  {"d": today + timedelta(days=9), "id": entry.id})
    with pytest.raises(KoersError, match="Wat in het journaal is vastgelegd, verandert niet") as refused:
        with any_db.write() as s:  # a service that went wrong gets Dutch words, not a traceback
            s.get(JournalEntry, entry.id).summary = "Stilletjes herschreven"
            journal._flush(s)
    assert type(refused.value) is KoersError
    assert _entries(any_db)[0].summary == SECRET


def test_an_entry_goes_only_with_its_casus_and_its_author_only_becomes_unknown(any_db, any_actors, today):
    """Deleting an entry (and writing another in its place) is refused while its casus exists; destruction at the
    end of the retention period deletes the casus, and its entries and corrections go with it."""
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today))
    journal.correct_entry(any_db, a.consulent, entry.id, _input(today, summary="Beter verwoord"), "typefout")
    with pytest.raises(sa.exc.DBAPIError, match="koers:journaal"), any_db.write() as s:
        s.execute(sa.text("DELETE FROM journal_entry WHERE id = :id"), {"id": entry.id})
    with pytest.raises(sa.exc.DBAPIError, match="koers:journaal"), any_db.write() as s:
        s.execute(sa.text("UPDATE journal_entry SET author_id = :u WHERE id = :id"),
                  {"u": a.casusregisseur.user_id, "id": entry.id})
    with any_db.write() as s:  # what ON DELETE SET NULL does when a user row is deleted
        s.execute(sa.text("UPDATE journal_entry SET author_id = NULL WHERE id = :id"), {"id": entry.id})
    assert len(_entries(any_db)) == 2
    with any_db.write() as s:
        s.execute(sa.text("DELETE FROM resident WHERE id = :id"), {"id": rid})
    assert _entries(any_db) == []


# ---------------------------------------------------------------- follow-ups


def test_a_follow_up_is_in_the_werkvoorraad_until_it_is_done(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today, follow_up_date=today + timedelta(days=3)))
    items = [i for i in queries.my_workload(any_db, a.consulent) if i.kind is DeadlineKind.OPVOLGING]
    assert [(i.label, i.due_date, i.days_left, i.casus_id, i.journal_entry_id) for i in items] == [
        ("Opvolging contact", today + timedelta(days=3), 3, cid, entry.id)]
    assert not [i for i in queries.my_workload(any_db, a.consulent2) if i.kind is DeadlineKind.OPVOLGING]
    with pytest.raises(ValidationError, match="ligt in de toekomst"):
        journal.mark_follow_up_done(any_db, a.consulent, entry.id, today + timedelta(days=1))
    done = journal.mark_follow_up_done(any_db, a.consulent, entry.id, today)
    assert (done.follow_up_done_date, done.follow_up_done_by_id) == (today, a.consulent.user_id)
    assert not [i for i in queries.my_workload(any_db, a.consulent) if i.kind is DeadlineKind.OPVOLGING]
    with pytest.raises(ValidationError, match="al afgehandeld op"):
        journal.mark_follow_up_done(any_db, a.consulent, entry.id, today)
    row = journal.list_entries(any_db, a.consulent, casus_id=cid)[0]
    assert row.follow_up_done_by == "Carla Consulent" and not row.follow_up_open


def test_the_window_and_escalation_of_a_follow_up(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    long_ago = today - timedelta(days=40)
    for due in (today + timedelta(days=7), today + timedelta(days=8), today - timedelta(days=14),
                today - timedelta(days=15)):
        journal.add_entry(any_db, a.consulent, cid, _input(today, contact_date=long_ago, follow_up_date=due))
    items = [i for i in queries.my_workload(any_db, a.consulent) if i.kind is DeadlineKind.OPVOLGING]
    assert [(i.days_left, i.escalated) for i in items] == [(-15, True), (-14, False), (7, False)]


def test_a_correction_carries_its_own_follow_up(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    original = journal.add_entry(any_db, a.consulent, cid, _input(today))
    fixed = journal.correct_entry(any_db, a.consulent, original.id, _input(today, follow_up_date=None),
                                  "Er was geen vervolgafspraak")

    def follow_ups():
        return [i.journal_entry_id for i in queries.my_workload(any_db, a.consulent)
                if i.kind is DeadlineKind.OPVOLGING]

    assert follow_ups() == []
    later = journal.correct_entry(any_db, a.consulent, fixed.id, _input(today, follow_up_date=today + timedelta(days=5)),
                                  "Toch wel een vervolgafspraak")
    assert follow_ups() == [later.id]
    with pytest.raises(ConflictError, match="Handel de opvolging af bij de nieuwste versie"):
        journal.mark_follow_up_done(any_db, a.consulent, original.id, today)


def test_a_handled_follow_up_stays_handled_in_a_correction_with_the_same_date(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    original = journal.add_entry(any_db, a.consulent, cid, _input(today))
    journal.mark_follow_up_done(any_db, a.consulent, original.id, today)
    fixed = journal.correct_entry(any_db, a.consulent, original.id, _input(today, summary="Beter verwoord"), "Typfout")
    assert fixed.follow_up_done_date == today
    assert not [i for i in queries.my_workload(any_db, a.consulent) if i.kind is DeadlineKind.OPVOLGING]


def test_moving_a_follow_up_is_logged_with_the_old_and_new_date(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today))
    old = entry.follow_up_date
    with pytest.raises(ValidationError, match="ligt vóór de datum van het contact"):
        journal.move_follow_up(any_db, a.consulent, entry.id, entry.contact_date - timedelta(days=1))
    moved = journal.move_follow_up(any_db, a.consulent, entry.id, today + timedelta(days=30))
    assert moved.follow_up_date == today + timedelta(days=30)
    assert not [i for i in queries.my_workload(any_db, a.consulent) if i.kind is DeadlineKind.OPVOLGING]
    (line,) = _log(any_db, "journaal.opvolging_verplaatsen")
    assert json.loads(line.changes) == {"follow_up_date": [old.isoformat(), (today + timedelta(days=30)).isoformat()]}


def test_a_closed_case_has_no_follow_ups_in_the_werkvoorraad(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id, closed=today - timedelta(days=1))
    journal.add_entry(any_db, a.consulent, cid, _input(today))
    assert not [i for i in queries.my_workload(any_db, a.consulent) if i.kind is DeadlineKind.OPVOLGING]


def test_follow_ups_count_in_the_team_dashboard(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.consulent.user_id)
    _rid2, cid2 = _case(any_db, a.consulent2.user_id, "K0000002")
    journal.add_entry(any_db, a.consulent, cid, _input(today, contact_date=today - timedelta(days=30),
                                                       follow_up_date=today - timedelta(days=20)))
    journal.add_entry(any_db, a.consulent2, cid2, _input(today))
    board = dashboard.team_overview(any_db, a.casusregisseur)
    assert board.per_kind[DeadlineKind.OPVOLGING] == 2
    assert DeadlineKind.OPVOLGING in {i.kind for i in board.escalated}
    only = dashboard.team_overview(any_db, a.casusregisseur,
                                   dashboard.DashboardFilter(kinds=frozenset({DeadlineKind.OPVOLGING})))
    assert only.total == 2 and {i.kind for i in only.items} == {DeadlineKind.OPVOLGING}
    counts = {c.consulent_id: c for c in only.per_consulent}
    assert (counts[a.consulent.user_id].overdue, counts[a.consulent.user_id].escalated) == (1, 1)
    assert (counts[a.consulent2.user_id].due, counts[a.consulent2.user_id].overdue) == (1, 0)
    assert [i.days_left for i in only.escalated] == [-20]


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize("role", ["medewerker", "controller", "beheerder"])
def test_roles_without_the_journal_get_nothing_from_it(any_db, any_actors, today, role):
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today))
    actor = a.by_role(role)
    with pytest.raises(PermissionDenied):
        journal.list_entries(any_db, actor, resident_id=rid)
    with pytest.raises(PermissionDenied):
        journal.list_entries(any_db, actor, casus_id=cid)
    with pytest.raises(PermissionDenied):
        journal.add_entry(any_db, actor, cid, _input(today))
    with pytest.raises(PermissionDenied):
        journal.correct_entry(any_db, actor, entry.id, _input(today, summary="Anders"), "Reden")
    with pytest.raises(PermissionDenied):
        journal.mark_follow_up_done(any_db, actor, entry.id, today)
    with pytest.raises(PermissionDenied):
        journal.move_follow_up(any_db, actor, entry.id, today + timedelta(days=9))
    assert len(_entries(any_db)) == 1
    refused = [e for e in _log(any_db, "journaal.inzien") + _log(any_db, "journaal.vastleggen")
               if e.outcome == "geweigerd"]
    assert len(refused) == 6 and {e.username for e in refused} == {actor.username}


def test_a_medewerker_s_werkvoorraad_never_shows_a_follow_up(any_db, any_actors, today):
    a = any_actors
    _rid, cid = _case(any_db, a.medewerker.user_id)  # even on a case that names them
    journal.add_entry(any_db, a.casusregisseur, cid, _input(today))
    assert not [i for i in queries.my_workload(any_db, a.medewerker) if i.kind is DeadlineKind.OPVOLGING]


def test_another_consulent_s_file_needs_a_reason_that_is_logged(any_db, any_actors, today):
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    with pytest.raises(KoersError, match="hoort niet bij uw eigen caseload"):
        journal.list_entries(any_db, a.consulent2, resident_id=rid)
    with pytest.raises(KoersError, match="hoort niet bij uw eigen caseload"):
        journal.add_entry(any_db, a.consulent2, cid, _input(today))
    journal.add_entry(any_db, a.consulent2, cid, _input(today), reason="Waarneming tijdens verlof")
    (line,) = _log(any_db, "journaal.vastleggen")
    assert line.reason == "Waarneming tijdens verlof" and line.username == a.consulent2.username


# ---------------------------------------------------------------- the access log


def test_every_step_is_one_log_line_without_what_was_said(any_db, any_actors, today):
    a = any_actors
    rid, cid = _case(any_db, a.consulent.user_id)
    entry = journal.add_entry(any_db, a.consulent, cid, _input(today))
    fixed = journal.correct_entry(any_db, a.consulent, entry.id, _input(today, summary=SECRET + " en huur"),
                                  "Huurachterstand vergeten")
    journal.mark_follow_up_done(any_db, a.consulent, fixed.id, today)
    journal.list_entries(any_db, a.consulent, resident_id=rid)
    with any_db.read() as s:
        lines = list(s.exec(select(AuditEntry).where(AuditEntry.record_type == "journaal").order_by(AuditEntry.id)))
    assert [(e.action, e.record_id, e.resident_id, e.outcome) for e in lines] == [
        ("journaal.vastleggen", entry.id, rid, "ok"), ("journaal.corrigeren", fixed.id, rid, "ok"),
        ("journaal.opvolging_afgehandeld", fixed.id, rid, "ok"), ("journaal.inzien", None, rid, "ok")]
    assert '"contactsoort": [null, "huisbezoek"]' in lines[0].changes
    assert f'"corrigeert": [null, {entry.id}]' in lines[1].changes
    for line in lines:
        logged = " ".join(str(v) for v in (line.changes, line.reason))
        for words in ("schulden", "zoon", "bewindvoerder", "Huurachterstand", "huur"):
            assert words not in logged
