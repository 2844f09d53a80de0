"""Which areas the side bar shows for a role: only areas that work and that the role may use."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action


def areas_for(db: Database, actor: Actor) -> list[tuple[str, QWidget]]:
    areas: list[tuple[str, QWidget]] = []
    if audit.allowed(actor, Action.EVALUATION_RECORD):  # a consulent starts the day with the werkvoorraad
        from desktop.ui.workload.page import WorkloadPage

        areas.append(("Mijn werkvoorraad", WorkloadPage(db, actor)))
    if audit.allowed(actor, Action.RESIDENT_SEARCH):
        from desktop.ui.residents.page import ResidentsPage

        areas.append(("Inwoners", ResidentsPage(db, actor)))
    if audit.allowed(actor, Action.DEADLINES_ALL):
        from desktop.ui.dashboard.page import DashboardPage

        areas.append(("Termijnen", DashboardPage(db, actor)))
    if audit.allowed(actor, Action.HOURS_ENTER):
        from desktop.ui.hours.import_wizard import HoursImportPage

        areas.append(("Uren inlezen", HoursImportPage(db, actor)))
    if audit.allowed(actor, Action.LETTER_QUEUE):
        from desktop.ui.letters.queue_page import LetterQueuePage

        areas.append(("Brieven", LetterQueuePage(db, actor)))
    if audit.allowed(actor, Action.IWMO_EXCHANGE):
        from desktop.ui.iwmo.page import IwmoPage
        from desktop.ui.widgets.lazy import LazyPage

        areas.append(("iWmo-berichten", LazyPage(lambda: IwmoPage(db, actor))))
    if audit.allowed(actor, Action.REPORTS_VIEW):
        from desktop.ui.reports.page import ReportsPage

        areas.append(("Rapportages", ReportsPage(db, actor)))
    if audit.allowed(actor, Action.AUDIT_VIEW):
        from desktop.ui.auditlog.page import AuditLogPage

        areas.append(("Toegangslog", AuditLogPage(db, actor)))
    if audit.allowed(actor, Action.USERS_MANAGE):
        from desktop.ui.admin.page import AdminPage

        areas.append(("Beheer", AdminPage(db, actor)))
    return areas


def landing_area(actor: Actor) -> str | None:
    """Where a role starts its day: a consulent in the werkvoorraad (first in the list), a casusregisseur on
    Termijnen, a medewerker in the letter queue, a beheerder in Beheer, a controller in the Rapportages."""
    from db.models.enums import Role

    return {Role.CASUSREGISSEUR: "Termijnen", Role.MEDEWERKER: "Brieven", Role.BEHEERDER: "Beheer",
            Role.CONTROLLER: "Rapportages"}.get(actor.role)
