"""Fixtures for the unit tests of decisions and hours."""

from __future__ import annotations

import pytest

from tests.unit.decision_setting import make_setting


@pytest.fixture
def setting(any_db, any_actors, today) -> dict:
    """An agreed plan, a product with a tariff and a provider, on SQLite and (when available) PostgreSQL."""
    return make_setting(any_db, any_actors)
