"""All tables. Importing this package registers every model on SQLModel.metadata."""

from db.models.audit import AuditEntry, Setting
from db.models.base import SQLModel  # noqa: F401  (naming convention first)
from db.models.calendar import EquatedHoliday
from db.models.casefile import CaseDocument, DocumentContent, DomainPerson, JournalEntry, ResultPerson
from db.models.catalog import Aanbieder, Contract, Product, ReferenceCode, Tariff
from db.models.clients import Casus, Correction, RelatedPerson, Resident
from db.models.contact_letters import ContactLetter
from db.models.control import Budget, Sample, SampleLine
from db.models.decisions import (
    Beschikking,
    BeschikkingResult,
    DecisionMonth,
    DecisionPeriod,
    MonthTotal,
    Period,
)
from db.models.drafts import Draft
from db.models.evaluations import Evaluation, EvaluationDomainScore, EvaluationResult
from db.models.hours import Realisation
from db.models.iwmo import IwmoAssignment, IwmoMessage, IwmoPrestatie
from db.models.letters import Letter, LetterBatch, LetterLogo, LetterText
from db.models.plans import DomainAssessment, Goal, Plan, Result
from db.models.users import User

__all__ = [
    "Aanbieder", "AuditEntry", "IwmoAssignment", "IwmoMessage", "IwmoPrestatie", "CaseDocument", "DocumentContent", "DomainPerson", "JournalEntry", "ResultPerson", "Beschikking", "BeschikkingResult", "Budget", "DecisionMonth", "DecisionPeriod", "MonthTotal", "Casus", "ContactLetter", "Correction", "Contract",
    "DomainAssessment", "Draft",
    "EquatedHoliday", "Evaluation", "EvaluationDomainScore", "EvaluationResult", "Goal", "Letter", "LetterBatch",
    "LetterLogo", "LetterText",
    "Period", "Plan", "Product", "Realisation", "ReferenceCode", "RelatedPerson", "Resident", "Result", "Sample", "SampleLine", "Setting",
    "Tariff", "User",
]
