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
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from db import clock
from db.engine import Database
from db.models import (
    Aanbieder,
    Beschikking,
    BeschikkingResult,
    Casus,
    DomainAssessment,
    Evaluation,
    EvaluationDomainScore,
    EvaluationResult,
    Goal,
    Period,
    Plan,
    Product,
    Realisation,
    Resident,
    Result,
    Setting,
    Tariff,
    User,
)
from db.types import UTCDateTime
from desktop.core.errors import KoersError, ValidationError
from desktop.core.residents.bsn import is_test_bsn, test_bsns
from desktop.core.text import search_key

MAX_CLIENTS = 1_000_000
PROGRESS_EVERY = 1000  # residents between progress calls (and buffer flushes)
INSERT_CHUNK = 5000  # rows per executemany
SQLITE_CACHE_KIB = 256 * 1024  # page cache while loading (default is 2 MB)

CANCELLED_MESSAGE = "Demo-gegevens laden afgebroken; er is niets opgeslagen."
NOT_EMPTY_MESSAGE = "De database bevat al inwoners; demo-gegevens worden alleen in een lege database geladen."


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

_USERS = (  # (first name, prefix, surname, role)
    ("Janneke", None, "Bakker", "consulent"),
    ("Sanne", None, "Wolterink", "consulent"),
    ("Mohamed", "el", "Idrissi", "consulent"),
    ("Ingrid", "te", "Brake", "consulent"),
    ("Bart", None, "Heutink", "consulent"),
    ("Esther", None, "Klein Gunnewiek", "consulent"),
    ("Rianne", None, "Bosman", "consulent"),
    ("Koen", "van der", "Veen", "consulent"),
    ("Marieke", None, "Hulshof", "casusregisseur"),
    ("Erik", None, "Rouwhorst", "casusregisseur"),
    ("Anouk", None, "Lammers", "medewerker"),
    ("Dennis", None, "Wassink", "medewerker"),
    ("Gerrit Jan", None, "Nijhof", "beheerder"),
)

# Team size follows the caseload, as in a municipality: a Wmo/Jeugd consulent carries roughly 100 to 250
# active cases, and about two in three demo residents have an open case, so one consulent per 200 residents
# (some 135 active cases each). A casusregisseur coordinates a team of about 15 consulenten; one medewerker
# handles the letters and hours of about 20. Small demos keep the named team above (8 consulenten); larger
# ones add invented colleagues after it, so the first user of each role is always the one named here.
CLIENTS_PER_CONSULENT = 200
CONSULENTEN_PER_REGISSEUR = 15
CONSULENTEN_PER_MEDEWERKER = 20
_FIRST_NAMES = (
    "Anne", "Bas", "Carla", "Daan", "Eva", "Fleur", "Geert", "Hanneke", "Iris", "Jeroen", "Karin", "Lars",
    "Linda", "Maarten", "Nicole", "Olga", "Pieter", "Roos", "Sander", "Tineke", "Ufuk", "Vera", "Wouter",
    "Yvonne", "Zeynep", "Arjen", "Brenda", "Chantal", "Dirk", "Evelien", "Femke", "Gijs", "Hilde", "Jasper",
    "Kim", "Lieke", "Marloes", "Niels", "Petra", "Rick", "Saskia", "Thijs", "Wendy", "Youssef", "Fatima",
)


def demo_team_size(clients: int) -> dict[str, int]:
    """How many users of each role a demo of `clients` residents gets (at least the named team)."""
    named = {role: sum(1 for *_, r in _USERS if r == role) for role in ("consulent", "casusregisseur",
                                                                         "medewerker", "beheerder")}
    consulenten = max(named["consulent"], -(-clients // CLIENTS_PER_CONSULENT))
    return {"consulent": consulenten,
            "casusregisseur": max(named["casusregisseur"], -(-consulenten // CONSULENTEN_PER_REGISSEUR)),
            "medewerker": max(named["medewerker"], -(-consulenten // CONSULENTEN_PER_MEDEWERKER)),
            "beheerder": named["beheerder"]}

_AANBIEDERS = (  # (name, AGB code, city, product codes)
    ("Zorggroep De Linde", "98001234", "Doetinchem", ("01A01", "02A08", "02A20", "07A01")),
    ("Stichting Welzijn Oost", "98004417", "Winterswijk", ("02A08", "07A01")),
    ("Jeugdhulp Achterhoek", "98012653", "Doetinchem", ("02J01", "06J01", "07J01")),
    ("Thuiszorg Berkelland", "98007892", "Borculo", ("01A01",)),
    ("Dagcentrum De Slinge", "98015530", "Aalten", ("07A01", "07J01")),
    ("Begeleidingsdienst De Berkel", "98009168", "Lochem", ("02A08", "02A20", "02J01", "06J01")),
)


class _ProductDef(NamedTuple):
    law: str
    category: str
    code: str
    name: str
    unit: str
    frequency: str
    financing: str
    tariffs: tuple[int, int, int]  # cents in 2026 for L, M, ZW


# Hour tariffs are per hour, also for day care (a dagdeel is 4 hours), because the decision's
# tariff_cents is per hour; the monthly arrangement's tariff is an amount per month.
_PRODUCTS = (
    _ProductDef("wmo", "01", "01A01", "Hulp bij het huishouden", "04", "6", "uren_x_tarief", (3390, 3620, 3940)),
    _ProductDef("wmo", "02", "02A08", "Begeleiding individueel", "04", "6", "uren_x_tarief", (6250, 6840, 7990)),
    _ProductDef("wmo", "02", "02A20", "Begeleiding individueel, maandarrangement", "83", "4", "bedrag_per_maand",
                (58500, 74200, 96800)),
    _ProductDef("wmo", "07", "07A01", "Dagbesteding", "16", "6", "uren_x_tarief", (1310, 1585, 1940)),
    _ProductDef("jeugdwet", "02", "02J01", "Jeugdhulp ambulant individueel", "04", "6", "uren_x_tarief",
                (7150, 7890, 9240)),
    _ProductDef("jeugdwet", "06", "06J01", "Ambulante gezinsbegeleiding", "04", "6", "uren_x_tarief",
                (7420, 8150, 9560)),
    _ProductDef("jeugdwet", "07", "07J01", "Dagbesteding jeugd (groep)", "16", "6", "uren_x_tarief",
                (1480, 1760, 2120)),
)
_TARIFF_BASE_YEAR = 2026
_INDEXATION = 1.038  # yearly; earlier years are deflated, so every decision finds a valid tariff

_TOWNS = (  # (woonplaats, postcode numbers, weight ~ inhabitants in thousands)
    ("Doetinchem", tuple(range(7001, 7010)), 50),
    ("Winterswijk", tuple(range(7101, 7108)), 25),
    ("Aalten", (7121, 7122), 15),
    ("Dinxperlo", (7091,), 7),
    ("Lichtenvoorde", (7131, 7132), 16),
    ("Groenlo", (7141,), 10),
    ("Eibergen", (7151, 7152), 12),
    ("Neede", (7161,), 8),
    ("Borculo", (7271, 7272), 10),
    ("Ruurlo", (7261,), 6),
    ("Lochem", (7241, 7242), 10),
    ("Vorden", (7251,), 7),
    ("Hengelo (Gld)", (7255,), 7),
    ("Zelhem", (7021, 7022), 6),
    ("Varsseveld", (7051,), 6),
    ("Terborg", (7061,), 5),
    ("Ulft", (7071,), 10),
    ("Gendringen", (7081,), 4),
    ("'s-Heerenberg", (7041,), 8),
)
_TOWN_WEIGHTS = tuple(t[2] for t in _TOWNS)
_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
_FORBIDDEN_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})

_STREETS = (
    "Kerkstraat", "Dorpsstraat", "Molenstraat", "Stationsstraat", "Schoolstraat", "Julianastraat",
    "Beatrixstraat", "Wilhelminastraat", "Prinses Irenestraat", "Prins Bernhardlaan", "Nieuwstraat",
    "Hoofdstraat", "Markt", "Korte Kerkstraat", "Eikenlaan", "Beukenlaan", "Berkenlaan", "Lindelaan",
    "Kastanjelaan", "Populierenstraat", "Wilgenstraat", "Esdoornstraat", "Merelstraat", "Lijsterstraat",
    "Spreeuwenstraat", "Kievitstraat", "Zwaluwstraat", "Meidoornstraat", "Hazelaarstraat", "Rozenstraat",
    "Tulpstraat", "Goudsbloemstraat", "Zonnebloemstraat", "Akkerstraat", "Veldweg", "Esweg", "Broekstraat",
    "Hogeweg", "Kapelweg", "Bleekstraat", "Brinkstraat", "Raadhuisstraat", "Parallelweg",
    "Burgemeester Vosstraat", "Dokter Ariënsstraat", "Pastoor Thijssenstraat", "Hamalandweg", "Slingeweg",
    "Berkelweg", "Oude IJsselstraat", "Het Hoge", "Weverstraat", "Smidsstraat", "Kuipersdijk",
    "Van Heeckerenstraat", "Sint Jansstraat", "Tramstraat", "Boterbloem", "Klaproos", "Hessenweg",
)

_SURNAMES = (
    "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
    "Brouwer", "Dijkstra", "Smits", "Kok", "Jacobs", "Vermeulen", "Schouten", "Willems", "Hoekstra", "Maas",
    "Verhoeven", "Koster", "Prins", "Blom", "Huisman", "Wikkerink", "Hulshof", "Heutinck", "Lammers",
    "Wassink", "Rouwhorst", "Stortelder", "Nijhof", "Bennink", "Eppink", "Hoftijzer", "Kemperman", "Rensink",
    "Garritsen", "Bruggink", "Tiemessen", "Lensink", "Berenschot", "Kamphuis", "Meulenbelt", "Oosterink",
    "Roelofsen", "Wolterink", "Ribbers", "Klein Gunnewiek", "Hengeveld", "Bosch", "Aalders", "Gerritsen",
    "Harmsen", "Hermsen", "Tenbült", "Slütter", "Rüter", "Wennink", "Nijenhuis", "Lankveld", "Pelgrom",
    "Duenk", "Stoltenborg", "Groot Nibbelink", "Brinkman", "Hofman", "Postma", "Wijers", "Arentsen",
)
_PREFIXED_SURNAMES = (
    ("de", "Jong"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("de", "Boer"), ("de", "Groot"),
    ("van", "Leeuwen"), ("de", "Wit"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"),
    ("de", "Haan"), ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("van der", "Heijden"), ("van", "Beek"), ("van", "Vliet"), ("van de", "Ven"), ("van der", "Wal"),
    ("ter", "Horst"), ("te", "Brake"), ("ten", "Dam"), ("te", "Winkel"), ("ter", "Haar"), ("'t", "Hart"),
    ("van", "Aalst"), ("ten", "Have"), ("te", "Lintelo"), ("van", "Ooijen"), ("de", "Lange"),
)
_OTHER_SURNAMES = (  # diacritics and apostrophes the software must handle
    "Çelik", "Yılmaz", "Öztürk", "Kaya", "Sánchez", "D'Angelo", "Müller", "Nguyen", "El Amrani",
    "Kowalski", "Nowak", "Gonçalves", "Jović", "Ahmadi",
)
_INITIALS = "JJJAAAHHHMMMGGWWBCCEFPPRTLSKDNIY"

_REALISED_PATTERN = (1.25, 1.25, 1.125, 0.5, 0.5, 0.625, 0.75)  # regional example: 10,10,9,4,4,5,6 of 8


class _DomainText(NamedTuple):
    domain: str
    score_lo: int
    score_hi: int
    situation: str
    needs: str


class _ResultText(NamedTuple):
    description: str
    indicator: str
    months: int | None
    contributors: str


class _GoalText(NamedTuple):
    domain: str
    description: str
    results: tuple[_ResultText, ...]


class _Scenario(NamedTuple):
    law: str
    min_age: int
    max_age: int
    products: tuple[str, ...]
    resources: tuple[str, ...]  # strengths and network, for the domain assessments
    question: str
    what_matters: str
    circumstances: str
    domains: tuple[_DomainText, ...]
    goals: tuple[_GoalText, ...]


def _d(domain, lo, hi, situation, needs):
    return _DomainText(domain, lo, hi, situation, needs)


def _g(domain, description, *results):
    return _GoalText(domain, description, tuple(_ResultText(*r) for r in results))


# Texts in the resident's own words (question, what matters, circumstances, goals); results are
# formulated with the resident: {S}/{s} name the resident ('Mevrouw'/'meneer'/'de jeugdige'),
# {P}/{p} are the pronoun ('Zij'/'hij').
_SCENARIOS = (
    _Scenario(
        "wmo", 65, 120, ("01A01",),
        (
            "Dochter komt elke week en denkt mee.",
            "Buurvrouw haalt af en toe boodschappen en heeft een sleutel.",
            "Zet goed door bij de fysiotherapie.",
        ),
        "Sinds mijn heupoperatie lukt het huishouden niet meer. Ik wil weten welke hulp ik kan krijgen tot ik "
        "weer goed op de been ben.",
        "Ik wil in mijn eigen huis blijven wonen en weer zelf mijn boodschappen kunnen doen. Mijn kleinkinderen "
        "moeten gewoon op bezoek kunnen blijven komen.",
        "Ik woon alleen sinds mijn partner vorig jaar is overleden. In het voorjaar ben ik aan mijn heup "
        "geopereerd. Mijn dochter woont in Zutphen en komt één keer per week, maar zij werkt fulltime.",
        (
            _d("instrumentele_adl", 2, 3, "Kan sinds de operatie niet bukken of tillen. Stofzuigen, bedden "
               "verschonen en de was ophangen lukken niet.", "Hulp bij het zware huishoudelijke werk; leren werken "
               "op een manier die de heup spaart."),
            _d("lichamelijke_gezondheid", 3, 3, "Herstelt van een nieuwe heup. Loopt binnen met een rollator, "
               "buiten nog onzeker. Fysiotherapie twee keer per week.", "Verder herstel en valpreventie in huis."),
            _d("sociaal_netwerk", 3, 4, "Dochter komt wekelijks; de buurvrouw haalt af en toe boodschappen.",
               "Vaste afspraken, zodat het niet allemaal op de dochter neerkomt."),
        ),
        (
            _g("instrumentele_adl", "Ik wil mijn huis zelf weer netjes kunnen houden.",
               ("{S} doet binnen drie maanden zelfstandig de was, met de wasmand op werkhoogte.",
                "{S} vertelt bij de evaluatie dat de was elke week gedaan is; de hulp bevestigt dit.", 3,
                "inwoner,aanbieder"),
               ("Binnen zes maanden doet {s} de lichte schoonmaaktaken weer zelf; de hulp doet alleen nog het "
                "zware werk.", "Takenlijst in de keuken: lichte taken worden door {s} zelf afgevinkt.", 6,
                "inwoner,aanbieder")),
            _g("lichamelijke_gezondheid", "Ik wil weer zonder rollator naar de bakker kunnen lopen.",
               ("Binnen vier maanden loopt {s} met een wandelstok naar de winkels in het dorp.",
                "De fysiotherapeut meet een loopafstand van minstens 500 meter.", 4, "inwoner"),
               ("Binnen een maand liggen er geen losse kleedjes meer in huis en zit er een beugel bij de douche.",
                "Huisbezoek door de consulent.", 1, "inwoner,netwerk")),
            _g("sociaal_netwerk", "Ik wil mijn dochter niet overbelasten.",
               ("Binnen twee maanden staat op papier wie wanneer helpt met de boodschappen.",
                "Weekrooster met dochter en buurvrouw hangt op de koelkast.", 2, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "wmo", 65, 120, ("02A08", "02A20"),
        (
            "Zoon belt elke zondag en wil meekijken met de bankzaken.",
            "Vaste vrienden bij de biljartclub.",
            "Goed contact met de casemanager dementie.",
        ),
        "Ik vergeet steeds vaker dingen en de post stapelt zich op. Ik wil hulp om mijn papieren en afspraken "
        "bij te houden.",
        "Ik wil zelf de baas blijven over mijn eigen geld en mijn eigen dag. De vrijdagmiddag bij de biljartclub "
        "wil ik niet missen.",
        "Sinds een jaar weet ik dat mijn geheugen achteruitgaat. Mijn partner deed altijd de administratie, maar "
        "woont nu in het verpleeghuis. Mijn zoon woont in Utrecht en belt elke zondag.",
        (
            _d("financien", 2, 2, "Rekeningen blijven liggen; er zijn twee aanmaningen van de energieleverancier.",
               "Overzicht van de vaste lasten en wekelijks samen de post doornemen."),
            _d("instrumentele_adl", 3, 3, "Vergeet afspraken bij de huisarts en de tandarts. Boodschappen doen "
               "lukt nog goed.", "Een vaste weekstructuur met een agenda op een vaste plek."),
            _d("sociaal_netwerk", 3, 4, "Gaat wekelijks biljarten. Zoon is betrokken, maar op afstand.",
               "Zoon online laten meekijken met de bankzaken."),
            _d("geestelijke_gezondheid", 3, 3, "Beginnende geheugenproblemen, vastgesteld door de geheugenpoli. "
               "Somber sinds de opname van de partner.", "Contact met de casemanager dementie; ruimte voor het "
               "verdriet."),
        ),
        (
            _g("financien", "Ik wil geen aanmaningen meer krijgen.",
               ("Binnen drie maanden lopen alle vaste lasten via automatische incasso en komen er geen nieuwe "
                "aanmaningen.", "Bankafschriften: geen aanmaningskosten meer.", 3, "inwoner,aanbieder"),
               ("{S} opent binnen twee maanden elke week samen met de begeleider de post en legt die in de juiste "
                "map.", "De postmap is bij elk bezoek bijgewerkt.", 2, "inwoner,aanbieder"),
               ("Binnen vier maanden kijkt de zoon via de bank-app mee met de rekeningen.",
                "Machtiging bij de bank is geregeld.", 4, "inwoner,netwerk")),
            _g("instrumentele_adl", "Ik wil mijn afspraken zelf blijven onthouden.",
               ("Binnen zes weken gebruikt {s} elke dag de weekkalender in de keuken.",
                "Geen gemiste afspraken bij huisarts of tandarts in de afgelopen maand.", 2, "inwoner,aanbieder")),
            _g("sociaal_netwerk", "Ik wil blijven biljarten met mijn vrienden.",
               ("Over drie maanden gaat {s} nog elke vrijdag naar de biljartclub; een clubgenoot rijdt mee.",
                "{S} vertelt bij de evaluatie hoe vaak het gelukt is.", 3, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "wmo", 18, 64, ("02A08", "07A01"),
        (
            "Een oud-collega houdt contact via de app.",
            "Weet veel van planten en tuinieren.",
            "De praktijkondersteuner GGZ is betrokken.",
        ),
        "Ik zit de hele dag binnen en kom mijn bed bijna niet meer uit. Ik wil weer een ritme en mensen om me "
        "heen.",
        "Ik wil ergens bij horen en iets nuttigs doen. Vroeger werkte ik in de groenvoorziening; buiten zijn doet "
        "me goed.",
        "Na een burn-out ben ik mijn baan kwijtgeraakt. Ik ben onder behandeling bij de praktijkondersteuner GGZ "
        "van de huisarts. Ik woon alleen en mijn familie woont in Brabant.",
        (
            _d("tijdsbesteding", 2, 2, "Geen dagritme; slaapt tot in de middag en is 's nachts wakker.",
               "Vaste momenten in de week buiten de deur."),
            _d("geestelijke_gezondheid", 2, 3, "Depressieve klachten, in behandeling bij de praktijkondersteuner "
               "GGZ. Geen crisis.", "Behandeling voortzetten; begeleiding sluit aan bij die afspraken."),
            _d("sociaal_netwerk", 2, 2, "Weinig contacten; een oud-collega appt soms.",
               "Nieuwe contacten in de buurt, bijvoorbeeld via vrijwilligerswerk."),
            _d("werk_opleiding", 2, 3, "Ontvangt een uitkering; wil op termijn weer aan het werk.",
               "Vrijwilligerswerk verkennen als opstap."),
        ),
        (
            _g("tijdsbesteding", "Ik wil weer een normaal dagritme.",
               ("Binnen twee maanden staat {s} op werkdagen voor negen uur op.",
                "Slaapdagboek, besproken met de begeleider.", 2, "inwoner,aanbieder"),
               ("Binnen drie maanden heeft {s} twee vaste activiteiten per week buitenshuis.",
                "Weekplanning; {s} vertelt welke activiteiten het zijn geworden.", 3, "inwoner,aanbieder")),
            _g("sociaal_netwerk", "Ik wil weer mensen om me heen.",
               ("Binnen drie maanden doet {s} één ochtend per week vrijwilligerswerk bij de natuurtuin.",
                "Bevestiging van de vrijwilligerscoördinator.", 3, "inwoner,voorliggend")),
            _g("werk_opleiding", "Ik wil op termijn weer betaald werk.",
               ("Binnen zes maanden heeft {s} met de werkcoach van de gemeente een re-integratieplan gemaakt.",
                "Het re-integratieplan ligt er.", 6, "inwoner")),
        ),
    ),
    _Scenario(
        "wmo", 55, 120, ("07A01",),
        (
            "Partner is zeer betrokken, maar zelf zwaar belast.",
            "De kinderen willen op afstand een taak oppakken.",
            "Was vroeger timmerman en is nog steeds handig.",
        ),
        "Mijn partner zorgt dag en nacht voor mij en raakt uitgeput. Ik wil een paar dagen per week ergens "
        "naartoe, zodat mijn partner ook tijd voor zichzelf heeft.",
        "Dat we samen thuis kunnen blijven wonen. Ik ben graag met mijn handen bezig, in de tuin of in de "
        "werkplaats.",
        "Twee jaar geleden kreeg ik een herseninfarct. Praten gaat moeilijk en ik ben snel moe. Mijn partner "
        "doet alles in huis; onze kinderen wonen in de Randstad.",
        (
            _d("huiselijke_relaties", 2, 2, "Partner is de enige mantelzorger en geeft aan op te raken.",
               "Ontlasting van de partner; vaste dagen respijt."),
            _d("tijdsbesteding", 2, 2, "Zit veel thuis voor de televisie sinds de revalidatie stopte.",
               "Zinvolle dagbesteding met structuur en lichamelijke activiteit."),
            _d("lichamelijke_gezondheid", 3, 3, "Halfzijdige verlamming rechts, loopt met een stok; snel "
               "vermoeid.", "Rustmomenten inbouwen; vervoer naar de dagbesteding."),
            _d("sociaal_netwerk", 3, 3, "Kinderen bellen regelmatig en komen eens per maand.",
               "Kinderen vragen een vaste taak op zich te nemen."),
        ),
        (
            _g("huiselijke_relaties", "Ik wil dat mijn partner het volhoudt.",
               ("Binnen een maand heeft de partner twee vaste dagen per week voor zichzelf.",
                "De partner geeft bij de evaluatie een cijfer voor de belasting (mantelzorgthermometer).", 1,
                "aanbieder,netwerk"),
               ("Binnen drie maanden is de partner aangemeld bij het steunpunt mantelzorg.",
                "Aanmelding bevestigd.", 3, "netwerk,voorliggend")),
            _g("tijdsbesteding", "Ik wil weer iets met mijn handen doen.",
               ("Binnen twee maanden werkt {s} twee dagdelen per week mee in de houtwerkplaats van de "
                "dagbesteding.", "Presentielijst van de dagbesteding.", 2, "inwoner,aanbieder")),
            _g("lichamelijke_gezondheid", "Ik wil fit genoeg blijven om thuis te wonen.",
               ("Over drie maanden wandelt {s} drie keer per week een rondje van een kwartier.",
                "Wandelschema, bijgehouden door de partner.", 3, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "wmo", 18, 30, ("02A08", "02A20"),
        (
            "Moeder wil blijven helpen, maar minder.",
            "Er is al contact met een jobcoach.",
            "Is vriendelijk en leert goed door te doen.",
        ),
        "Ik woon sinds kort op mezelf en krijg het niet voor elkaar om mijn geld en mijn huishouden te regelen.",
        "Ik wil zelfstandig blijven wonen en niet terug naar mijn ouders. Ik wil graag werken in de supermarkt.",
        "Ik heb op het praktijkonderwijs gezeten. Mijn moeder hielp me tot nu toe met alles. Ik heb een schuld "
        "bij de zorgverzekeraar en mijn huur is twee keer te laat betaald.",
        (
            _d("financien", 1, 2, "Betalingsachterstand bij zorgverzekeraar en woningcorporatie. Geen overzicht "
               "van inkomsten en uitgaven.", "Budgetplan, aanmelding schuldhulpverlening en leren leven van een "
               "weekbedrag."),
            _d("huisvesting", 3, 3, "Huurt sinds drie maanden een appartement; dreigende huurachterstand.",
               "Betalingsregeling met de corporatie, zodat de woning behouden blijft."),
            _d("instrumentele_adl", 3, 3, "Kookt weinig en eet vaak bij de snackbar; wasgoed blijft liggen.",
               "Een eenvoudig weekschema voor koken, wassen en schoonmaken."),
            _d("werk_opleiding", 3, 3, "Heeft een Wajong-uitkering en wil graag werken.",
               "Contact met de jobcoach; een proefplaats zoeken."),
        ),
        (
            _g("financien", "Ik wil geen schulden meer.",
               ("Binnen een maand is er een betalingsregeling met de zorgverzekeraar.",
                "Brief van de zorgverzekeraar met de regeling.", 1, "inwoner,aanbieder"),
               ("Binnen drie maanden leeft {s} van een vast weekbedrag en zijn er geen nieuwe achterstanden.",
                "Bankoverzicht, samen bekeken met de begeleider.", 3, "inwoner,aanbieder")),
            _g("instrumentele_adl", "Ik wil mijn huis zelf bijhouden.",
               ("Binnen twee maanden kookt {s} vier avonden per week zelf een warme maaltijd.",
                "Weekmenu op de koelkast; {s} vertelt wat er gekookt is.", 2, "inwoner,aanbieder,netwerk")),
            _g("werk_opleiding", "Ik wil werken in de supermarkt.",
               ("Binnen zes maanden heeft {s} een proefplaats van twee dagen per week bij een supermarkt.",
                "Plaatsingsovereenkomst via de jobcoach.", 6, "inwoner")),
        ),
    ),
    _Scenario(
        "wmo", 25, 55, ("02A08",),
        (
            "Een zus past op de kinderen als het nodig is.",
            "Heeft vast werk in de thuiszorg.",
            "Is open over de schulden en wil hulp.",
        ),
        "De rekeningen groeien mij boven het hoofd en ik durf de brievenbus niet meer open te doen.",
        "Rust in mijn hoofd en dat mijn kinderen er niets van merken. Ik wil zelf hun zwemles kunnen blijven "
        "betalen.",
        "Sinds de scheiding sta ik er alleen voor met twee kinderen van 7 en 10. Ik werk twintig uur per week in "
        "de thuiszorg. Er ligt beslag op mijn loon.",
        (
            _d("financien", 1, 2, "Problematische schulden bij meerdere schuldeisers; loonbeslag.",
               "Aanmelding bij de schuldhulpverlening en grip op inkomsten en uitgaven."),
            _d("geestelijke_gezondheid", 3, 3, "Slaapt slecht door de zorgen; geen behandeling.",
               "Rust door overzicht; zo nodig een gesprek bij de praktijkondersteuner GGZ."),
            _d("huiselijke_relaties", 3, 4, "Goed contact met de kinderen; de omgang met de ex-partner verloopt "
               "stroef.", "Afspraken over de kinderalimentatie op papier."),
        ),
        (
            _g("financien", "Ik wil weer overzicht over mijn geld.",
               ("Binnen een maand is {s} aangemeld bij de schuldhulpverlening van de gemeente.",
                "Intakebevestiging van de schuldhulpverlening.", 1, "inwoner,aanbieder"),
               ("Binnen drie maanden opent {s} zelf de post en legt die wekelijks in de juiste map.",
                "Postmap bijgewerkt; geen ongeopende enveloppen meer.", 3, "inwoner,aanbieder")),
            _g("geestelijke_gezondheid", "Ik wil weer kunnen slapen.",
               ("Over drie maanden slaapt {s} minstens vijf nachten per week goed door.",
                "{S} houdt een slaapdagboek bij.", 3, "inwoner")),
            _g("huiselijke_relaties", "Ik wil dat de kinderen er niets van merken.",
               ("De kinderen blijven het komende halfjaar naar zwemles gaan, betaald uit het jeugdfonds of het "
                "eigen budget.", "Inschrijving bij de zwemles loopt door.", 6, "inwoner,voorliggend")),
        ),
    ),
    _Scenario(
        "wmo", 25, 64, ("02A08",),
        (
            "Heeft een maatje bij de zelfhulpgroep.",
            "De nazorg van de verslavingszorg loopt nog.",
            "Broer staat weer open voor contact.",
        ),
        "Ik ben net klaar met mijn behandeling bij de verslavingszorg en wil niet terugvallen. Ik heb hulp nodig "
        "om mijn dagen in te vullen.",
        "Nuchter blijven en mijn dochter weer regelmatig zien. Ik wil laten zien dat ik het kan.",
        "Ik heb jaren te veel gedronken en ben daardoor mijn werk en mijn relatie kwijtgeraakt. Sinds een half "
        "jaar drink ik niet meer. Ik huur een kamer boven een winkel.",
        (
            _d("middelengebruik", 3, 3, "Zes maanden alcoholvrij na klinische behandeling; nazorg bij de "
               "verslavingszorg.", "Terugvalpreventie en een vast aanspreekpunt bij moeilijke momenten."),
            _d("tijdsbesteding", 2, 2, "Lege dagen; verveling is de grootste risicofactor voor terugval.",
               "Dagstructuur met vaste activiteiten."),
            _d("huiselijke_relaties", 2, 3, "Beperkt contact met de dochter van 14, via de ex-partner.",
               "Stap voor stap herstel van het contact met de dochter."),
            _d("huisvesting", 3, 3, "Huurt een kamer; wil op termijn een eigen woning.",
               "Inschrijving als woningzoekende."),
        ),
        (
            _g("middelengebruik", "Ik wil nuchter blijven.",
               ("{S} blijft het komende halfjaar alcoholvrij en gaat elke week naar de zelfhulpgroep.",
                "Bezoek aan de zelfhulpgroep; {s} vertelt bij de evaluatie hoe het gaat.", 6,
                "inwoner,voorliggend"),
               ("Binnen een maand heeft {s} een terugvalpreventieplan met de namen van wie {p} kan bellen.",
                "Het terugvalpreventieplan ligt er en is besproken.", 1, "inwoner,aanbieder")),
            _g("huiselijke_relaties", "Ik wil mijn dochter weer zien.",
               ("Binnen drie maanden ziet {s} de dochter om de week, met afspraken waar de ex-partner mee "
                "instemt.", "Omgangsafspraken op papier.", 3, "inwoner,netwerk")),
            _g("tijdsbesteding", "Ik wil mijn dagen zinvol vullen.",
               ("Binnen twee maanden heeft {s} drie dagdelen per week een vaste bezigheid.", "Weekplanning.", 2,
                "inwoner,aanbieder")),
        ),
    ),
    _Scenario(
        "wmo", 18, 30, ("02A08",),
        (
            "Ouders wonen dichtbij en helpen veel.",
            "Is sterk in computers en muziek.",
            "De studieloopbaanbegeleider kent de situatie.",
        ),
        "Als er iets onverwachts gebeurt, raak ik helemaal de weg kwijt. Ik wil hulp bij het plannen van mijn "
        "week.",
        "Mijn opleiding afmaken in mijn eigen tempo. Mijn kat en mijn muziek zijn voor mij heel belangrijk.",
        "Ik heb autisme. Ik woon sinds een jaar op mezelf in een studio. Mijn ouders wonen twintig minuten "
        "verderop en helpen veel, maar ik wil minder van hen afhankelijk zijn.",
        (
            _d("instrumentele_adl", 3, 3, "Het huishouden loopt vast als de dag anders loopt dan gepland; "
               "boodschappen doen in drukke winkels is zwaar.", "Visuele weekplanning en vaste momenten voor "
               "huishoudelijke taken."),
            _d("werk_opleiding", 3, 3, "Volgt een mbo-opleiding ICT; dreigt vertraging door gemiste opdrachten.",
               "Afstemming met de studieloopbaanbegeleider over planning en deadlines."),
            _d("sociaal_netwerk", 3, 3, "Ouders zijn de belangrijkste steun; weinig contact met leeftijdgenoten.",
               "Ouders ontlasten; contact met lotgenoten verkennen."),
            _d("geestelijke_gezondheid", 3, 4, "Overprikkeling leidt tot uitputting; geen behandeling nodig.",
               "Inzicht in signalen van overbelasting."),
        ),
        (
            _g("instrumentele_adl", "Ik wil mijn week zelf plannen.",
               ("Binnen twee maanden maakt {s} op zondag zelf de weekplanning in de agenda-app.",
                "De begeleider ziet de planning bij het wekelijkse contact.", 2, "inwoner,aanbieder"),
               ("Binnen drie maanden doet {s} de boodschappen zelf, op een rustig moment en met een vaste lijst.",
                "{S} vertelt bij de evaluatie hoe vaak het lukte.", 3, "inwoner")),
            _g("werk_opleiding", "Ik wil mijn diploma halen.",
               ("Aan het eind van het schooljaar heeft {s} alle opdrachten van dit jaar ingeleverd.",
                "Voortgangsoverzicht van de opleiding.", None, "inwoner,netwerk")),
            _g("sociaal_netwerk", "Ik wil minder afhankelijk zijn van mijn ouders.",
               ("Binnen vier maanden belt {s} de ouders alleen nog bij echte problemen, niet meer voor de "
                "dagelijkse planning.", "Ouders en {s} geven samen een cijfer bij de evaluatie.", 4,
                "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "wmo", 70, 120, ("01A01", "02A08"),
        ("De buren zijn behulpzaam.", "Zoon belt elke week.", "Leert graag nieuwe dingen."),
        "Mijn ogen worden steeds slechter door maculadegeneratie. Koken en de post lezen lukken niet meer.",
        "Ik wil zelf blijven koken; dat heb ik mijn hele leven gedaan. En ik wil weten wat er in het dorp "
        "gebeurt.",
        "Ik woon in een seniorenwoning. Mijn zoon woont in het buitenland en belt elke week. De buren zijn "
        "aardig, maar ik wil ze niet steeds lastigvallen.",
        (
            _d("instrumentele_adl", 2, 2, "Kan de kookplaat en de wasmachine niet meer goed aflezen; post blijft "
               "ongelezen.", "Aanpassingen en training met hulpmiddelen; hulp bij het lezen van de post."),
            _d("lichamelijke_gezondheid", 3, 3, "Maculadegeneratie in beide ogen; verder redelijk fit.",
               "Contact met het expertisecentrum voor slechtzienden."),
            _d("maatschappelijke_participatie", 3, 3, "Ging altijd naar de ouderensoos; durft niet meer alleen "
               "over straat.", "Vervoer en een maatje om mee te gaan."),
            _d("sociaal_netwerk", 3, 3, "Zoon op afstand; goede band met de buren.",
               "De buren vragen voor een vaste, kleine taak."),
        ),
        (
            _g("instrumentele_adl", "Ik wil zelf blijven koken.",
               ("Binnen drie maanden bedient {s} de kookplaat zelf met de voelbare markeringen.",
                "De begeleider ziet {s} een maaltijd bereiden.", 3, "inwoner,aanbieder"),
               ("Binnen twee maanden leest {s} de post met de voorleesapp of samen met de begeleider.",
                "Geen ongeopende post meer bij het huisbezoek.", 2, "inwoner,aanbieder")),
            _g("maatschappelijke_participatie", "Ik wil weer naar de soos.",
               ("Binnen drie maanden gaat {s} weer elke week naar de ouderensoos, met een vrijwilliger van de "
                "vervoersdienst.", "{S} vertelt bij de evaluatie hoe vaak het gelukt is.", 3,
                "inwoner,voorliggend")),
        ),
    ),
    _Scenario(
        "wmo", 60, 120, ("01A01",),
        (
            "Partner helpt met lichte taken.",
            "De longverpleegkundige komt regelmatig.",
            "De kleinzoon is een grote motivatie.",
        ),
        "Door mijn longziekte ben ik na het stofzuigen van één kamer al buiten adem. Ik wil hulp bij het zware "
        "huishouden.",
        "Mijn energie bewaren voor de dingen die ik leuk vind, zoals mijn kleinzoon van school halen.",
        "Ik heb COPD en gebruik sinds vorig jaar 's nachts zuurstof. Mijn partner heeft zelf een slechte rug en "
        "kan het huishouden niet overnemen.",
        (
            _d("instrumentele_adl", 2, 2, "Zwaar huishoudelijk werk lukt niet meer; lichte taken wel, verspreid "
               "over de dag.", "Hulp bij stofzuigen, dweilen en het verschonen van de bedden."),
            _d("lichamelijke_gezondheid", 2, 3, "COPD, 's nachts zuurstof; de longverpleegkundige is betrokken.",
               "Energie verdelen over de week; longrevalidatie."),
            _d("huiselijke_relaties", 3, 4, "Partner helpt waar het kan, maar is zelf beperkt belastbaar.",
               "Taakverdeling in huis bespreekbaar maken."),
        ),
        (
            _g("instrumentele_adl", "Ik wil een schoon huis zonder dat ik uitgeput raak.",
               ("Binnen een maand doet een vaste hulp elke week het zware huishoudelijke werk.",
                "De hulp komt wekelijks; {s} geeft een cijfer voor een schoon en leefbaar huis.", 1, "aanbieder"),
               ("Binnen drie maanden verdeelt {s} de lichte taken over de week volgens een energieplan.",
                "Het energieplan van de longverpleegkundige wordt gebruikt.", 3, "inwoner")),
            _g("lichamelijke_gezondheid", "Ik wil mijn kleinzoon van school kunnen blijven halen.",
               ("Over drie maanden haalt {s} de kleinzoon nog twee middagen per week van school.",
                "{S} vertelt bij de evaluatie of het gelukt is.", 3, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "wmo", 25, 64, ("07A01",),
        ("Broer regelt de geldzaken.", "Het FACT-team komt om de week.", "Is handig met hout."),
        "Ik wil overdag iets omhanden hebben. Thuis ga ik piekeren en dan gaat het mis.",
        "Met mijn handen werken, het liefst met hout. En 's avonds moe zijn van iets goeds.",
        "Ik heb schizofrenie en woon sinds twee jaar weer zelfstandig. Het FACT-team komt om de week langs. Mijn "
        "broer doet mijn geldzaken.",
        (
            _d("tijdsbesteding", 2, 2, "Geen dagbesteding; zit veel alleen thuis.",
               "Dagbesteding met structuur en een vaste begeleider."),
            _d("geestelijke_gezondheid", 3, 3, "Stabiel op medicatie; FACT-team betrokken. Stress kan een "
               "psychose uitlokken.", "Afstemming met het FACT-team over signalen."),
            _d("maatschappelijke_participatie", 2, 3, "Weinig contact buiten de familie.",
               "Onder de mensen komen in een veilige omgeving."),
        ),
        (
            _g("tijdsbesteding", "Ik wil elke week iets te doen hebben.",
               ("Binnen twee maanden gaat {s} drie dagdelen per week naar de houtwerkplaats.",
                "Presentielijst van de dagbesteding.", 2, "inwoner,aanbieder"),
               ("Binnen zes maanden maakt {s} zelfstandig een eenvoudig meubelstuk af.", "Het werkstuk is klaar.",
                6, "inwoner,aanbieder")),
            _g("geestelijke_gezondheid", "Ik wil niet opnieuw in de war raken.",
               ("Binnen een maand hebben {s}, het FACT-team en de dagbesteding samen een signaleringsplan.",
                "Het signaleringsplan ligt er.", 1, "inwoner,aanbieder")),
            _g("maatschappelijke_participatie", "Ik wil er weer bij horen.",
               ("Over vier maanden drinkt {s} elke week koffie met de groep in het buurthuis.",
                "{S} vertelt het bij de evaluatie.", 4, "inwoner,voorliggend")),
        ),
    ),
    _Scenario(
        "wmo", 20, 45, ("02A08",),
        (
            "Moeder komt een ochtend per week helpen.",
            "Het consultatiebureau is betrokken.",
            "Partner wil meer thuis zijn.",
        ),
        "Sinds de geboorte van mijn tweede kind krijg ik het huishouden en de papieren niet meer op orde.",
        "Dat mijn kinderen een rustig en schoon huis hebben. Ik wil een goede ouder zijn.",
        "Ik heb een baby van vier maanden en een zoon van drie. Mijn partner werkt veel en is vaak dagen van "
        "huis. Zelf heb ik ADHD en ik heb een postnatale depressie gehad.",
        (
            _d("instrumentele_adl", 2, 2, "Huishouden en administratie lopen vast; geen vaste dagindeling.",
               "Praktische hulp bij het opzetten van een dag- en weekstructuur."),
            _d("huiselijke_relaties", 3, 3, "Partner vaak afwezig; weinig tijd samen.",
               "Samen afspraken maken over de taakverdeling."),
            _d("geestelijke_gezondheid", 3, 3, "Herstellende van een postnatale depressie; contact met de "
               "huisarts.", "Letten op signalen van terugval."),
            _d("financien", 3, 4, "Geen achterstanden, wel ongeopende post.", "Een vast moment per week voor de "
               "administratie."),
        ),
        (
            _g("instrumentele_adl", "Ik wil grip op mijn huishouden.",
               ("Binnen twee maanden werkt {s} met een weekschema voor wassen, boodschappen en schoonmaken.",
                "Het weekschema hangt op de koelkast en wordt gebruikt.", 2, "inwoner,aanbieder"),
               ("Binnen drie maanden is de post elke week geopend en opgeborgen.", "Postmap bijgewerkt.", 3,
                "inwoner,aanbieder")),
            _g("huiselijke_relaties", "Ik wil het samen met mijn partner doen.",
               ("Binnen twee maanden hebben {s} en de partner een taakverdeling op papier.",
                "Afsprakenlijst, besproken bij de evaluatie.", 2, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "wmo", 20, 50, ("02A08",),
        ("Moeder wil helpen.", "De reclassering is betrokken.", "Heeft een heftruckcertificaat."),
        "Ik kom over een maand vrij en heb geen woning en geen inkomen. Ik wil het deze keer anders doen.",
        "Een eigen plek, een baan en dat mijn moeder weer trots op me is.",
        "Ik heb een jaar vastgezeten. Daarvoor sliep ik bij vrienden en had ik schulden. Mijn moeder wil helpen, "
        "maar ik kan niet bij haar wonen.",
        (
            _d("justitie", 2, 2, "Komt binnenkort vrij; de reclassering houdt toezicht.",
               "Afstemming met de reclassering over de bijzondere voorwaarden."),
            _d("huisvesting", 1, 2, "Geen woonadres na de vrijlating.",
               "Een tijdelijke woonplek en inschrijving als woningzoekende."),
            _d("financien", 2, 2, "Geen inkomen; schulden van voor de detentie.",
               "Uitkering aanvragen en zicht krijgen op de schulden."),
            _d("werk_opleiding", 3, 3, "Heeft in detentie een heftruckcertificaat gehaald.",
               "Bemiddeling naar werk in de logistiek."),
        ),
        (
            _g("huisvesting", "Ik wil een eigen plek.",
               ("Op de dag van de vrijlating heeft {s} een tijdelijke kamer via de maatschappelijke opvang.",
                "Plaatsingsbevestiging.", 1, "aanbieder,voorliggend"),
               ("Binnen zes maanden staat {s} ingeschreven als woningzoekende en heeft {p} op twee woningen "
                "gereageerd.", "Inschrijfbewijs en reacties.", 6, "inwoner")),
            _g("financien", "Ik wil een inkomen en geen nieuwe schulden.",
               ("Binnen een maand na de vrijlating is de uitkering aangevraagd en heeft {s} een bankrekening.",
                "Ontvangstbevestiging van de aanvraag.", 1, "inwoner,aanbieder")),
            _g("werk_opleiding", "Ik wil werken.",
               ("Binnen vier maanden werkt {s} minstens twintig uur per week via het uitzendbureau.",
                "Loonstrook.", 4, "inwoner")),
            _g("justitie", "Ik wil me aan de afspraken houden.",
               ("{S} komt het komende halfjaar alle afspraken met de reclassering na.",
                "Terugkoppeling van de reclassering.", 6, "inwoner")),
        ),
    ),
    _Scenario(
        "wmo", 70, 120, ("01A01",),
        (
            "De kinderen bellen wekelijks.",
            "De kerkgemeenschap biedt hulp aan.",
            "Heeft veel plezier in de tuin.",
        ),
        "Sinds mijn partner is overleden kom ik de deur bijna niet meer uit en wordt het huis me te veel.",
        "Ik wil in mijn eigen huis blijven, met mijn tuin. En weer eens met iemand een kopje koffie drinken.",
        "Mijn partner is een halfjaar geleden overleden; we waren 52 jaar samen. Ik heb artrose in mijn knieën "
        "en mijn kinderen wonen verspreid over het land.",
        (
            _d("sociaal_netwerk", 2, 2, "Sinds het overlijden van de partner weinig contact; de kinderen bellen "
               "wekelijks.", "Contacten in de buurt, bijvoorbeeld via de ouderenbond of de kerk."),
            _d("instrumentele_adl", 3, 3, "Zware huishoudelijke taken lukken niet door artrose; de tuin "
               "verwildert.", "Hulp bij het zware huishouden; tuinklussen via een vrijwilliger."),
            _d("geestelijke_gezondheid", 3, 3, "Rouw; somber, maar volgens de huisarts niet depressief.",
               "Ruimte voor rouw; een rouwgroep verkennen."),
        ),
        (
            _g("sociaal_netwerk", "Ik wil niet meer zo alleen zijn.",
               ("Binnen twee maanden drinkt {s} elke week koffie bij de ouderenbond in het dorpshuis.",
                "{S} vertelt bij de evaluatie hoe vaak het gelukt is.", 2, "inwoner,voorliggend"),
               ("Binnen drie maanden komt er elke week een maatje van de vrijwilligerscentrale op bezoek.",
                "Koppeling bevestigd door de vrijwilligerscentrale.", 3, "voorliggend")),
            _g("instrumentele_adl", "Ik wil dat mijn huis en tuin netjes blijven.",
               ("Binnen een maand wordt het zware huishoudelijke werk elke week gedaan.", "De hulp komt wekelijks.",
                1, "aanbieder"),
               ("Binnen drie maanden onderhoudt een vrijwilliger één keer per maand de tuin.",
                "Afspraak met de vrijwilliger staat.", 3, "netwerk,voorliggend")),
        ),
    ),
    # ------------------------------------------------------------ Jeugdwet
    _Scenario(
        "jeugdwet", 11, 17, ("02J01",),
        ("Ouders werken goed samen.", "De mentor op school denkt actief mee.", "Heeft twee goede vrienden."),
        "Ik krijg buikpijn als ik naar school moet en dan blijf ik thuis. Ik wil weer gewoon naar school kunnen.",
        "Mijn vrienden zien en handballen. Later wil ik dierenarts worden.",
        "Ik zit in de tweede klas van de middelbare school. Sinds de zomer ben ik veel thuis geweest. Mijn ouders "
        "zijn gescheiden; ik woon de ene week bij mijn moeder en de andere week bij mijn vader.",
        (
            _d("werk_opleiding", 2, 2, "Verzuimt sinds de zomervakantie ongeveer de helft van de lessen; de "
               "leerplichtambtenaar is ingelicht.", "Geleidelijke terugkeer naar school met een vaste persoon op "
               "school."),
            _d("geestelijke_gezondheid", 2, 3, "Angstklachten en buikpijn op schooldagen; de huisarts vindt geen "
               "lichamelijke oorzaak.", "Leren omgaan met de angst."),
            _d("sociaal_netwerk", 3, 3, "Twee goede vrienden; gestopt met handbal.",
               "Weer meedoen met leeftijdgenoten."),
            _d("huiselijke_relaties", 3, 4, "Ouders zijn gescheiden maar werken goed samen.",
               "Beide ouders hanteren dezelfde afspraken over school."),
        ),
        (
            _g("werk_opleiding", "Ik wil weer naar school.",
               ("Binnen drie maanden gaat {p} weer vier dagen per week naar school.",
                "Verzuimregistratie van school.", 3, "inwoner,netwerk,aanbieder"),
               ("Binnen zes weken heeft {p} elke ochtend een vast moment met de mentor.",
                "De mentor bevestigt de afspraken.", 2, "inwoner,netwerk")),
            _g("sociaal_netwerk", "Ik wil weer handballen.",
               ("Binnen twee maanden is {p} ingeschreven bij de handbalvereniging en doet {p} mee met de "
                "trainingen.", "Inschrijving bij de vereniging; {p} vertelt hoe vaak het gelukt is.", 2,
                "inwoner,netwerk")),
            _g("geestelijke_gezondheid", "Ik wil minder bang zijn.",
               ("Over drie maanden past {p} zelf drie ontspanningsoefeningen toe als de buikpijn opkomt.",
                "{P} vertelt bij de evaluatie wanneer het werkte.", 3, "inwoner,aanbieder")),
        ),
    ),
    _Scenario(
        "jeugdwet", 8, 13, ("06J01",),
        (
            "Moeder wil graag nieuwe aanpakken leren.",
            "Vader wil meedenken in de weekenden.",
            "De voetbaltrainer is een steunfiguur.",
        ),
        "Thuis is er elke dag ruzie, vooral 's ochtends en bij het huiswerk. Ik wil dat mijn moeder en ik minder "
        "tegen elkaar schreeuwen.",
        "Voetballen en gamen met mijn vrienden. En dat het thuis weer gezellig is.",
        "Ik heb ADHD. Mijn moeder werkt in ploegendienst en mijn zusje is vier. Mijn vader zie ik om het "
        "weekend.",
        (
            _d("huiselijke_relaties", 2, 2, "Dagelijks oplopende ruzies tussen moeder en kind; moeder voelt zich "
               "machteloos.", "Opvoedondersteuning thuis en vaste routines."),
            _d("werk_opleiding", 3, 3, "Zit in groep 7; het huiswerk leidt tot conflicten.",
               "Afspraken tussen school en thuis over het huiswerk."),
            _d("tijdsbesteding", 3, 4, "Voetbalt twee keer per week; gamet veel.",
               "Duidelijke afspraken over schermtijd."),
        ),
        (
            _g("huiselijke_relaties", "Ik wil minder ruzie thuis.",
               ("Binnen drie maanden is er op schooldagen hooguit één keer per week ruzie in de ochtend.",
                "Moeder houdt een dagboekje bij.", 3, "inwoner,netwerk,aanbieder"),
               ("Binnen twee maanden hangt er een ochtendschema met plaatjes in de gang en wordt het gebruikt.",
                "De gezinsbegeleider ziet het schema in gebruik.", 2, "netwerk,aanbieder")),
            _g("werk_opleiding", "Ik wil mijn huiswerk afkrijgen zonder ruzie.",
               ("Binnen drie maanden maakt {p} het huiswerk op een vaste tijd aan de keukentafel, met een timer.",
                "De leerkracht meldt dat het huiswerk af is.", 3, "inwoner,netwerk")),
            _g("tijdsbesteding", "Ik wil blijven voetballen.",
               ("{P} blijft dit seizoen twee keer per week trainen bij de voetbalclub.",
                "De trainer bevestigt de aanwezigheid.", None, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "jeugdwet", 12, 17, ("07J01", "02J01"),
        ("Goede band met opa; samen vissen.", "Ouders zijn betrokken.", "Is goed met computers."),
        "Ik heb geen vrienden en zit na school alleen op mijn kamer. Ik wil iets leuks doen met andere jongeren.",
        "Ik ben goed met computers en wil later iets met techniek doen.",
        "Ik heb autisme en zit op het voortgezet speciaal onderwijs. Mijn ouders werken allebei. Op zaterdag ga "
        "ik soms met mijn opa vissen.",
        (
            _d("sociaal_netwerk", 2, 2, "Geen vriendschappen buiten school; veel online.",
               "Een groep leeftijdgenoten met een gedeelde interesse."),
            _d("tijdsbesteding", 3, 3, "Zit na school uren achter de computer.", "Een vaste activiteit buitenshuis."),
            _d("huiselijke_relaties", 3, 4, "Goede band met de ouders en opa.",
               "Ouders tips geven om contacten te stimuleren."),
        ),
        (
            _g("sociaal_netwerk", "Ik wil vrienden maken.",
               ("Binnen twee maanden doet {p} elke woensdagmiddag mee met de techniekgroep.",
                "Presentielijst van de groep.", 2, "inwoner,aanbieder"),
               ("Binnen zes maanden spreekt {p} minstens één keer per maand buiten de groep af met een "
                "leeftijdgenoot.", "{P} vertelt het bij de evaluatie.", 6, "inwoner,netwerk")),
            _g("tijdsbesteding", "Ik wil iets met techniek doen.",
               ("Binnen vier maanden heeft {p} samen met de groep een eigen game of robot gebouwd.",
                "Het project wordt gepresenteerd.", 4, "inwoner,aanbieder")),
        ),
    ),
    _Scenario(
        "jeugdwet", 8, 16, ("06J01",),
        (
            "Beide ouders willen het beste voor hun kind.",
            "De hond geeft steun en rust.",
            "De leerkracht is op de hoogte.",
        ),
        "Mijn ouders maken ruzie over mij en ik zit er altijd tussen. Ik wil dat ze normaal tegen elkaar doen.",
        "Dat ik bij allebei mijn ouders kan zijn zonder dat iemand boos wordt. En mijn hond.",
        "Mijn ouders zijn vorig jaar uit elkaar gegaan. Ik woon doordeweeks bij mijn vader en in het weekend bij "
        "mijn moeder. Op school gaat het minder goed sinds de scheiding.",
        (
            _d("huiselijke_relaties", 2, 2, "Ouders communiceren via het kind; conflicten bij de overdracht.",
               "Ouders ondersteunen bij een ouderschapsplan dat werkt."),
            _d("geestelijke_gezondheid", 3, 3, "Trekt zich terug en slaapt slecht voor de wissel.",
               "Een plek om eigen gevoelens te bespreken."),
            _d("werk_opleiding", 3, 3, "De cijfers zijn gedaald sinds de scheiding.",
               "School betrekken; rust rond de wissel."),
        ),
        (
            _g("huiselijke_relaties", "Ik wil niet meer tussen mijn ouders in staan.",
               ("Binnen drie maanden hebben de ouders een ouderschapsplan met vaste afspraken over de wissel.",
                "Ondertekend ouderschapsplan.", 3, "netwerk,aanbieder"),
               ("Binnen vier maanden verloopt de wissel zonder ruzie waar {p} bij is.",
                "{P} en de ouders vertellen het bij de evaluatie.", 4, "netwerk,aanbieder")),
            _g("geestelijke_gezondheid", "Ik wil me weer fijn voelen.",
               ("Binnen twee maanden heeft {p} om de week een gesprek met de jeugdhulpverlener.",
                "De gesprekken hebben plaatsgevonden.", 2, "inwoner,aanbieder")),
        ),
    ),
    _Scenario(
        "jeugdwet", 12, 17, ("02J01",),
        (
            "Vader is in het weekend thuis.",
            "De scoutingleiding wil meedenken.",
            "De mentor op school is op de hoogte.",
        ),
        "Ik zorg na school voor mijn moeder, want zij is ziek. Ik heb geen tijd meer voor huiswerk of vrienden.",
        "Dat het goed gaat met mijn moeder. Maar ik wil ook gewoon naar de scouting.",
        "Mijn moeder heeft MS en zit in een rolstoel. Mijn vader werkt in Duitsland en is alleen in het weekend "
        "thuis. Ik heb een broertje van acht.",
        (
            _d("huiselijke_relaties", 2, 2, "Draagt als oudste kind veel zorg voor moeder en broertje.",
               "Zorgtaken anders verdelen; ondersteuning voor het gezin."),
            _d("werk_opleiding", 3, 3, "Huiswerk schiet erbij in; school maakt zich zorgen.",
               "Mentor informeren en ruimte maken voor huiswerk."),
            _d("tijdsbesteding", 2, 3, "Gestopt met scouting wegens tijdgebrek.",
               "Vrije tijd terug, met vervangende hulp voor moeder."),
        ),
        (
            _g("huiselijke_relaties", "Ik wil minder zorgen voor thuis.",
               ("Binnen twee maanden hoeft {p} na school niet meer te koken; dat is anders geregeld.",
                "Het gezin vertelt hoe het koken nu geregeld is.", 2, "netwerk,aanbieder"),
               ("Binnen een maand is {p} aangemeld bij de groep voor jonge mantelzorgers.",
                "Aanmelding bevestigd.", 1, "inwoner,voorliggend")),
            _g("tijdsbesteding", "Ik wil weer naar de scouting.",
               ("Binnen een maand gaat {p} weer elke zaterdag naar de scouting.", "{P} vertelt het bij de "
                "evaluatie.", 1, "inwoner,netwerk")),
            _g("werk_opleiding", "Ik wil mijn huiswerk weer af hebben.",
               ("Binnen drie maanden heeft {p} op drie middagen per week een vast huiswerkuur.",
                "De mentor bevestigt dat het huiswerk op orde is.", 3, "inwoner,netwerk")),
        ),
    ),
    _Scenario(
        "jeugdwet", 0, 8, ("06J01", "07J01"),
        (
            "Opa en oma passen twee dagen per week op.",
            "De logopedist is gestart.",
            "Ouders zijn betrokken en leergierig.",
        ),
        "Ons kind praat nog weinig en wordt snel boos omdat het zich niet verstaanbaar kan maken. Wij willen "
        "leren hoe we het beste kunnen helpen.",
        "Dat ons kind met plezier naar school gaat en vriendjes maakt. Thuis zingen en dansen we veel; dat vindt "
        "het heerlijk.",
        "Ons kind zit in groep 2. De juf ziet dat het weinig praat en vaak alleen speelt. Wij spreken thuis Turks "
        "en Nederlands. Opa en oma passen twee dagen per week op.",
        (
            _d("huiselijke_relaties", 3, 3, "Betrokken ouders die handvatten zoeken bij boze buien.",
               "Opvoedadvies gericht op taal en het leren omgaan met emoties."),
            _d("werk_opleiding", 3, 3, "Groep 2; taalachterstand, logopedie is gestart.",
               "Afstemming tussen school, logopedist en ouders."),
            _d("sociaal_netwerk", 3, 3, "Speelt vooral alleen; fijne band met opa en oma.", "Oefenen met samenspelen."),
        ),
        (
            _g("werk_opleiding", "Wij willen dat ons kind zich beter kan uitdrukken.",
               ("Binnen drie maanden gebruikt {p} thuis en op school zinnen van drie woorden.",
                "Verslag van de logopedist.", 3, "inwoner,netwerk")),
            _g("sociaal_netwerk", "Wij willen dat ons kind vriendjes maakt.",
               ("Binnen vier maanden speelt {p} elke week een keer met een klasgenootje.",
                "De ouders vertellen het bij de evaluatie.", 4, "inwoner,netwerk")),
            _g("huiselijke_relaties", "Wij willen rustiger reageren op boze buien.",
               ("Binnen twee maanden passen de ouders de afgesproken aanpak toe bij een boze bui.",
                "De ouders houden een week lang een logboek bij.", 2, "netwerk,aanbieder")),
        ),
    ),
)

_MOTIVATION = {
    "wmo": (
        "Wil dit graag zelf weer kunnen.",
        "Heeft zelf het initiatief genomen voor de melding.",
        "Twijfelt, maar ziet het nut van hulp in.",
        "Vindt hulp aannemen lastig; wil het proberen.",
        "Wil vooral de naasten ontlasten.",
        "Zeer gemotiveerd; heeft al eigen oplossingen geprobeerd.",
        "Wisselend: op goede dagen gemotiveerd, op slechte dagen niet.",
    ),
    "jeugdwet": (
        "Wil er zelf graag aan werken.",
        "Doet mee omdat de ouders het vragen, maar staat ervoor open.",
        "Ouders en jeugdige zijn allebei gemotiveerd.",
        "Vindt praten over problemen lastig; wil het proberen.",
    ),
}
_READINESS = {
    "wmo": (
        "Kan direct beginnen.",
        "Wil starten na afronding van de revalidatie.",
        "Staat open voor een proefperiode van drie maanden.",
        "Heeft tijd nodig om te wennen aan nieuwe mensen over de vloer.",
        "Is klaar voor een eerste stap; grotere veranderingen later.",
        "Wil eerst kennismaken met de begeleider.",
    ),
    "jeugdwet": (
        "Kan direct beginnen.",
        "Wil starten na de schoolvakantie.",
        "Ouders willen eerst kennismaken met de hulpverlener.",
        "Staat open voor een proefperiode van drie maanden.",
    ),
}
_PLAN_UPDATES = (
    "Inmiddels gaat het beter en wil ik meer zelf doen.",
    "Sinds de laatste evaluatie gaat het wisselend; ik wil kijken wat er anders kan.",
    "Mijn situatie is veranderd: mijn familie kan minder helpen dan eerst.",
    "Ik ben in het ziekenhuis opgenomen geweest en moet opnieuw beginnen.",
)
_SUMMARIES = {  # per outcome; 'change' leads to a new decision, 'within' stays inside this one
    "voortzetten": (
        "Evaluatie met {s} en de begeleider van {a}. Het gaat de goede kant op; de inzet blijft gelijk.",
        "Gesprek bij {s} thuis. Een deel van de resultaten is bereikt, de rest vraagt nog tijd. We gaan door "
        "zoals afgesproken.",
        "Telefonische evaluatie. {S} is tevreden over de ondersteuning; geen wijzigingen nodig.",
        "Evaluatie met {s} en het netwerk. De afspraken werken; de uren worden flexibel ingezet zoals bedoeld.",
    ),
    "afschalen_within": (
        "{S} doet veel weer zelf. In overleg met {a} worden minder uren ingezet, binnen de beschikking.",
    ),
    "opschalen_within": (
        "Een drukke periode. {a} zet tijdelijk meer uren in binnen de beschikking; over zes weken opnieuw "
        "bekijken.",
    ),
    "afschalen_change": (
        "{S} doet veel weer zelf. Afgesproken: afschalen naar een lager aantal uren met een nieuwe beschikking.",
        "Resultaten grotendeels behaald; de ondersteuning gaat in een nieuwe beschikking verder met minder uren.",
    ),
    "opschalen_change": (
        "De situatie is zwaarder geworden. Meer inzet nodig; een gewijzigde beschikking is afgesproken.",
        "Terugval na een ziekenhuisopname. Tijdelijk meer uren nodig; de beschikking wordt gewijzigd.",
    ),
    "beeindigen_19": (
        "De resultaten zijn grotendeels behaald. De ondersteuning stopt aan het eind van de beschikking; "
        "{s} kan verder met het netwerk.",
        "Eindevaluatie met {s} en {a}. Doelen bereikt; geen nieuwe aanvraag nodig.",
    ),
    "beeindigen_23": (
        "In overleg met {s} en {a} stopt de ondersteuning eerder dan gepland: het gaat goed genoeg.",
    ),
    "beeindigen_21": (
        "{S} heeft besloten te stoppen met de ondersteuning; het netwerk vangt het op.",
    ),
    "beeindigen_31": (
        "{S} verhuist naar een andere gemeente; de ondersteuning wordt daar opnieuw aangevraagd.",
    ),
}
_ACCOUNTS = {
    "behaald": ("Behaald zoals afgesproken.", "Gelukt; bevestigd door de begeleider.",
                "Behaald en stabiel sinds de vorige evaluatie.", "Behaald, eerder dan verwacht."),
    "deels": ("Gaat beter, maar nog niet elke week.", "Lukt met hulp, nog niet zelfstandig.",
              "Goede start; vraagt nog een paar maanden.", "Wisselend door gezondheidsklachten."),
    "niet": ("Niet gelukt door een terugval; blijft staan voor de volgende periode.",
             "Niet behaald; de aanpak wordt aangepast.", "Nog niet aan toegekomen door een ziekenhuisopname."),
    "vervallen": ("Vervallen: de situatie is veranderd.", "Vervallen; dit is via het netwerk opgelost.",
                  "Vervallen; niet meer van toepassing."),
}
_PRONOUNS = {  # (law, salutation) -> names for the result texts
    ("wmo", "mevrouw"): {"S": "Mevrouw", "s": "mevrouw", "P": "Zij", "p": "zij"},
    ("wmo", "heer"): {"S": "Meneer", "s": "meneer", "P": "Hij", "p": "hij"},
    ("wmo", "neutraal"): {"S": "De inwoner", "s": "de inwoner", "P": "De inwoner", "p": "de inwoner"},
    ("jeugdwet", "mevrouw"): {"S": "De jeugdige", "s": "de jeugdige", "P": "Zij", "p": "zij"},
    ("jeugdwet", "heer"): {"S": "De jeugdige", "s": "de jeugdige", "P": "Hij", "p": "hij"},
    ("jeugdwet", "neutraal"): {"S": "De jeugdige", "s": "de jeugdige", "P": "De jeugdige", "p": "de jeugdige"},
}
_ALL_DOMAINS = (
    "financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
    "geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik", "basale_adl", "instrumentele_adl",
    "sociaal_netwerk", "maatschappelijke_participatie", "justitie",
)


@lru_cache(maxsize=4096)
def _say(template: str, law: str, salutation: str) -> str:
    return template.format(**_PRONOUNS[(law, salutation)])


# ====================================================================== generator

_DAY = timedelta(days=1)
_TO_WEEKDAY = (*(timedelta(0),) * 5, timedelta(days=-1), timedelta(days=1))  # Saturday -> Friday, Sunday -> Monday
_DAYS = tuple(timedelta(days=n) for n in range(64))
_DOB_MIN = date(1935, 1, 1)
_DOB_MAX = date(2020, 12, 31)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _at(day: date, minute: int) -> datetime:
    """A deterministic moment on a day (UTC), so reruns give identical rows."""
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)


@cache
def _weekday_offsets(first_weekday: int, span: int) -> tuple[int, ...]:
    """Day offsets within a period that fall on Monday to Friday (support is delivered on working days)."""
    return tuple(n for n in range(span) if (first_weekday + n) % 7 < 5)


class _IsoDates(dict):
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


class _Variant(NamedTuple):
    category: str
    period_weeks: int
    period_count: int
    minutes_per_period: int


_VARIANTS = {  # product code -> ((weight, variant), ...); turned into (variants, weights) below
    "01A01": ((35, _Variant("basis", 4, 13, 240)), (25, _Variant("basis", 4, 13, 360)),
              (15, _Variant("basis", 4, 13, 480)), (25, _Variant("basis", 4, 7, 480))),
    "02A08": ((35, _Variant("basis", 4, 7, 480)), (35, _Variant("basis", 4, 13, 240)),
              (15, _Variant("intensief", 4, 3, 720)), (15, _Variant("intensief", 4, 4, 720))),
    "02A20": ((60, _Variant("basis", 4, 13, 240)), (40, _Variant("basis", 4, 13, 480))),
    "07A01": ((30, _Variant("basis", 4, 13, 960)), (45, _Variant("basis", 4, 13, 1920)),
              (15, _Variant("basis", 4, 13, 2880)), (10, _Variant("basis", 4, 7, 1920))),
    "02J01": ((40, _Variant("basis", 4, 7, 480)), (25, _Variant("basis", 4, 13, 240)),
              (20, _Variant("intensief", 4, 3, 720)), (15, _Variant("intensief", 4, 4, 720))),
    "06J01": ((40, _Variant("basis", 4, 7, 480)), (30, _Variant("intensief", 4, 3, 720)),
              (30, _Variant("intensief", 4, 4, 720))),
    "07J01": ((60, _Variant("basis", 4, 13, 960)), (40, _Variant("basis", 4, 7, 1920))),
}
_VARIANTS = {code: (tuple(v for _, v in options), tuple(w for w, _ in options))
             for code, options in _VARIANTS.items()}
_MAX_CHAIN = 4  # decisions per case: a grant and at most three changes
_AFTER_AFSCHALEN = (_Variant("basis", 4, 7, 480), _Variant("basis", 4, 13, 240))


class _Generator:
    """Builds rows into per-table buffers with self-assigned ids; flush() writes them in FK order."""

    _FLUSH_ORDER = (Resident, Casus, Plan, DomainAssessment, Goal, Result, Beschikking, Period,
                    BeschikkingResult, Realisation, Evaluation, EvaluationResult, EvaluationDomainScore)

    def __init__(self, session: Session, rng: _Random, today: date):
        self.session = session
        self.rng = rng
        self.today = today
        self.buffers: dict[str, list[dict]] = {m.__tablename__: [] for m in self._FLUSH_ORDER}
        self.counts: dict[str, int] = dict.fromkeys(self.buffers, 0)
        self.next_id: dict[str, int] = {}
        for model in (User, Aanbieder, Product, Tariff, *self._FLUSH_ORDER):
            table = model.__table__
            if "id" in table.c:
                top = session.execute(select(func.max(table.c.id))).scalar()
                self.next_id[table.name] = (top or 0) + 1
        self.toewijzing_seq = {"wmo": 0, "jeugdwet": 0}
        self.catalog_counts = {"users": 0, "aanbieders": 0, "products": 0}
        by_law_age: dict[tuple[str, int], tuple[_Scenario, ...]] = {}
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

    def _add(self, table: str, row: dict) -> None:
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
            table = model.__table__
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
    def _layout(table) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        names = tuple(c.name for c in table.columns)
        dates = tuple(c.name for c in table.columns if isinstance(c.type, sa.Date))
        moments = tuple(c.name for c in table.columns if isinstance(c.type, (UTCDateTime, sa.DateTime)))
        return names, dates, moments

    # ------------------------------------------------------------------ catalog

    def _team(self, clients: int) -> list[tuple[str, str | None, str, str]]:
        """The named demo users, then invented colleagues until the team fits the caseload."""
        rng = self.rng
        team = list(_USERS)
        wanted = demo_team_size(clients)
        for role in ("consulent", "casusregisseur", "medewerker"):
            for _ in range(wanted[role] - sum(1 for *_, r in team if r == role)):
                if rng.random() < 0.25:
                    prefix, surname = rng.choice(_PREFIXED_SURNAMES)
                else:
                    prefix, surname = None, rng.choice(_SURNAMES)
                team.append((rng.choice(_FIRST_NAMES), prefix, surname, role))
        return team

    def catalog(self, clients: int) -> None:
        """Users, providers, products and tariffs; existing rows with the same key are reused."""
        session = self.session
        user_t = User.__table__
        existing_usernames = set(session.execute(select(user_t.c.username)).scalars())
        created = _at(self.today.replace(day=1) - timedelta(days=3 * 365), 8 * 60)
        self.users: dict[str, list[int]] = {"consulent": [], "casusregisseur": [], "medewerker": [],
                                            "beheerder": []}
        rows = []
        for first, prefix, surname, role in self._team(clients):
            base = "".join(part[0] for part in first.split()).lower() + search_key((prefix or "") + surname)
            username, n = base, 2
            while username in existing_usernames:
                username, n = f"{base}{n}", n + 1
            existing_usernames.add(username)
            uid = self._id("app_user")
            self.users[role].append(uid)
            rows.append({"id": uid, "username": username,
                         "display_name": " ".join(p for p in (first, prefix, surname) if p), "role": role,
                         "password_hash": _demo_password_hash(), "active": True, "failed_attempts": 0, "locked_until": None,
                         "created_at": created})
        session.execute(insert(user_t), rows)
        self.catalog_counts["users"] = len(rows)
        # Each consulent works in the team of one casusregisseur, who follows that consulent's cases.
        consulenten, regisseurs = self.users["consulent"], self.users["casusregisseur"]
        self.regisseur_of = {uid: regisseurs[i * len(regisseurs) // len(consulenten)]
                             for i, uid in enumerate(consulenten)}

        a_t = Aanbieder.__table__
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

        p_t, t_t = Product.__table__, Tariff.__table__
        known_products = {(r.law, r.code): r.id for r in session.execute(select(p_t.c.law, p_t.c.code, p_t.c.id))}
        rows = []
        self.products: dict[str, _ProductDef] = {}
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

        # Regional tariffs (no provider) per year, so a decision from last year finds last year's tariff.
        years = sorted(set(range(self.today.year - 2, self.today.year + 1)) | {_TARIFF_BASE_YEAR})
        existing = {(r.product_id, r.complexity, r.valid_from): r.amount_cents for r in session.execute(
            select(t_t.c.product_id, t_t.c.complexity, t_t.c.valid_from, t_t.c.amount_cents)
            .where(t_t.c.aanbieder_id.is_(None)))}
        rows = []
        self.tariffs: dict[tuple[str, str, int], int] = {}
        for prod in _PRODUCTS:
            pid = self.product_ids[prod.code]
            for complexity, base in zip(("L", "M", "ZW"), prod.tariffs, strict=True):
                for year in years:
                    valid_from = date(year, 1, 1)
                    amount = existing.get((pid, complexity, valid_from))
                    if amount is None:
                        amount = int(round(base * _INDEXATION ** (year - _TARIFF_BASE_YEAR) / 10)) * 10
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
        self._add("resident", {
            "id": rid, "client_number": f"K{number:07d}", "bsn": bsn, "salutation": salutation,
            "initials": initials, "prefix": prefix, "surname": surname, "search_name": search_key(surname),
            "date_of_birth": dob, "street": rng.choice(_STREETS), "house_number": house_number,
            "house_number_suffix": suffix, "postcode": f"{rng.choice(numbers)}{letters}", "city": town,
            "phone": None, "email": None, "consulent_id": consulent,
            "created_at": self._at(meldingen[0], 8 * 60 + rng.randint(30, 540)), "updated_at": None, "version": 1,
        })
        used: set[_Scenario] = set()
        for melding in meldingen:
            law = "jeugdwet" if _age(dob, melding) < 18 else "wmo"
            options = [sc for sc in self.scenarios[(law, min(_age(dob, melding), 120))] if sc not in used]
            scenario = rng.choice(options or self.scenarios[(law, min(_age(dob, melding), 120))])
            used.add(scenario)
            self._case(rid, consulent, law, melding, scenario, salutation)

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

    def _case(self, resident_id: int, consulent: int, law: str, melding: date, scenario: _Scenario,
              salutation: str) -> None:
        rng, today = self.rng, self.today
        case_id = self._id("casus")
        row = {"id": case_id, "resident_id": resident_id, "law": law, "status": "melding", "melding_date": melding,
               "aanvraag_date": None, "closed_date": None, "consulent_id": consulent,
               "casusregisseur_id": self.regisseur_of[consulent],
               "created_at": self._at(melding, 9 * 60 + rng.randint(0, 420))}
        self._add("casus", row)
        aanvraag = self._workday(melding + timedelta(days=rng.randint(7, 42)))
        if aanvraag > today:  # the research is still going on
            row["status"] = "melding" if (today - melding).days < 10 and rng.random() < 0.7 else "onderzoek"
            return
        if rng.random() < 0.06:  # solved with own strength or the voorliggend veld; no application
            row["status"] = "afgesloten"
            row["closed_date"] = self._workday(min(today, melding + timedelta(days=rng.randint(14, 56))))
            return
        row["aanvraag_date"] = aanvraag
        agreed = self._workday(max(melding + _DAY, aanvraag - timedelta(days=rng.randint(0, 5))), spread=False)
        plan_id, result_ids, scores, plan_parts = self._plan(case_id, scenario, law, salutation, melding, agreed,
                                                             consulent)
        ctx = _CaseContext(case_id=case_id, law=law, salutation=salutation, consulent=consulent,
                           scenario=scenario, plan_id=plan_id, result_ids=result_ids, scores=scores,
                           agreed=agreed)
        row["status"], row["closed_date"], first_eval = self._decisions(ctx, aanvraag)
        if first_eval is not None and first_eval <= today and rng.random() < 0.15:
            self._plan_version_2(ctx, plan_parts, first_eval)

    # ------------------------------------------------------------------ plans

    def _plan(self, case_id, scenario: _Scenario, law, salutation, melding, agreed, consulent):
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

    def _plan_rows(self, plan_id, assessments, irrelevant, result_parts) -> list[int]:
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

    def _plan_version_2(self, ctx: _CaseContext, parts, on: date) -> None:
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
        common = {"ctx": ctx, "code": code, "aanbieder_id": aanbieder_id, "aanbieder_name": aanbieder_name,
                  "complexity": complexity, "linked": linked}

        if established > today:  # application received, decision not yet taken
            if rng.random() < 0.7:
                self._decision(**common, variant=variant, start=start, established=None, kind="toekenning")
            return "aanvraag", None, None

        current = self._decision(**common, variant=variant, start=start, established=established,
                                 kind="toekenning")
        first_eval = None
        for chain_length in range(1, _MAX_CHAIN + 1):
            variant = current["_variant"]
            moments = self._moments(current)
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
            current["status"] = "vervangen"
            self._follow_up(current, moments, done_dates, effective - _DAY, False, idx, outcome, ctx,
                            aanbieder_name)
            current = self._decision(**common, variant=new_variant, start=effective, established=est2,
                                     kind="wijziging", replaces=current, reason=reason)
        return self._case_status(current) + (first_eval,)

    def _change(self, d: dict, moments: list[date], done_dates: list[date]):
        """Whether a decision is scaled down/up after its first evaluation or extended at its end."""
        rng, today = self.rng, self.today
        variant = d["_variant"]
        end = d["end_date"]
        r = rng.random()
        change = None
        if moments and r < 0.45:
            done_dates[0] = max(done_dates[0], moments[0])  # a change follows a held evaluation
        if moments and done_dates[0] <= today and done_dates[0] < end - timedelta(days=7) and (
                (variant.category == "intensief" and r < 0.45) or (variant.category == "basis" and r < 0.06)):
            outcome = "afschalen" if variant.category == "intensief" else "opschalen"
            est2 = self._workday(done_dates[0] + timedelta(days=rng.randint(3, 10)), spread=False)
            effective = min(est2 + timedelta(days=rng.randint(0, 10)), end + _DAY)
            reason = "05" if effective <= end else "04"
            new_variant = rng.choice(_AFTER_AFSCHALEN) if outcome == "afschalen" else \
                _Variant("intensief", 4, 3, max(720, variant.minutes_per_period * 2))
            change = (outcome, 0, est2, effective, reason, new_variant)
        elif end < today + timedelta(days=30) and r < 0.6:  # most support continues: extension
            est2 = self._workday(end - timedelta(days=rng.randint(7, 28)), spread=False)
            idx = max((i for i, dd in enumerate(done_dates) if dd <= est2 and dd <= today), default=None)
            new_variant = variant
            if variant.period_count == 7 and rng.random() < 0.5:
                new_variant = _Variant(variant.category, variant.period_weeks, 13, variant.minutes_per_period)
            change = ("voortzetten", idx, est2, end + _DAY, "04", new_variant)
        if change is not None and change[2] > today and end < today:
            return None  # a pending change on a decision that already ran out: leave it out
        return change

    def _decision(self, *, ctx: _CaseContext, code, aanbieder_id, aanbieder_name, complexity, linked,
                  variant: _Variant, start: date, established: date | None, kind: str,
                  replaces: dict | None = None, reason: str | None = None) -> dict:
        rng, today = self.rng, self.today
        prod = self.products[code]
        did = self._id("beschikking")
        weeks, count, per_period = variant.period_weeks, variant.period_count, variant.minutes_per_period
        indicated = per_period * count
        end = start + timedelta(days=weeks * count * 7 - 1)
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
        self.toewijzing_seq[ctx.law] += 1
        year = (established or today).year
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
            "toewijzing_nummer": f"{year}{self.toewijzing_seq[ctx.law]:06d}", "kind": kind, "status": status,
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
        }
        self._add("beschikking", row)
        append, period_id = self.buffers["period"].append, self.next_id["period"]
        length, last = _DAYS[weeks * 7], _DAYS[weeks * 7 - 1]
        p_start = start
        for number in range(1, count + 1):
            append({"id": period_id, "beschikking_id": did, "number": number, "start_date": p_start,
                    "end_date": p_start + last, "share_minutes": per_period})
            period_id += 1
            p_start += length
        self.next_id["period"] = period_id
        append = self.buffers["beschikking_result"].append
        for result_id in linked:
            append({"beschikking_id": did, "result_id": result_id})
        row["_linked"] = linked
        row["_unit"] = 240 if prod.unit == "16" else 15
        row["_variant"] = variant
        return row

    def _motivation(self, ctx: _CaseContext, prod: _ProductDef, variant: _Variant, kind: str, aanbieder: str):
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

    def _fate(self, d: dict, *, may_end_early: bool = True) -> tuple[date, bool]:
        """Ends a decision that ran out or stopped early; returns its last service day and whether it runs."""
        rng, today = self.rng, self.today
        start, end = d["start_date"], d["end_date"]
        latest = min(end, today)
        if rng.random() < 0.06 and may_end_early and start + timedelta(days=35) <= latest:
            ended = date.fromordinal(rng.randint((start + timedelta(days=35)).toordinal(), latest.toordinal()))
            d.update(status="beeindigd", ended_date=ended, end_reason_code=rng.choice(("23", "23", "21", "31")))
            return ended, False
        if end < today:
            d.update(status="beeindigd", ended_date=end, end_reason_code="19")
            return end, False
        return end, True

    def _case_status(self, d: dict) -> tuple[str, date | None]:
        if d["status"] == "beeindigd":
            ended = d["ended_date"]
            closed = max(ended, self._workday(min(self.today, ended + timedelta(days=self.rng.randint(0, 21)))))
            return "afgesloten", closed
        return "lopend", None

    # ------------------------------------------------------------------ hours and evaluations

    @staticmethod
    def _moments(d: dict) -> list[date]:
        """Planned evaluations: about three months after the start, then quarterly (intensief) or yearly."""
        start, end = d["start_date"], d["end_date"]
        first = start + timedelta(days=91)
        if first > end - timedelta(days=14):
            first = max(start + timedelta(days=28), end - timedelta(days=14))
        step = timedelta(days=91 if d["category"] == "intensief" else 365)
        moments = [first]
        while moments[-1] + step <= end - timedelta(days=14):
            moments.append(moments[-1] + step)
        final = end - timedelta(days=28)
        if d["category"] == "basis" and (final - moments[-1]).days > 120:
            moments.append(final)  # end evaluation: continue, scale or stop?
        return [m + _TO_WEEKDAY[m.weekday()] for m in moments]

    def _follow_up(self, d: dict, moments: list[date], done_dates: list[date], stop: date, active: bool,
                   forced_index: int | None, forced_outcome: str | None, ctx: _CaseContext,
                   aanbieder: str) -> None:
        self._realisations(d, min(stop, self.today))
        self._evaluations(d, moments, done_dates, stop, active, forced_index, forced_outcome, ctx, aanbieder)

    def _realisations(self, d: dict, last_day: date) -> None:
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
                    append({"id": next_id, "beschikking_id": decision_id, "service_date": day,
                            "minutes": part * unit, "no_show": rand() < 0.03, "source": source,
                            "entered_by_id": entered_by,
                            "entered_at": iso[min(entered, today)] + _CLOCK[900 + int(rand() * 120)]})
                    next_id += 1
                room -= units * unit
            p_start += _DAYS[period_days]
        self.next_id["realisation"] = next_id

    def _evaluations(self, d: dict, moments, done_dates, stop: date, active: bool, forced_index, forced_outcome,
                     ctx: _CaseContext, aanbieder: str) -> None:
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
                    outcome, texts = "beeindigen", f"beeindigen_{end_reason}"
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
        self._cumulative: dict[tuple, list[float]] = {}

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def pick(self, population, weights: tuple):
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
    scenario: _Scenario
    plan_id: int
    result_ids: list[int]
    scores: dict[str, int]
    agreed: date


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


def _complexity(rng: _Random, variant: _Variant) -> str:
    if variant.category == "intensief":
        return rng.pick(("M", "ZW"), (60, 40))
    return rng.pick(("L", "M", "ZW"), (40, 45, 15))


def _pick(rng: _Random, weighted):
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
        if session.execute(select(func.count()).select_from(Resident.__table__)).scalar():
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
            session.execute(insert(Setting.__table__), [{"key": DEMO_SETTING, "value": "1"}])
        summary = gen.summary()
    return summary


@contextmanager
def _hours_guard_checked_at_end(session: Session, gen: _Generator):
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
    over = connection.execute(text(
        "SELECT COUNT(*) FROM (SELECT b.id FROM beschikking b JOIN realisation r ON r.beschikking_id = b.id"
        " WHERE b.id >= :first AND (r.no_show = 0 OR b.no_show_counts)"
        " GROUP BY b.id HAVING SUM(r.minutes) > MAX(b.indicated_minutes + b.surplus_minutes))"),
        {"first": first_decision}).scalar()
    if over:
        raise KoersError(f"Interne fout: de demo-uren overschrijden bij {over} beschikkingen het geïndiceerde "
                         "totaal; er is niets opgeslagen.")


@contextmanager
def _large_page_cache(session: Session):
    """SQLite's default 2 MB page cache thrashes on a load this size; widen it for this connection only."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.dbapi_connection  # still usable after a failed statement, for the reset
    before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    driver.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {before}")
