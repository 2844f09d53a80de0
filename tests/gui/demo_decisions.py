"""Established decisions on the demo database for the GUI tests: a case of the consulent with an agreed plan,
an hourly Wmo product, the first provider, and a decision made and vastgesteld through the core."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import select

from db.models import Aanbieder, Casus, Goal, Plan, Product, Resident, Result
from db.models.enums import Complexity, IndicationCategory, Law, PlanStatus
from desktop.core.decisions import lifecycle


def established_demo_decision(db, consulent, *, start: date, established_on: date, results: int, period_count: int,
                              motivation: str, open_cases_only: bool = False) -> dict:
    """8 hours per 4-week period at € 62,50, intensief, serving the first `results` results of the plan."""
    with db.read() as s:
        stmt = (select(Casus).join(Resident, Resident.id == Casus.resident_id)
                .where(Casus.law == Law.WMO, Casus.melding_date <= start))
        if open_cases_only:
            stmt = stmt.where(Casus.closed_date.is_(None), Casus.consulent_id == consulent.user_id)
        else:
            stmt = stmt.where(Resident.consulent_id == consulent.user_id)
        found = None
        for casus in s.exec(stmt.order_by(Casus.id)).all():
            plan = s.exec(select(Plan).where(Plan.casus_id == casus.id).order_by(Plan.version_no.desc())).first()
            if plan is None or plan.status is not PlanStatus.AKKOORD:
                continue
            result_ids = s.exec(select(Result.id).join(Goal, Goal.id == Result.goal_id)
                                .where(Goal.plan_id == plan.id).order_by(Result.id)).all()
            if len(result_ids) >= results:
                found = casus.id, casus.resident_id, plan.id, list(result_ids[:results])
                break
        assert found, f"geen demo-casus met een akkoord plan met {results} resultaten"
        product = s.exec(select(Product).where(Product.law == Law.WMO, Product.unit_code == "04",
                                               Product.active == True)  # noqa: E712
                         .order_by(Product.code != "02A08", Product.code)).first()
        provider = s.exec(select(Aanbieder).order_by(Aanbieder.id)).first()
    casus_id, resident_id, plan_id, result_ids = found
    data = lifecycle.DecisionInput(
        plan_id=plan_id, result_ids=result_ids, product_id=product.id, aanbieder_id=provider.id,
        complexity=Complexity.M, category=IndicationCategory.INTENSIEF, start_date=start, period_weeks=4,
        period_count=period_count, hours_per_period=Decimal("8"), tariff=Decimal("62.50"), motivation=motivation)
    d = lifecycle.create_decision(db, consulent, casus_id, data)
    d = lifecycle.establish(db, consulent, d.id, established_on)
    return {"decision": d.id, "casus": casus_id, "resident": resident_id, "number": d.toewijzing_nummer,
            "results": result_ids}
