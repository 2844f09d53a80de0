"""Demo data: deterministic, only test BSNs, consistent with every rule the database and the domain set."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from db.models import Realisation, Resident, User
from db.models.enums import IndicationCategory, LifeDomain
from desktop.core.decisions import rules
from desktop.core.demo import content, generator
from desktop.core.demo.content import demo_content
from desktop.core.demo.generator import CANCELLED_MESSAGE, NOT_EMPTY_MESSAGE, generate_demo, max_demo_clients
from desktop.core.errors import KoersError, ValidationError
from desktop.core.maintenance.database import open_database
from desktop.core.residents import bsn as bsn_module
from desktop.core.residents.bsn import TEST_RANGE, is_test_bsn
from desktop.core.text import search_key
from desktop.resources import resource

TODAY = date(2026, 11, 23)
CLIENTS = 200


def copy_template(template, target):
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def fresh(template_db_path, tmp_path):
    """Opens a new migrated database in tmp_path (a copy of the session's template, so no migration runs)."""
    opened = []

    def make(name: str = "k.sqlite"):
        db = open_database(copy_template(template_db_path, tmp_path / name))
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.dispose()


def _load(db, clients=CLIENTS, seed=2026, **kwargs):
    return db, generate_demo(db, clients, seed, today=TODAY, **kwargs)


def rows(db, sql: str, **params) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def scalar(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


@pytest.fixture(scope="module")
def demo(template_db_path, tmp_path_factory):
    db, summary = _load(open_database(copy_template(template_db_path, tmp_path_factory.mktemp("demo") / "k.sqlite")))
    yield db, summary
    db.dispose()


# ---------------------------------------------------------------- determinism


DEMO_TABLES = ("app_user", "aanbieder", "product", "tariff", "resident", "casus", "plan", "domain_assessment",
               "goal", "result", "beschikking", "period", "beschikking_result", "realisation", "evaluation",
               "evaluation_result", "evaluation_domain_score")


def test_same_seed_gives_identical_rows_and_another_seed_does_not(fresh, demo):
    db, summary = demo
    again, again_summary = _load(fresh("again.sqlite"))
    other, _ = _load(fresh("other.sqlite"), seed=7)
    assert again_summary == summary
    for table in DEMO_TABLES:
        assert rows(db, f"SELECT * FROM {table} ORDER BY rowid") == \
            rows(again, f"SELECT * FROM {table} ORDER BY rowid"), table
    assert rows(db, "SELECT bsn FROM resident ORDER BY id") != rows(other, "SELECT bsn FROM resident ORDER BY id")
    assert rows(db, "SELECT * FROM resident") != rows(other, "SELECT * FROM resident")


# ---------------------------------------------------------------- residents


def test_every_bsn_is_a_valid_test_number_and_unique(demo):
    db, summary = demo
    bsns = [r[0] for r in rows(db, "SELECT bsn FROM resident")]
    assert len(bsns) == summary.residents == CLIENTS
    assert len(set(bsns)) == CLIENTS
    assert all(is_test_bsn(b) and TEST_RANGE[0] <= int(b) <= TEST_RANGE[1] for b in bsns)


def test_client_numbers_run_from_one_and_search_names_match_the_surname(demo):
    db, _ = demo
    found = rows(db, "SELECT client_number, surname, search_name, postcode FROM resident ORDER BY id")
    assert [r[0] for r in found] == [f"K{n:07d}" for n in range(1, CLIENTS + 1)]
    assert all(search_name == search_key(surname) for _, surname, search_name, _ in found)
    for *_, postcode in found:
        assert postcode[0] != "0" and postcode[:4].isdigit() and postcode[4:].isalpha()
        assert postcode[4:] not in ("SA", "SD", "SS")


def test_there_are_prefixes_and_names_with_diacritics_or_apostrophes(demo):
    db, _ = demo
    assert scalar(db, "SELECT COUNT(*) FROM resident WHERE prefix IS NOT NULL") > CLIENTS // 10
    names = {r[0] for r in rows(db, "SELECT surname FROM resident")}
    assert any(not n.isascii() or "'" in n for n in names)


def test_the_orm_reads_demo_rows_back_as_dates_and_utc_moments(demo):
    db, _ = demo
    with db.read() as session:
        resident = session.exec(select(Resident).limit(1)).one()
        realisation = session.exec(select(Realisation).limit(1)).one()
    assert isinstance(resident.date_of_birth, date)
    assert resident.created_at.tzinfo is not None and resident.version == 1
    assert isinstance(realisation.service_date, date) and isinstance(realisation.entered_at, datetime)


# ---------------------------------------------------------------- cases, plans, decisions


def test_jeugdwet_cases_only_for_minors_at_melding(demo):
    db, _ = demo
    found = rows(db, "SELECT c.law, r.date_of_birth, c.melding_date FROM casus c JOIN resident r ON r.id = c.resident_id")
    assert {law for law, *_ in found} == {"wmo", "jeugdwet"}
    for law, born, melding in found:
        born, melding = date.fromisoformat(born), date.fromisoformat(melding)
        age = melding.year - born.year - ((melding.month, melding.day) < (born.month, born.day))
        assert (law == "jeugdwet") == (age < 18)
        assert TODAY - timedelta(days=730) <= melding <= TODAY


def test_case_status_matches_its_plan_and_decisions(demo):
    db, _ = demo
    assert scalar(db, "SELECT COUNT(*) FROM casus c WHERE status IN ('melding', 'onderzoek') AND "
                      "EXISTS (SELECT 1 FROM plan p WHERE p.casus_id = c.id)") == 0
    assert scalar(db, "SELECT COUNT(*) FROM casus WHERE status = 'afgesloten' AND closed_date IS NULL") == 0
    assert scalar(db, "SELECT COUNT(*) FROM casus c WHERE status = 'lopend' AND NOT EXISTS (SELECT 1 FROM "
                      "beschikking b WHERE b.casus_id = c.id AND b.status IN ('vastgesteld', 'verzonden'))") == 0
    assert scalar(db, "SELECT COUNT(*) FROM beschikking b JOIN plan p ON p.id = b.plan_id "
                      "WHERE p.status <> 'akkoord' OR b.start_date < (SELECT aanvraag_date FROM casus "
                      "WHERE id = b.casus_id)") == 0
    assert scalar(db, "SELECT COUNT(*) FROM plan WHERE version_no = 2 AND based_on_id IS NULL") == 0


def test_decisions_have_consistent_periods_and_replacements(demo):
    db, _ = demo
    for start, end, weeks, count, per, indicated, periods in rows(
            db, "SELECT start_date, end_date, period_weeks, period_count, minutes_per_period, indicated_minutes,"
                " (SELECT COUNT(*) FROM period p WHERE p.beschikking_id = b.id) FROM beschikking b"):
        assert date.fromisoformat(end) - date.fromisoformat(start) == timedelta(days=weeks * count * 7 - 1)
        assert periods == count and indicated == per * count
    assert scalar(db, "SELECT COUNT(*) FROM beschikking WHERE status = 'vervangen' AND id NOT IN "
                      "(SELECT replaces_id FROM beschikking WHERE replaces_id IS NOT NULL)") == 0
    assert scalar(db, "SELECT COUNT(*) FROM beschikking WHERE kind = 'wijziging' AND "
                      "(replaces_id IS NULL OR change_reason_code IS NULL)") == 0
    assert scalar(db, "SELECT COUNT(*) FROM beschikking WHERE status = 'beeindigd' AND "
                      "(ended_date IS NULL OR end_reason_code IS NULL)") == 0
    assert scalar(db, "SELECT COUNT(*) FROM beschikking WHERE status = 'vervangen'") > 0


def test_the_demo_intake_is_recorded_as_the_melding_form_records_it(demo):
    db, _ = demo
    assert scalar(db, "SELECT COUNT(*) FROM casus WHERE closed_date IS NOT NULL AND outcome IS NULL") == 0
    assert scalar(db, "SELECT COUNT(*) FROM casus WHERE question IS NULL OR came_in_via IS NULL") == 0
    assert scalar(db, "SELECT COUNT(*) FROM casus WHERE came_in_via IN ('verwijzing', 'huisarts', 'jeugdarts', "
                      "'medisch_specialist') AND referrer IS NULL") == 0
    assert scalar(db, "SELECT COUNT(DISTINCT outcome) FROM casus") >= 3
    assert scalar(db, "SELECT COUNT(*) FROM casus WHERE aanvraag_date IS NOT NULL AND research_done_date IS NULL") == 0


def test_every_demo_code_comes_from_its_own_law_s_list(demo):
    db, _ = demo
    own = ("(SELECT code FROM reference_code r WHERE r.list_name = '{list}' AND r.standard = "
           "CASE {law} WHEN 'wmo' THEN 'iWmo 3.2' ELSE 'iJw 3.2' END)")
    assert scalar(db, "SELECT COUNT(*) FROM beschikking b WHERE end_reason_code IS NOT NULL AND end_reason_code "
                      "NOT IN " + own.format(list="reden_beeindiging", law="b.law")) == 0
    assert scalar(db, "SELECT COUNT(*) FROM beschikking b WHERE change_reason_code IS NOT NULL AND "
                      "change_reason_code NOT IN " + own.format(list="reden_wijziging", law="b.law")) == 0
    assert scalar(db, "SELECT COUNT(*) FROM product p WHERE category_code NOT IN "
                      + own.format(list="productcategorie", law="p.law")) == 0
    assert scalar(db, "SELECT COUNT(DISTINCT end_reason_code) FROM beschikking WHERE law = 'jeugdwet'") >= 2


def test_decisions_follow_the_cores_own_rules(demo):
    """Periods, end dates, toewijzingnummers and evaluation moments come from decisions.rules, so the demo
    shows what the product itself would have made."""
    db, _ = demo
    decisions = rows(db, "SELECT id, law, toewijzing_nummer, start_date, end_date, period_weeks, period_count, "
                         "indicated_minutes, category FROM beschikking ORDER BY id")
    periods: dict[int, list[tuple]] = {}
    for decision_id, number, begin, finish, share in rows(
            db, "SELECT beschikking_id, number, start_date, end_date, share_minutes FROM period ORDER BY number"):
        periods.setdefault(decision_id, []).append(
            (number, date.fromisoformat(begin), date.fromisoformat(finish), share))
    planned: dict[int, list[date]] = {}
    for decision_id, day in rows(db, "SELECT beschikking_id, planned_date FROM evaluation ORDER BY planned_date"):
        planned.setdefault(decision_id, []).append(date.fromisoformat(day))
    counts: dict[tuple[str, int], list[int]] = {}
    for decision_id, law, nummer, start, end, weeks, count, indicated, category in decisions:
        start, end = date.fromisoformat(start), date.fromisoformat(end)
        assert end == rules.derive_end_date(start, weeks, count)
        assert periods[decision_id] == rules.derive_periods(start, weeks, count, indicated)
        assert set(planned.get(decision_id, [])) <= set(rules.evaluation_dates(start, end,
                                                                               IndicationCategory(category)))
        counts.setdefault((law, start.year), []).append(rules.toewijzing_sequence(nummer, start.year))
        assert nummer == rules.toewijzing_nummer(start.year, counts[(law, start.year)][-1])
    assert all(sorted(seq) == list(range(1, len(seq) + 1)) for seq in counts.values())
    assert sum(map(len, planned.values())) > 0


def test_the_demo_text_lives_in_resources_and_fits_together():
    """Someone editing resources/demo/*.json gets every product, domain and pronoun the generator asks for."""
    text = demo_content()
    codes = {p.code for p in text.products}
    assert set(text.variants) == codes and all(a.products and set(a.products) <= codes for a in text.aanbieders)
    domains = {d.value for d in LifeDomain}
    for scenario in text.scenarios:
        assert set(scenario.products) <= codes and scenario.law in ("wmo", "jeugdwet")
        assert {d.domain for d in scenario.domains} | {g.domain for g in scenario.goals} <= domains
        assert all(1 <= d.score_lo <= d.score_hi <= 5 for d in scenario.domains)
    assert {law for law, _ in text.pronouns} == {"wmo", "jeugdwet"} and len(text.pronouns) == 6
    assert {"voortzetten", "afschalen_within", "beeindigen_volgens_plan"} <= set(text.summaries)
    assert len(text.scenarios) >= 10 and len(text.surnames) >= 50


def test_a_broken_demo_file_stops_the_load_with_a_dutch_message(fresh, tmp_path, monkeypatch):
    folder = tmp_path / "resources" / "demo"
    shutil.copytree(resource("demo"), folder)
    (folder / "names.json").write_text("{ niet af", encoding="utf-8")
    monkeypatch.setattr(content, "resource", lambda *parts: tmp_path.joinpath("resources", *parts))
    content.demo_content.cache_clear()
    try:
        with pytest.raises(KoersError, match="names.json ontbreekt of is geen geldige JSON"):
            content.demo_content()
        (folder / "names.json").write_text('{"surnames": []}', encoding="utf-8")
        content.demo_content.cache_clear()
        with pytest.raises(KoersError, match="niet de verwachte opbouw"):
            content.demo_content()
    finally:
        content.demo_content.cache_clear()


def test_not_relevant_domains_carry_no_data(demo):
    db, _ = demo
    assert scalar(db, "SELECT COUNT(*) FROM domain_assessment WHERE NOT relevant") > 0
    assert scalar(db, "SELECT COUNT(*) FROM domain_assessment WHERE NOT relevant AND (score IS NOT NULL OR "
                      "situation IS NOT NULL OR needs IS NOT NULL OR resources IS NOT NULL OR motivation IS NOT "
                      "NULL OR readiness IS NOT NULL)") == 0
    per_plan = rows(db, "SELECT COUNT(*) FROM domain_assessment WHERE relevant GROUP BY plan_id")
    assert all(2 <= n <= 4 for (n,) in per_plan)


# ---------------------------------------------------------------- hours


def test_realised_minutes_never_exceed_indicated_plus_surplus(demo):
    db, summary = demo
    assert summary.realisations > 0
    assert scalar(db, """SELECT COUNT(*) FROM (SELECT b.id FROM beschikking b JOIN realisation r
                         ON r.beschikking_id = b.id WHERE r.no_show = 0 OR b.no_show_counts GROUP BY b.id
                         HAVING SUM(r.minutes) > MAX(b.indicated_minutes + b.surplus_minutes))""") == 0


def test_realisations_lie_within_their_decision_and_not_after_today(demo):
    db, _ = demo
    bad = rows(db, """SELECT r.id FROM realisation r JOIN beschikking b ON b.id = r.beschikking_id
                      WHERE r.service_date < b.start_date OR r.service_date > b.end_date
                         OR r.service_date > :today OR r.service_date > COALESCE(b.ended_date, b.end_date)
                         OR r.service_date >= COALESCE((SELECT MIN(n.start_date) FROM beschikking n
                                                        WHERE n.replaces_id = b.id
                                                          AND n.status <> 'concept'), '9999-12-31')
                         OR r.minutes % 15 <> 0 OR b.status = 'concept'""", today=TODAY.isoformat())
    assert bad == []


def test_realisation_guard_triggers_are_back_after_the_load(demo):
    db, _ = demo
    names = {r[0] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'realisation'")}
    assert "trg_realisation_never_exceed_insert" in names
    decision, allowed, used = rows(db, """SELECT b.id, b.indicated_minutes + b.surplus_minutes,
        (SELECT COALESCE(SUM(minutes), 0) FROM realisation r WHERE r.beschikking_id = b.id)
        FROM beschikking b WHERE status <> 'concept' LIMIT 1""")[0]
    with pytest.raises(DBAPIError, match="overschrijding"), db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO realisation (beschikking_id, service_date, minutes, no_show, source, "
                             "entered_at) VALUES (:b, :d, :m, 0, 'hand', '2026-11-23 09:00:00.000000')"),
                     {"b": decision, "d": TODAY.isoformat(), "m": allowed - used + 15})


# ---------------------------------------------------------------- evaluations


def test_there_are_overdue_and_due_evaluations(demo):
    db, _ = demo
    overdue = scalar(db, "SELECT COUNT(*) FROM evaluation WHERE done_date IS NULL AND planned_date < :t",
                     t=TODAY.isoformat())
    due = scalar(db, "SELECT COUNT(*) FROM evaluation WHERE done_date IS NULL AND planned_date "
                     "BETWEEN :t AND date(:t, '+14 days')", t=TODAY.isoformat())
    assert overdue > 0 and due > 0
    assert scalar(db, "SELECT COUNT(*) FROM evaluation WHERE done_date > :t", t=TODAY.isoformat()) == 0
    assert scalar(db, "SELECT COUNT(*) FROM evaluation_result") > 0


def test_old_evaluations_were_mostly_held_and_old_letters_sent(demo):
    """A team catches up: an evaluation of a running decision planned months ago was almost always held, and a
    decision established weeks ago almost always had its letter sent (only recent ones wait)."""
    db, _ = demo
    month_ago = (TODAY - timedelta(days=30)).isoformat()
    planned = scalar(db, "SELECT COUNT(*) FROM evaluation WHERE planned_date < :d", d=month_ago)
    not_held = scalar(db, "SELECT COUNT(*) FROM evaluation WHERE done_date IS NULL AND planned_date < :d",
                      d=month_ago)
    assert planned > 100 and not_held * 20 < planned
    established_before = scalar(db, "SELECT COUNT(*) FROM beschikking WHERE established_date < :d", d=month_ago)
    unsent = scalar(db, "SELECT COUNT(*) FROM beschikking WHERE status = 'vastgesteld' AND sent_date IS NULL "
                        "AND established_date < :d", d=month_ago)
    assert established_before > 100 and unsent * 50 < established_before
    assert scalar(db, "SELECT COUNT(*) FROM beschikking WHERE status = 'verzonden' AND sent_date IS NULL") == 0


# ---------------------------------------------------------------- the team


def test_the_team_grows_with_the_caseload():
    from desktop.core.demo.generator import demo_team_size

    assert demo_team_size(CLIENTS) == {"consulent": 8, "casusregisseur": 2, "medewerker": 2, "beheerder": 1,
                                       "controller": 1}
    big = demo_team_size(100_000)
    assert big["consulent"] == 500  # some 135 active cases each (a consulent carries roughly 100 to 250)
    assert big["casusregisseur"] == 34 and big["medewerker"] == 25 and big["beheerder"] == big["controller"] == 1


def test_a_larger_demo_keeps_the_named_users_first_and_works_in_teams(fresh, monkeypatch):
    monkeypatch.setattr(generator, "CLIENTS_PER_CONSULENT", 5)  # 40 consulenten for 200 residents
    db, summary = _load(fresh())
    users = rows(db, "SELECT id, username, role FROM app_user ORDER BY id")
    assert summary.users == len(users) == 40 + 3 + 2 + 1 + 1
    assert len({u for _, u, _ in users}) == len(users)
    first = {}
    for _, username, role in users:
        first.setdefault(role, username)
    assert first == {"consulent": "jbakker", "casusregisseur": "mhulshof", "medewerker": "alammers",
                     "beheerder": "gjnijhof", "controller": "sterhorst"}
    per_consulent = rows(db, "SELECT consulent_id, COUNT(DISTINCT casusregisseur_id) FROM casus GROUP BY consulent_id")
    assert len(per_consulent) > 20 and all(n == 1 for _, n in per_consulent)  # one team, one casusregisseur


# ---------------------------------------------------------------- refusals and cancel


def test_cancel_stores_nothing(fresh):
    db = fresh()
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < total  # cancel at the very end, after everything was inserted

    with pytest.raises(KoersError, match="afgebroken") as info:
        generate_demo(db, CLIENTS, today=TODAY, progress=progress)
    assert info.value.message == CANCELLED_MESSAGE
    assert calls[0] == (0, CLIENTS) and calls[-1] == (CLIENTS, CLIENTS)
    for table in DEMO_TABLES:
        assert scalar(db, f"SELECT COUNT(*) FROM {table}") == 0, table
    assert scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'trg_realisation_never_exceed_insert'")
    assert generate_demo(db, 3, today=TODAY).residents == 3  # and the database is still usable


def test_cancel_at_the_first_progress_call(fresh):
    db = fresh()
    with pytest.raises(KoersError, match="afgebroken"):
        generate_demo(db, 5, today=TODAY, progress=lambda done, total: False)
    assert scalar(db, "SELECT COUNT(*) FROM resident") == 0


def test_refuses_a_database_with_residents(fresh):
    db, _ = _load(fresh(), clients=3)
    with pytest.raises(KoersError) as info:
        generate_demo(db, 3, today=TODAY)
    assert info.value.message == NOT_EMPTY_MESSAGE
    assert scalar(db, "SELECT COUNT(*) FROM resident") == 3


@pytest.mark.parametrize("clients", [0, -1, 1_000_001, True, "10"])
def test_refuses_a_number_of_clients_out_of_range(fresh, clients):
    with pytest.raises(ValidationError, match="tussen 1 en 1.000.000"):
        generate_demo(fresh(), clients, today=TODAY)


def test_residents_beyond_the_test_bsn_range_get_no_bsn_rather_than_an_invented_one(fresh, monkeypatch):
    assert max_demo_clients() == sum(1 for _ in bsn_module.test_bsns()) == 9091
    small_pool = tuple(bsn_module.test_bsns())[:5]
    monkeypatch.setattr(generator, "_test_bsn_pool", lambda: small_pool)
    db = fresh()
    generate_demo(db, 8, today=TODAY)
    with db.read() as s:
        bsns = list(s.exec(select(Resident.bsn).order_by(Resident.id)))
    assert sorted(b for b in bsns if b) == sorted(small_pool)
    assert bsns.count(None) == 3


def test_demo_accounts_can_sign_in_with_the_demo_password(demo):
    from desktop.core.access.signin import sign_in
    from desktop.core.demo.generator import DEMO_PASSWORD
    from desktop.core.settings import get_setting

    db, _ = demo
    with db.read() as s:
        users = s.exec(select(User)).all()
    assert {u.role.value for u in users} == {"consulent", "casusregisseur", "medewerker", "beheerder", "controller"}
    actor = sign_in(db, users[0].username, DEMO_PASSWORD)
    assert actor.user_id == users[0].id
    assert get_setting(db, "database.demo") == "1"


# ---------------------------------------------------------------- PostgreSQL


@pytest.mark.postgres
def test_loads_on_postgresql_and_moves_the_id_sequences_on(pg_db):
    summary = generate_demo(pg_db, 40, today=TODAY)
    assert summary.residents == 40
    assert scalar(pg_db, """SELECT COUNT(*) FROM (SELECT b.id FROM beschikking b JOIN realisation r
                            ON r.beschikking_id = b.id GROUP BY b.id
                            HAVING SUM(r.minutes) > MAX(b.indicated_minutes + b.surplus_minutes)) AS over""") == 0
    with pg_db.engine.begin() as conn:  # a row without an explicit id gets the next free one
        new_id = conn.execute(sa.text("INSERT INTO aanbieder (name, active) VALUES ('Nieuw', true) RETURNING id"))
        assert new_id.scalar() > scalar(pg_db, "SELECT MAX(id) FROM aanbieder WHERE name <> 'Nieuw'")
