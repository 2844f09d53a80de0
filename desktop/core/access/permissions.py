"""Who may do what: the one permission table of Koers.

Every core service asks `require(actor, Action.X)` before it reads or writes; the Beheer
area shows this same table. A consulent works on their own caseload; opening another
consulent's resident needs a reason, which goes into the access log.
"""

from __future__ import annotations

from enum import StrEnum

from db.models.enums import Role


class Action(StrEnum):
    RESIDENT_SEARCH = "inwoner.zoeken"
    RESIDENT_VIEW = "inwoner.inzien"
    RESIDENT_VIEW_OTHER = "inwoner.inzien_buiten_caseload"
    RESIDENT_CREATE = "inwoner.registreren"
    RESIDENT_UPDATE = "inwoner.wijzigen"
    PLAN_VIEW = "plan.inzien"
    PLAN_EDIT = "plan.bewerken"
    DECISION_VIEW = "beschikking.inzien"
    DECISION_EDIT = "beschikking.bewerken"
    HOURS_ENTER = "uren.invoeren"
    EVALUATION_RECORD = "evaluatie.vastleggen"
    CASE_INTAKE = "casus.melding"
    CASE_ASSIGN = "casus.toewijzen"
    DEADLINES_ALL = "termijnen.hele_team"
    LETTER_QUEUE = "brieven.wachtrij"
    LETTER_SEND = "brieven.verzenden"
    AUDIT_VIEW = "toegangslog.inzien"
    AUDIT_EXPORT = "toegangslog.exporteren"
    AUDIT_UNDO = "wijziging.terugdraaien"
    USERS_MANAGE = "gebruikers.beheren"
    CATALOG_MANAGE = "catalogus.beheren"
    LETTER_TEXTS_MANAGE = "brieftekst.beheren"
    SETTINGS_MANAGE = "instellingen.beheren"
    REPORTS_VIEW = "rapportages.inzien"
    REPORTS_ACCOUNTS = "rapportages.verhalen"
    BUDGET_MANAGE = "begroting.beheren"
    SAMPLE_CHECK = "steekproef.uitvoeren"
    JOURNAL_VIEW = "journaal.inzien"
    JOURNAL_WRITE = "journaal.vastleggen"
    DOCUMENT_VIEW = "document.inzien"
    DOCUMENT_ADD = "document.toevoegen"
    IWMO_EXCHANGE = "iwmo.berichten"
    PRIVACY_EXPORT = "inwoner.inzage_exporteren"
    CASEFILE_IMPORT = "dossiers.importeren"
    RETENTION_MANAGE = "bewaartermijnen.beheren"


ACTION_LABELS: dict[Action, str] = {
    Action.RESIDENT_SEARCH: "Inwoners zoeken",
    Action.RESIDENT_VIEW: "Dossier inzien (eigen caseload)",
    Action.RESIDENT_VIEW_OTHER: "Dossier inzien buiten eigen caseload",
    Action.RESIDENT_CREATE: "Inwoner registreren",
    Action.RESIDENT_UPDATE: "Persoonsgegevens wijzigen",
    Action.PLAN_VIEW: "Ondersteuningsplan inzien",
    Action.PLAN_EDIT: "Ondersteuningsplan bewerken",
    Action.DECISION_VIEW: "Beschikkingen en uren inzien",
    Action.DECISION_EDIT: "Beschikkingen opstellen en wijzigen",
    Action.HOURS_ENTER: "Gerealiseerde uren invoeren en importeren",
    Action.EVALUATION_RECORD: "Evaluaties vastleggen",
    Action.CASE_INTAKE: "Meldingen en aanvragen vastleggen, casussen afsluiten",
    Action.CASE_ASSIGN: "Casussen toewijzen aan consulenten",
    Action.DEADLINES_ALL: "Termijnen en evaluaties van het hele team volgen",
    Action.LETTER_QUEUE: "Brievenwachtrij en afdrukken",
    Action.LETTER_SEND: "Brieven als verzonden markeren",
    Action.AUDIT_VIEW: "Toegangslog inzien",
    Action.AUDIT_EXPORT: "Toegangslog exporteren (CSV)",
    Action.AUDIT_UNDO: "Een vastgelegde wijziging terugdraaien",
    Action.USERS_MANAGE: "Gebruikers beheren",
    Action.CATALOG_MANAGE: "Aanbieders, producten en tarieven beheren",
    Action.LETTER_TEXTS_MANAGE: "Briefteksten beheren",
    Action.SETTINGS_MANAGE: "Instellingen beheren",
    Action.REPORTS_VIEW: "Rapportages inzien (cijfers, geen namen)",
    Action.REPORTS_ACCOUNTS: "Evaluatieverhalen in de rapportages lezen",
    Action.BUDGET_MANAGE: "Begroting per wet en productgroep vaststellen",
    Action.SAMPLE_CHECK: "Steekproeven van gerealiseerde uren trekken en controleren",
    Action.JOURNAL_VIEW: "Contactjournaal lezen",
    Action.JOURNAL_WRITE: "Contacten in het journaal vastleggen en corrigeren",
    Action.DOCUMENT_VIEW: "Documenten in het dossier openen",
    Action.DOCUMENT_ADD: "Documenten toevoegen en verwijderen",
    Action.IWMO_EXCHANGE: "iWmo/iJw-berichten: toewijzingen (301) maken, declaraties (323) inlezen",
    Action.PRIVACY_EXPORT: "Inzageverzoek: het hele dossier van een inwoner exporteren (PDF en JSON)",
    Action.CASEFILE_IMPORT: "Dossiers uit een ander systeem importeren",
    Action.RETENTION_MANAGE: "Bewaartermijnen instellen, verlopen dossiers vernietigen of anonimiseren",
}
_A = Action
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.CONSULENT: frozenset({
        _A.RESIDENT_SEARCH, _A.RESIDENT_VIEW, _A.RESIDENT_VIEW_OTHER, _A.RESIDENT_CREATE, _A.RESIDENT_UPDATE,
        _A.PLAN_VIEW, _A.PLAN_EDIT, _A.DECISION_VIEW, _A.DECISION_EDIT, _A.EVALUATION_RECORD, _A.CASE_INTAKE,
        _A.JOURNAL_VIEW, _A.JOURNAL_WRITE, _A.DOCUMENT_VIEW, _A.DOCUMENT_ADD,
    }),
    Role.CASUSREGISSEUR: frozenset({
        _A.RESIDENT_SEARCH, _A.RESIDENT_VIEW, _A.RESIDENT_VIEW_OTHER, _A.PLAN_VIEW, _A.DECISION_VIEW,
        _A.CASE_ASSIGN, _A.DEADLINES_ALL, _A.AUDIT_VIEW, _A.AUDIT_EXPORT, _A.AUDIT_UNDO, _A.REPORTS_VIEW,
        _A.REPORTS_ACCOUNTS, _A.SAMPLE_CHECK, _A.JOURNAL_VIEW, _A.JOURNAL_WRITE, _A.DOCUMENT_VIEW,
        _A.PRIVACY_EXPORT,
    }),
    # The letters and the hours, not the conversations: no journal and no documents.
    Role.MEDEWERKER: frozenset({
        _A.RESIDENT_SEARCH, _A.RESIDENT_VIEW, _A.RESIDENT_VIEW_OTHER, _A.DECISION_VIEW, _A.HOURS_ENTER,
        _A.LETTER_QUEUE, _A.LETTER_SEND, _A.IWMO_EXCHANGE,
    }),
    Role.BEHEERDER: frozenset({
        _A.AUDIT_VIEW, _A.AUDIT_EXPORT, _A.USERS_MANAGE, _A.CATALOG_MANAGE, _A.LETTER_TEXTS_MANAGE,
        _A.SETTINGS_MANAGE, _A.BUDGET_MANAGE,
        # The AVG requests (access, retention, files moving in) are handled by the functional administration.
        _A.PRIVACY_EXPORT, _A.CASEFILE_IMPORT, _A.RETENTION_MANAGE,
    }),
    # Finance and control, policy and contract management: figures and anonymised lists only. No action here
    # opens a resident, a plan or an evaluation's words, and the report services never hand it a name or BSN.
    Role.CONTROLLER: frozenset({
        _A.REPORTS_VIEW, _A.BUDGET_MANAGE, _A.SAMPLE_CHECK,
    }),
}
# Allowed, but only with a reason that is written to the access log.
NEEDS_REASON: dict[Role, frozenset[Action]] = {
    Role.CONSULENT: frozenset({_A.RESIDENT_VIEW_OTHER}),
}


def allows(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]


def needs_reason(role: Role, action: Action) -> bool:
    return action in NEEDS_REASON.get(role, frozenset())


def table() -> list[tuple[str, dict[Role, str]]]:
    """The permission table as the Beheer area shows it: per action, per role 'ja', 'met reden' or ''."""
    rows = []
    for action in Action:
        cells = {role: ("met reden" if needs_reason(role, action) else "ja") if allows(role, action) else ""
                 for role in Role}
        rows.append((ACTION_LABELS[action], cells))
    return rows
