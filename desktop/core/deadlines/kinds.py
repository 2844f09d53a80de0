"""The six kinds of deadline Koers computes, their Dutch labels and their order."""

from __future__ import annotations

from enum import StrEnum

from db.models.enums import DecisionStatus


class DeadlineKind(StrEnum):
    ONDERZOEK = "onderzoek"
    BESLUIT = "besluit"
    EVALUATIE = "evaluatie"
    AFLOOP = "afloop"
    BRIEF = "brief"
    OPVOLGING = "opvolging"  # the follow-up date of a contact in the journal


KIND_LABELS: dict[DeadlineKind, str] = {
    DeadlineKind.ONDERZOEK: "Onderzoek na melding",
    DeadlineKind.BESLUIT: "Besluit na aanvraag",
    DeadlineKind.EVALUATIE: "Evaluatie",
    DeadlineKind.AFLOOP: "Beschikking loopt af",
    DeadlineKind.BRIEF: "Brief niet verzonden",
    DeadlineKind.OPVOLGING: "Opvolging contact",
}
KIND_ORDER = {k: i for i, k in enumerate(DeadlineKind)}
ACTIVE_DECISION = (DecisionStatus.VASTGESTELD, DecisionStatus.VERZONDEN)
