"""The case file format's plain fields: for each kind of record, which JSON key holds which column as which type.

One table per record serves both directions (export writes through it, import reads and checks through it), so
the two cannot drift apart. References between records (a decision's plan version, the results it serves, the
people a plan names) are not columns and are handled by case_export and case_import themselves.
"""

from __future__ import annotations

import base64
import binascii
import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from db.models import (
    Beschikking,
    CaseDocument,
    Casus,
    Correction,
    DomainAssessment,
    Evaluation,
    Goal,
    JournalEntry,
    Letter,
    Period,
    Plan,
    Realisation,
    RelatedPerson,
    Resident,
    Result,
)
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
    LetterKind,
    LifeDomain,
    MeldingSource,
    PersonRole,
    PlanStatus,
    RealisationSource,
    ResultStatus,
    Salutation,
)

FORMAT = "koers-dossier"
VERSION = 1


class Kind(enum.Enum):
    TEXT = "tekst"
    INT = "geheel getal"
    BOOL = "true of false"
    DATE = "datum (JJJJ-MM-DD)"
    MOMENT = "moment (ISO 8601 met tijdzone)"


@dataclass(frozen=True)
class Spec:
    key: str  # the JSON key
    attr: str  # the model's attribute
    kind: Kind | type[enum.StrEnum] = Kind.TEXT
    required: bool = False


def _s(key: str, attr: str, kind: Kind | type[enum.StrEnum] = Kind.TEXT, required: bool = False) -> Spec:
    return Spec(key, attr, kind, required)


T, N, B, D, M = Kind.TEXT, Kind.INT, Kind.BOOL, Kind.DATE, Kind.MOMENT

RESIDENT = (
    _s("clientnummer", "client_number"), _s("bsn", "bsn"), _s("aanhef", "salutation", Salutation, True),
    _s("voorletters", "initials", T, True), _s("roepnaam", "first_name"), _s("tussenvoegsel", "prefix"),
    _s("achternaam", "surname", T, True), _s("geboortedatum", "date_of_birth", D, True), _s("straat", "street"),
    _s("huisnummer", "house_number", N), _s("huisnummertoevoeging", "house_number_suffix"),
    _s("postcode", "postcode"), _s("woonplaats", "city"), _s("telefoon", "phone"), _s("email", "email"),
    _s("geregistreerd_op", "created_at", M, True), _s("gewijzigd_op", "updated_at", M),
)
PERSON = (
    _s("rol", "role", PersonRole, True), _s("aanhef", "salutation", Salutation, True),
    _s("voorletters", "initials", T, True), _s("tussenvoegsel", "prefix"), _s("achternaam", "surname", T, True),
    _s("straat", "street"), _s("huisnummer", "house_number", N), _s("huisnummertoevoeging", "house_number_suffix"),
    _s("postcode", "postcode"), _s("woonplaats", "city"), _s("telefoon", "phone"), _s("email", "email"),
    _s("geldig_van", "valid_from", D), _s("geldig_tot", "valid_to", D), _s("geregistreerd_op", "created_at", M, True),
)
CORRECTION = (
    _s("gecorrigeerd_op", "corrected_at", M, True), _s("reden", "reason", T, True),
)
CASUS = (
    _s("wet", "law", Law, True), _s("status", "status", CaseStatus, True), _s("melding_datum", "melding_date", D, True),
    _s("aanvraag_datum", "aanvraag_date", D), _s("afgesloten_datum", "closed_date", D), _s("vraag", "question"),
    _s("binnengekomen_via", "came_in_via", MeldingSource), _s("verwijzer", "referrer"),
    _s("eigen_plan_datum", "personal_plan_date", D),
    _s("clientondersteuning_gemeld", "clientondersteuning_informed", B, True),
    _s("ontvangstbevestiging_wacht", "receipt_due", B, True), _s("onderzoek_klaar_datum", "research_done_date", D),
    _s("verslag_verzonden_datum", "report_sent_date", D), _s("uitkomst", "outcome", CaseOutcome),
    _s("uitkomst_datum", "outcome_date", D), _s("uitkomst_reden", "outcome_reason"),
    _s("geregistreerd_op", "created_at", M, True),
)
PLAN = (
    _s("versie", "version_no", N, True), _s("status", "status", PlanStatus, True), _s("vraag", "question"),
    _s("wat_belangrijk_is", "what_matters"), _s("omstandigheden", "circumstances"),
    _s("akkoord_datum", "agreed_date", D), _s("aangemaakt_op", "created_at", M, True),
    _s("gewijzigd_op", "updated_at", M),
)
DOMAIN = (
    _s("domein", "domain", LifeDomain, True), _s("relevant", "relevant", B, True), _s("score", "score", N),
    _s("situatie", "situation"), _s("behoeften", "needs"), _s("eigen_kracht", "resources"),
    _s("motivatie", "motivation"), _s("bereidheid", "readiness"),
)
GOAL = (_s("domein", "domain", LifeDomain), _s("omschrijving", "description", T, True))
RESULT = (
    _s("omschrijving", "description", T, True), _s("indicator", "indicator"), _s("streefdatum", "target_date", D),
    _s("wie_draagt_bij", "contributors"), _s("prioriteit", "priority", N, True),
)
DECISION = (
    _s("toewijzingnummer", "toewijzing_nummer", T, True), _s("soort", "kind", DecisionKind, True),
    _s("status", "status", DecisionStatus, True), _s("niveau", "complexity", Complexity, True),
    _s("categorie", "category", IndicationCategory, True), _s("financiering", "financing_form", FinancingForm, True),
    _s("periode_weken", "period_weeks", N, True), _s("aantal_perioden", "period_count", N, True),
    _s("minuten_per_periode", "minutes_per_period", N), _s("geindiceerde_minuten", "indicated_minutes", N, True),
    _s("extra_minuten", "surplus_minutes", N, True), _s("bandbreedte_min_minuten_per_week", "bandwidth_min_minutes", N),
    _s("bandbreedte_max_minuten_per_week", "bandwidth_max_minutes", N),
    _s("niet_verschenen_telt", "no_show_counts", B, True), _s("tarief_centen_per_uur", "tariff_cents", N, True),
    _s("vast_bedrag_centen", "fixed_amount_cents", N), _s("ingangsdatum", "start_date", D, True),
    _s("einddatum", "end_date", D, True), _s("motivering", "motivation"), _s("vastgesteld_op", "established_date", D),
    _s("verzonden_op", "sent_date", D), _s("wijzigingsreden", "change_reason_code"),
    _s("wijziging_per", "change_effective_date", D), _s("reden_einde", "end_reason_code"),
    _s("beeindigd_op", "ended_date", D), _s("aangemaakt_op", "created_at", M, True),
)
PERIOD = (
    _s("nummer", "number", N, True), _s("van", "start_date", D, True), _s("tot_en_met", "end_date", D, True),
    _s("aandeel_minuten", "share_minutes", N, True),
)
HOURS = (
    _s("datum", "service_date", D, True), _s("vanaf", "covers_from", D), _s("minuten", "minutes", N, True),
    _s("niet_verschenen", "no_show", B, True), _s("bron", "source", RealisationSource, True),
    _s("ingevoerd_op", "entered_at", M, True),
)
EVALUATION = (
    _s("gepland", "planned_date", D, True), _s("gedaan", "done_date", D), _s("uitkomst", "outcome", EvaluationOutcome),
    _s("samenvatting", "summary"), _s("volgende", "next_date", D), _s("aangemaakt_op", "created_at", M, True),
)
EVALUATION_RESULT = (_s("status", "status", ResultStatus, True), _s("toelichting", "account"))
DOMAIN_SCORE = (_s("domein", "domain", LifeDomain, True), _s("score", "score", N, True))
JOURNAL = (
    _s("soort", "kind", JournalKind, True), _s("datum", "contact_date", D, True), _s("met_wie", "with_whom"),
    _s("samenvatting", "summary", T, True), _s("afspraken", "agreements"), _s("vervolgdatum", "follow_up_date", D),
    _s("vervolg_gedaan_op", "follow_up_done_date", D), _s("correctiereden", "correction_reason"),
    _s("vastgelegd_op", "created_at", M, True),
)
DOCUMENT = (
    _s("soort", "kind", DocumentKind, True), _s("titel", "title", T, True), _s("bestandsnaam", "filename", T, True),
    _s("mediatype", "media_type", T, True), _s("grootte_bytes", "size_bytes", N, True),
    _s("sha256", "sha256", T, True), _s("documentdatum", "document_date", D),
    _s("toegevoegd_op", "created_at", M, True), _s("verwijderd_op", "removed_at", M),
    _s("reden_verwijdering", "removal_reason"),
)
LETTER = (
    _s("kenmerk", "kenmerk", T, True), _s("soort", "kind", LetterKind, True), _s("briefdatum", "letter_date", D),
    _s("uitgegeven_op", "issued_at", M, True), _s("verzonden_op", "sent_date", D), _s("sha256", "sha256", T, True),
)

# Which model each table fills (for the documentation and the round-trip test).
MODELS: dict[str, type[Any]] = {
    "inwoner": Resident, "persoon": RelatedPerson, "correctie": Correction, "casus": Casus, "plan": Plan,
    "domein": DomainAssessment, "doel": Goal, "resultaat": Result, "beschikking": Beschikking, "periode": Period,
    "uren": Realisation, "evaluatie": Evaluation, "journaal": JournalEntry, "document": CaseDocument,
    "brief": Letter,
}


_MODEL_OF: dict[int, type[Any]] = {id(specs): model for specs, model in (
    (RESIDENT, Resident), (PERSON, RelatedPerson), (CORRECTION, Correction), (CASUS, Casus), (PLAN, Plan),
    (DOMAIN, DomainAssessment), (GOAL, Goal), (RESULT, Result), (DECISION, Beschikking), (PERIOD, Period),
    (HOURS, Realisation), (EVALUATION, Evaluation), (JOURNAL, JournalEntry), (DOCUMENT, CaseDocument),
    (LETTER, Letter))}


def to_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not a case file value: {type(value).__name__}")


def write(obj: Any, specs: tuple[Spec, ...]) -> dict[str, Any]:
    return {spec.key: to_json(getattr(obj, spec.attr)) for spec in specs}


def b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


class Problems:
    """Everything wrong with a file, each with where it is; collected so the user sees the whole list at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}" if where else message)

    def __bool__(self) -> bool:
        return bool(self.items)


def read(data: Any, specs: tuple[Spec, ...], where: str, problems: Problems, model: type[Any] | None = None
         ) -> dict[str, Any] | None:
    """The model values of one JSON object, checked against its table; None (and problems) when it is not one.
    With `model`, a text longer than its column allows is a problem here too, not a database error later."""
    if not isinstance(data, dict):
        problems.add(where, "hier hoort een object ({...}) te staan.")
        return None
    model = model or _MODEL_OF.get(id(specs))
    lengths = _lengths(model) if model is not None else {}
    values: dict[str, Any] = {}
    for spec in specs:
        raw = data.get(spec.key)
        if raw is None:
            if spec.required:
                problems.add(where, f"het veld '{spec.key}' ontbreekt; het is verplicht.")
            values[spec.attr] = None
            continue
        parsed = _parse(raw, spec.kind)
        if parsed is _BAD:
            problems.add(where, f"'{spec.key}' moet een {_kind_name(spec.kind)} zijn, niet {_shown(raw)}.")
            values[spec.attr] = None
            continue
        if isinstance(parsed, str) and spec.kind is Kind.TEXT:
            if spec.required and not parsed.strip():
                problems.add(where, f"'{spec.key}' is leeg; het is verplicht.")
            limit = lengths.get(spec.attr)
            if limit is not None and len(parsed) > limit:
                problems.add(where, f"'{spec.key}' is {len(parsed)} tekens lang; er passen er {limit} in.")
        values[spec.attr] = parsed
    return values


def _lengths(model: type[Any]) -> dict[str, int]:
    """The most characters each text column of a model holds (no limit: not listed)."""
    return {column.key: length for column in model.__table__.columns
            if (length := getattr(column.type, "length", None)) is not None}


_BAD = object()


def _kind_name(kind: Kind | type[enum.StrEnum]) -> str:
    if isinstance(kind, Kind):
        return kind.value
    return "van de waarden " + ", ".join(f"'{m.value}'" for m in kind)


def _shown(raw: Any) -> str:
    text = repr(raw) if not isinstance(raw, str) else f"'{raw}'"
    return text if len(text) <= 40 else text[:37] + "...'"


def _parse(raw: Any, kind: Kind | type[enum.StrEnum]) -> Any:
    if kind is Kind.TEXT:
        return raw if isinstance(raw, str) else _BAD
    if kind is Kind.INT:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else _BAD
    if kind is Kind.BOOL:
        return raw if isinstance(raw, bool) else _BAD
    if kind is Kind.DATE:
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else _BAD
        except ValueError:
            return _BAD
    if kind is Kind.MOMENT:
        try:
            moment = datetime.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            return _BAD
        if moment is None or moment.tzinfo is None:
            return _BAD
        return moment.astimezone(UTC)
    assert isinstance(kind, type) and issubclass(kind, enum.StrEnum)
    try:
        return kind(raw) if isinstance(raw, str) else _BAD
    except ValueError:
        return _BAD


def unb64(raw: Any) -> bytes | None:
    if not isinstance(raw, str):
        return None
    try:
        return base64.b64decode(raw.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
