"""Dutch labels for the closed value sets, shared by screens, letters and the CLI."""

from __future__ import annotations

from db.models.enums import (
    CaseOutcome,
    CaseStatus,
    Complexity,
    DecisionKind,
    DecisionStatus,
    DocumentKind,
    EvaluationOutcome,
    FinancingForm,
    IndicationCategory,
    JournalKind,
    Law,
    LifeDomain,
    MeldingSource,
    PersonRole,
    PlanStatus,
    ResultStatus,
    Role,
    SampleOutcome,
)

LAW = {Law.WMO: "Wmo 2015", Law.JEUGDWET: "Jeugdwet"}
ROLE = {Role.CONSULENT: "Consulent", Role.CASUSREGISSEUR: "Casusregisseur", Role.MEDEWERKER: "Medewerker",
        Role.BEHEERDER: "Beheerder", Role.CONTROLLER: "Controller"}
CASE_STATUS = {CaseStatus.MELDING: "Melding", CaseStatus.ONDERZOEK: "Onderzoek", CaseStatus.AANVRAAG: "Aanvraag",
               CaseStatus.LOPEND: "Lopend", CaseStatus.AFGESLOTEN: "Afgesloten"}
PLAN_STATUS = {PlanStatus.CONCEPT: "Concept", PlanStatus.AKKOORD: "Akkoord"}
DECISION_KIND = {DecisionKind.TOEKENNING: "Toekenning", DecisionKind.WIJZIGING: "Wijziging",
                 DecisionKind.AFWIJZING: "Afwijzing"}
DECISION_STATUS = {DecisionStatus.CONCEPT: "Concept", DecisionStatus.VASTGESTELD: "Vastgesteld",
                   DecisionStatus.VERZONDEN: "Verzonden", DecisionStatus.INGETROKKEN: "Ingetrokken",
                   DecisionStatus.VERVANGEN: "Vervangen", DecisionStatus.BEEINDIGD: "Beëindigd"}
COMPLEXITY = {Complexity.L: "L (licht)", Complexity.M: "M (midden)", Complexity.ZW: "ZW (zwaar)"}
CATEGORY = {IndicationCategory.BASIS: "Basis", IndicationCategory.INTENSIEF: "Intensief"}
FINANCING = {FinancingForm.UREN_X_TARIEF: "Uren × tarief", FinancingForm.BEDRAG_PER_MAAND: "Bedrag per maand",
             FinancingForm.BEDRAG_PER_TRAJECT: "Bedrag per traject"}
OUTCOME = {EvaluationOutcome.VOORTZETTEN: "Voortzetten", EvaluationOutcome.OPSCHALEN: "Opschalen",
           EvaluationOutcome.AFSCHALEN: "Afschalen", EvaluationOutcome.BEEINDIGEN: "Beëindigen"}
RESULT_STATUS = {ResultStatus.BEHAALD: "Behaald", ResultStatus.DEELS: "Deels behaald",
                 ResultStatus.NIET: "Niet behaald", ResultStatus.VERVALLEN: "Niet meer van toepassing"}
LIFE_DOMAIN = {
    LifeDomain.FINANCIEN: "Financiën", LifeDomain.WERK_OPLEIDING: "Werk & opleiding",
    LifeDomain.TIJDSBESTEDING: "Tijdsbesteding", LifeDomain.HUISVESTING: "Huisvesting",
    LifeDomain.HUISELIJKE_RELATIES: "Huiselijke relaties", LifeDomain.GEESTELIJKE_GEZONDHEID: "Geestelijke gezondheid",
    LifeDomain.LICHAMELIJKE_GEZONDHEID: "Lichamelijke gezondheid", LifeDomain.MIDDELENGEBRUIK: "Middelengebruik",
    LifeDomain.BASALE_ADL: "Basale ADL", LifeDomain.INSTRUMENTELE_ADL: "Instrumentele ADL",
    LifeDomain.SOCIAAL_NETWERK: "Sociaal netwerk",
    LifeDomain.MAATSCHAPPELIJKE_PARTICIPATIE: "Maatschappelijke participatie", LifeDomain.JUSTITIE: "Justitie",
}
SAMPLE_OUTCOME = {SampleOutcome.BEVESTIGD: "Bevestigd", SampleOutcome.NIET_BEVESTIGD: "Niet bevestigd",
                  SampleOutcome.MET_OPMERKING: "Met opmerking"}
ZRM_SCORE = {1: "acute problematiek", 2: "niet zelfredzaam", 3: "beperkt zelfredzaam", 4: "voldoende zelfredzaam",
             5: "volledig zelfredzaam"}
CONTRIBUTOR = {"inwoner": "inwoner", "netwerk": "netwerk", "voorliggend": "voorliggend veld",
               "aanbieder": "aanbieder", "gemeente": "gemeente"}


def contributors(text: str | None) -> str:
    if not text:
        return ""
    return ", ".join(CONTRIBUTOR.get(part.strip(), part.strip()) for part in text.split(",") if part.strip())

MELDING_SOURCE = {MeldingSource.INWONER: "De inwoner zelf", MeldingSource.NAASTE: "Een naaste (familie, buur)",
                  MeldingSource.VERWIJZING: "Een verwijzing (professional of organisatie)",
                  MeldingSource.HUISARTS: "Verwijzing door de huisarts",
                  MeldingSource.MEDISCH_SPECIALIST: "Verwijzing door een medisch specialist",
                  MeldingSource.JEUGDARTS: "Verwijzing door de jeugdarts"}
CASE_OUTCOME = {CaseOutcome.TOEKENNING: "Toekenning", CaseOutcome.AFWIJZING: "Afwijzing",
                CaseOutcome.INGETROKKEN: "Ingetrokken door de inwoner",
                CaseOutcome.EIGEN_KRACHT: "Eigen kracht volstaat",
                CaseOutcome.NETWERK: "Het netwerk volstaat",
                CaseOutcome.ALGEMENE_VOORZIENING: "Een algemene voorziening volstaat"}
PERSON_ROLE = {PersonRole.OUDER_MET_GEZAG: "ouder met gezag", PersonRole.VOOGD: "voogd",
               PersonRole.CURATOR: "curator", PersonRole.MENTOR: "mentor", PersonRole.BEWINDVOERDER: "bewindvoerder",
               PersonRole.HUISGENOOT: "huisgenoot", PersonRole.MANTELZORGER: "mantelzorger"}
JOURNAL_KIND = {JournalKind.GESPREK: "Gesprek", JournalKind.TELEFOON: "Telefoongesprek",
                JournalKind.HUISBEZOEK: "Huisbezoek", JournalKind.OVERLEG_AANBIEDER: "Overleg met aanbieder",
                JournalKind.OVERLEG_NETWERK: "Overleg met netwerk", JournalKind.EMAIL: "E-mail",
                JournalKind.OVERIG: "Overig"}
DOCUMENT_KIND = {DocumentKind.MEDISCH_ADVIES: "Medisch advies", DocumentKind.EIGEN_PLAN: "Eigen plan van de inwoner",
                 DocumentKind.ONDERTEKEND_FORMULIER: "Ondertekend formulier",
                 DocumentKind.CORRESPONDENTIE: "Correspondentie",
                 DocumentKind.RAPPORTAGE_AANBIEDER: "Rapportage van aanbieder", DocumentKind.OVERIG: "Overig"}
