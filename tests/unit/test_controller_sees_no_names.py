"""The controller sees figures and anonymised lists, never a resident's name, BSN, client number or plan text:
every report with every 'per ...' choice, the filter lists and the sample checks, run as the controller on a demo
database, are searched for every resident's identifying data and every plan text."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from desktop.core.demo.generator import generate_demo
from desktop.core.reports import budget, choices, providers, registry, samples
from desktop.core.reports.filters import ReportFilter
from tests.conftest import Actors

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, template_db_path, cheap_argon2_module):
    from db.engine import Database
    from tests.conftest import copy_template

    path = copy_template(template_db_path, tmp_path_factory.mktemp("controller") / "demo.sqlite")
    database = Database(f"sqlite:///{path}")
    generate_demo(database, 60, seed=5, today=TODAY)
    yield database
    database.dispose()


def secrets_of(db) -> set[str]:
    """What must never reach the controller: names as written, BSNs, client numbers, plan texts."""
    found: set[str] = set()
    with db.engine.connect() as conn:
        for first, prefix, surname, bsn, number in conn.execute(text(
                "SELECT first_name, prefix, surname, bsn, client_number FROM resident")):
            found.add(" ".join(p for p in (first, prefix, surname) if p))
            found.update(v for v in (bsn, number) if v)
        for (words,) in conn.execute(text(
                "SELECT question FROM plan WHERE question IS NOT NULL UNION SELECT situation FROM domain_assessment"
                " WHERE situation IS NOT NULL UNION SELECT description FROM goal UNION SELECT description FROM result")):
            if len(words) >= 20:
                found.add(words)
    return found


def test_nothing_the_controller_receives_names_a_resident(demo, test_password_hash):
    team = Actors(demo, test_password_hash)
    controller = team.controller
    received: list[object] = [choices.filter_choices(demo, controller)]
    for spec in registry.specs():
        for key in [k for k, _ in spec.groups] or [None]:
            report = registry.run(demo, controller, spec.name, ReportFilter(group=key, as_of=TODAY))
            assert report.accounts == (), f"{spec.name}: accounts reach the controller"
            received.append(report)
    with demo.engine.connect() as conn:
        provider = conn.execute(text("SELECT aanbieder_id FROM beschikking b JOIN realisation r ON "
                                     "r.beschikking_id = b.id GROUP BY aanbieder_id ORDER BY count(*) DESC")).scalar()
    drawn = samples.draw_sample(demo, controller, provider, date(2026, 1, 1), date(2026, 10, 31), 10, seed=7)
    received += [drawn, samples.list_samples(demo, controller), samples.sample_lines(demo, controller, drawn.id)]
    received.append(budget.list_budgets(demo, controller, TODAY.year))
    monitor = providers.monitor(demo, controller, provider, ReportFilter(as_of=TODAY))
    received += [monitor, providers.sheet_content(monitor, TODAY)]
    assert providers.provider_sheet_pdf(demo, controller, provider, ReportFilter(as_of=TODAY)).startswith(b"%PDF")
    seen = repr(received)
    leaks = sorted(s for s in secrets_of(demo) if s in seen)
    assert len(secrets_of(demo)) > 100 and leaks == []
