"""Beschikkingen and their hours: the shape rules, the lifecycle, evaluation moments, the hour ledger."""
