"""Closed value sets of the domain. Values are the Dutch words stored in the database.

Code lists that belong to a national standard (iWmo product categories, units,
reasons) are reference data in the `reference_code` table, not enums here.
"""

from enum import StrEnum


class Law(StrEnum):
    WMO = "wmo"
    JEUGDWET = "jeugdwet"


class Role(StrEnum):
    CONSULENT = "consulent"
    CASUSREGISSEUR = "casusregisseur"
    MEDEWERKER = "medewerker"
    BEHEERDER = "beheerder"


class Salutation(StrEnum):
    """How a letter addresses the resident; 'neutraal' avoids guessing a gender."""
    MEVROUW = "mevrouw"
    HEER = "heer"
    NEUTRAAL = "neutraal"


class CaseStatus(StrEnum):
    MELDING = "melding"
    ONDERZOEK = "onderzoek"
    AANVRAAG = "aanvraag"
    LOPEND = "lopend"
    AFGESLOTEN = "afgesloten"


class PlanStatus(StrEnum):
    CONCEPT = "concept"
    AKKOORD = "akkoord"


class LifeDomain(StrEnum):
    """The 13 domains of the Zelfredzaamheid-Matrix (names only; criteria texts are GGD Amsterdam's)."""
    FINANCIEN = "financien"
    WERK_OPLEIDING = "werk_opleiding"
    TIJDSBESTEDING = "tijdsbesteding"
    HUISVESTING = "huisvesting"
    HUISELIJKE_RELATIES = "huiselijke_relaties"
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid"
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid"
    MIDDELENGEBRUIK = "middelengebruik"
    BASALE_ADL = "basale_adl"
    INSTRUMENTELE_ADL = "instrumentele_adl"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke_participatie"
    JUSTITIE = "justitie"


class Complexity(StrEnum):
    L = "L"
    M = "M"
    ZW = "ZW"


class IndicationCategory(StrEnum):
    BASIS = "basis"
    INTENSIEF = "intensief"


class FinancingForm(StrEnum):
    UREN_X_TARIEF = "uren_x_tarief"
    BEDRAG_PER_MAAND = "bedrag_per_maand"
    BEDRAG_PER_TRAJECT = "bedrag_per_traject"


class DecisionKind(StrEnum):
    TOEKENNING = "toekenning"
    WIJZIGING = "wijziging"
    AFWIJZING = "afwijzing"


class DecisionStatus(StrEnum):
    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"
    VERZONDEN = "verzonden"
    INGETROKKEN = "ingetrokken"
    VERVANGEN = "vervangen"
    BEEINDIGD = "beeindigd"


class RealisationSource(StrEnum):
    HAND = "hand"
    IMPORT = "import"


class ResultStatus(StrEnum):
    BEHAALD = "behaald"
    DEELS = "deels"
    NIET = "niet"
    VERVALLEN = "vervallen"


class EvaluationOutcome(StrEnum):
    VOORTZETTEN = "voortzetten"
    OPSCHALEN = "opschalen"
    AFSCHALEN = "afschalen"
    BEEINDIGEN = "beeindigen"


class LetterKind(StrEnum):
    """Every letter Koers sends: the four about a decision, and 'uw nieuwe contactpersoon' after a hand-over."""

    TOEKENNING = "toekenning"
    WIJZIGING = "wijziging"
    AFWIJZING = "afwijzing"
    BEEINDIGING = "beeindiging"
    CONTACTPERSOON = "contactpersoon"


DECISION_LETTERS = frozenset({LetterKind.TOEKENNING, LetterKind.WIJZIGING, LetterKind.AFWIJZING,
                              LetterKind.BEEINDIGING})
