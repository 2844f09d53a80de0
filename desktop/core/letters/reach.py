"""'Heeft u vragen?': how a resident reaches a person. Every letter names the consulent with their own phone
number and e-mail address (Beheer > Gebruikers); a consulent without either is named with the municipality's
general phone number or e-mail address from the letterhead (Beheer > Brieven), and the letter says so.

Koers writes these lines itself under the last text block of every letter (the one before the greeting),
so a beheerder's own wording of that block cannot lose them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from db.models import User
from desktop.core.access.users import national_phone_digits
from desktop.core.letters.letterhead import LetterSettings

# The block each letter kind ends with, under which the consulent is named.
REACH_BLOCKS = frozenset({"afsluiting", "contact"})
_NUMBER = re.compile(r"\+?[0-9][0-9 ()\-]{3,}[0-9]")
_AT = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


@dataclass(frozen=True)
class Consulent:
    """Who a letter names under 'Heeft u vragen?'."""

    name: str  # the display name: 'Carla de Jong'
    phone: str | None = None
    email: str | None = None


def consulents(s: Session, ids: set[int]) -> dict[int, Consulent]:
    """id -> name, phone number and e-mail address of those who are still active (one who left is not named)."""
    if not ids:
        return {}
    rows = s.exec(select(User.id, User.display_name, User.phone, User.email).where(
        col(User.id).in_(ids), col(User.active).is_(True))).all()
    return {uid: Consulent(name, phone or None, email or None) for uid, name, phone, email in rows if uid}


def general_lines(settings: LetterSettings) -> tuple[str, ...]:
    """The letterhead's contact lines that hold a Dutch phone number or an e-mail address, as written there
    ('Telefoon 14 0314', 'E-mail info@koersveen.nl'); a web address alone does not count."""
    out = []
    for line in settings.contact_lines:
        if _AT.search(line) or any(national_phone_digits(m.group(0).strip()) for m in _NUMBER.finditer(line)):
            out.append(line)
    return tuple(out)


@dataclass(frozen=True)
class Reach:
    """A paragraph and the lines under it (bullets), or the problem that stops the letter."""

    paragraph: str
    bullets: tuple[str, ...]
    problem: str | None = None


def of_user(user: User) -> Consulent:
    return Consulent(user.display_name, user.phone or None, user.email or None)


def reach(consulent: Consulent | None, settings: LetterSettings) -> Reach:
    """How this letter tells the resident to reach their consulent."""
    if consulent is not None and (consulent.phone or consulent.email):
        lines = ((f"Telefoon {consulent.phone}",) if consulent.phone else ()) + \
            ((f"E-mail {consulent.email}",) if consulent.email else ())
        return Reach(f"U bereikt uw consulent, {consulent.name}, rechtstreeks:", lines)
    general = general_lines(settings)
    if consulent is not None:
        paragraph = (f"Uw consulent is {consulent.name}. Wij hebben geen eigen telefoonnummer of e-mailadres van uw "
                     f"consulent. Bel of mail daarom de gemeente en vraag naar {consulent.name}:")
        fix = f"Vul bij Beheer > Gebruikers het telefoonnummer of e-mailadres van {consulent.name} in"
    else:
        paragraph = "U heeft op dit moment geen vaste consulent. Bel of mail daarom de gemeente:"
        fix = "Wijs een consulent toe en vul bij Beheer > Gebruikers diens telefoonnummer of e-mailadres in"
    if general:
        return Reach(paragraph, general)
    return Reach(paragraph, ("[ontbreekt: telefoonnummer of e-mailadres]",),
                 problem="De brief noemt geen telefoonnummer of e-mailadres waarop de inwoner iemand kan bereiken. "
                         f"{fix}, of zet bij Beheer > Brieven een algemeen telefoonnummer of e-mailadres van de "
                         "gemeente in de contactgegevens.")
