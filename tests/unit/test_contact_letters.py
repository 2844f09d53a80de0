"""Letters 'uw nieuwe contactpersoon': asked for by the hand-over in its own transaction, one pending request per
resident, and through the one letter pipeline: queued beside the decision letters, issued into the one archive
with exact bytes and SHA-256, parked without an address, sent, checked, and refused to roles that may not."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db.models import AuditEntry, Casus, ContactLetter, Letter, Resident, User
from db.models.enums import Law, LetterKind, Role
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import ValidationError
from desktop.core.letters import contact_letters, letterhead, pipeline
from desktop.core.letters.jobs import CONTACT, Job
from desktop.core.maintenance.check import run_check
from desktop.core.nl import format_date
from desktop.core.team import handover
from tests.conftest import FIXED_TODAY

LETTER_DATE = FIXED_TODAY
LETTER_DAY = format_date(LETTER_DATE)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def configure(db, actors) -> None:
    letterhead.save_letter_settings(
        db, actors.beheerder, municipality="Gemeente Koersveen", address_lines=["Postbus 100", "7000 AA  Koersveen"],
        contact_lines=["Telefoon 14 0314", "www.koersveen.nl"], signer_name="J. Hendriksen",
        signer_title="teammanager Wmo", court_name="rechtbank Gelderland",
        objection_address="College van burgemeester en wethouders, Postbus 100, 7000 AA Koersveen")


def make_cases(db, consulent_id, n, *, address=True, law=Law.WMO) -> list[int]:
    ids = []
    with db.write() as s:
        for i in range(n):
            r = Resident(client_number=f"K{i:07d}", salutation="mevrouw" if i % 2 == 0 else "heer",
                         initials="A.", prefix="de" if i == 0 else None, surname=f"Naam{i}", search_name=f"naam{i}",
                         date_of_birth=date(1970, 1, 1), consulent_id=consulent_id,
                         **(dict(street="Dorpsstraat", house_number=10 + i, postcode="7001AB", city="Doetinchem")
                            if address else {}))
            s.add(r)
            s.flush()
            c = Casus(resident_id=r.id, law=law, melding_date=LETTER_DATE - timedelta(days=53), consulent_id=consulent_id)
            s.add(c)
            s.flush()
            ids.append(c.id)
    return ids


def all_rows(db) -> list[ContactLetter]:
    with db.read() as s:
        return list(s.exec(select(ContactLetter).order_by(ContactLetter.id)).all())


@pytest.fixture
def handed(any_db, any_actors, today):
    """Two residents of the first consulent handed over to the second; letter settings filled."""
    a = any_actors
    configure(any_db, a)
    ids = make_cases(any_db, a.consulent.user_id, 2)
    moved = handover.hand_over(any_db, a.casusregisseur, ids, [a.consulent2.user_id], "Langdurig verlof")
    assert len(moved) == 2
    return [row.id for row in all_rows(any_db)]


def jobs(ids) -> list[Job]:
    return [Job(CONTACT, i) for i in ids]


def issue(db, actors, ids, **kw):
    return pipeline.issue_letters(db, actors.medewerker, jobs(ids), letter_date=kw.pop("letter_date", LETTER_DATE),
                                  **kw)


def archived(db, letter_id) -> Letter:
    with db.read() as s:
        return s.get(Letter, letter_id)


# ---------------------------------------------------------------- queued by the hand-over


def test_the_hand_over_queues_one_pending_letter_per_moved_resident(any_db, any_actors, handed):
    a = any_actors
    rows = all_rows(any_db)
    assert len(rows) == 2 and all(r.letter_id is None for r in rows)
    assert {r.consulent_id for r in rows} == {a.consulent2.user_id}
    assert {r.previous_consulent_id for r in rows} == {a.consulent.user_id}
    assert {r.requested_by_id for r in rows} == {a.casusregisseur.user_id}
    assert {r.effective_date for r in rows} == {LETTER_DATE}
    queue = [r for r in pipeline.letter_queue(any_db, a.medewerker) if r.kind is LetterKind.CONTACTPERSOON]
    assert [r.job for r in queue] == jobs(handed) and all(r.ready for r in queue)
    assert queue[0].about == "Nieuwe contactpersoon: Kees Tweede" and queue[0].since == LETTER_DATE
    assert queue[0].resident_name == "A. de Naam0" and queue[0].client_number == "K0000000"


def test_a_refused_or_failed_hand_over_queues_nothing(any_db, any_actors, today, monkeypatch):
    a = any_actors
    ids = make_cases(any_db, a.consulent.user_id, 2)
    with pytest.raises(ValidationError):
        handover.hand_over(any_db, a.casusregisseur, ids, [a.consulent.user_id], "Overdracht")
    assert all_rows(any_db) == []

    # The letters are written in the hand-over's own transaction: when anything after them fails, nothing stays.
    real = contact_letters.request

    def request_then_fail(s, actor, moved, **kw):
        real(s, actor, moved, **kw)
        s.flush()
        assert len(s.exec(select(ContactLetter)).all()) == 2  # really written, inside the transaction
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(contact_letters, "request", request_then_fail)
    with pytest.raises(RuntimeError):
        handover.hand_over(any_db, a.casusregisseur, ids, [a.consulent2.user_id], "Overdracht")
    assert all_rows(any_db) == []
    with any_db.read() as s:
        assert {r.consulent_id for r in s.exec(select(Resident)).all()} == {a.consulent.user_id}


def test_a_second_hand_over_updates_the_pending_letter_and_a_way_back_drops_it(any_db, any_actors, handed):
    a = any_actors
    with any_db.write() as s:
        third = User(username="t.consulent3", display_name="Derde Consulent", role=Role.CONSULENT)
        s.add(third)
        s.flush()
        third_id = third.id
        cases = {c.resident_id: c.id for c in s.exec(select(Casus)).all()}
    first, second = all_rows(any_db)
    handover.hand_over(any_db, a.casusregisseur, [cases[first.resident_id]], [third_id], "Herverdeling")
    rows = all_rows(any_db)
    assert [r.id for r in rows] == [first.id, second.id]  # updated, not a second row
    assert rows[0].consulent_id == third_id and rows[0].previous_consulent_id == a.consulent.user_id
    # back to the consulent the resident already knew: no letter needed any more
    handover.hand_over(any_db, a.casusregisseur, [cases[second.resident_id]], [a.consulent.user_id], "Terug")
    assert [r.id for r in all_rows(any_db)] == [first.id]


def test_the_database_allows_one_pending_letter_per_resident_and_one_request_per_letter(any_db, any_actors, handed):
    row = all_rows(any_db)[0]
    with pytest.raises(IntegrityError), any_db.write() as s:
        s.add(ContactLetter(resident_id=row.resident_id, effective_date=LETTER_DATE))
    result = issue(any_db, any_actors, handed[:1])
    with pytest.raises(IntegrityError), any_db.write() as s:  # a letter belongs to one request
        s.exec(text("UPDATE contact_letter SET letter_id = :l WHERE id = :i"),
               params={"l": result.letter_ids[0], "i": handed[1]})
    with pytest.raises(IntegrityError), any_db.write() as s:  # a decision letter names its decision
        s.exec(text("UPDATE letter SET kind = 'toekenning' WHERE id = :l"), params={"l": result.letter_ids[0]})


# ---------------------------------------------------------------- issuing


def test_issue_archives_exact_bytes_with_their_hash_and_the_new_contact_person(any_db, any_actors, handed):
    a = any_actors
    seen = []
    result = issue(any_db, a, handed, progress=lambda d, t: seen.append((d, t)))
    assert len(result.letter_ids) == 2 and not result.parked and not result.cancelled
    assert seen == [(1, 2), (2, 2)]
    requests = all_rows(any_db)
    assert [r.letter_id for r in requests] == list(result.letter_ids)  # each request points at its letter
    rows = [archived(any_db, i) for i in result.letter_ids]
    for request, row in zip(requests, rows, strict=True):
        assert (row.kind, row.resident_id, row.beschikking_id) == (LetterKind.CONTACTPERSOON, request.resident_id, None)
        assert hashlib.sha256(row.pdf).hexdigest() == row.sha256 and row.letter_date == LETTER_DATE
        assert row.kenmerk == f"CP-{LETTER_DATE.year}-{request.id:06d}" and row.issued_by_id == a.medewerker.user_id
    body = pdf_text(rows[0].pdf)
    expected = ["Gemeente Koersveen", "Postbus 100", "Mevrouw A. de Naam0", "Dorpsstraat 10", "7001 AB DOETINCHEM",
                LETTER_DAY, rows[0].kenmerk, "Uw nieuwe contactpersoon", "Geachte mevrouw De Naam0,",
                f"Vanaf {LETTER_DAY} is Kees Tweede uw contactpersoon", "vanuit de Wmo",
                "Uw ondersteuning blijft hetzelfde", "Telefoon 14 0314", "J. Hendriksen", "pagina 1 van 1"]
    missing = [e for e in expected if e not in body]
    assert not missing, missing
    assert "Carla Consulent" not in body and "Langdurig verlof" not in body  # not the old consulent, not the reason
    assert len(PdfReader(io.BytesIO(result.printer_pdf)).pages) == 2
    assert not [r for r in pipeline.letter_queue(any_db, a.medewerker) if r.kind is LetterKind.CONTACTPERSOON]
    assert pipeline.open_letter(any_db, a.medewerker, rows[0].id) == rows[0].pdf
    with any_db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "brief.aanmaken")).all()
    assert sorted(line.record_id for line in lines) == sorted(result.letter_ids)
    assert {line.record_type for line in lines} == {"brief"}
    # issued once: asking again issues nothing
    again = issue(any_db, a, handed)
    assert again.letter_ids == () and len(again.parked) == 2 and again.printer_pdf == b""


def test_a_resident_without_an_address_is_parked_with_a_reason(any_db, any_actors, handed):
    a = any_actors
    with any_db.write() as s:
        r = s.get(Resident, all_rows(any_db)[1].resident_id)
        r.street = r.house_number = r.postcode = r.city = None
    check = pipeline.preflight(any_db, a.medewerker, jobs(handed))
    assert check.ready == tuple(jobs(handed[:1])) and check.parked[0].job == Job(CONTACT, handed[1])
    assert "adres van de inwoner ontbreekt" in check.parked[0].problems[0]
    queue = [r for r in pipeline.letter_queue(any_db, a.medewerker) if r.kind is LetterKind.CONTACTPERSOON]
    assert not queue[1].ready
    result = issue(any_db, a, handed)
    assert len(result.letter_ids) == 1 and [p.job.id for p in result.parked] == [handed[1]]
    assert all_rows(any_db)[1].letter_id is None


def test_cancelling_leaves_only_whole_letters(any_db, any_actors, handed):
    seen = []
    result = issue(any_db, any_actors, handed, progress=lambda d, t: seen.append(d), cancelled=lambda: len(seen) >= 1)
    assert result.cancelled and len(result.letter_ids) == 1
    assert [r.letter_id is not None for r in all_rows(any_db)] == [True, False]


# ---------------------------------------------------------------- sending, check, roles


def test_mark_sent(any_db, any_actors, handed):
    a = any_actors
    result = issue(any_db, a, handed)
    assert [u.id for u in pipeline.unsent_letters(any_db, a.medewerker)] == list(result.letter_ids)
    with pytest.raises(ValidationError, match="toekomst"):
        pipeline.mark_sent(any_db, a.medewerker, result.letter_ids, LETTER_DATE + timedelta(days=1))
    with pytest.raises(ValidationError) as info:
        pipeline.mark_sent(any_db, a.medewerker, result.letter_ids, LETTER_DATE - timedelta(days=1))
    assert "gedateerd" in info.value.problems[0]
    assert pipeline.mark_sent(any_db, a.medewerker, result.letter_ids, LETTER_DATE) == 2
    assert {archived(any_db, i).sent_date for i in result.letter_ids} == {LETTER_DATE}
    assert pipeline.unsent_letters(any_db, a.medewerker) == []
    with pytest.raises(ValidationError):
        pipeline.mark_sent(any_db, a.medewerker, result.letter_ids[:1], LETTER_DATE)  # not twice


def test_check_finds_a_tampered_contact_letter(any_db, any_actors, handed):
    a = any_actors
    result = issue(any_db, a, handed)
    assert run_check(any_db).ok
    assert "brieven van elke soort (SHA-256)" in run_check(any_db, full=True).checked
    with any_db.write() as s:
        s.exec(text("UPDATE letter SET pdf = :pdf WHERE id = :i"),
               params={"pdf": b"%PDF-1.4 vervalst", "i": result.letter_ids[0]})
    report = run_check(any_db, full=True)  # the hashes are the full check's
    assert any(result.kenmerken[0] in p and "SHA-256" in p for p in report.problems)
    with pytest.raises(pipeline.LetterDamaged, match="klopt niet"):
        pipeline.open_letter(any_db, a.medewerker, result.letter_ids[0])


def test_a_consulent_may_not_issue_or_send_and_the_refusal_is_logged(any_db, any_actors, handed):
    a = any_actors
    with pytest.raises(PermissionDenied):
        pipeline.issue_letters(any_db, a.consulent2, jobs(handed), letter_date=LETTER_DATE)
    with pytest.raises(PermissionDenied):
        pipeline.letter_queue(any_db, a.consulent2)
    result = issue(any_db, a, handed)
    with pytest.raises(PermissionDenied):
        pipeline.mark_sent(any_db, a.consulent2, result.letter_ids, LETTER_DATE)
    with pytest.raises(PermissionDenied):
        pipeline.open_letter(any_db, a.beheerder, result.letter_ids[0])
    assert all(archived(any_db, i).sent_date is None for i in result.letter_ids)
    with any_db.read() as s:
        refused = s.exec(select(AuditEntry.action).where(AuditEntry.outcome == "geweigerd")).all()
    assert {"brieven.wachtrij", "brieven.verzenden", "inwoner.inzien"} <= set(refused)
    # the new consulent opens the letter of a resident on their own caseload
    assert pipeline.open_letter(any_db, a.consulent2, result.letter_ids[0])
