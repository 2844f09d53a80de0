"""unsent_letters: the letters made but not yet marked as sent, for the queue's 'Aangemaakt, nog niet verzonden'."""

from __future__ import annotations

import pytest

from db.models.enums import LetterKind
from desktop.core.access.audit import PermissionDenied
from desktop.core.letters import pipeline
from tests.unit.test_letters import LETTER_DATE, issue, ready  # noqa: F401 - fixture

__all__ = ["ready"]


def test_made_letters_wait_until_they_are_marked_sent(any_db, any_actors, ready):
    assert pipeline.unsent_letters(any_db, any_actors.medewerker) == []
    result = issue(any_db, any_actors, [ready.id])
    rows = pipeline.unsent_letters(any_db, any_actors.medewerker)
    assert [(r.id, r.decision_id, r.kind, r.kenmerk, r.letter_date, r.sent_date) for r in rows] == [
        (result.letter_ids[0], ready.id, LetterKind.TOEKENNING, "WMO-2026-000001-T1", LETTER_DATE, None)]
    row = rows[0]
    assert isinstance(row, pipeline.LetterRow)
    assert row.resident_name == "M. Jansen" and row.client_number and row.batch_id == result.batch_id
    assert row.size > 1000 and row.issued_by
    pipeline.mark_sent(any_db, any_actors.medewerker, result.letter_ids, LETTER_DATE)
    assert pipeline.unsent_letters(any_db, any_actors.medewerker) == []


def test_only_the_letter_queue_roles_see_unsent_letters(any_db, any_actors):
    with pytest.raises(PermissionDenied):
        pipeline.unsent_letters(any_db, any_actors.consulent)
