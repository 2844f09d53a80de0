"""The letterhead a beheerder sets: municipality, return and objection addresses, court, signer, the
CAK amount and the logo (PNG or JPEG, checked before it is stored)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import col, select

from db import clock
from db.engine import Database
from db.models import LetterLogo, Setting
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines.settings import equated_days
from desktop.core.errors import ValidationError
from desktop.core.nl import format_money
from desktop.core.parse import check_money
from desktop.core.text import clean_text

MUNICIPALITY = "municipality.name"  # shared with the plan print
_KEYS = {
    "municipality": MUNICIPALITY,
    "address_lines": "letters.address_lines",
    "contact_lines": "letters.contact_lines",
    "signer_name": "letters.signer_name",
    "signer_title": "letters.signer_title",
    "objection_address": "letters.objection_address",
    "objection_url": "letters.objection_url",
    "court_name": "letters.court_name",
    "cak_monthly_cents": "letters.cak_monthly_cents",
}
MAX_CAK_CENTS = 100_000  # € 1.000 a month: far above any CAK rate
DEFAULT_CAK_CENTS = 2180  # abonnementstarief Wmo from 1 January 2026
MAX_LOGO_BYTES = 2_000_000
MAX_LOGO_PIXELS = 4000
# A demo database has no beheerder who set the letterhead: it prints as a fictional municipality.
DEMO_VALUES = {
    "municipality": "Gemeente Koersveen",
    "address_lines": "Postbus 100\n7000 AA  Koersveen",
    "contact_lines": "Telefoon 14 0314\nwww.koersveen.example",
    "signer_name": "J. Hendriksen",
    "signer_title": "teammanager Sociaal Domein",
    "objection_address": "College van burgemeester en wethouders van Koersveen, Postbus 100, 7000 AA Koersveen",
    "court_name": "rechtbank Gelderland",
}


@dataclass(frozen=True)
class LetterSettings:
    """Everything a beheerder sets for the letters (Beheer > Brieven). Empty strings when not set."""

    municipality: str = ""
    address_lines: tuple[str, ...] = ()  # return address, e.g. ("Postbus 100", "7000 AA  Koersveen")
    contact_lines: tuple[str, ...] = ()  # e.g. ("Telefoon 14 0314", "www.koersveen.nl")
    signer_name: str = ""
    signer_title: str = ""
    objection_address: str = ""  # where an objection goes, one line
    objection_url: str = ""  # where an objection can be lodged online, if the municipality allows it
    court_name: str = ""  # "rechtbank Gelderland"
    cak_monthly: Decimal = Decimal("21.80")  # euros
    has_logo: bool = False
    equated_holidays: frozenset[date] | None = None  # days equated to a holiday (objection term); None: shipped

    def missing(self) -> list[str]:
        """What a letter cannot do without, in Dutch (the pre-flight names these per decision)."""
        labels = (("municipality", "de naam van de gemeente"), ("objection_address", "het adres voor bezwaar"),
                  ("court_name", "de naam van de rechtbank"), ("signer_name", "de naam van de ondertekenaar"))
        return [f"De instelling '{label}' ontbreekt. Een beheerder vult die in bij Beheer > Brieven."
                for name, label in labels if not getattr(self, name)]


def _lines(value: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (value or "").split("\n") if line.strip())


def letter_settings(db: Database) -> LetterSettings:
    """The letterhead settings (no personal data: readable without a role check)."""
    from desktop.core.settings import DEMO

    with db.read() as s:
        stored = {r.key: r.value for r in s.exec(select(Setting).where(col(Setting.key).in_(
            [*_KEYS.values(), DEMO])))}
        has_logo = s.get(LetterLogo, 1) is not None
        equated = equated_days(s)
    demo = stored.get(DEMO) == "1"
    values = {name: stored.get(key) or (DEMO_VALUES.get(name, "") if demo else "") for name, key in _KEYS.items()}
    try:
        cak = Decimal(int(values["cak_monthly_cents"])) / 100 if values["cak_monthly_cents"] else None
    except ValueError:
        cak = None
    return LetterSettings(
        municipality=values["municipality"].strip(), address_lines=_lines(values["address_lines"]),
        contact_lines=_lines(values["contact_lines"]), signer_name=values["signer_name"].strip(),
        signer_title=values["signer_title"].strip(), objection_address=values["objection_address"].strip(),
        objection_url=values["objection_url"].strip(),
        court_name=values["court_name"].strip(),
        cak_monthly=cak if cak is not None else Decimal(DEFAULT_CAK_CENTS) / 100, has_logo=has_logo,
        equated_holidays=equated)


def _fit_problems(current: LetterSettings, new: dict[str, str]) -> dict[str, str]:
    """What would not fit on the letter as it will be: the return address above the envelope window (at most
    two lines at the smallest size) and the letterhead column. Refused here, so a letter never cuts it."""
    from desktop.letters.beschikking import letterhead_fits, sender_layout

    municipality = new.get("municipality", current.municipality)
    address = _lines(new["address_lines"]) if "address_lines" in new else current.address_lines
    contact = _lines(new["contact_lines"]) if "contact_lines" in new else current.contact_lines
    problems: dict[str, str] = {}
    if municipality and sender_layout(municipality, address) is None:
        problems["address_lines"] = ("De naam en het adres van de gemeente passen niet op twee regels boven het "
                                     "venster van de envelop. Kort ze in, bijvoorbeeld met een postbus in plaats "
                                     "van het bezoekadres.")
    too_wide = letterhead_fits(municipality, [*address, *contact])
    if too_wide:
        problems.setdefault("contact_lines", "Te breed voor het briefhoofd: " + "; ".join(
            f"'{line}'" for line in too_wide) + ". Verdeel de tekst over meer regels of kort hem in.")
    return problems


def _web_address(value: str) -> str:
    """'' (no digital objection) or a web address a resident can type: https://… or www.…, no spaces."""
    text = clean_text(value, "het webadres voor digitaal bezwaar", max_length=120) or ""
    if text and (" " in text or not text.lower().startswith(("https://", "http://", "www."))):
        raise ValidationError("Het webadres voor digitaal bezwaar begint met https:// of www. en heeft geen spaties, "
                              "bijvoorbeeld www.koersveen.nl/bezwaar. Laat het leeg als bezwaar alleen per post kan.")
    return text


def save_letter_settings(db: Database, actor: Actor, *, municipality: str | None = None,
                         address_lines: list[str] | tuple[str, ...] | None = None,
                         contact_lines: list[str] | tuple[str, ...] | None = None, signer_name: str | None = None,
                         signer_title: str | None = None, objection_address: str | None = None,
                         court_name: str | None = None, cak_monthly: Decimal | int | None = None,
                         objection_url: str | None = None) -> LetterSettings:
    """Stores the given settings (None leaves one as it is); all are checked first, nothing stored on a problem."""
    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    errors: dict[str, str] = {}
    new: dict[str, str] = {}

    def take(name: str, fn: Callable[[], str]) -> None:
        try:
            new[name] = fn()
        except ValidationError as exc:
            errors[name] = exc.message

    for name, value, label, length in (("municipality", municipality, "de naam van de gemeente", 80),
                                       ("signer_name", signer_name, "de naam van de ondertekenaar", 80),
                                       ("signer_title", signer_title, "de functie van de ondertekenaar", 80),
                                       ("objection_address", objection_address, "het adres voor bezwaar", 200),
                                       ("court_name", court_name, "de naam van de rechtbank", 80)):
        if value is not None:
            def text(v: str = value, lb: str = label, n: int = length) -> str:
                return clean_text(v, lb, max_length=n) or ""
            take(name, text)
    for name, lines_value, label in (("address_lines", address_lines, "het adres in het briefhoofd"),
                                     ("contact_lines", contact_lines, "de contactgegevens")):
        if lines_value is not None:
            def lines(v: list[str] | tuple[str, ...] = lines_value, lb: str = label) -> str:
                cleaned = [clean_text(line, lb, max_length=80) for line in v]
                kept = [c for c in cleaned if c]
                if len(kept) > 4:
                    raise ValidationError(f"Gebruik voor {lb} hoogstens 4 regels.")
                return "\n".join(kept)
            take(name, lines)
    if objection_url is not None:
        take("objection_url", lambda: _web_address(objection_url))
    if cak_monthly is not None:
        def cents() -> str:
            amount = check_money(cak_monthly, "de eigen bijdrage per maand")
            if amount > MAX_CAK_CENTS:
                raise ValidationError("De eigen bijdrage per maand is een bedrag tussen € 0 en € 1.000, bijvoorbeeld "
                                      "21,80.")
            return str(amount)
        take("cak_monthly_cents", cents)
    if not errors:
        errors.update(_fit_problems(letter_settings(db), new))
    if errors:
        raise ValidationError.of_fields("De instellingen zijn niet opgeslagen. Herstel eerst:", errors)
    with db.write() as s:
        changes = {}
        for name, value in new.items():
            key = _KEYS[name]
            row = s.get(Setting, key)
            old = row.value if row else None
            if old == value or (old is None and value == ""):
                continue
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
            changes[key] = [old, value]
        if changes:
            audit.record(s, actor, "instelling.wijzigen", record_type="briefhoofd", changes=changes)
    return letter_settings(db)


def check_logo(data: bytes) -> str:
    """The MIME type of a usable logo (PNG or JPEG); a Dutch ValidationError for anything else."""
    if not data:
        raise ValidationError("Het logobestand is leeg. Kies een PNG- of JPEG-bestand.", field="logo")
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(f"Het logo is te groot ({len(data) // 1000} kB). Gebruik een bestand tot 2 MB; een "
                              "logo van 600 pixels breed is scherp genoeg voor een brief.", field="logo")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("Dit bestand is geen afbeelding die Koers kan lezen. Kies een logo als PNG- of "
                              "JPEG-bestand.", field="logo") from None
    if kind not in ("PNG", "JPEG"):
        raise ValidationError(f"Het logo is een {kind}-bestand. Koers drukt alleen PNG- of JPEG-afbeeldingen af; "
                              "sla het logo in een van die vormen op.", field="logo")
    if max(size) > MAX_LOGO_PIXELS:
        raise ValidationError(f"Het logo is {size[0]} bij {size[1]} pixels: te groot. Verklein het tot hoogstens "
                              f"{MAX_LOGO_PIXELS} pixels.", field="logo")
    return "image/png" if kind == "PNG" else "image/jpeg"


def set_logo(db: Database, actor: Actor, data: bytes) -> None:
    """Stores the letterhead logo after checking it is a PNG or JPEG image."""
    import hashlib

    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    mime = check_logo(data)
    with db.write() as s:
        row = s.get(LetterLogo, 1)
        old = hashlib.sha256(row.image).hexdigest()[:12] if row else None
        if row is None:
            s.add(LetterLogo(id=1, image=data, mime_type=mime, updated_by_id=actor.user_id))
        else:
            row.image, row.mime_type, row.updated_by_id, row.updated_at = data, mime, actor.user_id, clock.now()
        audit.record(s, actor, "instelling.wijzigen", record_type="briefhoofd",
                     changes={"logo": [old, hashlib.sha256(data).hexdigest()[:12]]})


def remove_logo(db: Database, actor: Actor) -> None:
    audit.require(db, actor, Action.LETTER_TEXTS_MANAGE)
    with db.write() as s:
        row = s.get(LetterLogo, 1)
        if row is not None:
            s.delete(row)
            audit.record(s, actor, "instelling.wijzigen", record_type="briefhoofd", changes={"logo": ["ja", None]})


def logo(db: Database) -> bytes | None:
    with db.read() as s:
        row = s.get(LetterLogo, 1)
        return row.image if row else None


def cak_amount_text(settings: LetterSettings) -> str:
    return format_money(settings.cak_monthly)
