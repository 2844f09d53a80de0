"""Recording an evaluation: the happy path (afschalen) and every bad input storing nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import AuditEntry, Evaluation, EvaluationDomainScore, EvaluationResult
from db.models.enums import EvaluationOutcome, LifeDomain
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import lifecycle
from desktop.core.errors import KoersError, ValidationError
from desktop.core.evaluations import recording
from tests.conftest import FIXED_TODAY
from tests.unit.decision_setting import established


def _first(db, decision_id):
    with db.read() as s:
        return s.exec(select(Evaluation).where(Evaluation.beschikking_id == decision_id)
                      .order_by(Evaluation.planned_date)).first()


def _input(setting, **overrides):
    values = dict(done_date=date(2026, 4, 7), outcome=EvaluationOutcome.AFSCHALEN,
                  results=[recording.ResultAssessment(rid, "deels", "Het gaat al beter, zegt meneer.")
                           for rid in setting["results"]],
                  scores={LifeDomain.TIJDSBESTEDING: 4}, summary="Minder uren nodig.", next_date=date(2026, 7, 1))
    values.update(overrides)
    return recording.EvaluationInput(**values)


def test_open_record_and_scale_down(any_db, any_actors, setting, today):
    a = any_actors
    d = established(any_db, a, setting)  # intensief from 5 Jan 2026: moments 5 Apr and 5 Jul
    first = _first(any_db, d.id)
    form = recording.open_evaluation(any_db, a.consulent, first.id)
    assert [r.result_id for r in form.results] == setting["results"] and not form.done
    assert form.proposed_next_date is None or form.proposed_next_date > first.planned_date
    saved = recording.record_evaluation(any_db, a.consulent, first.id, _input(setting))
    assert (saved.outcome, saved.done_date, saved.next_date) == (EvaluationOutcome.AFSCHALEN, date(2026, 4, 7),
                                                                 date(2026, 7, 1))
    with any_db.read() as s:
        assert len(s.exec(select(EvaluationResult).where(EvaluationResult.evaluation_id == first.id)).all()) == 1
        assert s.exec(select(EvaluationDomainScore.score)).all() == [4]
        # a later open evaluation already existed (5 July), so no extra one was planned
        assert len(s.exec(select(Evaluation).where(Evaluation.beschikking_id == d.id)).all()) == 2
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "evaluatie.vastleggen")).one()
        assert "meneer" not in (line.changes or "")
    draft = recording.draft_from(any_db, a.consulent, d.id)
    assert draft.result_ids == setting["results"] and Decimal(draft.hours_per_period) == 8
    assert draft.start_date == today  # 23 Nov 2026 is past the decision's end; change_decision will refuse
    draft.start_date, draft.hours_per_period, draft.period_count = date(2026, 4, 13), Decimal(4), 3
    new = lifecycle.change_decision(any_db, a.consulent, d.id, draft, reason_code="05",
                                    explanation="Afschalen na evaluatie")
    assert new.replaces_id == d.id and new.indicated_minutes == 12 * 60
    progress = recording.domain_progress(any_db, a.consulent, setting["casus"])
    assert [(p.domain, [x.score for x in p.points]) for p in progress] == [(LifeDomain.TIJDSBESTEDING, [4])]
    with pytest.raises(KoersError, match="al vastgelegd"):
        recording.record_evaluation(any_db, a.consulent, first.id, _input(setting))


def test_next_evaluation_is_planned_when_none_exists(any_db, any_actors, setting, today):
    a = any_actors
    d = established(any_db, a, setting)
    moments = _first(any_db, d.id)
    with any_db.write() as s:
        for e in s.exec(select(Evaluation).where(Evaluation.id != moments.id)).all():
            s.delete(e)
    recording.record_evaluation(any_db, a.consulent, moments.id, _input(setting, outcome="voortzetten"))
    with any_db.read() as s:
        planned = s.exec(select(Evaluation.planned_date).where(Evaluation.done_date.is_(None))).all()
    assert planned == [date(2026, 7, 1)]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"outcome": None}, "Kies een besluit"),
    ({"outcome": "misschien"}, "Kies een besluit"),
    ({"results": []}, "Beoordeel elk resultaat"),
    ({"results": "bad-status"}, "behaald, deels"),
    ({"results": "long"}, "te lang"),
    ({"scores": {LifeDomain.TIJDSBESTEDING: 6}}, "1 tot en met 5"),
    ({"scores": {"geluk": 3}}, "geen leefgebied"),
    ({"done_date": FIXED_TODAY + timedelta(days=1)}, "toekomst"),
    ({"done_date": date(2026, 1, 4)}, "vóór de ingangsdatum"),
    ({"next_date": date(2026, 4, 7)}, "volgende evaluatie"),
    ({"outcome": "beeindigen"}, "Bij beëindigen"),
])
def test_bad_input_stores_nothing(any_db, any_actors, setting, today, overrides, message):
    a = any_actors
    d = established(any_db, a, setting)
    first = _first(any_db, d.id)
    if overrides.get("results") == "bad-status":
        overrides["results"] = [recording.ResultAssessment(setting["results"][0], "prima")]
    if overrides.get("results") == "long":
        overrides["results"] = [recording.ResultAssessment(setting["results"][0], "niet", "x" * 2001)]
    with pytest.raises(ValidationError) as info:
        recording.record_evaluation(any_db, a.consulent, first.id, _input(setting, **overrides))
    assert message in str(info.value)
    with any_db.read() as s:
        assert s.get(Evaluation, first.id).done_date is None
        assert s.exec(select(EvaluationResult)).all() == []
        assert s.exec(select(EvaluationDomainScore)).all() == []


def test_only_a_role_that_records_evaluations(any_db, any_actors, setting, today):
    d = established(any_db, any_actors, setting)
    with pytest.raises(PermissionDenied):
        recording.record_evaluation(any_db, any_actors.casusregisseur, _first(any_db, d.id).id, _input(setting))
