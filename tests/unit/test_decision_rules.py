"""The reason rule for changing an established decision (used by the decision services)."""

from __future__ import annotations

from datetime import date

import pytest

from db.models import Beschikking
from db.models.enums import Complexity, DecisionStatus, FinancingForm, IndicationCategory, Law, Role
from desktop.core.audit import ReasonRequired
from desktop.core.auth import Actor
from desktop.core.decision_rules import reason_for_change

ACTOR = Actor(1, "jbakker", "Janneke Bakker", Role.CONSULENT, "pc-1")


def decision(status: DecisionStatus) -> Beschikking:
    return Beschikking(id=7, casus_id=1, law=Law.WMO, toewijzing_nummer="2026000007", status=status,
                       complexity=Complexity.M, category=IndicationCategory.BASIS,
                       financing_form=FinancingForm.UREN_X_TARIEF, period_weeks=4, period_count=7,
                       minutes_per_period=480, indicated_minutes=3360, start_date=date(2026, 1, 5),
                       end_date=date(2026, 7, 19), aanbieder_id=3, motivation="Zie plan.")


@pytest.mark.parametrize("status", [DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN])
@pytest.mark.parametrize(("field", "value", "named"), [
    ("indicated_minutes", 3000, "het totaal aantal uren"), ("start_date", date(2026, 2, 2), "de ingangsdatum"),
    ("aanbieder_id", 4, "de aanbieder"), ("minutes_per_period", 420, "de uren per periode")])
def test_established_decision_needs_a_reason_for_hours_dates_or_provider(status, field, value, named):
    with pytest.raises(ReasonRequired, match=named):
        reason_for_change(ACTOR, decision(status), {field: value}, None)
    with pytest.raises(ReasonRequired):
        reason_for_change(ACTOR, decision(status), {field: value}, "  ok ")  # too short to explain anything
    changes, reason = reason_for_change(ACTOR, decision(status), {field: value}, "Herindicatie na evaluatie")
    assert reason == "Herindicatie na evaluatie"
    old = getattr(decision(status), field)
    assert changes == {field: [old.isoformat() if hasattr(old, "isoformat") else old,
                               value.isoformat() if hasattr(value, "isoformat") else value]}


def test_concept_decision_and_other_fields_need_no_reason():
    changes, reason = reason_for_change(ACTOR, decision(DecisionStatus.CONCEPT), {"indicated_minutes": 3000}, None)
    assert changes == {"indicated_minutes": [3360, 3000]} and reason is None
    changes, reason = reason_for_change(ACTOR, decision(DecisionStatus.VASTGESTELD), {"motivation": "Nieuw"}, None)
    assert changes == {"motivation": ["Zie plan.", "Nieuw"]} and reason is None


def test_an_unchanged_value_is_no_change():
    changes, reason = reason_for_change(ACTOR, decision(DecisionStatus.VASTGESTELD), {"indicated_minutes": 3360},
                                        None)
    assert changes == {} and reason is None
