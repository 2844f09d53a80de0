"""The resident's rights under the AVG: access export, case files that move, retention and destruction."""
