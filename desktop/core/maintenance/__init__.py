"""Keeping the database: opening and upgrading it, backups, the integrity check, the first start."""
