"""The one error type users see. Its message is Dutch, says what is wrong and how to fix it."""

from __future__ import annotations


class KoersError(Exception):
    """A refusal or problem meant for the user. `field` names the input it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = problems or []
        self.field_errors: dict[str, str] = {field: message} if field else {}

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"- {p}" for p in self.problems)


class ValidationError(KoersError):
    """Bad input: one or more fields are wrong. Nothing was stored."""

    @classmethod
    def of_fields(cls, heading: str, errors: dict[str, str]) -> ValidationError:
        """Every field's problem at once: listed under `heading`, and per field for marking it in a form."""
        exc = cls(heading, field=next(iter(errors), None), problems=list(errors.values()))
        exc.field_errors = dict(errors)
        return exc


class NotFoundError(KoersError):
    """The record is gone (deleted, or never existed); the screen should refresh."""


class ConflictError(KoersError):
    """Someone else changed the record first (optimistic locking)."""


class DatabaseOpenError(KoersError):
    """The database cannot be opened or is not one Koers may touch. The file is left as it was."""


class StorageError(KoersError):
    """The database could not store or read: disk full, read-only, locked too long, folder gone, server gone.
    The unit of work was rolled back whole; the screen keeps what was typed, so saving again after the cause is
    fixed is all it takes. `kind` names the cause for callers that treat one differently."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind
