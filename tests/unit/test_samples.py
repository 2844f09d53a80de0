"""Steekproeven (desktop/core/reports/samples.py): a reproducible draw of realisation lines per aanbieder and
period, the seed and the draw in the access log, the outcome of each checked line, and the report per aanbieder.

Data: tests/unit/sample_setting.py (twelve lines of Zorggroep De Linde in the first quarter of 2026, five of
Thuiszorg Het Anker)."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from db.models import AuditEntry, Realisation, Sample, SampleLine
from db.models.enums import SampleOutcome
from desktop.core.access import audit_text
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.reports import registry, samples
from desktop.core.reports.base import ChartKind
from desktop.core.reports.filters import ReportFilter
from tests.unit.sample_setting import JUNE, QUARTER, make_sample_world

B, N, R = SampleOutcome.BEVESTIGD, SampleOutcome.NIET_BEVESTIGD, SampleOutcome.MET_OPMERKING


@pytest.fixture
def world(any_db, any_actors):
    return make_sample_world(any_db, any_actors)


def drawn_ids(db, sample_id: int) -> list[int]:
    with db.read() as s:
        return list(s.exec(select(SampleLine.realisation_id).where(SampleLine.sample_id == sample_id)
                           .order_by(SampleLine.position)).all())


def audit_lines(db, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all())


# ---------------------------------------------------------------- the draw


def test_the_same_seed_draws_the_same_lines(any_db, any_actors, world):
    controller = any_actors.controller
    first = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 5, seed=20261123)
    again = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 5, seed=20261123)
    other = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 5, seed=7)

    # the population: Linde's twelve lines of the quarter in id order; not the withdrawn decision's, not April's
    assert first.population == 12 and first.size == 5 and first.seed == 20261123
    expected = random.Random(20261123).sample(world.linde_quarter, 5)
    assert drawn_ids(any_db, first.id) == expected == drawn_ids(any_db, again.id)
    assert drawn_ids(any_db, other.id) == random.Random(7).sample(world.linde_quarter, 5) != expected

    # each line is copied as it was drawn
    with any_db.read() as s:
        booked = {r.id: r for r in s.exec(select(Realisation))}
        for line in s.exec(select(SampleLine).where(SampleLine.sample_id == first.id)):
            source = booked[line.realisation_id]
            assert (line.beschikking_id, line.service_date, line.minutes, line.no_show) == (
                source.beschikking_id, source.service_date, source.minutes, source.no_show)
            assert line.outcome is None and line.checked_at is None

    check = samples.redraw_check(any_db, controller, first.id)
    assert check.same and check.redrawn == tuple(expected) and check.population_now == 12
    assert "dezelfde 5 regels in dezelfde volgorde" in check.message

    # a line booked later in the period: the same seed over other lines gives another draw; the sample stays
    with any_db.write() as s:
        s.add(Realisation(beschikking_id=world.linde_decision, service_date=date(2026, 3, 30), minutes=30))
    check = samples.redraw_check(any_db, controller, first.id)
    assert not check.same and (check.population_then, check.population_now) == (12, 13)
    assert "toen 12, nu 13" in check.message
    assert drawn_ids(any_db, first.id) == expected


def test_the_seed_and_the_draw_are_in_the_access_log(any_db, any_actors, world):
    view = samples.draw_sample(any_db, any_actors.controller, world.anker, *QUARTER, 3, seed=99)
    (entry,) = audit_lines(any_db, "steekproef.getrokken")
    assert (entry.record_type, entry.record_id, entry.outcome) == ("steekproef", view.id, "ok")
    assert entry.resident_id is None and entry.client_number is None
    changes = json.loads(entry.changes)
    assert changes == {"aanbieder": [None, "Thuiszorg Het Anker"], "periode": [None, ["2026-01-01", "2026-03-31"]],
                       "seed": [None, 99], "size": [None, 3], "population": [None, 5],
                       "drawn": [None, random.Random(99).sample(world.anker_quarter, 3)]}
    text = audit_text.describe(changes)
    assert "Seed (startgetal): 99" in text and "Omvang: 3" in text and "Periode: 1 januari 2026 t/m 31 maart 2026" in text
    assert audit_text.action_text(entry.action) == "Steekproef getrokken"
    assert "Jansen" not in entry.changes and "999900006" not in entry.changes and "K0000001" not in entry.changes


def test_without_a_seed_koers_chooses_one_and_logs_it(any_db, any_actors, world):
    view = samples.draw_sample(any_db, any_actors.controller, world.linde, *QUARTER, 4)
    assert 0 <= view.seed < 2**31
    (entry,) = audit_lines(any_db, "steekproef.getrokken")
    assert json.loads(entry.changes)["seed"] == [None, view.seed]
    assert drawn_ids(any_db, view.id) == random.Random(view.seed).sample(world.linde_quarter, 4)
    assert samples.redraw_check(any_db, any_actors.controller, view.id).same


def test_a_sample_larger_than_the_population_is_refused_and_nothing_is_stored(any_db, any_actors, world):
    controller = any_actors.controller
    with pytest.raises(ValidationError) as refused:
        samples.draw_sample(any_db, controller, world.linde, *QUARTER, 13, seed=1)
    assert refused.value.field == "size"
    assert "12 urenregels" in refused.value.message and "hoogstens 12" in refused.value.message
    with pytest.raises(ValidationError) as empty:  # no lines at all in that span
        samples.draw_sample(any_db, controller, world.anker, *JUNE, 1, seed=1)
    assert "geen urenregels" in empty.value.message and "Thuiszorg Het Anker" in empty.value.message
    with any_db.read() as s:
        assert s.exec(select(Sample)).all() == [] and s.exec(select(SampleLine)).all() == []
    assert audit_lines(any_db, "steekproef.getrokken") == []
    # exactly the population is allowed: every line, in a random order
    whole = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 12, seed=1)
    assert sorted(drawn_ids(any_db, whole.id)) == world.linde_quarter


def test_the_request_is_checked_with_dutch_messages(any_db, any_actors, world):
    controller = any_actors.controller
    with pytest.raises(ValidationError) as wrong:
        samples.draw_sample(any_db, controller, world.linde, date(2026, 3, 31), date(2026, 1, 1), 0, seed=-1)
    assert set(wrong.value.field_errors) == {"size", "period_to", "seed"}
    assert "van 1 tot en met 500" in wrong.value.field_errors["size"]
    assert "op of na 31 maart 2026" in wrong.value.field_errors["period_to"]
    with pytest.raises(ValidationError, match="tot en met 500"):
        samples.draw_sample(any_db, controller, world.linde, *QUARTER, 501)
    with pytest.raises(ValidationError, match="Kies een aanbieder uit de lijst") as gone:
        samples.draw_sample(any_db, controller, 9999, *QUARTER, 1)
    assert gone.value.field == "aanbieder"
    assert samples.parse_seed(" 2.026 ") == 2026 and samples.parse_seed("") is None
    for typed in ("abc", "-5", "2147483648", "1,5"):
        with pytest.raises(ValidationError, match="geheel getal") as bad:
            samples.parse_seed(typed)
        assert bad.value.field == "seed"
    with any_db.read() as s:
        assert s.exec(select(Sample)).all() == []


# ---------------------------------------------------------------- checking


def test_met_opmerking_needs_a_remark(any_db, any_actors, world):
    controller = any_actors.controller
    view = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 2, seed=3)
    line = samples.sample_lines(any_db, controller, view.id)[0]
    for empty in (None, "", "   "):
        with pytest.raises(ValidationError, match="Bij 'met opmerking' hoort een opmerking") as refused:
            samples.record_outcome(any_db, controller, line.id, R, empty)
        assert refused.value.field == "remark"
    with pytest.raises(ValidationError, match="stuurtekens"):
        samples.record_outcome(any_db, controller, line.id, R, "datum\x07 wijkt af")
    assert samples.sample_lines(any_db, controller, view.id)[0].outcome is None
    assert audit_lines(any_db, "steekproef.gecontroleerd") == []
    done = samples.record_outcome(any_db, controller, line.id, "met_opmerking", "  datum   wijkt een dag af ")
    assert (done.outcome, done.remark, done.outcome_text) == (R, "datum wijkt een dag af", "Met opmerking")
    with pytest.raises(ValidationError, match="Kies als uitkomst"):
        samples.record_outcome(any_db, controller, line.id, "misschien")
    with pytest.raises(NotFoundError):
        samples.record_outcome(any_db, controller, 9999, B)


def test_an_outcome_change_is_recorded_and_audited_with_old_and_new(any_db, any_actors, world, today):
    controller, regisseur = any_actors.controller, any_actors.casusregisseur
    view = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 2, seed=3)
    line = samples.sample_lines(any_db, controller, view.id)[1]
    first = samples.record_outcome(any_db, controller, line.id, B)
    assert first.checked_by == "Cor Controller" and first.checked_at.date() == today
    changed = samples.record_outcome(any_db, regisseur, line.id, R, "uren kloppen, datum niet")
    assert (changed.outcome, changed.remark, changed.checked_by) == (R, "uren kloppen, datum niet", "Rita Regisseur")
    assert changed.checked_at > first.checked_at
    samples.record_outcome(any_db, regisseur, line.id, R, "uren kloppen, datum niet")  # the same again: no line
    logged = audit_lines(any_db, "steekproef.gecontroleerd")
    assert [(e.username, e.record_type, e.record_id) for e in logged] == [
        ("t.controller", "steekproefregel", line.id), ("t.casusregisseur", "steekproefregel", line.id)]
    assert json.loads(logged[0].changes) == {"outcome": [None, "bevestigd"]}
    assert json.loads(logged[1].changes) == {"outcome": ["bevestigd", "met_opmerking"],
                                             "remark": [None, "uren kloppen, datum niet"]}
    assert audit_text.describe(json.loads(logged[1].changes)) == (
        "Uitkomst: Bevestigd → Met opmerking; Opmerking: uren kloppen, datum niet")
    # back to niet bevestigd without a remark: the remark goes, and the log says so
    samples.record_outcome(any_db, controller, line.id, N)
    assert json.loads(audit_lines(any_db, "steekproef.gecontroleerd")[-1].changes) == {
        "outcome": ["met_opmerking", "niet_bevestigd"], "remark": ["uren kloppen, datum niet", None]}


def test_the_controller_draws_and_checks_a_consulent_is_refused(any_db, any_actors, world):
    controller, consulent = any_actors.controller, any_actors.consulent
    view = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 3, seed=5)
    line = samples.sample_lines(any_db, controller, view.id)[0]
    samples.record_outcome(any_db, controller, line.id, B)
    assert [v.id for v in samples.list_samples(any_db, controller)] == [view.id]
    calls = (lambda: samples.draw_sample(any_db, consulent, world.linde, *QUARTER, 3, seed=5),
             lambda: samples.record_outcome(any_db, consulent, line.id, N),
             lambda: samples.list_samples(any_db, consulent),
             lambda: samples.sample_lines(any_db, consulent, view.id),
             lambda: samples.redraw_check(any_db, consulent, view.id),
             lambda: samples.provider_choices(any_db, consulent))
    for call in calls:
        with pytest.raises(PermissionDenied, match="Uw rol \\(consulent\\) mag dit niet"):
            call()
    refused = audit_lines(any_db, "steekproef.uitvoeren")
    assert len(refused) == len(calls) and {e.outcome for e in refused} == {"geweigerd"}
    assert samples.sample_lines(any_db, controller, view.id)[0].outcome is B
    with any_db.read() as s:
        assert len(s.exec(select(Sample)).all()) == 1


def test_what_a_checker_sees_carries_no_name_bsn_or_client_data(any_db, any_actors, world):
    controller = any_actors.controller
    view = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 12, seed=11)
    lines = samples.sample_lines(any_db, controller, view.id)
    fields = {f.name for f in dataclasses.fields(samples.SampleLineView)}
    assert fields == {"id", "sample_id", "position", "toewijzingnummer", "product_code", "product_name",
                      "service_date", "hours", "no_show", "outcome", "remark", "checked_by", "checked_at"}
    shown = repr(lines) + repr(samples.list_samples(any_db, controller))
    for personal in ("Jansen", "999900006", "K0000001", "1950", "grip op mijn week", "weekplanning"):
        assert personal not in shown
    assert [line.position for line in lines] == list(range(1, 13))
    assert {line.toewijzingnummer for line in lines} == {world.toewijzing[world.linde_decision]}
    assert {(line.product_code, line.product_name) for line in lines} == {("02A08", "Begeleiding individueel")}
    assert {line.hours for line in lines} == {Decimal("1")} and sum(line.no_show for line in lines) == 1
    assert sorted(line.service_date for line in lines) == [date(2026, 1, 5) + timedelta(weeks=i) for i in range(12)]


def test_samples_are_listed_newest_first_with_their_progress(any_db, any_actors, world):
    controller = any_actors.controller
    older = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 3, seed=1)
    newer = samples.draw_sample(any_db, controller, world.anker, *QUARTER, 2, seed=2)
    first, second, third = samples.sample_lines(any_db, controller, older.id)
    samples.record_outcome(any_db, controller, first.id, B)
    samples.record_outcome(any_db, controller, second.id, N)
    listed = samples.list_samples(any_db, controller)
    assert [v.id for v in listed] == [newer.id, older.id]
    got = listed[1]
    assert (got.aanbieder_name, got.drawn_by, got.bevestigd, got.niet_bevestigd, got.met_opmerking, got.checked,
            got.open) == ("Zorggroep De Linde", "Cor Controller", 1, 1, 0, 2, 1)
    assert [v.id for v in samples.list_samples(any_db, controller, world.anker)] == [newer.id]
    assert samples.provider_choices(any_db, controller) == [(world.anker, "Thuiszorg Het Anker"),
                                                           (world.linde, "Zorggroep De Linde")]
    with pytest.raises(NotFoundError):
        samples.sample_lines(any_db, controller, 9999)


# ---------------------------------------------------------------- the report


def check(db, actor, sample_id: int, outcomes: list[SampleOutcome]) -> None:
    for line, outcome in zip(samples.sample_lines(db, actor, sample_id), outcomes, strict=False):
        samples.record_outcome(db, actor, line.id, outcome, "zie administratie" if outcome is R else None)


def test_the_report_counts_outcomes_per_aanbieder(any_db, any_actors, world, today):
    controller = any_actors.controller
    linde_1 = samples.draw_sample(any_db, controller, world.linde, *QUARTER, 5, seed=1)
    linde_2 = samples.draw_sample(any_db, controller, world.linde, date(2026, 2, 1), date(2026, 4, 30), 3, seed=2)
    anker = samples.draw_sample(any_db, controller, world.anker, *QUARTER, 2, seed=3)
    june = samples.draw_sample(any_db, controller, world.linde, *JUNE, 4, seed=4)  # outside the span asked
    check(any_db, controller, linde_1.id, [B, B, N, R])  # and one open
    check(any_db, controller, linde_2.id, [B])  # and two open
    check(any_db, controller, anker.id, [N, B])
    check(any_db, controller, june.id, [N, N, N, N])

    spec = next(s for s in samples.SPECS if s.name == "steekproeven")
    assert spec.title == "Steekproeven per aanbieder"
    assert "desktop.core.reports.samples" in registry.MODULES
    report = spec.run(any_db, controller, ReportFilter(*QUARTER, as_of=today).resolved())
    assert [c.label for c in report.columns] == ["Aanbieder", "Steekproeven", "Getrokken regels", "Gecontroleerd",
                                                 "Bevestigd", "Niet bevestigd", "Met opmerking", "Nog open",
                                                 "% bevestigd"]
    # by hand: De Linde 2 samples, 5 + 3 lines, checked 4 + 1 = 5 (bevestigd 2 + 1, niet 1, opmerking 1), open 3
    assert report.rows == (
        ("Thuiszorg Het Anker", 1, 2, 2, 1, 1, 0, 0, Decimal("50.0")),
        ("Zorggroep De Linde", 2, 8, 5, 3, 1, 1, 3, Decimal("60.0")),
    )
    assert report.totals == ("Totaal", 3, 10, 7, 4, 2, 1, 3, Decimal("57.1"))
    assert report.chart.kind is ChartKind.STACKED
    assert report.chart.categories == ("Thuiszorg Het Anker", "Zorggroep De Linde")
    assert [(s.name, s.values) for s in report.chart.series] == [
        ("Bevestigd", (1.0, 3.0)), ("Niet bevestigd", (1.0, 1.0)), ("Met opmerking", (0.0, 1.0)),
        ("Nog open", (0.0, 3.0))]

    # one aanbieder; June alone: only the June sample, four times niet bevestigd
    only = spec.run(any_db, controller, ReportFilter(*QUARTER, aanbieder_id=world.anker, as_of=today).resolved())
    assert only.rows == (("Thuiszorg Het Anker", 1, 2, 2, 1, 1, 0, 0, Decimal("50.0")),)
    in_june = spec.run(any_db, controller, ReportFilter(*JUNE, as_of=today).resolved())
    assert in_june.rows == (("Zorggroep De Linde", 1, 4, 4, 0, 4, 0, 0, Decimal("0.0")),)
    # a span without samples: no rows, no totals
    empty = spec.run(any_db, controller, ReportFilter(date(2025, 1, 1), date(2025, 12, 31), as_of=today).resolved())
    assert empty.rows == () and empty.totals is None and empty.chart.categories == ()


def test_every_sample_action_reads_as_words_in_the_log():
    assert audit_text.action_text("steekproef.getrokken") == "Steekproef getrokken"
    assert audit_text.action_text("steekproef.gecontroleerd") == "Steekproefregel gecontroleerd"
    assert audit_text.entry_text("steekproef.uitvoeren", "geweigerd") == "Geprobeerd, geweigerd: steekproef uitgevoerd"
