"""Hand-made realisation lines for the sample checks (steekproeven): two providers, a period of twelve weeks.

Zorggroep De Linde (from make_setting) has one established decision with a line of 1 hour every Monday of the
first quarter of 2026 (twelve lines, the fourth a no-show), two lines after the quarter, four in June, and a
withdrawn decision whose lines never count. Thuiszorg Het Anker has one decision with five lines of 1,5 hour in
the quarter. The dates lie before any day the suite runs on (23 November 2026, 29 February 2028).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from db.models import Aanbieder, Beschikking, Realisation
from db.models.enums import DecisionStatus
from tests.unit.decision_setting import START, established, make_setting

QUARTER = (date(2026, 1, 1), date(2026, 3, 31))
JUNE = (date(2026, 6, 1), date(2026, 6, 30))


@dataclass
class SampleWorld:
    linde: int  # aanbieder ids
    anker: int
    linde_decision: int
    anker_decision: int
    withdrawn_decision: int
    linde_quarter: list[int]  # realisation ids in the quarter, in id order: the population of a draw
    linde_after: list[int]
    linde_june: list[int]
    anker_quarter: list[int]
    toewijzing: dict[int, str]  # decision id -> toewijzingnummer


def _copy(decision: Beschikking, **changes) -> Beschikking:
    values = decision.model_dump(exclude={"id", "created_at", "version"})
    values.update(changes)
    return Beschikking(**values)


def _lines(s, decision_id: int, days: list[date], minutes: int, *, no_show_at: int | None = None) -> list[int]:
    made = []
    for i, day in enumerate(days):
        line = Realisation(beschikking_id=decision_id, service_date=day, minutes=minutes, no_show=i == no_show_at)
        s.add(line)
        s.flush()
        made.append(line.id)
    return made


def make_sample_world(db, actors) -> SampleWorld:
    setting = make_setting(db, actors)
    linde_decision = established(db, actors, setting)
    with db.write() as s:
        decision = s.get(Beschikking, linde_decision.id)
        anker = Aanbieder(name="Thuiszorg Het Anker", agb_code="12345678")
        s.add(anker)
        s.flush()
        other = _copy(decision, aanbieder_id=anker.id, toewijzing_nummer="TW-ANKER-01")
        withdrawn = _copy(decision, toewijzing_nummer="TW-INGETROKKEN", status=DecisionStatus.INGETROKKEN)
        s.add_all([other, withdrawn])
        s.flush()
        mondays = [START + timedelta(weeks=i) for i in range(12)]  # 5 January up to 23 March 2026
        quarter = _lines(s, decision.id, mondays, 60, no_show_at=3)
        _lines(s, withdrawn.id, mondays[:3], 60)
        after = _lines(s, decision.id, [date(2026, 4, 6), date(2026, 4, 13)], 60)
        june = _lines(s, decision.id, [date(2026, 6, d) for d in (1, 8, 15, 22)], 60)
        anker_lines = _lines(s, other.id, [START + timedelta(weeks=i, days=1) for i in range(5)], 90)
        return SampleWorld(
            linde=setting["provider"], anker=anker.id, linde_decision=decision.id, anker_decision=other.id,
            withdrawn_decision=withdrawn.id, linde_quarter=quarter, linde_after=after, linde_june=june,
            anker_quarter=anker_lines,
            toewijzing={decision.id: decision.toewijzing_nummer, other.id: other.toewijzing_nummer,
                        withdrawn.id: withdrawn.toewijzing_nummer})
