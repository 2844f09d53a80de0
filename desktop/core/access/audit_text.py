"""The access log in words a privacy officer reads: Dutch actions, field labels, names and values.

The log stores what Koers did in its own terms (`uren.invoeren`, `{"minutes": [None, 90]}`,
`{"consulent_id": [3, 7]}`); this module turns a line into 'Uren geboekt' and 'Uren: 1,5 uur',
'Vaste consulent: J. de Vries → P. Bakker'. Qt-free, shared by the screen, the CSV export and the CLI.
A BSN is shown as the log holds it: masked (and masked again here, should a full one ever slip in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from sqlmodel import col, select

from db.models import User
from db.models.enums import (
    CaseOutcome,
    Complexity,
    DecisionKind,
    DocumentKind,
    EvaluationOutcome,
    FinancingForm,
    IndicationCategory,
    JournalKind,
    Law,
    MeldingSource,
    PersonRole,
    ResultStatus,
    Role,
    Salutation,
    SampleOutcome,
)
from db.units import round_half_up
from desktop.core import labels
from desktop.core.access.permissions import Action
from desktop.core.nl import format_date, format_hours, format_money, format_number

if TYPE_CHECKING:
    from db.engine import Database

EMPTY = "–"
ARROW = " → "

# Every action Koers writes, as a short Dutch description of what happened.
ACTION_TEXTS: dict[str, str] = {
    Action.RESIDENT_SEARCH: "Inwoners gezocht",
    Action.RESIDENT_VIEW: "Dossier geopend",
    Action.RESIDENT_VIEW_OTHER: "Dossier buiten eigen caseload geopend",
    Action.RESIDENT_CREATE: "Inwoner geregistreerd",
    Action.RESIDENT_UPDATE: "Persoonsgegevens gewijzigd",
    Action.PLAN_VIEW: "Plan ingezien",
    Action.PLAN_EDIT: "Plan bewerkt",
    Action.DECISION_VIEW: "Beschikking ingezien",
    Action.DECISION_EDIT: "Beschikking bewerkt",
    Action.HOURS_ENTER: "Uren geboekt",
    Action.EVALUATION_RECORD: "Evaluatie vastgelegd",
    Action.CASE_INTAKE: "Melding vastgelegd",
    Action.CASE_ASSIGN: "Casus toegewezen",
    Action.DEADLINES_ALL: "Termijnen van het team bekeken",
    Action.LETTER_QUEUE: "Brievenwachtrij bekeken",
    Action.LETTER_SEND: "Brief als verzonden gemarkeerd",
    Action.AUDIT_VIEW: "Toegangslog ingezien",
    Action.AUDIT_EXPORT: "Toegangslog geëxporteerd",
    Action.AUDIT_UNDO: "Wijziging teruggedraaid",
    Action.USERS_MANAGE: "Gebruikers beheerd",
    Action.CATALOG_MANAGE: "Catalogus beheerd",
    Action.LETTER_TEXTS_MANAGE: "Briefteksten beheerd",
    Action.SETTINGS_MANAGE: "Instellingen beheerd",
    Action.PRIVACY_EXPORT: "Inzageverzoek geëxporteerd",
    "dossier.exporteren": "Dossier geëxporteerd voor een ander systeem",
    "dossier.importeren": "Dossier ingelezen uit een ander systeem",
    "dossier.vernietigd": "Dossier vernietigd na de bewaartermijn",
    "dossier.geanonimiseerd": "Dossier geanonimiseerd na de bewaartermijn",
    "dossiers.vernietigd": "Verlopen dossiers vernietigd",
    "dossiers.geanonimiseerd": "Verlopen dossiers geanonimiseerd",
    "bewaartermijnen.overzicht": "Verlopen dossiers bekeken",
    "aanmelden": "Aangemeld",
    "gebruiker.toevoegen": "Gebruiker toegevoegd",
    "gebruiker.wachtwoord": "Wachtwoord gezet",
    "gebruiker.uitschakelen": "Gebruiker uitgeschakeld",
    "gebruiker.activeren": "Gebruiker weer ingeschakeld",
    "gebruiker.vrijgeven": "Blokkade van gebruiker opgeheven",
    "gebruiker.contact": "Telefoon of e-mail van gebruiker gewijzigd",
    "gebruiker.team": "Team van gebruiker gewijzigd",
    "instelling.wijzigen": "Instelling gewijzigd",
    "reservekopie.maken": "Reservekopie gemaakt",
    "plan.opslaan": "Plan opgeslagen",
    "plan.akkoord": "Akkoord op plan vastgelegd",
    "plan.nieuwe_versie": "Nieuwe planversie gemaakt",
    "plan.afdrukken": "Plan afgedrukt",
    "aanbieder.toevoegen": "Aanbieder toegevoegd",
    "aanbieder.wijzigen": "Aanbieder gewijzigd",
    "product.toevoegen": "Product toegevoegd",
    "product.wijzigen": "Product gewijzigd",
    "productlijst.inlezen": "Productlijst ingelezen",
    "contract.toevoegen": "Contract toegevoegd",
    "contract.beeindigen": "Contract beëindigd",
    "tarief.wijzigen": "Tarief vastgelegd",
    "uren.corrigeren": "Uren gecorrigeerd",
    "uren.verwijderen": "Urenregel verwijderd",
    "uren.importeren": "Uren ingelezen",
    "beschikking.opstellen": "Beschikking opgesteld",
    "beschikking.vaststellen": "Beschikking vastgesteld",
    "beschikking.wijzigen": "Beschikking gewijzigd",
    "beschikking.vervangen": "Beschikking vervangen",
    "beschikking.afwijzen": "Aanvraag afgewezen",
    "beschikking.beeindigen": "Beschikking beëindigd",
    "beschikking.intrekken": "Beschikking ingetrokken",
    "evaluatiemoment.toevoegen": "Evaluatiemoment toegevoegd",
    "evaluatiemoment.verplaatsen": "Evaluatiemoment verplaatst",
    "evaluatiemoment.verwijderen": "Evaluatiemoment verwijderd",
    "evaluatie.inzien": "Evaluatie geopend",
    "voortgang.inzien": "Voortgang per domein bekeken",
    "werkvoorraad.inzien": "Werkvoorraad geopend",
    "termijnen.overzicht": "Termijnenoverzicht geopend",
    "resultaten.overzicht": "Resultaten per aanbieder bekeken",
    "feestdag.toevoegen": "Feestdag toegevoegd",
    "feestdag.verwijderen": "Feestdag verwijderd",
    "casus.overdragen": "Casus overgedragen",
    "casus.onderzoek_afgerond": "Onderzoek afgerond",
    "casus.aanvraag": "Aanvraag ontvangen",
    "casus.afsluiten": "Casus afgesloten",
    "casus.persoonlijk_plan": "Persoonlijk plan ontvangen",
    "casus.clientondersteuning": "Cliëntondersteuning besproken",
    "caseload.inzien": "Caseload bekeken",
    "persoon.toevoegen": "Betrokkene toegevoegd",
    "persoon.beeindigen": "Betrokkene beëindigd",
    "document.toevoegen": "Document toegevoegd",
    "document.openen": "Document geopend",
    "document.opslaan": "Document opgeslagen als bestand",
    "document.verwijderen": "Document verwijderd",
    "document.lijst": "Documentenlijst bekeken",
    "iwmo.301": "iWmo-toewijzingsbericht (301) gemaakt",
    "iwmo.323": "Declaratie (WMO323) ingelezen",
    "iwmo.323.inzien": "Ingelezen declaratie bekeken",
    "iwmo.antwoord": "Antwoord op declaratie geëxporteerd",
    "persoon.wijzigen": "Betrokkene gewijzigd",
    Action.JOURNAL_VIEW: "Contactjournaal ingezien",
    Action.JOURNAL_WRITE: "Contact vastgelegd in het journaal",
    "journaal.corrigeren": "Contact in het journaal gecorrigeerd",
    "journaal.opvolging_afgehandeld": "Opvolging van een contact afgehandeld",
    "journaal.opvolging_verplaatsen": "Opvolgdatum van een contact verplaatst",
    "brief.aanmaken": "Brief aangemaakt en gearchiveerd",
    "brief.inzien": "Gearchiveerde brief geopend",
    "brief.voorbeeld": "Voorbeeld van een brief bekeken",
    "brief.contactpersoon": "Brief nieuwe contactpersoon aangemaakt",
    Action.SAMPLE_CHECK: "Steekproef uitgevoerd",
    "steekproef.getrokken": "Steekproef getrokken",
    "steekproef.gecontroleerd": "Steekproefregel gecontroleerd",
    "rapportage.geexporteerd": "Rapportage geëxporteerd",
    Action.BUDGET_MANAGE: "Begroting beheerd",
    "begroting.vastgesteld": "Begroting vastgesteld",
    "begroting.verwijderd": "Begroting verwijderd",
}
OUTCOME_TEXTS = {"ok": "gelukt", "geweigerd": "geweigerd", "mislukt": "mislukt", "geblokkeerd": "geblokkeerd"}

# The fields Koers writes into `changes` (grep `changes=` in desktop/core), as a reader names them.
FIELD_LABELS: dict[str, str] = {
    # residents
    "bsn": "BSN", "initials": "Voorletters", "prefix": "Tussenvoegsel", "surname": "Achternaam",
    "first_name": "Voornaam", "date_of_birth": "Geboortedatum", "salutation": "Aanhef", "street": "Straat",
    "house_number": "Huisnummer", "house_number_suffix": "Toevoeging", "postcode": "Postcode",
    "city": "Woonplaats", "phone": "Telefoon", "email": "E-mail", "consulent_id": "Consulent",
    "vaste_consulent": "Vaste consulent", "client_number": "Cliëntnummer",
    # users
    "username": "Gebruikersnaam", "display_name": "Naam", "role": "Rol", "active": "Actief", "team": "Team",
    # hours
    "minutes": "Uren", "service_date": "Datum", "no_show": "Niet verschenen", "periode": "Periode",
    "regels": "Regels", "bestand": "Bestand",
    # decisions and evaluations
    "indicated_minutes": "Geïndiceerde uren", "share_minutes": "Uren in de periode", "start_date": "Ingangsdatum",
    "end_date": "Einddatum", "ended_date": "Beëindigd per", "status": "Status", "kind": "Soort", "datum": "Datum",
    "reden": "Reden", "vervangt": "Vervangt", "vervangen_door": "Vervangen door", "ingangsdatum": "Ingangsdatum",
    "verplaatste_urenregels": "Verplaatste urenregels", "planned_date": "Geplande datum",
    "outcome": "Uitkomst", "done_date": "Datum evaluatie", "resultaten": "Resultaten", "scores": "Scores",
    "next_date": "Volgende evaluatie", "volgende_evaluatie_id": "Volgende evaluatie (nummer)",
    # casus and plan
    "law": "Wet", "melding_date": "Datum melding", "came_in_via": "Binnengekomen via",
    "personal_plan_date": "Persoonlijk plan ontvangen op", "clientondersteuning_informed":
    "Gewezen op cliëntondersteuning", "research_done_date": "Onderzoek afgerond op",
    "aanvraag_date": "Aanvraag ontvangen op", "closed_date": "Afgesloten op", "casussen": "Casussen",
    "version_no": "Versie", "agreed_date": "Akkoord op", "question": "Vraag van de inwoner",
    "what_matters": "Wat belangrijk is", "circumstances": "Omstandigheden", "doelen": "Doelen",
    "rol": "Rol", "valid_from": "Geldig vanaf", "valid_to": "Geldig tot en met",
    # contact journal (never the words of a contact: kind, dates and numbers only)
    "contactsoort": "Soort contact", "contact_date": "Datum contact", "follow_up_date": "Opvolgen op",
    "follow_up_done_date": "Opvolging afgehandeld op", "corrigeert": "Corrigeert contact (nummer)",
    # catalog
    "name": "Naam", "agb_code": "AGB-code", "contract_start": "Contract vanaf", "contract_end": "Contract tot",
    "aanbieder": "Aanbieder", "product": "Product", "code": "Code", "category_code": "Categorie",
    "unit_code": "Eenheid", "frequency_code": "Frequentie", "financing_form": "Financieringsvorm",
    "amount_cents": "Tarief", "complexity": "Zwaarte", "category": "Categorie", "nieuw": "Nieuw",
    "bijgewerkt": "Bijgewerkt",
    # letters
    "kenmerk": "Kenmerk", "soort": "Soort", "onderwerp": "Onderwerp", "sent_date": "Verzonden op",
    "logo": "Logo",
    # views, searches, settings
    "zoekterm": "Zoekterm", "getoond": "Getoond", "aantal": "Aantal", "niet verzonden getoond": "Niet verzonden getoond",
    "filter": "Filter", "besluit": "Besluit", "dag": "Dag", "dagen": "Dagen",
    "security.idle_lock_minutes": "Vergrendelen na stilte (minuten)",
    "letters.municipality": "Gemeente", "letters.address_lines": "Adresregels briefhoofd",
    "letters.contact_lines": "Contactregels briefhoofd", "letters.signer_name": "Ondertekenaar",
    "letters.signer_title": "Functie ondertekenaar", "letters.objection_address": "Adres voor bezwaar",
    "letters.objection_url": "Website voor bezwaar", "letters.court_name": "Rechtbank",
    # the filter of an export or an overview
    "date_from": "Van", "date_to": "Tot en met", "actions": "Acties",
    "due_from": "Termijn vanaf", "due_to": "Termijn tot en met", "aanbieder_id": "Aanbieder (nummer)",
    "record_type": "Soort gegeven", "record_id": "Nummer gegeven",
    # sample checks (steekproeven)
    "seed": "Seed (startgetal)", "size": "Omvang", "population": "Urenregels om uit te trekken",
    "drawn": "Getrokken urenregels (nummers)", "remark": "Opmerking",
    # report exports
    "rapportage": "Rapportage", "formaat": "Formaat",
    # budgets
    "jaar": "Jaar", "productgroep": "Productgroep", "begroting": "Begroting",
    # documents (never their title or file name)
    "documentsoort": "Soort document", "grootte_bytes": "Grootte (bytes)", "bestandstype": "Bestandstype",
    "documenten": "Documenten", "identificatie": "Berichtidentificatie", "toewijzingen": "Toewijzingnummers",
    "declaratienummer": "Declaratienummer", "geaccepteerd": "Geaccepteerd", "afgewezen": "Afgewezen",
    "gecrediteerd": "Gecrediteerd", "bedrag": "Geaccepteerd bedrag",
}
_USER_FIELDS = {"consulent_id", "vaste_consulent"}
# numbers to look up or type again, not amounts: no thousands dots
_PLAIN_NUMBER_FIELDS = {"seed", "drawn", "jaar", "corrigeert"}
_MINUTE_FIELDS = {"minutes", "indicated_minutes", "share_minutes"}
_ENUM_LABELS: dict[str, Mapping[Any, str]] = {
    "role": labels.ROLE, "law": labels.LAW, "kind": labels.DECISION_KIND, "complexity": labels.COMPLEXITY,
    "category": labels.CATEGORY, "financing_form": labels.FINANCING,
}
_ENUMS: dict[str, type] = {"role": Role, "law": Law, "kind": DecisionKind, "complexity": Complexity,
                           "category": IndicationCategory, "financing_form": FinancingForm}
_SALUTATIONS = {Salutation.MEVROUW: "Mevrouw", Salutation.HEER: "De heer", Salutation.NEUTRAAL: "Geen aanhef"}
# Deadline settings and kinds live in the deadlines layer, which the access layer may not import.
_DEADLINE_SETTINGS = {"venster": ("Venster", "dagen"), "escalatie": ("Escalatie", "dagen"),
                      "onderzoek": ("Onderzoekstermijn", "weken"), "besluit": ("Beslistermijn", "weken")}
_DEADLINE_KINDS = {"onderzoek": "'Onderzoek na melding'", "besluit": "'Besluit na aanvraag'",
                   "evaluatie": "'Evaluatie'", "afloop": "'Beschikking loopt af'", "brief": "'Brief niet verzonden'",
                   "opvolging": "'Opvolging contact'"}
_LAWS = {law.value: text for law, text in labels.LAW.items()}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def action_text(code: str) -> str:
    """'uren.invoeren' -> 'Uren geboekt'; an action this table does not know still reads as words."""
    if code in ACTION_TEXTS:
        return ACTION_TEXTS[code]
    words = code.replace("_", " ").replace(".", ": ", 1)
    return words[:1].upper() + words[1:]


def action_choices() -> list[tuple[str, list[str]]]:
    """(Dutch text, action codes) for a filter list, alphabetical; codes sharing a text are one choice."""
    by_text: dict[str, list[str]] = {}
    for code, text in ACTION_TEXTS.items():
        by_text.setdefault(text, []).append(str(code))
    return sorted(by_text.items(), key=lambda item: item[0].casefold())


def entry_text(code: str, outcome: str) -> str:
    """The action as the log line should read it: a refused or failed attempt does not read as done
    ('Geprobeerd, geweigerd: Toegangslog ingezien' instead of 'Toegangslog ingezien')."""
    text = action_text(code)
    if outcome == "ok":
        return text
    return f"Geprobeerd, {outcome_text(outcome).lower()}: {text[:1].lower() + text[1:]}"


def outcome_text(outcome: str) -> str:
    return OUTCOME_TEXTS.get(outcome, outcome)


def role_text(role: str) -> str:
    try:
        return labels.ROLE[Role(role)]
    except ValueError:
        return role


def field_label(key: str) -> str:
    """'no_show' -> 'Niet verschenen'; an unknown key with its underscores read as spaces."""
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    setting = _setting_label(key)
    if setting:
        return setting
    words = key.replace("_", " ")
    return words[:1].upper() + words[1:]


def _setting_label(key: str) -> str | None:
    if key.startswith("termijn."):  # termijn.venster.evaluatie, termijn.onderzoek.wmo, termijn.brief.werkdagen
        if key == "termijn.brief.werkdagen":
            return "Termijn voor het verzenden van de brief (werkdagen)"
        _, what, which = (key.split(".", 2) + ["", ""])[:3]
        if what in _DEADLINE_SETTINGS and which:
            label, unit = _DEADLINE_SETTINGS[what]
            subject = _DEADLINE_KINDS.get(which) or _LAWS.get(which) or which.replace("_", " ")
            return f"{label} {subject} ({unit})"
    kind, _, block = key.partition(".")
    if block and kind and key.count(".") == 1 and not key.startswith(("letters.", "security.")):
        return f"Brieftekst {kind.replace('_', ' ')}: {block.replace('_', ' ')}"
    return None


class LoggedChange(Protocol):
    """An audit line as far as this module reads it (audit.AuditRow; audit imports this module)."""

    @property
    def changes(self) -> Mapping[str, Any]: ...


def user_ids(rows: Iterable[LoggedChange]) -> set[int]:
    """The user ids the changes of these lines name (consulent fields, also inside a filter)."""
    ids: set[int] = set()

    def take(key: str, v: Any) -> None:
        if key in _USER_FIELDS and isinstance(v, int) and not isinstance(v, bool):
            ids.add(v)
        elif isinstance(v, dict):
            for k, inner in v.items():
                take(k, inner)

    for row in rows:
        for key, pair in row.changes.items():
            for v in _pair(pair):
                take(key, v)
    return ids


def user_names(db: Database, ids: Iterable[int]) -> dict[int, str]:
    """{user id: display name} in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    with db.read() as s:
        return {uid: name for uid, name in s.exec(
            select(User.id, User.display_name).where(col(User.id).in_(wanted))) if uid is not None}


def log_users(db: Database) -> list[tuple[str, str]]:
    """(username, display name) of every user, by name: the log's user filter and its 'Gebruiker' column."""
    with db.read() as s:
        rows = s.exec(select(User.username, User.display_name)).all()
    return sorted(((u, n or u) for u, n in rows), key=lambda r: (r[1].casefold(), r[0]))


def _pair(pair: Any) -> tuple[Any, Any]:
    if isinstance(pair, list | tuple) and len(pair) == 2:
        return pair[0], pair[1]
    return None, pair


def _hours(minutes: Any) -> str:
    try:
        hours = round_half_up(Decimal(minutes) / 60, Decimal("0.01"))
    except (ArithmeticError, TypeError, ValueError):
        return str(minutes)
    return format_hours(hours)


def _enum_label(key: str, v: str) -> str | None:
    if key in _ENUMS:
        try:
            return _ENUM_LABELS[key].get(_ENUMS[key](v))
        except ValueError:
            return None
    if key == "status":
        statuses: dict[str, str] = {**{k.value: t for k, t in labels.PLAN_STATUS.items()},
                                    **{k.value: t for k, t in labels.DECISION_STATUS.items()}}
        return statuses.get(v)
    if key == "outcome":
        try:
            return labels.OUTCOME[EvaluationOutcome(v)]
        except (ValueError, KeyError):
            pass
        try:
            return labels.SAMPLE_OUTCOME[SampleOutcome(v)]
        except (ValueError, KeyError):
            pass
        try:
            return labels.CASE_OUTCOME[CaseOutcome(v)]
        except (ValueError, KeyError):
            return None
    if key == "came_in_via":
        try:
            return labels.MELDING_SOURCE[MeldingSource(v)]
        except (ValueError, KeyError):
            return None
    if key == "rol":
        try:
            return labels.PERSON_ROLE[PersonRole(v)]
        except (ValueError, KeyError):
            return None
    if key == "documentsoort":
        try:
            return labels.DOCUMENT_KIND[DocumentKind(v)]
        except (ValueError, KeyError):
            return None
    if key == "contactsoort":
        try:
            return labels.JOURNAL_KIND[JournalKind(v)]
        except (ValueError, KeyError):
            return None
    if key == "salutation":
        try:
            return _SALUTATIONS[Salutation(v)]
        except ValueError:
            return None
    return None


def value_text(key: str, v: Any, names: Mapping[int, str] | None = None) -> str:
    """One value of a field as a reader reads it: hours, nl dates, ja/nee, names, Dutch labels."""
    if v is None or v == "":
        return EMPTY
    if key == "bsn":
        return "******" + str(v)[-3:]  # as the log writes it; never more
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if key in _USER_FIELDS and isinstance(v, int):
        return (names or {}).get(v, f"gebruiker {v}")
    if key in _MINUTE_FIELDS:
        return _hours(v)
    if key in _PLAIN_NUMBER_FIELDS and isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    if key == "actions" and isinstance(v, str):
        return action_text(v)
    if key in ("amount_cents", "begroting") and isinstance(v, int):
        return format_money(Decimal(v) / 100)
    if key == "security.idle_lock_minutes":
        return f"{v} minuten"
    if isinstance(v, dict):
        if key == "resultaten":
            return ", ".join(f"{_result_status(k)}: {n}" for k, n in v.items()) or EMPTY
        return ", ".join(f"{field_label(k)}: {value_text(k, inner, names)}" for k, inner in v.items()) or EMPTY
    if isinstance(v, list):
        parts = [value_text(key, inner, names) for inner in v]
        if key == "periode" and len(parts) == 2:
            return f"{parts[0]} t/m {parts[1]}"
        return ", ".join(parts) or EMPTY
    if isinstance(v, str):
        if _ISO_DATE.match(v):
            try:
                return format_date(date.fromisoformat(v))
            except ValueError:
                return v
        label = _enum_label(key, v)
        if label:
            return label
        return v
    if isinstance(v, int | float | Decimal):
        return format_number(Decimal(str(v)))
    return str(v)


def _result_status(code: str) -> str:
    try:
        return labels.RESULT_STATUS[ResultStatus(code)]
    except (ValueError, KeyError):
        return field_label(code)


def change_lines(changes: Mapping[str, Any], names: Mapping[int, str] | None = None) -> list[str]:
    """['Uren: 1,5 uur → 2 uur', 'Niet verschenen: ja']: a new value alone, a change as old → new."""
    lines = []
    for key, pair in changes.items():
        old, new = _pair(pair)
        label = field_label(key)
        if old is None or old == "" or old == new:  # new, or hidden from this role ('(afgeschermd)' twice)
            lines.append(f"{label}: {value_text(key, new, names)}")
        else:
            lines.append(f"{label}: {value_text(key, old, names)}{ARROW}{value_text(key, new, names)}")
    return lines


def describe(changes: Mapping[str, Any], names: Mapping[int, str] | None = None, *, sep: str = "; ") -> str:
    return sep.join(change_lines(changes, names))


__all__ = ["ACTION_TEXTS", "FIELD_LABELS", "action_choices", "action_text", "change_lines", "describe",
           "field_label", "log_users", "outcome_text", "role_text", "user_ids", "user_names", "value_text"]
