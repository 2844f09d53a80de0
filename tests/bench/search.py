"""Search as you type, as a casusregisseur types it: every keystroke runs the query and updates the list (the
view painted), on SQLite and on PostgreSQL. Targets at any size: median <= 5 ms, worst keystroke <= 20 ms.

What is typed, one character at a time, comes from the database itself (so it is found): a BSN, a client
number, a postcode with house number, a surname without and with tussenvoegsel, a surname with an accent,
a first name with a surname, and a few common surname prefixes.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

MEDIAN_TARGET_MS = 5.0
WORST_TARGET_MS = 20.0
PREFIXES = ["Bak", "Jan", "de V", "Mul", "van den B", "Ko", "Meij", "B", "Z"]


@dataclass(frozen=True)
class SearchFigures:
    median_ms: float
    worst_ms: float
    worst_text: str
    keystrokes: int
    per_kind: dict[str, float]  # median per kind of search

    def lines(self, where: str) -> list[str]:
        ok = self.median_ms <= MEDIAN_TARGET_MS and self.worst_ms <= WORST_TARGET_MS
        kinds = ", ".join(f"{k} {v:.1f}" for k, v in self.per_kind.items())
        return [f"  {where:<28} median {self.median_ms:5.1f} ms (target <= {MEDIAN_TARGET_MS:.0f})   worst "
                f"{self.worst_ms:5.1f} ms (target <= {WORST_TARGET_MS:.0f}, '{self.worst_text}')   "
                f"{'OK' if ok else 'MISSED'}",
                f"    {self.keystrokes} keystrokes; median per kind (ms): {kinds}"]


def typed_queries(database: Any) -> dict[str, list[str]]:
    """Per kind of search, the texts to type: values of real residents, picked by a fixed rule."""
    from sqlmodel import col, func, select

    from db.models import Resident

    with database.read() as s:
        top = s.exec(select(func.max(Resident.id))).one() or 1
        picks = [s.exec(select(Resident).where(col(Resident.id) >= top * share // 100,
                                               col(Resident.postcode).is_not(None),
                                               col(Resident.house_number).is_not(None))
                        .order_by(col(Resident.id)).limit(1)).one() for share in (37, 71)]
        with_bsn = s.exec(select(func.count(col(Resident.bsn)))).one()
        bsns = [s.exec(select(Resident.bsn).where(col(Resident.bsn).is_not(None)).order_by(col(Resident.bsn))
                       .offset(with_bsn * share // 100).limit(1)).one() for share in (23, 89)]
        prefixed = s.exec(select(Resident).where(col(Resident.prefix).is_not(None), col(Resident.id) >= top // 3)
                          .order_by(col(Resident.id)).limit(1)).first()
        accented = s.exec(select(Resident).where(col(Resident.surname) != col(Resident.search_name),
                                                 col(Resident.surname).like("%é%") | col(Resident.surname).like("Ç%")
                                                 | col(Resident.surname).like("%ö%") | col(Resident.surname).like("%ë%"))
                          .limit(1)).first()
    first, second = picks
    queries = {
        "bsn": bsns,
        "cliëntnummer": [first.client_number, "k" + str(int(second.client_number[1:]))],
        "postcode+huisnr": [f"{first.postcode[:4]} {first.postcode[4:]} {first.house_number}",
                            f"{second.postcode}{second.house_number}"],
        "achternaam": [first.surname, *PREFIXES],
        "voornaam+achternaam": [f"{second.first_name} {second.surname}" if second.first_name
                                else f"{second.initials} {second.surname}"],
    }
    if prefixed is not None:
        queries["tussenvoegsel"] = [f"{prefixed.prefix} {prefixed.surname}"]
    if accented is not None:
        queries["accent"] = [accented.surname]
    return queries


def measure_search(database: Any, *, clear_between: bool = True) -> SearchFigures:
    """Types each query into the Inwoners page of a casusregisseur, one key at a time, timing run_search() and
    the repaint that follows."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from sqlmodel import select

    from db.models import User
    from db.models.enums import Role
    from desktop.app import create_application
    from desktop.core.access.actor import Actor
    from desktop.ui.residents.page import ResidentsPage

    previous = qInstallMessageHandler(
        lambda kind, ctx, msg: None if "propagateSizeHints" in msg else previous and previous(kind, ctx, msg))
    app = create_application()
    with database.read() as s:
        user = s.exec(select(User).where(User.role == Role.CASUSREGISSEUR).order_by(User.id)).first()
    actor = Actor(user.id, user.username, user.display_name, user.role, "bench")
    page = ResidentsPage(database, actor)
    page.resize(1166, 700)  # the area beside the side bar on a 1366x768 laptop
    page.show()
    app.processEvents()
    queries = typed_queries(database)
    timings: list[tuple[float, str, str]] = []
    for _ in range(2):  # the first round warms the statement caches; the second is measured
        timings.clear()
        for kind, texts in queries.items():
            for text in texts:
                for end in range(1, len(text) + 1):
                    page.search.blockSignals(True)
                    page.search.setText(text[:end])
                    page.search.blockSignals(False)
                    started = time.perf_counter()
                    page.run_search()
                    app.processEvents()  # the view repaints with the answer
                    timings.append(((time.perf_counter() - started) * 1000, kind, text[:end]))
                    if end == len(text) and page.model.rowCount() == 0:
                        raise RuntimeError(f"search bench: '{text}' ({kind}) found nobody")
    page._settled.stop()
    worst = max(timings)
    per_kind = {kind: statistics.median(t for t, k, _ in timings if k == kind) for kind in queries}
    page.close()
    page.deleteLater()
    app.processEvents()
    return SearchFigures(statistics.median(t for t, _, _ in timings), worst[0], worst[2], len(timings), per_kind)
