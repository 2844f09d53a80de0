"""Printing the ondersteuningsplan for the resident to read and sign (a PDF), with its audit line."""

from __future__ import annotations

from db import clock
from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.errors import NotFoundError
from desktop.core.plans import versions
from desktop.core.settings import get_setting

MUNICIPALITY_NAME = "municipality.name"
DEFAULT_MUNICIPALITY = "Gemeente"


def plan_summary_pdf(db: Database, actor: Actor, casus_id: int, *, version_no: int | None = None,
                     reason: str | None = None) -> bytes:
    """The newest plan version (or `version_no`) as PDF bytes. Opening it checks role and caseload and
    logs 'plan.inzien'; the print itself gets its own 'plan.afdrukken' line."""
    doc = versions.open_plan(db, actor, casus_id, version_no=version_no, reason=reason)
    if doc is None:
        raise NotFoundError("Deze casus heeft nog geen ondersteuningsplan.")
    from desktop.letters.plan_summary import render_plan_summary  # ReportLab loads slowly: only when printing

    municipality = (get_setting(db, MUNICIPALITY_NAME) or "").strip() or DEFAULT_MUNICIPALITY
    pdf = render_plan_summary(doc, municipality=municipality, printed_on=clock.today())
    with db.write() as s:
        audit.record(s, actor, "plan.afdrukken", resident_id=doc.casus.resident_id, client_number=doc.client_number,
                     record_type="plan", record_id=doc.plan.id, reason=(reason or "").strip() or None)
    return pdf
