"""Rules for changing a decision that the decision services (issue 5) must apply.

A beschikking that is vastgesteld or verzonden is what the resident was told: a change to its
hours, dates or provider needs a reason, which goes into the access log with the old and new values.
"""

from __future__ import annotations

from typing import Any

from db.models import Beschikking
from db.models.enums import DecisionStatus
from desktop.core import audit
from desktop.core.auth import Actor
from desktop.core.permissions import Action

ESTABLISHED = frozenset({DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN})
FIELDS_NEEDING_REASON = {
    "indicated_minutes": "het totaal aantal uren", "minutes_per_period": "de uren per periode",
    "surplus_minutes": "de overloopuren", "period_weeks": "de periodelengte", "period_count": "het aantal perioden",
    "bandwidth_min_minutes": "de bandbreedte", "bandwidth_max_minutes": "de bandbreedte",
    "start_date": "de ingangsdatum", "end_date": "de einddatum", "aanbieder_id": "de aanbieder",
}


def reason_for_change(actor: Actor, decision: Beschikking, new_values: dict[str, Any],
                      reason: str | None) -> tuple[dict[str, list], str | None]:
    """Returns (changes for the access log, cleaned reason). Raises ReasonRequired for an established
    decision whose hours, dates or provider change without a reason."""
    changes = audit.diff(decision, new_values)
    touched = sorted({FIELDS_NEEDING_REASON[f] for f in changes if f in FIELDS_NEEDING_REASON})
    if decision.status in ESTABLISHED and touched:
        cleaned = audit.require_reason(actor, Action.DECISION_EDIT, reason, "")
        if not cleaned or len(cleaned) < 5:
            raise audit.ReasonRequired(
                f"Deze beschikking is al {decision.status.value}. U wijzigt " + ", ".join(touched) + ": geef een "
                "reden op; die wordt met de oude en nieuwe waarden vastgelegd in het toegangslog.")
        return changes, cleaned
    return changes, audit.require_reason(actor, Action.DECISION_EDIT, reason, "") if reason else None
