"""Evaluating a decision's results with the resident, and what follows from it."""
