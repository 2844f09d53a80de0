"""A resident with an agreed plan, a product with a tariff of € 62,50 an hour, and a provider: the
starting point of the decision and ledger tests (the regional worked example)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from db.models import Aanbieder, Casus, Contract, Product, Resident, Tariff
from db.models.enums import Complexity, IndicationCategory, Law, LifeDomain
from desktop.core.decisions import lifecycle
from desktop.core.plans import versions

START = date(2026, 1, 5)  # a Monday; 7 periods of 4 weeks run to 19 July 2026
TODAY = date(2026, 11, 23)


def make_setting(db, a, law: Law = Law.WMO) -> dict:
    """The Wmo worked example; under the Jeugdwet the same with a product from the iJw list."""
    with db.write() as s:
        resident = Resident(client_number="K0000001", bsn="999900006", initials="M.", surname="Jansen",
                            search_name="jansen", date_of_birth=date(1950, 3, 4), consulent_id=a.consulent.user_id)
        s.add(resident)
        s.flush()
        casus = Casus(resident_id=resident.id, law=law, melding_date=date(2025, 11, 1),
                      consulent_id=a.consulent.user_id)
        product = (Product(law=law, category_code="02", code="02A08", name="Begeleiding individueel",
                           unit_code="04", frequency_code="6") if law is Law.WMO else
                   Product(law=law, category_code="45", code="45A01", name="Jeugdhulp ambulant individueel",
                           unit_code="04", frequency_code="6"))
        provider = Aanbieder(name="Zorggroep De Linde", agb_code="98765432")
        s.add_all([casus, product, provider])
        s.flush()
        s.add(Tariff(product_id=product.id, complexity=Complexity.M, amount_cents=6250, valid_from=date(2025, 1, 1)))
        s.add(Contract(aanbieder_id=provider.id, product_id=product.id, valid_from=date(2025, 1, 1)))
        ids = casus.id, product.id, provider.id
    draft = versions.start_draft(db, a.consulent, ids[0])
    data = versions.PlanInput(question="Ik wil weer grip op mijn week.", goals=[versions.GoalInput(
        "Structuur in de week", LifeDomain.TIJDSBESTEDING,
        [versions.ResultInput("Binnen drie maanden heeft meneer een vaste weekplanning.", "Planning hangt op de koelkast",
                           date(2026, 4, 1), ["inwoner"], 1)])])
    doc, _ = versions.save_draft(db, a.consulent, draft.plan.id, data, draft.plan.version)
    doc = versions.agree(db, a.consulent, doc.plan.id, date(2025, 12, 15), doc.plan.version)
    return {"casus": ids[0], "product": ids[1], "provider": ids[2], "plan": doc.plan.id,
            "results": [r.id for g in doc.view.goals for r in g.results]}


def regional_input(setting, **overrides) -> lifecycle.DecisionInput:
    values = dict(plan_id=setting["plan"], result_ids=setting["results"], product_id=setting["product"],
                  aanbieder_id=setting["provider"], complexity=Complexity.M, category=IndicationCategory.INTENSIEF,
                  start_date=START, period_weeks=4, period_count=7, hours_per_period=Decimal("8"),
                  motivation="Intensieve begeleiding om de week weer op orde te krijgen.")
    values.update(overrides)
    return lifecycle.DecisionInput(**values)


def established(db, actors, setting, **overrides):
    d = lifecycle.create_decision(db, actors.consulent, setting["casus"], regional_input(setting, **overrides))
    return lifecycle.establish(db, actors.consulent, d.id, date(2026, 1, 2))


def add_provider(db, setting, name: str, agb_code: str, tariff_cents: int = 6250,
                 complexity: Complexity = Complexity.M) -> int:
    """Another aanbieder contracted for the setting's product, with its own tariff; returns its id."""
    with db.write() as s:
        provider = Aanbieder(name=name, agb_code=agb_code)
        s.add(provider)
        s.flush()
        s.add(Contract(aanbieder_id=provider.id, product_id=setting["product"], valid_from=date(2025, 1, 1)))
        s.add(Tariff(product_id=setting["product"], aanbieder_id=provider.id, complexity=complexity,
                     amount_cents=tariff_cents, valid_from=date(2025, 1, 1)))
        return provider.id
