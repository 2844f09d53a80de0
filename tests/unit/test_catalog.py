"""Tariffs per product and level from a date: set by a beheerder, chosen by date for a decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import Tariff
from db.models.enums import Complexity
from desktop.core import catalog
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import lifecycle
from desktop.core.errors import ValidationError
from desktop.core.parse import parse_money
from tests.unit.decision_setting import regional_input


def test_a_new_tariff_from_a_date_applies_to_decisions_starting_from_it(any_db, any_actors, setting):
    row = catalog.set_tariff(any_db, any_actors.beheerder, setting["product"], "M", Decimal("70.00"), date(2026, 3, 1))
    assert (row.amount_cents, row.valid_from, row.aanbieder) == (7000, date(2026, 3, 1), "regionaal")
    before = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"], regional_input(setting))
    after = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                      regional_input(setting, start_date=date(2026, 3, 2)))
    assert (before.tariff_cents, after.tariff_cents) == (6250, 7000)
    own = catalog.set_tariff(any_db, any_actors.beheerder, setting["product"], Complexity.M, Decimal("66.40"),
                             date(2026, 1, 1), aanbieder_id=setting["provider"])
    assert own.aanbieder == "Zorggroep De Linde"
    provider_specific = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                                  regional_input(setting))
    assert provider_specific.tariff_cents == 6640  # the provider's own tariff wins over the regional one
    assert len(catalog.list_tariffs(any_db, any_actors.beheerder)) == 3


@pytest.mark.parametrize(("amount", "level", "message"), [
    ("-5", "M", "niet negatief"), ("62,505", "M", "twee cijfers achter de komma"), ("veel", "M", "geen bedrag"),
    ("62,50", "XL", "zwaarte")])
def test_bad_tariffs_are_refused(any_db, any_actors, setting, amount, level, message):
    with pytest.raises(ValidationError) as info:  # the amount as typed in Beheer, read by the one parser
        catalog.set_tariff(any_db, any_actors.beheerder, setting["product"], level, parse_money(amount, "het tarief"),
                           date(2026, 3, 1))
    assert message in str(info.value)
    with any_db.read() as s:
        assert len(s.exec(select(Tariff)).all()) == 1  # only the setting's own tariff


def test_the_service_refuses_a_bad_typed_amount_by_the_same_rule(any_db, any_actors, setting):
    with pytest.raises(ValidationError) as info:
        catalog.set_tariff(any_db, any_actors.beheerder, setting["product"], "M", Decimal("-5"), date(2026, 3, 1))
    assert "niet negatief" in str(info.value)


@pytest.mark.parametrize(("typed", "cents"), [("62,50", 6250), ("62.50", 6250), ("€ 1.234,50", 123450), ("70", 7000)])
def test_amounts_as_people_type_them(any_db, any_actors, setting, typed, cents):
    row = catalog.set_tariff(any_db, any_actors.beheerder, setting["product"], "L", parse_money(typed), date(2026, 6, 1))
    assert row.amount_cents == cents


def test_only_a_beheerder_sets_tariffs(any_db, any_actors, setting):
    with pytest.raises(PermissionDenied):
        catalog.set_tariff(any_db, any_actors.consulent, setting["product"], "M", Decimal("1"), date(2026, 3, 1))
