"""Deadlines computed from the dates every time: kinds, settings, rules, queries, the team dashboard."""
