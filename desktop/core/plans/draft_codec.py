"""A plan as typed (PlanInput) to and from plain JSON values, for the draft the editor keeps while it has
unsaved changes (desktop/core/drafts.py)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from db.models.enums import LifeDomain
from desktop.core.plans.versions import DomainInput, GoalInput, PlanInput, ResultInput


def to_content(data: PlanInput) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, LifeDomain):
            return value.value
        return value

    return {"plan": plain(asdict(data))}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _domain(value: Any) -> LifeDomain | None:
    try:
        return LifeDomain(value) if value else None
    except ValueError:
        return None


def from_content(content: dict[str, Any]) -> PlanInput | None:
    """The PlanInput of a draft, or None when it is not one this version of Koers can read."""
    p = content.get("plan")
    if not isinstance(p, dict):
        return None
    try:
        domains = []
        for d in p.get("domains", []):
            domain = _domain(d.get("domain"))
            if domain is None:
                continue
            texts = {k: str(d.get(k) or "") for k in ("situation", "needs", "resources", "motivation", "readiness")}
            domains.append(DomainInput(domain, bool(d.get("relevant", True)), d.get("score"), **texts,
                                       people=[int(x) for x in d.get("people", [])]))
        goals = [GoalInput(str(g.get("description") or ""), _domain(g.get("domain")), [
            ResultInput(str(r.get("description") or ""), str(r.get("indicator") or ""), _date(r.get("target_date")),
                        [str(c) for c in r.get("contributors", [])], int(r.get("priority") or 2),
                        [int(x) for x in r.get("people", [])]) for r in g.get("results", [])])
            for g in p.get("goals", [])]
        return PlanInput(str(p.get("question") or ""), str(p.get("what_matters") or ""),
                         str(p.get("circumstances") or ""), domains, goals)
    except (AttributeError, TypeError, ValueError):
        return None
