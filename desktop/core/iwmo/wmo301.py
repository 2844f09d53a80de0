"""A WMO301 (toewijzing) message as bytes, built with lxml from plain values: no database, no clock.

The element order follows WMO301.xsd; optional client elements are written only when Koers has the value
(Koers keeps what letters and identification need, no more). Whether the result validates is checked by
desktop.core.iwmo.schema before anything is stored or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from desktop.core.iwmo.schema import NAMESPACE_BASE, namespace

BERICHT_CODE = "414"  # WMO301 in the iWmo 3.2 berichtcodes
BERICHT_VERSIE = "3"
BERICHT_SUBVERSIE = "2"
XSD_VERSIE = "1.0.0"  # basisschema and WMO301.xsd in resources/istandaarden/iwmo-3.2

ADRES_BRP = "01"  # LDT_AdresSoort: the address Koers keeps is the one the resident is registered at
GESLACHT_ONBEKEND = "0"  # Koers keeps a salutation, not the registered sex: the standard's 'onbekend'
NAAMGEBRUIK_EIGEN = "1"  # Koers keeps the surname the resident uses as one field: 'eigen naam'
STREET_MAX = 24  # LDT_Straatnaam: the BRP's shortened street name is at most 24 characters


@dataclass(frozen=True)
class Header:
    sender: str  # gemeentecode, 4 digits
    receiver: str  # AGB code of the aanbieder, 8 digits
    identification: str  # at most 12 characters, unique per message of this municipality
    message_date: date  # Dagtekening


@dataclass(frozen=True)
class Client:
    bsn: str
    birth_date: date
    surname: str
    prefix: str | None = None
    initials: str | None = None  # letters only; dots and spaces are dropped
    street: str | None = None
    house_number: int | None = None
    house_number_suffix: str | None = None
    postcode: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Omvang:
    volume: int
    unit: str  # LDT_Eenheid
    frequency: str  # LDT_Frequentie


@dataclass(frozen=True)
class Product:
    """One ToegewezenProduct: either an Omvang (hours) or a Budget in eurocents (result financing)."""

    number: int  # ToewijzingNummer (codes.iwmo_number)
    category: str
    code: str | None
    assigned_on: date  # Toewijzingsdatum
    assigned_at: time  # Toewijzingstijd
    start: date
    end: date | None
    reason: str | None = None  # RedenWijziging
    omvang: Omvang | None = None
    budget_cents: int | None = None


def _sub(parent: Any, ns: str, name: str, text: str | None = None) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def split_suffix(suffix: str | None) -> tuple[str | None, str | None]:
    """Koers' one 'toevoeging' as the standard's Huisletter (one letter) and HuisnummerToevoeging (at most four
    characters): '12A' -> letter A; '12 bis' -> toevoeging 'bis'; '12A 2' -> A and '2'. What does not fit is left
    out rather than cut."""
    text = " ".join((suffix or "").replace("-", " ").split())
    if not text:
        return None, None
    letter: str | None = None
    rest = text
    if text[0].isalpha() and (len(text) == 1 or text[1] == " "):
        letter, rest = text[0].upper(), text[2:]
    rest = rest.strip()
    toevoeging = rest if rest and len(rest) <= 4 else None
    return letter, toevoeging


def build(header: Header, client: Client, products: list[Product]) -> bytes:
    """The message as UTF-8 bytes with an XML declaration."""
    from lxml import etree

    ns, base = namespace("301"), NAMESPACE_BASE
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={"wmo301": ns, "iwmo": base})
    h = _sub(root, ns, "Header")
    _sub(h, ns, "BerichtCode", BERICHT_CODE)
    _sub(h, ns, "BerichtVersie", BERICHT_VERSIE)
    _sub(h, ns, "BerichtSubversie", BERICHT_SUBVERSIE)
    _sub(h, ns, "Afzender", header.sender)
    _sub(h, ns, "Ontvanger", header.receiver)
    ident = _sub(h, ns, "BerichtIdentificatie")
    _sub(ident, base, "Identificatie", header.identification)
    _sub(ident, base, "Dagtekening", header.message_date.isoformat())
    xsd = _sub(h, ns, "XsdVersie")
    _sub(xsd, base, "BasisschemaXsdVersie", XSD_VERSIE)
    _sub(xsd, base, "BerichtXsdVersie", XSD_VERSIE)

    c = _sub(root, ns, "Client")
    _sub(c, ns, "Bsn", client.bsn)
    born = _sub(c, ns, "Geboortedatum")
    _sub(born, base, "Datum", client.birth_date.isoformat())
    _sub(c, ns, "Geslacht", GESLACHT_ONBEKEND)
    name = _sub(c, ns, "Naam")
    surname = _sub(name, base, "Geslachtsnaam")
    _sub(surname, base, "Achternaam", client.surname.strip())
    prefix = (client.prefix or "").strip()
    if prefix and len(prefix) <= 10:
        _sub(surname, base, "Voorvoegsel", prefix)
    initials = "".join(ch for ch in (client.initials or "") if ch.isalpha())
    if initials and len(initials) <= 6:
        _sub(name, base, "Voorletters", initials)
    _sub(name, base, "NaamGebruik", NAAMGEBRUIK_EIGEN)
    contacts = _sub(c, ns, "Contactgegevens")
    contact = _sub(contacts, ns, "Contact")
    _sub(contact, ns, "Soort", ADRES_BRP)
    _address(contact, ns, base, client)

    assigned = _sub(c, ns, "ToegewezenProducten")
    for p in products:
        tp = _sub(assigned, ns, "ToegewezenProduct")
        _sub(tp, ns, "ToewijzingNummer", str(p.number))
        product = _sub(tp, ns, "Product")
        _sub(product, base, "Categorie", p.category)
        if p.code:
            _sub(product, base, "Code", p.code)
        _sub(tp, ns, "Toewijzingsdatum", p.assigned_on.isoformat())
        _sub(tp, ns, "Toewijzingstijd", p.assigned_at.replace(microsecond=0, tzinfo=None).isoformat())
        _sub(tp, ns, "Ingangsdatum", p.start.isoformat())
        if p.end is not None:
            _sub(tp, ns, "Einddatum", p.end.isoformat())
        if p.reason is not None:
            _sub(tp, ns, "RedenWijziging", p.reason)
        if p.omvang is not None:
            omvang = _sub(tp, ns, "Omvang")
            _sub(omvang, base, "Volume", str(p.omvang.volume))
            _sub(omvang, base, "Eenheid", p.omvang.unit)
            _sub(omvang, base, "Frequentie", p.omvang.frequency)
        if p.budget_cents is not None:
            _sub(tp, ns, "Budget", str(p.budget_cents))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _address(contact: Any, ns: str, base: str, client: Client) -> None:
    """The Adres with what Koers has; left out entirely when Koers has none (it is optional)."""
    street = (client.street or "").strip()[:STREET_MAX].strip()
    postcode = (client.postcode or "").replace(" ", "").upper()
    city = (client.city or "").strip()
    if client.house_number is None and not (street or postcode or city):
        return
    adres = _sub(contact, ns, "Adres")
    if client.house_number is not None:
        huis = _sub(adres, base, "Huis")
        _sub(huis, base, "Huisnummer", str(client.house_number))
        letter, toevoeging = split_suffix(client.house_number_suffix)
        if letter:
            _sub(huis, base, "Huisletter", letter)
        if toevoeging:
            _sub(huis, base, "HuisnummerToevoeging", toevoeging)
    if postcode:
        _sub(adres, base, "Postcode", postcode)
    if street:
        _sub(adres, base, "Straatnaam", street)
    if city:
        _sub(adres, base, "Plaatsnaam", city[:80])
