"""The demo's fictional world, read from resources/demo/*.json: team, providers and products, places,
names, the residents' situations in their own words, and the sentences of evaluations.

Text lives in resources so it can be read and changed without touching the generator; the generator
only decides who gets what. A file that does not have the expected shape stops the load with a
Dutch message naming the file, before anything is written.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple

from desktop.core.errors import KoersError
from desktop.resources import resource


class TeamMember(NamedTuple):
    first_name: str
    prefix: str | None
    surname: str
    role: str


class Aanbieder(NamedTuple):
    name: str
    agb: str
    city: str
    products: tuple[str, ...]


class ProductDef(NamedTuple):
    law: str
    category: str
    code: str
    name: str
    unit: str
    frequency: str
    financing: str
    tariffs: tuple[int, int, int]  # cents in the base year for L, M, ZW


class Variant(NamedTuple):
    """The shape of an indication: category and periods, as a consulent would pick it for this product."""

    category: str
    period_weeks: int
    period_count: int
    minutes_per_period: int


class Town(NamedTuple):
    name: str
    postcodes: tuple[int, ...]
    weight: int


class DomainText(NamedTuple):
    domain: str
    score_lo: int
    score_hi: int
    situation: str
    needs: str


class ResultText(NamedTuple):
    description: str
    indicator: str
    months: int | None
    contributors: str


class GoalText(NamedTuple):
    domain: str
    description: str
    results: tuple[ResultText, ...]


class Scenario(NamedTuple):
    law: str
    min_age: int
    max_age: int
    products: tuple[str, ...]
    resources: tuple[str, ...]  # strengths and network, for the domain assessments
    question: str
    what_matters: str
    circumstances: str
    domains: tuple[DomainText, ...]
    goals: tuple[GoalText, ...]


class DemoContent(NamedTuple):
    users: tuple[TeamMember, ...]
    extra_first_names: tuple[str, ...]
    aanbieders: tuple[Aanbieder, ...]
    products: tuple[ProductDef, ...]
    variants: dict[str, tuple[tuple[Variant, ...], tuple[int, ...]]]  # code -> (variants, weights)
    after_afschalen: tuple[Variant, ...]
    towns: tuple[Town, ...]
    streets: tuple[str, ...]
    surnames: tuple[str, ...]
    prefixed_surnames: tuple[tuple[str, str], ...]
    other_surnames: tuple[str, ...]
    initials: str
    scenarios: tuple[Scenario, ...]
    motivation: dict[str, tuple[str, ...]]
    readiness: dict[str, tuple[str, ...]]
    plan_updates: tuple[str, ...]
    summaries: dict[str, tuple[str, ...]]
    accounts: dict[str, tuple[str, ...]]
    pronouns: dict[tuple[str, str], dict[str, str]]  # (law, salutation) -> {S, s, P, p}


def _read(name: str) -> dict[str, Any]:
    path = resource("demo", f"{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KoersError(f"Het demobestand {path.name} ontbreekt of is geen geldige JSON; herstel het bestand "
                         "uit de installatie.") from exc
    if not isinstance(data, dict):
        raise KoersError(f"Het demobestand {path.name} heeft niet de verwachte opbouw.")
    return data


def _variant(raw: dict[str, Any]) -> Variant:
    return Variant(raw["category"], int(raw["period_weeks"]), int(raw["period_count"]),
                   int(raw["minutes_per_period"]))


def _texts(raw: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(values) for key, values in raw.items()}


def _scenario(raw: dict[str, Any]) -> Scenario:
    return Scenario(
        raw["law"], int(raw["min_age"]), int(raw["max_age"]), tuple(raw["products"]), tuple(raw["resources"]),
        raw["question"], raw["what_matters"], raw["circumstances"],
        tuple(DomainText(d["domain"], int(d["score_lo"]), int(d["score_hi"]), d["situation"], d["needs"])
              for d in raw["domains"]),
        tuple(GoalText(g["domain"], g["description"],
                       tuple(ResultText(r["description"], r["indicator"], r["months"], r["contributors"])
                             for r in g["results"]))
              for g in raw["goals"]))


@cache
def demo_content() -> DemoContent:
    """Everything the demo says, read once per process."""
    files = {name: _read(name) for name in ("team", "catalogue", "places", "names", "scenarios", "texts")}
    try:
        return _build(files)
    except (KeyError, TypeError, ValueError) as exc:
        raise KoersError(f"Een demobestand in resources/demo heeft niet de verwachte opbouw ({exc!r}); herstel het "
                         "uit de installatie.") from exc


def _build(files: dict[str, dict[str, Any]]) -> DemoContent:
    team, catalogue, places, names = files["team"], files["catalogue"], files["places"], files["names"]
    texts = files["texts"]
    return DemoContent(
        users=tuple(TeamMember(u["first_name"], u["prefix"], u["surname"], u["role"]) for u in team["users"]),
        extra_first_names=tuple(team["extra_first_names"]),
        aanbieders=tuple(Aanbieder(a["name"], a["agb"], a["city"], tuple(a["products"]))
                         for a in catalogue["aanbieders"]),
        products=tuple(ProductDef(p["law"], p["category"], p["code"], p["name"], p["unit"], p["frequency"],
                                  p["financing"], tuple(int(c) for c in p["tariffs_cents"]))  # type: ignore[arg-type]
                       for p in catalogue["products"]),
        variants={code: (tuple(_variant(v) for v in options), tuple(int(v["weight"]) for v in options))
                  for code, options in catalogue["variants"].items()},
        after_afschalen=tuple(_variant(v) for v in catalogue["after_afschalen"]),
        towns=tuple(Town(t["name"], tuple(t["postcodes"]), int(t["weight"])) for t in places["towns"]),
        streets=tuple(places["streets"]),
        surnames=tuple(names["surnames"]),
        prefixed_surnames=tuple((p["prefix"], p["surname"]) for p in names["prefixed_surnames"]),
        other_surnames=tuple(names["other_surnames"]),
        initials=names["initials"],
        scenarios=tuple(_scenario(s) for s in files["scenarios"]["scenarios"]),
        motivation=_texts(texts["motivation"]),
        readiness=_texts(texts["readiness"]),
        plan_updates=tuple(texts["plan_updates"]),
        summaries=_texts(texts["summaries"]),
        accounts=_texts(texts["accounts"]),
        pronouns={(p["law"], p["salutation"]): {k: p[k] for k in ("S", "s", "P", "p")} for p in texts["pronouns"]},
    )
