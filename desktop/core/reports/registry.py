"""The reports Koers has, in the order the Rapportages area lists them, and the one way to run one."""

from __future__ import annotations

import importlib
from functools import cache

from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.errors import ValidationError
from desktop.core.reports.base import Report, ReportSpec
from desktop.core.reports.filters import ReportFilter

# Each module defines SPECS: tuple[ReportSpec, ...]. Imported on first use: the reports are not needed to sign in.
MODULES = (
    "desktop.core.reports.realisation",
    "desktop.core.reports.utilisation",
    "desktop.core.reports.outcomes",
    "desktop.core.reports.providers",
    "desktop.core.reports.samples",
    "desktop.core.reports.budget",
)


@cache
def specs() -> tuple[ReportSpec, ...]:
    found: list[ReportSpec] = []
    for name in MODULES:
        found.extend(importlib.import_module(name).SPECS)
    return tuple(found)


def spec(name: str) -> ReportSpec:
    for candidate in specs():
        if candidate.name == name:
            return candidate
    known = ", ".join(s.name for s in specs())
    raise ValidationError(f"Er is geen rapportage '{name}'. Kies uit: {known}.", field="report")


def run(db: Database, actor: Actor, name: str, filters: ReportFilter | None = None) -> Report:
    """Runs one report for an actor whose role may see reports; the filters are resolved and checked first."""
    audit.require(db, actor, Action.REPORTS_VIEW)
    chosen = spec(name)
    resolved = (filters or ReportFilter()).resolved()
    if chosen.groups:
        keys = [key for key, _ in chosen.groups]
        if resolved.group is None:
            from dataclasses import replace
            resolved = replace(resolved, group=keys[0])
        elif resolved.group not in keys:
            labels = ", ".join(f"{key} ({label})" for key, label in chosen.groups)
            raise ValidationError(f"'{resolved.group}' kan niet bij deze rapportage. Kies per: {labels}.",
                                  field="group")
    return chosen.run(db, actor, resolved)
