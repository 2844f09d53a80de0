"""Koers desktop application: core (Qt-free), ui (Qt), letters, cli."""
