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
    # Finance and control, policy, contract management: figures and anonymised lists, never a name or plan text.
    CONTROLLER = "controller"


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


class MeldingSource(StrEnum):
    """How a melding came in. The last three are the Jeugdwet's own referrers (art. 2.6 lid 1 onder g)."""

    INWONER = "inwoner"
    NAASTE = "naaste"
    VERWIJZING = "verwijzing"
    HUISARTS = "huisarts"
    MEDISCH_SPECIALIST = "medisch_specialist"
    JEUGDARTS = "jeugdarts"


JEUGDWET_REFERRERS = frozenset({MeldingSource.HUISARTS, MeldingSource.MEDISCH_SPECIALIST, MeldingSource.JEUGDARTS})
REFERRALS = JEUGDWET_REFERRERS | {MeldingSource.VERWIJZING}  # the referrer is recorded


class PersonRole(StrEnum):
    """A person around the resident: a legal representative, a household member or an informal carer."""

    OUDER_MET_GEZAG = "ouder_met_gezag"
    VOOGD = "voogd"
    CURATOR = "curator"
    MENTOR = "mentor"
    BEWINDVOERDER = "bewindvoerder"
    HUISGENOOT = "huisgenoot"
    MANTELZORGER = "mantelzorger"


GEZAG = frozenset({PersonRole.OUDER_MET_GEZAG, PersonRole.VOOGD})  # who decides for a minor: letters go to them
# Who represents an adult in matters of care (BW 1:381, 1:454): a curator (everything), a mentor (care and
# support). Decisions about support go to them. A bewindvoerder manages money only, so is not addressed.
REPRESENTS_ADULT = (PersonRole.CURATOR, PersonRole.MENTOR)  # in this order: a curator goes before a mentor
LETTER_ROLES = GEZAG | frozenset(REPRESENTS_ADULT)  # roles that receive letters: their address is required


class CaseOutcome(StrEnum):
    """How a casus ended; the last three close it without an aanvraag and count in the reports."""

    TOEKENNING = "toekenning"
    AFWIJZING = "afwijzing"
    INGETROKKEN = "ingetrokken"
    EIGEN_KRACHT = "eigen_kracht"
    NETWERK = "netwerk"
    ALGEMENE_VOORZIENING = "algemene_voorziening"


WITHOUT_AANVRAAG = frozenset({CaseOutcome.EIGEN_KRACHT, CaseOutcome.NETWERK, CaseOutcome.ALGEMENE_VOORZIENING})


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
    """Every letter Koers sends: the four about a decision, 'uw nieuwe contactpersoon' after a hand-over, and
    the two of the intake: the receipt of a melding and the report of the research (verslag)."""

    TOEKENNING = "toekenning"
    WIJZIGING = "wijziging"
    AFWIJZING = "afwijzing"
    BEEINDIGING = "beeindiging"
    CONTACTPERSOON = "contactpersoon"
    ONTVANGSTBEVESTIGING = "ontvangstbevestiging"
    VERSLAG = "verslag"


DECISION_LETTERS = frozenset({LetterKind.TOEKENNING, LetterKind.WIJZIGING, LetterKind.AFWIJZING,
                              LetterKind.BEEINDIGING})
CASE_LETTERS = frozenset({LetterKind.ONTVANGSTBEVESTIGING, LetterKind.VERSLAG})


class SampleOutcome(StrEnum):
    """What checking one sampled realisation line with the provider's records showed."""
    BEVESTIGD = "bevestigd"
    NIET_BEVESTIGD = "niet_bevestigd"
    MET_OPMERKING = "met_opmerking"


class JournalKind(StrEnum):
    """The kinds of contact a consulent records in the contact journal."""

    GESPREK = "gesprek"
    TELEFOON = "telefoon"
    HUISBEZOEK = "huisbezoek"
    OVERLEG_AANBIEDER = "overleg_aanbieder"
    OVERLEG_NETWERK = "overleg_netwerk"
    EMAIL = "email"
    OVERIG = "overig"


class DocumentKind(StrEnum):
    """What a document attached to a casus is."""

    MEDISCH_ADVIES = "medisch_advies"
    EIGEN_PLAN = "eigen_plan"
    ONDERTEKEND_FORMULIER = "ondertekend_formulier"
    CORRESPONDENTIE = "correspondentie"
    RAPPORTAGE_AANBIEDER = "rapportage_aanbieder"
    OVERIG = "overig"
