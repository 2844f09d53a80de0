"""Demo data: a realistic, fictional Achterhoek caseload for training, screenshots and benchmarks.

Everything is drawn from one random.Random(seed), so the same seed, client count and `today`
give the same rows. The whole load is one transaction: rows are built in memory with ids
assigned here (nothing is flushed to learn an id) and written about every 1000 residents with
executemany in chunks, so it is fast and a cancel leaves nothing. On SQLite the rows go to the
driver as plain tuples (see _Generator.flush) and the per-row hours guard is replaced by one
check of the same rule before the commit (see _hours_guard_checked_at_end).
The team grows with the number of residents (demo_team_size: one consulent per 200 residents, as a
caseload of some 135 active cases), after the named users the README and the sign-in hint rely on.
BSNs come only from the test range 999900006..999999990, so no row can carry a real person's
number; that range holds 9,091 valid BSNs, which caps the number of residents.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Any, TypedDict, TypeVar

import sqlalchemy as sa
from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    BeschikkingResult,
    Budget,
    Casus,
    Contract,
    DomainAssessment,
    Evaluation,
    EvaluationDomainScore,
    EvaluationResult,
    Goal,
    JournalEntry,
    Period,
    Plan,
    Product,
    Realisation,
    RelatedPerson,
    Resident,
    Result,
    Setting,
    Tariff,
    User,
)
from db.models.base import table as table_of
from db.models.enums import IndicationCategory, LifeDomain
from db.types import UTCDateTime
from desktop.core.decisions import months
from desktop.core.decisions.rules import derive_end_date, derive_periods, evaluation_dates, toewijzing_nummer
from desktop.core.demo.content import ProductDef, Scenario, Variant, demo_content
from desktop.core.errors import KoersError, ValidationError
from desktop.core.maintenance.check import decisions_over_ceiling
from desktop.core.reports import budget
from desktop.core.residents.bsn import is_test_bsn, test_bsns
from desktop.core.settings import GEMEENTECODE
from desktop.core.text import resident_search_keys, search_key

MAX_CLIENTS = 1_000_000
PROGRESS_EVERY = 1000  # residents between progress calls (and buffer flushes)
INSERT_CHUNK = 5000  # rows per executemany
SQLITE_CACHE_KIB = 256 * 1024  # page cache while loading (default is 2 MB)

CANCELLED_MESSAGE = "Demo-gegevens laden afgebroken; er is niets opgeslagen."
NOT_EMPTY_MESSAGE = "De database bevat al inwoners; demo-gegevens worden alleen in een lege database geladen."

_T = TypeVar("_T")

# How a melding came in (weights), and who referred: a role and an organisation, never a person's name.
_SOURCES_WMO = (("inwoner", 55), ("naaste", 30), ("verwijzing", 15))
_SOURCES_JEUGD = (("inwoner", 35), ("huisarts", 30), ("jeugdarts", 12), ("medisch_specialist", 6), ("verwijzing", 17))
_REFERRERS = {"verwijzing": "wijkverpleegkundige, Thuiszorg Oost", "huisarts": "huisartsenpraktijk De Linde",
              "jeugdarts": "jeugdarts, GGD Noord- en Oost-Gelderland",
              "medisch_specialist": "kinderarts, Slingeland Ziekenhuis"}
_OWN_OUTCOMES = {"eigen_kracht": "Na het gesprek redt de inwoner het zelf, met een paar praktische tips.",
                 "netwerk": "Familie en buren nemen de taken over die nu niet lukken.",
                 "algemene_voorziening": "De inwoner gaat naar de inloop in het buurthuis; dat is genoeg."}

# Why a decision ended, as each law's own RedenBeëindiging code (the iWmo and the iJw number them differently).
END_CODES: dict[str, dict[str, str]] = {
    "volgens_plan": {"wmo": "19", "jeugdwet": "31"}, "in_overleg": {"wmo": "23", "jeugdwet": "34"},
    "door_client": {"wmo": "21", "jeugdwet": "32"}, "verhuizing": {"wmo": "31", "jeugdwet": "35"}}
END_MEANING: dict[tuple[str, str], str] = {(law, code): why for why, by_law in END_CODES.items()
                                           for law, code in by_law.items()}
_Row = dict[str, Any]  # one row for a Core insert: column name -> value
_Assessment = tuple[str, int, str, str, str, str, str]  # domain, score, situation, needs, resources, ...
_ResultItem = tuple[str, str, date | None, str, int, int]  # text, indicator, target, contributors, priority, ...
_ResultPart = tuple[str, str, int, list[_ResultItem]]  # goal domain, description, position, results
_PlanParts = tuple[list[_Assessment], list[str], list[_ResultPart]]  # assessments, irrelevant, goals


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind were added."""

    residents: int = 0
    cases: int = 0
    plans: int = 0
    goals: int = 0
    results: int = 0
    decisions: int = 0
    realisations: int = 0
    evaluations: int = 0
    users: int = 0
    aanbieders: int = 0
    products: int = 0


@lru_cache(maxsize=1)
def _test_bsn_pool() -> tuple[str, ...]:
    return tuple(test_bsns())


def max_demo_clients() -> int:
    """How many demo residents can get a test BSN; any further ones get none ('nog niet bekend')."""
    return len(_test_bsn_pool())


DEMO_PASSWORD = "koers-demo-2026"  # every demo account; shown on the sign-in screen of a demo database
DEMO_SETTING = "database.demo"


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    from desktop.core.access.signin import hash_password

    return hash_password(DEMO_PASSWORD)


def _nl_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# ====================================================================== reference content

_TEXT = demo_content()
_USERS = _TEXT.users
_FIRST_NAMES = _TEXT.extra_first_names

# Team size follows the caseload, as in a municipality: a Wmo/Jeugd consulent carries roughly 100 to 250
# active cases, and about two in three demo residents have an open case, so one consulent per 200 residents
# (some 135 active cases each). A casusregisseur coordinates a team of about 15 consulenten; one medewerker
# handles the letters and hours of about 20. Small demos keep the named team above (8 consulenten); larger
# ones add invented colleagues after it, so the first user of each role is always the one named here.
CLIENTS_PER_CONSULENT = 200
CONSULENTEN_PER_REGISSEUR = 15
CONSULENTEN_PER_MEDEWERKER = 20

def demo_team_size(clients: int) -> dict[str, int]:
    """How many users of each role a demo of `clients` residents gets (at least the named team)."""
    named = {role: sum(1 for *_, r in _USERS if r == role) for role in ("consulent", "casusregisseur",
                                                                         "medewerker", "beheerder", "controller")}
    consulenten = max(named["consulent"], -(-clients // CLIENTS_PER_CONSULENT))
    return {"consulent": consulenten,
            "casusregisseur": max(named["casusregisseur"], -(-consulenten // CONSULENTEN_PER_REGISSEUR)),
            "medewerker": max(named["medewerker"], -(-consulenten // CONSULENTEN_PER_MEDEWERKER)),
            "beheerder": named["beheerder"], "controller": named["controller"]}

_AANBIEDERS = _TEXT.aanbieders
_PRODUCTS = _TEXT.products
_TARIFF_BASE_YEAR = 2026
_INDEXATION = 1.038  # yearly; earlier years are deflated, so every decision finds a valid tariff

_TOWNS = _TEXT.towns
_TOWN_WEIGHTS = tuple(t.weight for t in _TOWNS)
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
_FORBIDDEN_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})

_STREETS = _TEXT.streets
_SURNAMES = _TEXT.surnames
_PREFIXED_SURNAMES = _TEXT.prefixed_surnames
_OTHER_SURNAMES = _TEXT.other_surnames
_INITIALS = _TEXT.initials
# The name a demo resident goes by, matching the first initial: (women's names, men's names) per letter.
_CALLED_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "A": (("Anna", "Annie", "Astrid"), ("Arie", "Albert", "Ahmed")),
    "B": (("Bep", "Bianca"), ("Bram", "Bert")),
    "C": (("Corrie", "Carla"), ("Cor", "Chris")),
    "D": (("Dineke", "Diana"), ("Dirk", "Daan")),
    "E": (("Els", "Emma"), ("Erik", "Evert")),
    "F": (("Fenna", "Fatma"), ("Frans", "Freek")),
    "G": (("Gerda", "Gonny"), ("Gerrit", "Gert")),
    "H": (("Henny", "Hanneke"), ("Henk", "Hans")),
    "I": (("Ingrid", "Ilse"), ("Ivo", "Ibrahim")),
    "J": (("Joke", "Jannie", "Julia"), ("Jan", "Johan", "Joost")),
    "K": (("Klazien", "Karin"), ("Klaas", "Kees")),
    "L": (("Lies", "Lotte"), ("Luuk", "Leo")),
    "M": (("Marja", "Mieke", "Mila"), ("Martin", "Mohamed", "Marco")),
    "N": (("Nel", "Noor"), ("Nico", "Noah")),
    "P": (("Petra", "Paula"), ("Piet", "Paul")),
    "R": (("Riet", "Rosa"), ("Rob", "Ruud")),
    "S": (("Sandra", "Sanne"), ("Sjaak", "Sem")),
    "T": (("Truus", "Tessa"), ("Theo", "Tom")),
    "W": (("Wilma", "Willemijn"), ("Wim", "Willem")),
    "Y": (("Yvonne", "Yara"), ("Youssef", "Yusuf")),
}

_REALISED_PATTERN = (1.25, 1.25, 1.125, 0.5, 0.5, 0.625, 0.75)  # regional example: 10,10,9,4,4,5,6 of 8


_SCENARIOS = _TEXT.scenarios
_MOTIVATION = _TEXT.motivation
_READINESS = _TEXT.readiness
_PLAN_UPDATES = _TEXT.plan_updates
_SUMMARIES = _TEXT.summaries
_ACCOUNTS = _TEXT.accounts
_PRONOUNS = _TEXT.pronouns
_ALL_DOMAINS = tuple(d.value for d in LifeDomain)


@lru_cache(maxsize=4096)
def _say(template: str, law: str, salutation: str) -> str:
    return template.format(**_PRONOUNS[(law, salutation)])


# ====================================================================== generator

_DAY = timedelta(days=1)
_DAYS = tuple(timedelta(days=n) for n in range(64))
_DOB_MIN = date(1935, 1, 1)
_DOB_MAX = date(2020, 12, 31)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _called_and_surname(rid: int, salutation: str, initials: str, surname: str,
                        may_double: bool) -> tuple[str | None, str]:
    """The first name a demo resident goes by (matching the first initial; some have none recorded) and,
    for some married women, a double surname ('Jansen-Pelgrom') to search on its second part. An own stream
    per resident: the main one, and so every other demo row, stays as it was."""
    local = random.Random(rid * 104_729)
    names = _CALLED_NAMES.get(initials[0])
    first_name = None
    if names is not None and local.random() < 0.85:
        women, men = names
        first_name = local.choice(women if salutation == "mevrouw" else men if salutation == "heer" else women + men)
    if may_double and salutation == "mevrouw" and local.random() < 0.08:
        partner = local.choice(_SURNAMES)
        if partner != surname:
            surname = f"{partner}-{surname}"
    return first_name, surname


def _at(day: date, minute: int) -> datetime:
    """A deterministic moment on a day (UTC), so reruns give identical rows."""
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)


@cache
def _weekday_offsets(first_weekday: int, span: int) -> tuple[int, ...]:
    """Day offsets within a period that fall on Monday to Friday (support is delivered on working days)."""
    return tuple(n for n in range(span) if (first_weekday + n) % 7 < 5)


class _IsoDates(dict[date, str]):
    """date -> 'YYYY-MM-DD', the text SQLAlchemy's SQLite Date stores; a demo uses a few thousand dates."""

    def __missing__(self, day: date) -> str:
        text_ = self[day] = day.isoformat()
        return text_


# Generated moments are kept as the text SQLAlchemy's SQLite DateTime stores for a UTC moment
# ('2026-11-23 15:04:00.000000'), so they go to SQLite untouched; other databases get datetimes.
_CLOCK = tuple(f" {m // 60:02d}:{m % 60:02d}:00.000000" for m in range(24 * 60))


def _hours_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return str(hours) if not rest else f"{hours},{rest * 100 // 60:02d}".rstrip("0")


_VARIANTS = _TEXT.variants
_MAX_CHAIN = 4  # decisions per case: a grant and at most three changes
_AFTER_AFSCHALEN = _TEXT.after_afschalen


# The journal of a demo casus: (kind, with whom, summary, agreements); roles, never names.
_JOURNAL_FIRST = {
    "wmo": (
        ("huisbezoek", "inwoner en dochter", "Keukentafelgesprek over wat niet meer lukt in huis en wat de inwoner "
         "zelf en met de familie nog kan.", "Dochter vraagt bij de buren na wie kan helpen met boodschappen."),
        ("gesprek", "inwoner", "Gesprek op het gemeentehuis over de vraag en de leefgebieden.",
         "Inwoner denkt na over wat het belangrijkst is en belt terug."),
        ("telefoon", "mantelzorger", "De mantelzorger vertelde hoe het thuis gaat en wat zwaar valt.",
         "Informatie over mantelzorgondersteuning gemaild."),
    ),
    "jeugdwet": (
        ("huisbezoek", "ouders en jeugdige", "Gesprek thuis met de ouders en de jeugdige over school en thuis.",
         "Ouders vragen de mentor op school om een korte terugkoppeling."),
        ("gesprek", "ouders", "Gesprek met de ouders over de vraag en wat het gezin zelf al doet.",
         "Toestemming gevraagd om met de huisarts te overleggen."),
    ),
}
_JOURNAL_LATER = (
    ("telefoon", "aanbieder", "Aanbieder belde over de start van de begeleiding en de eerste afspraken.",
     "Aanbieder stuurt na vier weken een korte voortgangsrapportage."),
    ("overleg_aanbieder", "aanbieder en inwoner", "Driegesprek over hoe de ondersteuning loopt.",
     "Over een maand nagaan of het schema nog past."),
    ("telefoon", "inwoner", "Inwoner belde met een vraag over de brief.", "Brief nog eens uitgelegd; terugbellen."),
    ("email", "huisarts", "Overleg met de huisarts over de belastbaarheid (met toestemming van de inwoner).",
     "Advies van de huisarts meenemen bij de evaluatie."),
)


class _Generator:
    """Builds rows into per-table buffers with self-assigned ids; flush() writes them in FK order."""

    _FLUSH_ORDER = (Resident, RelatedPerson, Casus, JournalEntry, Plan, DomainAssessment, Goal, Result, Beschikking,
                    Period, BeschikkingResult, Realisation, Evaluation, EvaluationResult, EvaluationDomainScore)

    def __init__(self, session: Session, rng: _Random, today: date):
        self.session = session
        self.rng = rng
        self.today = today
        self.buffers: dict[str, list[_Row]] = {m.__tablename__: [] for m in self._FLUSH_ORDER}
        self.counts: dict[str, int] = dict.fromkeys(self.buffers, 0)
        self.next_id: dict[str, int] = {}
        for model in (User, Aanbieder, Product, Contract, Tariff, *self._FLUSH_ORDER):
            table = table_of(model)
            if "id" in table.c:
                top = session.execute(select(func.max(table.c.id))).scalar()
                self.next_id[table.name] = (top or 0) + 1
        self.toewijzing_seq: dict[tuple[str, int], int] = {}  # (law, year) -> last count, as the core numbers
        self.catalog_counts = {"users": 0, "aanbieders": 0, "products": 0}
        by_law_age: dict[tuple[str, int], tuple[Scenario, ...]] = {}
        for law in ("wmo", "jeugdwet"):
            for age in range(0, 121):
                fits = tuple(s for s in _SCENARIOS if s.law == law and s.min_age <= age <= s.max_age)
                by_law_age[(law, age)] = fits or tuple(s for s in _SCENARIOS if s.law == law)
        self.scenarios = by_law_age
        self.iso = _IsoDates()

    def _workday(self, day: date, *, spread: bool = True) -> date:
        """The team works Monday to Friday: a weekend date moves into the next working week, never past today.

        `spread` picks any day of that week (so Mondays do not pile up); without it, the Monday.
        The Friday before is the fallback when the next week has not come yet.
        """
        weekday = day.weekday()
        if weekday < 5:
            return day
        monday = day + _DAYS[7 - weekday]
        later = monday + _DAYS[int(self.rng.random() * 5)] if spread else monday
        if later <= self.today:
            return later
        return monday if monday <= self.today else day - _DAYS[weekday - 4]

    def _at(self, day: date, minute: int) -> str:
        return self.iso[day] + _CLOCK[minute]

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _add(self, table: str, row: _Row) -> None:
        self.buffers[table].append(row)

    def flush(self) -> None:
        """Writes the buffers in foreign-key order, in chunks of INSERT_CHUNK rows per executemany.

        On SQLite the rows go to the driver as tuples, with dates and UTC moments in the text form
        SQLAlchemy's SQLite types store (so the ORM reads them back unchanged): the typed path
        costs about 7 microseconds a row in type processing, over a minute per 100,000 residents.
        Other databases take the typed Core insert.
        """
        connection = self.session.connection()
        raw = connection.dialect.name == "sqlite"
        iso = self.iso
        for model in self._FLUSH_ORDER:
            table = table_of(model)
            rows = self.buffers[table.name]
            if not rows:
                continue
            names, dates, moments = self._layout(table)
            if raw:
                for name in dates:
                    for row in rows:
                        value = row[name]
                        if value is not None:
                            row[name] = iso[value]
                data = list(map(itemgetter(*names), rows))
                sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
                       f"VALUES ({', '.join('?' * len(names))})")
                for start in range(0, len(data), INSERT_CHUNK):
                    connection.exec_driver_sql(sql, data[start:start + INSERT_CHUNK])
            else:
                for row in rows:
                    for key in [k for k in row if k.startswith("_")]:
                        del row[key]
                    for name in moments:
                        if row[name] is not None:
                            row[name] = datetime.fromisoformat(row[name]).replace(tzinfo=UTC)
                for start in range(0, len(rows), INSERT_CHUNK):
                    self.session.execute(insert(table), rows[start:start + INSERT_CHUNK])
            self.counts[table.name] += len(rows)
            rows.clear()

    @staticmethod
    @cache
    def _layout(table: sa.Table) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        names = tuple(c.name for c in table.columns)
        dates = tuple(c.name for c in table.columns if isinstance(c.type, sa.Date))
        moments = tuple(c.name for c in table.columns if isinstance(c.type, (UTCDateTime, sa.DateTime)))
        return names, dates, moments

    # ------------------------------------------------------------------ catalog

    def _team(self, clients: int) -> list[tuple[str, str | None, str, str]]:
        """The named demo users, then invented colleagues until the team fits the caseload."""
        rng = self.rng
        team: list[tuple[str, str | None, str, str]] = list(_USERS)
        wanted = demo_team_size(clients)
        for role in ("consulent", "casusregisseur", "medewerker"):
            for _ in range(wanted[role] - sum(1 for *_, r in team if r == role)):
                if rng.random() < 0.25:
                    prefix, surname = rng.choice(_PREFIXED_SURNAMES)
                else:
                    prefix, surname = None, rng.choice(_SURNAMES)
                team.append((rng.choice(_FIRST_NAMES), prefix, surname, role))
        return team

    def _teams(self, rows: list[_Row]) -> None:
        """About 15 consulenten a team, with its casusregisseur(s): a small demo is one team."""
        for role in ("consulent", "casusregisseur"):
            members = [r for r in rows if r["role"] == role]
            count = -(-len(self.users["consulent"]) // CONSULENTEN_PER_REGISSEUR)
            for i, row in enumerate(members):
                row["team"] = "Sociaal team" if count == 1 else f"Wijkteam {i * count // len(members) + 1}"

    def catalog(self, clients: int) -> None:
        """Users, providers, products and tariffs; existing rows with the same key are reused."""
        session = self.session
        user_t = table_of(User)
        existing_usernames = set(session.execute(select(user_t.c.username)).scalars())
        created = _at(self.today.replace(day=1) - timedelta(days=3 * 365), 8 * 60)
        self.users: dict[str, list[int]] = {"consulent": [], "casusregisseur": [], "medewerker": [],
                                            "beheerder": [], "controller": []}
        rows: list[_Row] = []
        for first, prefix, surname, role in self._team(clients):
            base = "".join(part[0] for part in first.split()).lower() + search_key((prefix or "") + surname)
            username, n = base, 2
            while username in existing_usernames:
                username, n = f"{base}{n}", n + 1
            existing_usernames.add(username)
            uid = self._id("app_user")
            self.users[role].append(uid)
            # A consulent is named in every letter with a direct line and an e-mail address (invented: the
            # 06 1234 range and the reserved .example domain, as in the demo letterhead).
            consulent = role == "consulent"
            rows.append({"id": uid, "username": username,
                         "display_name": " ".join(p for p in (first, prefix, surname) if p), "role": role,
                         "phone": f"06 1234 {len(self.users['consulent']):04d}" if consulent else None,
                         "email": f"{username}@koersveen.example" if consulent else None,
                         "password_hash": _demo_password_hash(), "active": True, "failed_attempts": 0, "locked_until": None,
                         "created_at": created, "team": None})
        self._teams(rows)
        session.execute(insert(user_t), rows)
        self.catalog_counts["users"] = len(rows)
        # Each consulent works in the team of one casusregisseur, who follows that consulent's cases.
        consulenten, regisseurs = self.users["consulent"], self.users["casusregisseur"]
        self.regisseur_of = {uid: regisseurs[i * len(regisseurs) // len(consulenten)]
                             for i, uid in enumerate(consulenten)}

        a_t = table_of(Aanbieder)
        known = {r.name: r.id for r in session.execute(select(a_t.c.name, a_t.c.id))}
        used_agb = set(session.execute(select(a_t.c.agb_code)).scalars())
        rows = []
        self.providers: dict[str, list[tuple[int, str]]] = {}
        for name, agb, city, codes in _AANBIEDERS:
            aid = known.get(name)
            if aid is None:
                aid = self._id("aanbieder")
                rows.append({"id": aid, "name": name, "agb_code": None if agb in used_agb else agb, "city": city,
                             "active": True})
            for code in codes:
                self.providers.setdefault(code, []).append((aid, name))
        if rows:
            session.execute(insert(a_t), rows)
        self.catalog_counts["aanbieders"] = len(rows)

        p_t, t_t = table_of(Product), table_of(Tariff)
        known_products = {(r.law, r.code): r.id for r in session.execute(select(p_t.c.law, p_t.c.code, p_t.c.id))}
        rows = []
        self.products: dict[str, ProductDef] = {}
        self.product_ids: dict[str, int] = {}
        for prod in _PRODUCTS:
            pid = known_products.get((prod.law, prod.code))
            if pid is None:
                pid = self._id("product")
                rows.append({"id": pid, "law": prod.law, "category_code": prod.category, "code": prod.code,
                             "name": prod.name, "unit_code": prod.unit, "frequency_code": prod.frequency,
                             "financing_form": prod.financing, "active": True})
            self.products[prod.code] = prod
            self.product_ids[prod.code] = pid
        if rows:
            session.execute(insert(p_t), rows)
        self.catalog_counts["products"] = len(rows)

        # Every aanbieder is contracted for its products since long before the oldest demo decision.
        c_t = table_of(Contract)
        have = {(r.aanbieder_id, r.product_id) for r in session.execute(select(c_t.c.aanbieder_id,
                                                                               c_t.c.product_id))}
        since = date(self.today.year - 10, 1, 1)
        rows = [{"id": self._id("contract"), "aanbieder_id": aid, "product_id": self.product_ids[code],
                 "valid_from": since, "valid_to": None, "created_at": _at(since, 9 * 60)}
                for code, providers in self.providers.items() if code in self.product_ids
                for aid, _ in providers if (aid, self.product_ids[code]) not in have]
        if rows:
            session.execute(insert(c_t), rows)

        # Regional tariffs (no provider) per year, so a decision from last year finds last year's tariff.
        years = sorted(set(range(self.today.year - 2, self.today.year + 1)) | {_TARIFF_BASE_YEAR})
        existing = {(r.product_id, r.complexity, r.valid_from): r.amount_cents for r in session.execute(
            select(t_t.c.product_id, t_t.c.complexity, t_t.c.valid_from, t_t.c.amount_cents)
            .where(t_t.c.aanbieder_id.is_(None)))}
        rows = []
        self.tariffs: dict[tuple[str, str, int], int] = {}
        for prod in _PRODUCTS:
            pid = self.product_ids[prod.code]
            for complexity, base_cents in zip(("L", "M", "ZW"), prod.tariffs, strict=True):
                for year in years:
                    valid_from = date(year, 1, 1)
                    amount = existing.get((pid, complexity, valid_from))
                    if amount is None:
                        amount = int(round(base_cents * _INDEXATION ** (year - _TARIFF_BASE_YEAR) / 10)) * 10
                        rows.append({"id": self._id("tariff"), "product_id": pid, "aanbieder_id": None,
                                     "complexity": complexity, "amount_cents": amount, "valid_from": valid_from})
                    self.tariffs[(prod.code, complexity, year)] = amount
        if rows:
            session.execute(insert(t_t), rows)
        self.tariff_years = years

    def _tariff(self, code: str, complexity: str, on: date) -> int:
        year = max((y for y in self.tariff_years if y <= on.year), default=self.tariff_years[0])
        return self.tariffs[(code, complexity, year)]

    # ------------------------------------------------------------------ residents

    def resident(self, number: int, bsn: str | None) -> None:
        rng, today = self.rng, self.today
        if bsn is not None and not is_test_bsn(bsn):  # never a number a real person could have
            raise KoersError(f"Interne fout: demo-BSN buiten het testbereik ({bsn}).")
        rid = self._id("resident")
        salutation = rng.pick(("mevrouw", "heer", "neutraal"), (55, 42, 3))
        dob = self._birth_date()
        r = rng.random()
        if r < 0.25:
            prefix, surname = rng.choice(_PREFIXED_SURNAMES)
        elif r < 0.30:
            prefix, surname = None, rng.choice(_OTHER_SURNAMES)
        else:
            prefix, surname = None, rng.choice(_SURNAMES)
        k = rng.pick((1, 2, 3), (45, 40, 15))
        initials = "Th." if rng.random() < 0.015 else "".join(f"{rng.choice(_INITIALS)}." for _ in range(k))
        town, numbers, _ = rng.pick(_TOWNS, _TOWN_WEIGHTS)
        letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
        while letters in _FORBIDDEN_POSTCODE_LETTERS:
            letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
        house_number = min(1 + int(rng.expovariate(1 / 30)), 250)
        s = rng.random()
        suffix = None if s > 0.07 else ("A" if s < 0.035 else "B" if s < 0.05 else "bis" if s < 0.058 else "2")
        consulent = rng.choice(self.users["consulent"])

        meldingen = [self._workday(today - timedelta(days=rng.randint(0, 729)))]
        if rng.random() < 0.12:
            meldingen.append(self._workday(today - timedelta(days=rng.randint(0, 729))))
            meldingen.sort()
        meldingen = [max(m, dob + _DAY) for m in meldingen]
        street = rng.choice(_STREETS)
        first_name, surname = _called_and_surname(rid, salutation, initials, surname,
                                                  _age(dob, today) >= 18 and prefix is None)
        self._add("resident", {
            "id": rid, "client_number": f"K{number:07d}", "bsn": bsn, "salutation": salutation,
            "initials": initials, "prefix": prefix, "surname": surname, "first_name": first_name,
            **resident_search_keys(surname, first_name, street),
            "date_of_birth": dob, "street": street, "house_number": house_number,
            "house_number_suffix": suffix, "postcode": f"{rng.choice(numbers)}{letters}", "city": town,
            "phone": None, "email": None, "consulent_id": consulent,
            "created_at": self._at(meldingen[0], 8 * 60 + rng.randint(30, 540)), "updated_at": None, "version": 1,
            "anonymised_at": None,
        })
        if _age(dob, today) < 18:  # a minor's Jeugdwet letters go to the parents with gezag
            self._parents(rid, dob, meldingen[0], self.buffers["resident"][-1])
        else:  # some adults have a mantelzorger recorded: the Esbjerg plan starts from the network
            self._carer(rid, meldingen[0], self.buffers["resident"][-1])
        used: set[Scenario] = set()
        for melding in meldingen:
            law = "jeugdwet" if _age(dob, melding) < 18 else "wmo"
            options = [sc for sc in self.scenarios[(law, min(_age(dob, melding), 120))] if sc not in used]
            scenario = rng.choice(options or self.scenarios[(law, min(_age(dob, melding), 120))])
            used.add(scenario)
            self._case(rid, consulent, law, melding, scenario, salutation)

    def _parents(self, rid: int, dob: date, melding: date, child: _Row) -> None:
        """One or two parents with gezag at the child's address (own stream: the main one stays as it was)."""
        local = random.Random(rid * 7_919)
        for salutation in local.sample(("mevrouw", "heer"), 2 if local.random() < 0.7 else 1):
            self._add("related_person", {
                "id": self._id("related_person"), "resident_id": rid, "role": "ouder_met_gezag",
                "salutation": salutation, "initials": "".join(f"{c}." for c in local.sample("ABCDEHJKLMNPRSTW", 2)),
                "prefix": child["prefix"], "surname": child["surname"], "street": child["street"],
                "house_number": child["house_number"], "house_number_suffix": child["house_number_suffix"],
                "postcode": child["postcode"], "city": child["city"], "phone": None, "email": None, "valid_from": dob,
                "valid_to": None, "created_at": self._at(melding, 9 * 60), "version": 1})

    def _carer(self, rid: int, melding: date, resident: _Row) -> None:
        """A son, daughter or partner as mantelzorger for about one adult in four (own stream)."""
        local = random.Random(rid * 6_007 + 1)
        if local.random() >= 0.25:
            return
        self._add("related_person", {
            "id": self._id("related_person"), "resident_id": rid, "role": "mantelzorger",
            "salutation": local.choice(("mevrouw", "heer")),
            "initials": "".join(f"{c}." for c in local.sample("ABCDEHJKLMNPRSTW", 2)),
            "prefix": resident["prefix"], "surname": resident["surname"], "street": None, "house_number": None,
            "house_number_suffix": None, "postcode": None, "city": None,
            "phone": f"06 {local.randint(10_000_000, 99_999_999)}", "email": None, "valid_from": None,
            "valid_to": None, "created_at": self._at(melding, 9 * 60 + 5), "version": 1})

    def _birth_date(self) -> date:
        rng, today = self.rng, self.today
        r = rng.random()
        if r < 0.2:
            lo, hi = today - timedelta(days=int(17.8 * 365.25)), today - timedelta(days=4 * 365)
        elif r < 0.5:
            lo, hi = today - timedelta(days=int(64.9 * 365.25)), today - timedelta(days=18 * 365 + 5)
        else:
            age = rng.triangular(65, 97, 81)
            lo = hi = max(_DOB_MIN, min(_DOB_MAX, today - timedelta(days=int(age * 365.25))))
        lo, hi = max(lo, _DOB_MIN), min(hi, _DOB_MAX)
        if lo > hi:
            lo, hi = _DOB_MIN, _DOB_MAX
        return date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))

    # ------------------------------------------------------------------ cases

    def _case(self, resident_id: int, consulent: int, law: str, melding: date, scenario: Scenario,
              salutation: str) -> None:
        self._case_rows(resident_id, consulent, law, melding, scenario, salutation)
        self._journal(self.buffers["casus"][-1])

    def _journal(self, casus: _Row) -> None:
        """The contacts of a casus: the first conversation after the melding, and for an open casus a call whose
        follow-up may be due (so the werkvoorraad shows some). Own stream; no names, roles only."""
        local = random.Random(casus["id"] * 7_877 + 13)
        today, melding = self.today, casus["melding_date"]
        first = self._workday(melding + timedelta(days=local.randint(2, 9)), spread=False)  # main stream untouched
        if first > today:
            return
        talk = local.choice(_JOURNAL_FIRST[casus["law"]])
        closed = casus["closed_date"]
        follow = first + timedelta(days=local.randint(7, 21))
        done = follow if (closed is not None or follow + timedelta(days=5) < today) and follow <= today else None
        self._add("journal_entry", self._journal_row(casus, talk, first, follow, done, local))
        if closed is None and local.random() < 0.35:
            call = max(first, self._workday(today - timedelta(days=local.randint(1, 40)), spread=False))
            if call <= today:
                ahead = call + timedelta(days=local.randint(3, 28))
                self._add("journal_entry", self._journal_row(casus, local.choice(_JOURNAL_LATER), call, ahead, None,
                                                             local))

    def _journal_row(self, casus: _Row, text: tuple[str, str, str, str], day: date, follow: date,
                     done: date | None, local: random.Random) -> _Row:
        kind, with_whom, summary, agreements = text
        return {"id": self._id("journal_entry"), "casus_id": casus["id"], "kind": kind, "contact_date": day,
                "with_whom": with_whom, "summary": summary, "agreements": agreements, "follow_up_date": follow,
                "follow_up_done_date": done, "follow_up_done_by_id": casus["consulent_id"] if done else None,
                "author_id": casus["consulent_id"], "corrects_id": None, "correction_reason": None,
                "created_at": self._at(day, 9 * 60 + local.randint(0, 420))}

    def _case_rows(self, resident_id: int, consulent: int, law: str, melding: date, scenario: Scenario,
                   salutation: str) -> None:
        rng, today = self.rng, self.today
        case_id = self._id("casus")
        row = {"id": case_id, "resident_id": resident_id, "law": law, "status": "melding", "melding_date": melding,
               "aanvraag_date": None, "closed_date": None, "consulent_id": consulent,
               "casusregisseur_id": self.regisseur_of[consulent],
               "created_at": self._at(melding, 9 * 60 + rng.randint(0, 420))}
        self._add("casus", row)
        intake = random.Random(case_id * 1_000_003 + melding.toordinal())  # apart: the main stream stays as it was
        self._intake(row, law, scenario, intake)
        aanvraag = self._workday(melding + timedelta(days=rng.randint(7, 42)))
        if aanvraag > today:  # the research is still going on
            row["status"] = "melding" if (today - melding).days < 10 and rng.random() < 0.7 else "onderzoek"
            return
        if rng.random() < 0.06:  # solved with own strength or the voorliggend veld; no application
            row["status"] = "afgesloten"
            row["closed_date"] = self._workday(min(today, melding + timedelta(days=rng.randint(14, 56))))
            why = intake.choice(tuple(_OWN_OUTCOMES))
            row.update(outcome=why, outcome_date=row["closed_date"], outcome_reason=_OWN_OUTCOMES[why])
            return
        row["aanvraag_date"] = aanvraag
        agreed = self._workday(max(melding + _DAY, aanvraag - timedelta(days=rng.randint(0, 5))), spread=False)
        row["research_done_date"] = agreed
        # the report went out a few days after the plan was agreed (today at the latest): none waits in the queue
        row["report_sent_date"] = min(today, self._workday(agreed + timedelta(days=intake.randint(1, 4)),
                                                           spread=False))
        plan_id, result_ids, scores, plan_parts = self._plan(case_id, scenario, law, salutation, melding, agreed,
                                                             consulent)
        ctx = _CaseContext(case_id=case_id, law=law, salutation=salutation, consulent=consulent,
                           scenario=scenario, plan_id=plan_id, result_ids=result_ids, scores=scores,
                           agreed=agreed)
        row["status"], row["closed_date"], first_eval = self._decisions(ctx, aanvraag)
        first = next((d for d in reversed(self.buffers["beschikking"]) if d["casus_id"] == case_id
                      and d["replaces_id"] is None and d["established_date"] is not None), None)
        if first is not None:
            row.update(outcome="toekenning", outcome_date=first["established_date"],
                       outcome_reason=f"Beschikking {first['toewijzing_nummer']} vastgesteld.")
        if first_eval is not None and first_eval <= today and rng.random() < 0.15:
            self._plan_version_2(ctx, plan_parts, first_eval)

    def _intake(self, row: _Row, law: str, scenario: Scenario, intake: random.Random) -> None:
        """How the melding came in, as the intake form records it (no personal names: roles and places)."""
        sources = _SOURCES_JEUGD if law == "jeugdwet" else _SOURCES_WMO
        source = intake.choices([s for s, _ in sources], [w for _, w in sources])[0]
        melding = row["melding_date"]
        plan_in = melding + timedelta(days=intake.randint(2, 7))
        row.update(question=scenario.question, came_in_via=source, referrer=_REFERRERS.get(source),
                   clientondersteuning_informed=intake.random() < 0.9, receipt_due=False,
                   personal_plan_date=plan_in if intake.random() < 0.05 and plan_in <= self.today else None,
                   research_done_date=None, report_sent_date=None, outcome=None, outcome_date=None,
                   outcome_reason=None)

    # ------------------------------------------------------------------ plans

    def _plan(self, case_id: int, scenario: Scenario, law: str, salutation: str, melding: date, agreed: date,
              consulent: int) -> tuple[int, list[int], dict[str, int], _PlanParts]:
        rng = self.rng
        plan_id = self._id("plan")
        self._add("plan", {
            "id": plan_id, "casus_id": case_id, "version_no": 1, "status": "akkoord",
            "question": scenario.question, "what_matters": scenario.what_matters,
            "circumstances": scenario.circumstances, "agreed_date": agreed, "agreed_by_id": consulent,
            "based_on_id": None,
            "created_at": self._at(melding + timedelta(days=rng.randint(0, (agreed - melding).days)), 10 * 60),
            "updated_at": None, "version": 1,
        })
        goals = rng.sample(scenario.goals, rng.randint(1, min(3, len(scenario.goals))))
        goals.sort(key=scenario.goals.index)
        relevant = {g.domain for g in goals}
        want = rng.randint(2, 4)
        extra = [d for d in scenario.domains if d.domain not in relevant]
        rng.shuffle(extra)
        while len(relevant) < want and extra:
            relevant.add(extra.pop().domain)
        domains = [d for d in scenario.domains if d.domain in relevant]
        assessments = []
        for d in domains:
            assessments.append((d.domain, rng.randint(d.score_lo, d.score_hi), d.situation, d.needs,
                                rng.choice(scenario.resources), rng.choice(_MOTIVATION[law]),
                                rng.choice(_READINESS[law])))
        n_irrelevant = rng.pick((0, 1, 2), (45, 40, 15))
        irrelevant = rng.sample([d for d in _ALL_DOMAINS if d not in relevant], n_irrelevant)
        result_parts = []
        for position, goal in enumerate(goals):
            chosen = rng.sample(goal.results, rng.randint(1, min(3, len(goal.results))))
            chosen.sort(key=goal.results.index)
            items = []
            for rpos, res in enumerate(chosen):
                target = None
                if res.months is not None and rng.random() < 0.85:
                    target = agreed + timedelta(days=res.months * 30 + rng.randint(-3, 10))
                items.append((_say(res.description, law, salutation), _say(res.indicator, law, salutation),
                              target, res.contributors, rng.pick((1, 2, 3), (40, 40, 20)), rpos))
            result_parts.append((goal.domain, goal.description, position, items))
        result_ids = self._plan_rows(plan_id, assessments, irrelevant, result_parts)
        scores = {domain: score for domain, score, *_ in assessments}
        return plan_id, result_ids, scores, (assessments, irrelevant, result_parts)

    def _plan_rows(self, plan_id: int, assessments: list[_Assessment], irrelevant: list[str],
                   result_parts: list[_ResultPart]) -> list[int]:
        for domain, score, situation, needs, resources, motivation, readiness in assessments:
            self._add("domain_assessment", {
                "id": self._id("domain_assessment"), "plan_id": plan_id, "domain": domain, "relevant": True,
                "score": score, "situation": situation, "needs": needs, "resources": resources,
                "motivation": motivation, "readiness": readiness})
        for domain in irrelevant:  # 'niet relevant' is an answer, and stores nothing else
            self._add("domain_assessment", {
                "id": self._id("domain_assessment"), "plan_id": plan_id, "domain": domain, "relevant": False,
                "score": None, "situation": None, "needs": None, "resources": None, "motivation": None,
                "readiness": None})
        result_ids = []
        for domain, description, position, items in result_parts:
            goal_id = self._id("goal")
            self._add("goal", {"id": goal_id, "plan_id": plan_id, "domain": domain, "description": description,
                               "position": position})
            for text_, indicator, target, contributors, priority, rpos in items:
                result_id = self._id("result")
                result_ids.append(result_id)
                self._add("result", {"id": result_id, "goal_id": goal_id, "description": text_,
                                     "indicator": indicator, "target_date": target, "contributors": contributors,
                                     "priority": priority, "position": rpos})
        return result_ids

    def _plan_version_2(self, ctx: _CaseContext, parts: _PlanParts, on: date) -> None:
        """A concept revision after an evaluation: a copy of version 1 with updated scores and dates."""
        rng = self.rng
        assessments, irrelevant, result_parts = parts
        plan_id = self._id("plan")
        self._add("plan", {
            "id": plan_id, "casus_id": ctx.case_id, "version_no": 2, "status": "concept",
            "question": ctx.scenario.question, "what_matters": ctx.scenario.what_matters,
            "circumstances": f"{ctx.scenario.circumstances} {rng.choice(_PLAN_UPDATES)}", "agreed_date": None,
            "agreed_by_id": None, "based_on_id": ctx.plan_id, "created_at": self._at(on, 14 * 60), "updated_at": None,
            "version": 1,
        })
        assessments = [(a[0], min(5, max(1, a[1] + rng.choice((0, 1, 1, -1)))), *a[2:]) for a in assessments]
        shifted = [(dom, desc, pos, [(t, i, None if target is None else target + timedelta(days=91), c, p, rp)
                                     for t, i, target, c, p, rp in items])
                   for dom, desc, pos, items in result_parts]
        self._plan_rows(plan_id, assessments, irrelevant, shifted)

    # ------------------------------------------------------------------ decisions

    def _decisions(self, ctx: _CaseContext, aanvraag: date) -> tuple[str, date | None, date | None]:
        """All decisions of a case; returns the case status, closed date and first evaluation date."""
        rng, today = self.rng, self.today
        law = ctx.law
        code = rng.choice(ctx.scenario.products)
        aanbieder_id, aanbieder_name = rng.choice(self.providers[code])
        variant = _pick(rng, _VARIANTS[code])
        complexity = _complexity(rng, variant)
        linked = rng.sample(ctx.result_ids, rng.randint(1, min(3, len(ctx.result_ids))))
        established = self._workday(
            aanvraag + timedelta(days=rng.randint(3, 14) if law == "wmo" else rng.randint(5, 35)))
        start = established + timedelta(days=rng.randint(0, 14))
        common: _DecisionCommon = {"ctx": ctx, "code": code, "aanbieder_id": aanbieder_id,
                                   "aanbieder_name": aanbieder_name, "complexity": complexity,
                                   "linked": linked}

        if established > today:  # application received, decision not yet taken
            if rng.random() < 0.7:
                self._decision(**common, variant=variant, start=start, established=None, kind="toekenning")
            return "aanvraag", None, None

        current = self._decision(**common, variant=variant, start=start, established=established,
                                 kind="toekenning")
        first_eval = None
        for chain_length in range(1, _MAX_CHAIN + 1):
            variant = current["_variant"]
            moments = evaluation_dates(current["start_date"], current["end_date"],
                                       IndicationCategory(current["category"]))
            done_dates = [self._workday(m + timedelta(days=rng.randint(-5, 12))) for m in moments]
            if first_eval is None and moments:
                first_eval = done_dates[0]
            change = self._change(current, moments, done_dates) if chain_length < _MAX_CHAIN else None
            if change is None:
                stop, active = self._fate(current)
                self._follow_up(current, moments, done_dates, stop, active, None, None, ctx, aanbieder_name)
                break
            outcome, idx, est2, effective, reason, new_variant = change
            common["complexity"] = _complexity(rng, new_variant) if new_variant != variant else current["complexity"]
            if est2 > today:  # the change is prepared but not yet decided
                self._decision(**common, variant=new_variant, start=effective, established=None,
                               kind="wijziging", replaces=current, reason=reason)
                stop, active = self._fate(current, may_end_early=False)
                self._follow_up(current, moments, done_dates, stop, active, None, None, ctx, aanbieder_name)
                break
            current["status"] = "vervangen"  # as the core's wijziging does: in force until the day before
            current["ended_date"] = min(effective - _DAY, current["end_date"])
            self._follow_up(current, moments, done_dates, effective - _DAY, False, idx, outcome, ctx,
                            aanbieder_name)
            current = self._decision(**common, variant=new_variant, start=effective, established=est2,
                                     kind="wijziging", replaces=current, reason=reason)
        return self._case_status(current) + (first_eval,)

    def _change(self, d: _Row, moments: list[date], done_dates: list[date]
                ) -> tuple[str, int | None, date, date, str, Variant] | None:
        """Whether a decision is scaled down/up after its first evaluation or extended at its end."""
        rng, today = self.rng, self.today
        variant = d["_variant"]
        end = d["end_date"]
        r = rng.random()
        change: tuple[str, int | None, date, date, str, Variant] | None = None
        if moments and r < 0.45:
            done_dates[0] = max(done_dates[0], moments[0])  # a change follows a held evaluation
        if moments and done_dates[0] <= today and done_dates[0] < end - timedelta(days=7) and (
                (variant.category == "intensief" and r < 0.45) or (variant.category == "basis" and r < 0.06)):
            outcome = "afschalen" if variant.category == "intensief" else "opschalen"
            est2 = self._workday(done_dates[0] + timedelta(days=rng.randint(3, 10)), spread=False)
            effective = min(est2 + timedelta(days=rng.randint(0, 10)), end + _DAY)
            reason = "05" if effective <= end else "04"
            new_variant = rng.choice(_AFTER_AFSCHALEN) if outcome == "afschalen" else \
                Variant("intensief", 4, 3, max(720, variant.minutes_per_period * 2))
            change = (outcome, 0, est2, effective, reason, new_variant)
        elif end < today + timedelta(days=30) and r < 0.6:  # most support continues: extension
            est2 = self._workday(end - timedelta(days=rng.randint(7, 28)), spread=False)
            idx = max((i for i, dd in enumerate(done_dates) if dd <= est2 and dd <= today), default=None)
            new_variant = variant
            if variant.period_count == 7 and rng.random() < 0.5:
                new_variant = Variant(variant.category, variant.period_weeks, 13, variant.minutes_per_period)
            change = ("voortzetten", idx, est2, end + _DAY, "04", new_variant)
        if change is not None and change[2] > today and end < today:
            return None  # a pending change on a decision that already ran out: leave it out
        return change

    def _decision(self, *, ctx: _CaseContext, code: str, aanbieder_id: int, aanbieder_name: str,
                  complexity: str, linked: list[int], variant: Variant, start: date, established: date | None, kind: str,
                  replaces: _Row | None = None, reason: str | None = None) -> _Row:
        rng, today = self.rng, self.today
        prod = self.products[code]
        did = self._id("beschikking")
        weeks, count, per_period = variant.period_weeks, variant.period_count, variant.minutes_per_period
        indicated = per_period * count
        end = derive_end_date(start, weeks, count)
        surplus = 0
        bw_min = bw_max = None
        tariff = fixed = None
        if prod.financing == "bedrag_per_maand":
            fixed, tariff = self._tariff(code, complexity, start), 0
        else:
            tariff = self._tariff(code, complexity, start)
            if rng.random() < 0.2:
                surplus = 600 if count <= 7 else 1200
        if prod.unit == "04" and rng.random() < 0.1:
            per_week = per_period // weeks
            bw_min, bw_max = per_week // 2 // 15 * 15, per_week * 2
        key = (ctx.law, start.year)
        self.toewijzing_seq[key] = sequence = self.toewijzing_seq.get(key, 0) + 1
        if established is None:
            status, sent = "concept", None
        elif rng.random() < _unsent_share((today - established).days):
            status, sent = "vastgesteld", None
        else:
            status, sent = "verzonden", self._workday(min(today, established + timedelta(days=rng.randint(0, 2))))
        created = established - timedelta(days=rng.randint(0, 2)) if established else \
            max(start - timedelta(days=28), today - timedelta(days=rng.randint(0, 7)), ctx.agreed)
        row = {
            "id": did, "casus_id": ctx.case_id, "plan_id": ctx.plan_id, "law": ctx.law,
            "toewijzing_nummer": toewijzing_nummer(start.year, sequence), "kind": kind, "status": status,
            "product_id": self.product_ids[code], "aanbieder_id": aanbieder_id, "complexity": complexity,
            "category": variant.category, "financing_form": prod.financing, "period_weeks": weeks,
            "period_count": count, "minutes_per_period": per_period, "indicated_minutes": indicated,
            "surplus_minutes": surplus, "bandwidth_min_minutes": bw_min, "bandwidth_max_minutes": bw_max,
            "no_show_counts": True, "tariff_cents": tariff, "fixed_amount_cents": fixed, "start_date": start,
            "end_date": end, "motivation": self._motivation(ctx, prod, variant, kind, aanbieder_name),
            "established_date": established, "sent_date": sent, "replaces_id": replaces["id"] if replaces else None,
            "change_reason_code": reason, "change_effective_date": start if replaces else None,
            "end_reason_code": None, "ended_date": None, "created_by_id": ctx.consulent,
            "created_at": self._at(min(created, today), 11 * 60 + rng.randint(0, 300)), "version": 1,
            "imported_at": None,
        }
        self._add("beschikking", row)
        append, period_id = self.buffers["period"].append, self.next_id["period"]
        for number, p_start, p_end, share in derive_periods(start, weeks, count, indicated):
            append({"id": period_id, "beschikking_id": did, "number": number, "start_date": p_start,
                    "end_date": p_end, "share_minutes": share})
            period_id += 1
        self.next_id["period"] = period_id
        append = self.buffers["beschikking_result"].append
        for result_id in linked:
            append({"beschikking_id": did, "result_id": result_id})
        row["_linked"] = linked
        row["_unit"] = 240 if prod.unit == "16" else 15
        row["_variant"] = variant
        return row

    def _motivation(self, ctx: _CaseContext, prod: ProductDef, variant: Variant, kind: str,
                    aanbieder: str) -> str:
        s = _PRONOUNS[(ctx.law, ctx.salutation)]["s"]
        weeks, count, per = variant.period_weeks, variant.period_count, variant.minutes_per_period
        if prod.unit == "16":
            extent = f"{per // 240} dagdelen per {weeks} weken"
        else:
            extent = f"{_hours_text(per)} uur per {weeks} weken"
        total = f"{_hours_text(per * count)} uur"
        lead = "Na de evaluatie is de ondersteuning opnieuw beoordeeld. " if kind == "wijziging" else ""
        return (f"{lead}Uit het onderzoek en het ondersteuningsplan blijkt dat {s} de resultaten niet of niet "
                f"volledig op eigen kracht, met het netwerk of met algemene voorzieningen kan bereiken. "
                f"{prod.name} door {aanbieder}, {extent} gedurende {count} perioden ({total} in totaal), is "
                f"daarvoor passend.")

    def _fate(self, d: _Row, *, may_end_early: bool = True) -> tuple[date, bool]:
        """Ends a decision that ran out or stopped early; returns its last service day and whether it runs."""
        rng, today = self.rng, self.today
        start, end = d["start_date"], d["end_date"]
        latest = min(end, today)
        if rng.random() < 0.06 and may_end_early and start + timedelta(days=35) <= latest:
            ended = date.fromordinal(rng.randint((start + timedelta(days=35)).toordinal(), latest.toordinal()))
            why = rng.choice(("in_overleg", "in_overleg", "door_client", "verhuizing"))
            d.update(status="beeindigd", ended_date=ended, end_reason_code=END_CODES[why][d["law"]])
            return ended, False
        if end < today:
            d.update(status="beeindigd", ended_date=end, end_reason_code=END_CODES["volgens_plan"][d["law"]])
            return end, False
        return end, True

    def _case_status(self, d: _Row) -> tuple[str, date | None]:
        if d["status"] == "beeindigd":
            ended = d["ended_date"]
            closed = max(ended, self._workday(min(self.today, ended + timedelta(days=self.rng.randint(0, 21)))))
            return "afgesloten", closed
        return "lopend", None

    # ------------------------------------------------------------------ hours and evaluations

    def _follow_up(self, d: _Row, moments: list[date], done_dates: list[date], stop: date, active: bool,
                   forced_index: int | None, forced_outcome: str | None, ctx: _CaseContext,
                   aanbieder: str) -> None:
        self._realisations(d, min(stop, self.today))
        self._evaluations(d, moments, done_dates, stop, active, forced_index, forced_outcome, ctx, aanbieder)

    def _realisations(self, d: _Row, last_day: date) -> None:
        """Hours per date, varying per period; the running total never passes indicated + surplus.

        The hottest loop of the generator (about a third of all rows), hence the local names.
        """
        rng = self.rng
        rand = rng.random
        unit, per_period = d["_unit"], d["minutes_per_period"]
        day_cap = 2 if unit == 240 else 16  # units per date: two dagdelen, or four hours
        period_days = d["period_weeks"] * 7
        room = d["indicated_minutes"] + d["surplus_minutes"]
        profile = rand()
        source = "import" if rand() < 0.25 else "hand"
        entered_by = rng.choice(self.users["medewerker"])
        decision_id = d["id"]
        iso = self.iso
        append = self.buffers["realisation"].append
        next_id = self.next_id["realisation"]
        today = self.today
        p_start = d["start_date"]
        for index in range(d["period_count"]):
            if p_start > last_day:
                break
            span = min(period_days, (last_day - p_start).days + 1)
            if profile < 0.45:
                factor = _REALISED_PATTERN[index % 7] * (0.85 + 0.3 * rand())
            elif profile < 0.75:
                factor = 0.85 + 0.25 * rand()
            else:
                factor = 0.3 + 0.5 * rand()  # under-use
            units = min(int(per_period * factor * span / period_days / unit + 0.5), room // unit)
            if units > 0:
                k = min(max(1 + int(rand() * 3), -(-units // day_cap)), units, span)
                base, extra = divmod(units, k)
                parts = [base + (i < extra) for i in range(k)]
                for _ in range(k):  # uneven, but within what fits in a day
                    a, b = int(rand() * k), int(rand() * k)
                    if parts[a] > 1 and parts[b] < day_cap:
                        parts[a] -= 1
                        parts[b] += 1
                weekdays = _weekday_offsets(p_start.weekday(), span)
                if len(weekdays) < k:  # a short last period: weekend days too
                    weekdays = tuple(range(span))
                picked: set[int] = set()
                while len(picked) < k:
                    picked.add(weekdays[int(rand() * len(weekdays))])
                for part, offset in zip(parts, sorted(picked), strict=True):
                    day = p_start + _DAYS[offset]
                    entered = day + _DAYS[int(rand() * 5)]
                    append({"id": next_id, "beschikking_id": decision_id, "service_date": day, "covers_from": None,
                            "minutes": part * unit, "no_show": rand() < 0.03, "source": source,
                            "entered_by_id": entered_by,
                            "entered_at": iso[min(entered, today)] + _CLOCK[900 + int(rand() * 120)]})
                    next_id += 1
                room -= units * unit
            p_start += _DAYS[period_days]
        self.next_id["realisation"] = next_id

    def _evaluations(self, d: _Row, moments: list[date], done_dates: list[date], stop: date, active: bool,
                     forced_index: int | None, forced_outcome: str | None, ctx: _CaseContext,
                     aanbieder: str) -> None:
        rng, today = self.rng, self.today
        keep = [i for i, m in enumerate(moments) if m <= stop]
        past = [i for i in keep if moments[i] <= today]
        future = [i for i in keep if moments[i] > today][:1] if active else []
        created_set = set(past + future)
        last_past = past[-1] if past else None
        end_reason = d["end_reason_code"] if d["status"] == "beeindigd" else None
        pron = _PRONOUNS[(ctx.law, ctx.salutation)]
        status_of: dict[int, str] = {}
        created = d["created_at"]
        for i in past + future:
            planned = moments[i]
            done = done_dates[i]
            is_done = planned <= today and done <= today
            if i == forced_index:
                is_done, done = True, min(done, today)
            elif active and i == last_past and rng.random() < _not_held_share((today - planned).days):
                is_done = False  # overdue: planned, not yet held
            eid = self._id("evaluation")
            row = {"id": eid, "casus_id": ctx.case_id, "beschikking_id": d["id"], "planned_date": planned,
                   "done_date": None, "outcome": None, "summary": None, "next_date": None, "done_by_id": None,
                   "created_at": created}
            if is_done:
                if i == forced_index:  # the evaluation that led to the next decision
                    outcome = forced_outcome
                    texts = outcome if outcome == "voortzetten" else f"{outcome}_change"
                elif end_reason is not None and i == last_past:  # the support ends after this one
                    outcome, texts = "beeindigen", f"beeindigen_{END_MEANING[d['law'], end_reason]}"
                else:  # the provider may scale within the decision
                    outcome = rng.pick(("voortzetten", "afschalen", "opschalen"), (90, 6, 4))
                    texts = outcome if outcome == "voortzetten" else f"{outcome}_within"
                nxt = moments[i + 1] if i + 1 in created_set and i != forced_index else None
                row.update(done_date=max(done, d["start_date"]), outcome=outcome, done_by_id=ctx.consulent,
                           summary=rng.choice(_SUMMARIES[texts]).format(S=pron["S"], s=pron["s"], a=aanbieder),
                           next_date=nxt if nxt is not None and nxt > planned else None)
                weights = (25, 50, 18, 7) if not status_of else (50, 35, 10, 5)
                for result_id in d["_linked"]:
                    previous = status_of.get(result_id)
                    status = previous if previous in ("behaald", "vervallen") else \
                        rng.pick(("behaald", "deels", "niet", "vervallen"), weights)
                    status_of[result_id] = status
                    self._add("evaluation_result", {
                        "evaluation_id": eid, "result_id": result_id, "status": status,
                        "account": _say(rng.choice(_ACCOUNTS[status]), ctx.law, ctx.salutation)})
                if rng.random() < 0.35:
                    for domain, score in list(ctx.scores.items()):
                        score = min(5, max(1, score + rng.choice((0, 0, 1, 1, 1, -1))))
                        ctx.scores[domain] = score
                        self._add("evaluation_domain_score", {"evaluation_id": eid, "domain": domain,
                                                              "score": score})
            self._add("evaluation", row)

    # ------------------------------------------------------------------ finish

    def fix_sequences(self) -> None:
        """Explicit ids do not advance PostgreSQL sequences; move them past the new rows."""
        if self.session.connection().dialect.name != "postgresql":
            return
        for name in self.next_id:
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))

    def summary(self) -> DemoSummary:
        c = self.counts
        return DemoSummary(
            residents=c["resident"], cases=c["casus"], plans=c["plan"], goals=c["goal"], results=c["result"],
            decisions=c["beschikking"], realisations=c["realisation"], evaluations=c["evaluation"],
            **self.catalog_counts)


class _Random:
    """The few draws the generator needs, on one random.Random(seed) stream (never the global one).

    Integer and choice draws use random() directly: random.Random's own randint and choice cost
    three to four times as much, which shows at millions of draws.
    """

    def __init__(self, seed: int):
        self._random = random.Random(seed)
        self.random = self._random.random
        self.sample = self._random.sample
        self.shuffle = self._random.shuffle
        self.triangular = self._random.triangular
        self.expovariate = self._random.expovariate
        self._cumulative: dict[tuple[float, ...], list[float]] = {}

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.random() * len(seq))]

    def pick(self, population: Sequence[_T], weights: tuple[float, ...]) -> _T:
        """One weighted choice; the weights are constant tuples, so their running sums are cached."""
        cumulative = self._cumulative.get(weights)
        if cumulative is None:
            cumulative = self._cumulative[weights] = list(accumulate(weights))
        return population[bisect(cumulative, self.random() * cumulative[-1])]


@dataclass
class _CaseContext:
    case_id: int
    law: str
    salutation: str
    consulent: int
    scenario: Scenario
    plan_id: int
    result_ids: list[int]
    scores: dict[str, int]
    agreed: date


class _DecisionCommon(TypedDict):
    """The arguments of _decision shared by the decisions of one case."""

    ctx: _CaseContext
    code: str
    aanbieder_id: int
    aanbieder_name: str
    complexity: str
    linked: list[int]


def _unsent_share(days_since_established: int) -> float:
    """How many decisions of that age still wait for their letter. The medewerkers send the letters in
    batches within days (Koers reminds them after 5 working days), so most recent ones are out and an
    older unsent one is a rare slip, not one in twelve as before."""
    if days_since_established <= 2:
        return 0.7
    if days_since_established <= 7:
        return 0.25
    if days_since_established <= 14:
        return 0.05
    return 0.002


def _not_held_share(days_since_planned: int) -> float:
    """How many last-planned evaluations of running decisions are still not held that many days later.
    A team catches up on late evaluations (Koers escalates them after two weeks): a recent one is often
    still open, one from months ago rarely."""
    if days_since_planned <= 14:
        return 0.35
    if days_since_planned <= 42:
        return 0.10
    if days_since_planned <= 120:
        return 0.03
    return 0.005


def _complexity(rng: _Random, variant: Variant) -> str:
    if variant.category == "intensief":
        return rng.pick(("M", "ZW"), (60, 40))
    return rng.pick(("L", "M", "ZW"), (40, 45, 15))


def _pick(rng: _Random, weighted: tuple[Sequence[_T], tuple[float, ...]]) -> _T:
    return rng.pick(*weighted)


# ====================================================================== entry point

def generate_demo(db: Database, clients: int, seed: int = 2026, *, today: date | None = None,
                  progress: Callable[[int, int], bool] | None = None) -> DemoSummary:
    """Fills an empty, migrated database with `clients` fictional residents and their casework.

    `progress(done, total)` is called about every 1000 residents; returning False cancels, and
    because everything is one transaction, a cancel stores nothing.
    """
    if isinstance(clients, bool) or not isinstance(clients, int) or not 1 <= clients <= MAX_CLIENTS:
        raise ValidationError(f"Kies een aantal inwoners voor de demo tussen 1 en {_nl_int(MAX_CLIENTS)}.",
                              field="clients")
    # The test range holds 9,091 valid numbers. Residents beyond that get no BSN ('nog niet bekend',
    # as at a melding before identification) rather than a number that could be a real person's.
    pool = _test_bsn_pool()
    today = today or clock.today()
    rng = _Random(seed)
    with db.write() as session:
        if session.execute(select(func.count()).select_from(table_of(Resident))).scalar():
            raise KoersError(NOT_EMPTY_MESSAGE)
        gen = _Generator(session, rng, today)
        with _large_page_cache(session), _hours_guard_checked_at_end(session, gen):
            gen.catalog(clients)
            bsns = rng.sample(pool, min(clients, len(pool))) + [None] * max(0, clients - len(pool))
            for start in range(0, clients, PROGRESS_EVERY):
                if progress is not None and progress(start, clients) is False:
                    raise KoersError(CANCELLED_MESSAGE)
                for number in range(start + 1, min(start + PROGRESS_EVERY, clients) + 1):
                    gen.resident(number, bsns[number - 1])
                gen.flush()
            if progress is not None and progress(clients, clients) is False:
                raise KoersError(CANCELLED_MESSAGE)
            gen.fix_sequences()
            months.rebuild(session.connection())  # the bulk load bypassed the summary's flush hook
            _budgets(session, gen, today)
            # the demo sends its toewijzingen from the gemeentecode of the standard's own sample messages
            session.execute(insert(table_of(Setting)), [{"key": DEMO_SETTING, "value": "1"},
                                                        {"key": GEMEENTECODE, "value": "0384"}])
        summary = gen.summary()
    return summary


def _budgets(session: Session, gen: _Generator, today: date) -> None:
    """A budget per law and product group for last year and this year, set by the controller in the December before,
    from the generated realisation: last year's at 97-112 % of what was realised; this year's at 103-115 % of the
    forecast, except one or two groups whose budget the forecast passes in the middle of a month after today (the
    report 'Begroting en prognose' names it). Amounts beyond what the budget column holds (huge demos) stay unset."""
    rows: list[_Row] = []
    setter = next(iter(gen.users.get("controller", []) + gen.users.get("beheerder", [])), None)
    for year in (today.year - 1, today.year):
        groups = [g for g in budget.year_figures(session, year, today)
                  if g.category_code != budget.NO_GROUP and g.forecast_cents]
        pace = budget.Pace.of(year, today)
        days = pace.elapsed_days + pace.remaining_days
        # the forecast grows linearly after today: it reaches `share` of itself on day share × days of the year
        later = [d for d in ((date(year, m, 15) - date(year, 1, 1)).days + 1 for m in range(1, 13))
                 if d > pace.elapsed_days] or [days * 95 // 100]
        over = min(1 + int(gen.rng.random() < 0.5), max(1, len(groups) - 1)) if year == today.year else 0
        chosen = set(gen.rng.sample(range(len(groups)), min(over, len(groups))))
        for i, g in enumerate(groups):
            low, high = (1.03, 1.15) if year == today.year else (0.97, 1.12)
            share = gen.rng.choice(later) / days if i in chosen else low + (high - low) * gen.rng.random()
            cents = int((g.forecast_cents or 0) * share)
            step = 10_000 if cents > 1_000_000 else 100  # a round € 100 where that does not change the outcome
            cents = cents // step * step if i in chosen else -(-cents // step) * step
            if cents <= budget.MAX_CENTS:
                rows.append({"year": year, "law": g.law.value, "category_code": g.category_code, "amount_cents": cents,
                             "set_by_id": setter, "set_at": _at(date(year - 1, 12, 15), 10 * 60)})
    if rows:
        session.execute(insert(table_of(Budget)), rows)


@contextmanager
def _hours_guard_checked_at_end(session: Session, gen: _Generator) -> Iterator[None]:
    """On SQLite, checks the never-exceed rule once for the whole load instead of per inserted row.

    The guard trigger sums a decision's realisations on every insert, which made the load about a
    quarter slower (some 35 s per 100,000 residents). Inside this one transaction it is dropped,
    re-created from its own stored SQL before the commit and followed by the same rule as one
    query over the new decisions. No other connection ever sees the database without it, and
    any error rolls the drop back with everything else.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'realisation'").all()
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    first_decision = gen.next_id["beschikking"]
    yield
    for _, sql in triggers:
        connection.exec_driver_sql(sql)
    over = decisions_over_ceiling(connection, first_id=first_decision)
    if over:
        raise KoersError(f"Interne fout: de demo-uren overschrijden bij {len(over)} beschikkingen het geïndiceerde "
                         "totaal; er is niets opgeslagen.")


@contextmanager
def _large_page_cache(session: Session) -> Iterator[None]:
    """SQLite's default 2 MB page cache thrashes on a load this size; widen it for this connection only."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.dbapi_connection  # still usable after a failed statement, for the reset
    assert driver is not None  # the session's connection is open
    before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    driver.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {before}")
