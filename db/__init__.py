"""Koers data layer: schema, engine, migrations. Never imports Qt."""
