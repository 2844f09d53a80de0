"""The plain log file (technical events only) and what Koers records when something unexpected happens.

koers.log lives in the user's log folder and rotates. It never holds personal data: an unexpected error is
logged as its type and where in the code it happened (file, line, function), with a short incident code the
user sees too, but not its message or the values in play, which may contain a name, an address or a BSN
(a database error quotes the row it failed on).
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import secrets
import traceback
from pathlib import Path

log = logging.getLogger("koers")
LOG_NAME = "koers.log"


def log_folder() -> Path:
    import platformdirs

    return platformdirs.user_log_path("Koers", appauthor=False)


def setup_logging() -> None:
    """A rotating log in the user's log folder. Only technical events: no names, no BSNs."""
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    quiet_libraries()


def quiet_libraries() -> None:
    """SQLAlchemy logs every statement at INFO once its logger is enabled; Koers's log is for Koers."""
    for name in ("sqlalchemy", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)


def where(exc: BaseException) -> str:
    """The places in the code an exception passed through, innermost last: 'ledger.py:71 add_realisation'."""
    frames = traceback.extract_tb(exc.__traceback__)
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames[-8:]))


def report_unexpected(exc: BaseException, context: str = "") -> str:
    """Logs an unexpected exception without personal data and returns the incident code to show the user.
    A second report of the same exception returns its code again."""
    code = getattr(exc, "koers_incident", None)
    if code:
        return str(code)
    code = secrets.token_hex(3).upper()
    with contextlib.suppress(AttributeError):  # an exception type without a __dict__ keeps no code
        exc.koers_incident = code  # type: ignore[attr-defined]
    chain = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 4:
        chain.append(f"{type(cause).__module__}.{type(cause).__qualname__} at {where(cause) or '?'}")
        cause = cause.__cause__ or cause.__context__
    log.error("onverwachte fout %s%s: %s", code, f" ({context})" if context else "", " | caused by ".join(chain))
    return code
