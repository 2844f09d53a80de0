"""Rapportages: the reports of desktop/core/reports as screens, and the sample checks (steekproeven)."""
