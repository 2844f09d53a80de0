"""Uren inlezen: a provider's realised hours from a CSV file, checked whole and stored whole."""
