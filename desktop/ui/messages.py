"""The words a screen shows for a problem: a Koers error with its list, or the message for the unexpected."""

from __future__ import annotations

from desktop.core.errors import KoersError

UNEXPECTED = ("Er ging iets onverwachts mis. Wat u invoerde, staat nog in het scherm maar is niet opgeslagen: Koers "
              "slaat alles of niets op. Probeer het opnieuw; lukt het dan nog niet, meld het aan de beheerder.")


def error_text(exc: BaseException, unexpected: str = UNEXPECTED) -> str:
    """A KoersError's message with every problem on its own line; `unexpected` for anything else."""
    if isinstance(exc, KoersError):
        return "\n".join([exc.message, *(f"• {p}" for p in exc.problems)])
    incident = getattr(exc, "koers_incident", None)
    return f"{unexpected} Noem daarbij foutcode {incident}." if incident else unexpected
