"""Which areas the side bar shows for a role: only areas that work and that the role may use.

An area is made by a maker the first time it is shown: signing in builds (and imports) only the area a role
starts in, so its first screen is there sooner; the others cost nothing until someone opens them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from db.engine import Database
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action

AreaMaker = Callable[[], QWidget]


def area_makers(db: Database, actor: Actor) -> list[tuple[str, AreaMaker]]:
    """The role's areas in side-bar order, each as a maker; a page's module is imported when it is made."""
    makers: list[tuple[str, AreaMaker]] = []
    if audit.allowed(actor, Action.EVALUATION_RECORD):  # a consulent starts the day with the werkvoorraad
        def workload() -> QWidget:
            from desktop.ui.workload.page import WorkloadPage

            return WorkloadPage(db, actor)

        makers.append(("Mijn werkvoorraad", workload))
    if audit.allowed(actor, Action.RESIDENT_SEARCH):
        def residents() -> QWidget:
            from desktop.ui.residents.page import ResidentsPage

            return ResidentsPage(db, actor)

        makers.append(("Inwoners", residents))
    if audit.allowed(actor, Action.DEADLINES_ALL):
        def dashboard() -> QWidget:
            from desktop.ui.dashboard.page import DashboardPage

            return DashboardPage(db, actor)

        makers.append(("Termijnen", dashboard))
    if audit.allowed(actor, Action.HOURS_ENTER):
        def hours() -> QWidget:
            from desktop.ui.hours.import_wizard import HoursImportPage

            return HoursImportPage(db, actor)

        makers.append(("Uren inlezen", hours))
    if audit.allowed(actor, Action.LETTER_QUEUE):
        def letters() -> QWidget:
            from desktop.ui.letters.queue_page import LetterQueuePage

            return LetterQueuePage(db, actor)

        makers.append(("Brieven", letters))
    if audit.allowed(actor, Action.IWMO_EXCHANGE):
        def iwmo() -> QWidget:
            from desktop.ui.iwmo.page import IwmoPage
            from desktop.ui.widgets.lazy import LazyPage

            # Still built on its first show event, also when a test asks for the area without showing it.
            return LazyPage(lambda: IwmoPage(db, actor))

        makers.append(("iWmo-berichten", iwmo))
    if audit.allowed(actor, Action.REPORTS_VIEW):
        def reports() -> QWidget:
            from desktop.ui.reports.page import ReportsPage

            return ReportsPage(db, actor)

        makers.append(("Rapportages", reports))
    if audit.allowed(actor, Action.AUDIT_VIEW):
        def auditlog() -> QWidget:
            from desktop.ui.auditlog.page import AuditLogPage

            return AuditLogPage(db, actor)

        makers.append(("Toegangslog", auditlog))
    if audit.allowed(actor, Action.USERS_MANAGE):
        def admin() -> QWidget:
            from desktop.ui.admin.page import AdminPage

            return AdminPage(db, actor)

        makers.append(("Beheer", admin))
    return makers


def areas_for(db: Database, actor: Actor) -> list[tuple[str, QWidget]]:
    """Every area of the role, built now (tests that look at all pages at once)."""
    return [(name, make()) for name, make in area_makers(db, actor)]


def landing_area(actor: Actor) -> str | None:
    """Where a role starts its day: a consulent in the werkvoorraad (first in the list), a casusregisseur on
    Termijnen, a medewerker in the letter queue, a beheerder in Beheer, a controller in the Rapportages."""
    from db.models.enums import Role

    return {Role.CASUSREGISSEUR: "Termijnen", Role.MEDEWERKER: "Brieven", Role.BEHEERDER: "Beheer",
            Role.CONTROLLER: "Rapportages"}.get(actor.role)
