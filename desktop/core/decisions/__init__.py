"""Beschikkingen and their hours: the shape rules, the lifecycle, evaluation moments, the hour ledger.

Importing the package registers the flush hook that keeps the monthly summary (months.py) in step with every
change to a decision, its periods or its hours.
"""

from desktop.core.decisions import months as months  # noqa: F401  (registers the summary's flush hook)
