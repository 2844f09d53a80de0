"""Realistic demo data, built through the core's own rules."""
