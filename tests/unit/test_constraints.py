"""The database protects itself: constraints and triggers refuse bad rows even when the core is bypassed.

Everything here writes with plain SQL, SQLAlchemy Core or a bare ORM session, never through
desktop.core. Row-level rules run on SQLite; the guards (triggers) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from db.models import (
    AuditEntry,
    Beschikking,
    Casus,
    DomainAssessment,
    Evaluation,
    Period,
    Plan,
    Realisation,
    Resident,
    Tariff,
    User,
)
from db.models.enums import EvaluationOutcome, LifeDomain

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
_numbers = itertools.count(1)


# ---------------------------------------------------------------- helpers


def refused(database, statement, params: dict | None = None) -> str:
    """Run one statement in its own transaction; return the database's refusal message."""
    if isinstance(statement, str):
        statement = sa.text(statement)
    with pytest.raises(DBAPIError) as info, database.engine.begin() as conn:
        conn.execute(statement, params or {})
    return str(info.value.orig)


def run(database, statement, params: dict | None = None):
    if isinstance(statement, str):
        statement = sa.text(statement)
    with database.engine.begin() as conn:
        return conn.execute(statement, params or {})


def insert(table, **values):
    return sa.insert(table.__table__).values(**values)


def resident_values(**overrides) -> dict:
    n = next(_numbers)
    values = dict(client_number=f"T{n:07d}", bsn=f"{n:09d}", salutation="neutraal", initials="J.",
                  surname="Jansen", search_name="jansen", date_of_birth=date(1950, 1, 1), created_at=NOW, version=1)
    values.update(overrides)
    return values


def beschikking_values(casus_id: int, **overrides) -> dict:
    values = dict(casus_id=casus_id, law="wmo", toewijzing_nummer=f"T-{next(_numbers)}", kind="toekenning",
                  status="vastgesteld", complexity="M", category="basis", financing_form="uren_x_tarief",
                  period_weeks=4, period_count=7, minutes_per_period=480, indicated_minutes=3360,
                  surplus_minutes=0, no_show_counts=True, tariff_cents=6543, start_date=date(2026, 2, 2),
                  end_date=date(2026, 8, 16), created_at=NOW, version=1)
    values.update(overrides)
    return values


def realisation_values(beschikking_id: int, minutes: int, *, no_show: bool = False, day: int = 1) -> dict:
    return dict(beschikking_id=beschikking_id, service_date=date(2026, 3, day), minutes=minutes, no_show=no_show,
                source="hand", entered_at=NOW)


class Case:
    """One resident with one case and an agreed plan: the parents every other row needs."""

    def __init__(self, database):
        self.db = database
        with database.engine.begin() as conn:
            self.user_id = conn.execute(insert(User, username="consulent", display_name="C. Onsulent",
                                               role="consulent", active=True, failed_attempts=0,
                                               created_at=NOW)).inserted_primary_key[0]
            self.resident_id = conn.execute(insert(Resident, **resident_values())).inserted_primary_key[0]
            self.casus_id = conn.execute(insert(Casus, resident_id=self.resident_id, law="wmo", status="lopend",
                                                melding_date=date(2026, 1, 5),
                                                created_at=NOW)).inserted_primary_key[0]
            self.plan_id = conn.execute(insert(Plan, casus_id=self.casus_id, version_no=1, status="akkoord",
                                               agreed_date=date(2026, 1, 20), created_at=NOW,
                                               version=1)).inserted_primary_key[0]

    def beschikking(self, **overrides) -> int:
        with self.db.engine.begin() as conn:
            return conn.execute(insert(Beschikking, **beschikking_values(self.casus_id, **overrides))
                                ).inserted_primary_key[0]

    def realise(self, beschikking_id: int, minutes: int, *, no_show: bool = False) -> int:
        with self.db.engine.begin() as conn:
            return conn.execute(insert(Realisation, **realisation_values(beschikking_id, minutes, no_show=no_show))
                                ).inserted_primary_key[0]

    def realised(self, beschikking_id: int) -> int:
        with self.db.engine.connect() as conn:
            return conn.execute(sa.text("SELECT COALESCE(SUM(minutes), 0) FROM realisation WHERE beschikking_id = :b"),
                                {"b": beschikking_id}).scalar()


@pytest.fixture
def case(db) -> Case:
    return Case(db)


@pytest.fixture
def any_case(any_db) -> Case:
    return Case(any_db)


# ---------------------------------------------------------------- residents


def test_bsn_is_unique(any_case):
    bsn = "111222333"
    run(any_case.db, insert(Resident, **resident_values(bsn=bsn)))
    message = refused(any_case.db, insert(Resident, **resident_values(bsn=bsn)))
    assert "bsn" in message.lower()


def test_client_number_is_unique(case):
    run(case.db, insert(Resident, **resident_values(client_number="K0000009")))
    assert "client_number" in refused(case.db, insert(Resident, **resident_values(client_number="K0000009")))


@pytest.mark.parametrize("bsn", ["12345678", "1234567890", ""])
def test_bsn_must_have_nine_characters(case, bsn):
    assert "bsn_length" in refused(case.db, insert(Resident, **resident_values(bsn=bsn)))


def raw_resident(**overrides) -> tuple[str, dict]:
    """Plain SQL, so not even SQLAlchemy's Enum check stands between the value and the database."""
    n = next(_numbers)
    values = dict(client_number=f"T{n:07d}", bsn=f"{n:09d}", salutation="neutraal", initials="J.", surname="Jansen",
                  search_name="jansen", date_of_birth="1950-01-01", created_at="2026-11-23 09:00:00", version=1)
    values.update(overrides)
    return (f"INSERT INTO resident ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})", values)


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [("surname", "", "surname_length"), ("surname", "x" * 101, "surname_length"),
     ("postcode", "7001 AB", "postcode_length"), ("postcode", "7001A", "postcode_length"),
     ("house_number", 0, "house_number_positive"), ("house_number", -3, "house_number_positive"),
     ("salutation", "meneer", "salutation"), ("bsn", "12345678", "bsn_length")],
)
def test_resident_columns_are_checked(case, column, value, constraint):
    sql, params = raw_resident(**{column: value})
    assert constraint in refused(case.db, sql, params)


def test_a_plain_sql_resident_with_good_values_is_accepted(case):
    sql, params = raw_resident(postcode="7001AB", house_number=12)
    run(case.db, sql, params)


# ---------------------------------------------------------------- decisions and periods


def test_a_valid_beschikking_is_accepted(case):
    bid = case.beschikking()
    with case.db.engine.connect() as conn:
        assert conn.execute(sa.select(Beschikking.__table__.c.status).where(
            Beschikking.__table__.c.id == bid)).scalar() == "vastgesteld"


def test_beschikking_end_before_start_is_refused(case):
    message = refused(case.db, insert(Beschikking, **beschikking_values(
        case.casus_id, start_date=date(2026, 8, 1), end_date=date(2026, 7, 31))))
    assert "end_after_start" in message


def test_beschikking_may_end_on_its_start_date(case):
    case.beschikking(start_date=date(2026, 8, 1), end_date=date(2026, 8, 1))


def test_period_end_before_start_is_refused(case):
    bid = case.beschikking()
    message = refused(case.db, insert(Period, beschikking_id=bid, number=1, start_date=date(2026, 3, 2),
                                      end_date=date(2026, 3, 1), share_minutes=480))
    assert "end_after_start" in message


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [
        ("indicated_minutes", -1, "minutes_nonneg"),
        ("surplus_minutes", -60, "minutes_nonneg"),
        ("minutes_per_period", -1, "per_period_nonneg"),
        ("tariff_cents", -1, "tariff_nonneg"),
        ("fixed_amount_cents", -100, "fixed_nonneg"),
        ("bandwidth_min_minutes", -60, "bandwidth_nonneg"),
        ("period_count", 0, "periods_positive"),
        ("period_weeks", 0, "periods_positive"),
    ],
)
def test_negative_amounts_on_a_beschikking_are_refused(case, column, value, constraint):
    assert constraint in refused(case.db, insert(Beschikking, **beschikking_values(case.casus_id, **{column: value})))


def test_bandwidth_minimum_above_maximum_is_refused(case):
    message = refused(case.db, insert(Beschikking, **beschikking_values(
        case.casus_id, bandwidth_min_minutes=240, bandwidth_max_minutes=60)))
    assert "bandwidth_order" in message


@pytest.mark.parametrize("minutes", [0, -30])
def test_realisation_minutes_must_be_positive(case, minutes):
    bid = case.beschikking()
    assert "minutes_positive" in refused(case.db, insert(Realisation, **realisation_values(bid, minutes)))


def test_negative_tariff_and_share_are_refused(case):
    with case.db.engine.begin() as conn:
        product_id = conn.execute(sa.text(
            "INSERT INTO product (law, category_code, code, name, unit_code, frequency_code, financing_form, active)"
            " VALUES ('wmo', '02', '02A08', 'Begeleiding', '04', '6', 'uren_x_tarief', TRUE) RETURNING id")).scalar()
    assert "amount_nonneg" in refused(case.db, insert(Tariff, product_id=product_id, complexity="M",
                                                      amount_cents=-1, valid_from=date(2026, 1, 1)))
    bid = case.beschikking()
    assert "share_nonneg" in refused(case.db, insert(Period, beschikking_id=bid, number=1, start_date=date(2026, 3, 2),
                                                     end_date=date(2026, 3, 29), share_minutes=-1))


ENUM_COLUMNS = [("beschikking", "status"), ("beschikking", "kind"), ("beschikking", "complexity"),
                ("beschikking", "law"), ("beschikking", "category"), ("beschikking", "financing_form"),
                ("casus", "status"), ("casus", "law"), ("app_user", "role"), ("realisation", "source")]


def test_values_outside_an_enum_are_refused(any_case):
    bid = any_case.beschikking()
    any_case.realise(bid, 60)
    ids = {"beschikking": bid, "casus": any_case.casus_id, "app_user": any_case.user_id}
    for table, column in ENUM_COLUMNS:
        where = f"id = {ids[table]}" if table in ids else f"beschikking_id = {bid}"
        bogus = "X" if column == "complexity" else "bogus"  # fits the column, so only the CHECK can refuse it
        message = refused(any_case.db, f"UPDATE {table} SET {column} = '{bogus}' WHERE {where}")
        assert "check" in message.lower() or "constraint" in message.lower(), (table, column, message)
    run(any_case.db, f"UPDATE beschikking SET status = 'verzonden', complexity = 'ZW' WHERE id = {bid}")


def test_foreign_keys_are_enforced(any_case):
    message = refused(any_case.db, insert(Realisation, **realisation_values(999_999, 60)))
    assert "foreign key" in message.lower()


def test_a_resident_with_cases_cannot_be_pointed_at_a_missing_consulent(case):
    message = refused(case.db, f"UPDATE resident SET consulent_id = 424242 WHERE id = {case.resident_id}")
    assert "foreign key" in message.lower()


def test_deleting_a_resident_cascades_to_the_case(case):
    bid = case.beschikking()
    case.realise(bid, 60)
    run(case.db, f"DELETE FROM resident WHERE id = {case.resident_id}")
    with case.db.engine.connect() as conn:
        for table in ("casus", "plan", "beschikking", "realisation"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


# ---------------------------------------------------------------- plans and evaluations (ORM)


def _add(database, obj) -> None:
    with Session(database.engine) as session:
        session.add(obj)
        session.commit()


@pytest.mark.parametrize(
    "extra",
    [{"score": 3}, {"situation": "Schulden"}, {"needs": "x"}, {"resources": "x"}, {"motivation": "x"},
     {"readiness": "x"}],
)
def test_an_irrelevant_domain_stores_nothing_else(case, extra):
    with pytest.raises(IntegrityError, match="irrelevant_is_empty"):
        _add(case.db, DomainAssessment(plan_id=case.plan_id, domain=LifeDomain.FINANCIEN, relevant=False, **extra))


def test_an_irrelevant_domain_on_its_own_is_fine(case):
    _add(case.db, DomainAssessment(plan_id=case.plan_id, domain=LifeDomain.FINANCIEN, relevant=False))
    _add(case.db, DomainAssessment(plan_id=case.plan_id, domain=LifeDomain.BASALE_ADL, relevant=True, score=3,
                                   situation="Kan niet alleen de deur uit"))


@pytest.mark.parametrize("score", [0, 6, -1])
def test_domain_score_is_one_to_five(case, score):
    with pytest.raises(IntegrityError, match="score_range"):
        _add(case.db, DomainAssessment(plan_id=case.plan_id, domain=LifeDomain.BASALE_ADL, score=score))


def test_an_agreed_plan_needs_its_date(case):
    assert "agreed_has_date" in refused(case.db, f"UPDATE plan SET agreed_date = NULL WHERE id = {case.plan_id}")


def test_an_evaluation_done_without_outcome_is_refused(case):
    with pytest.raises(IntegrityError, match="done_has_outcome"):
        _add(case.db, Evaluation(casus_id=case.casus_id, planned_date=date(2026, 5, 1), done_date=date(2026, 5, 4)))


def test_an_outcome_without_done_date_is_refused(case):
    with pytest.raises(IntegrityError, match="done_has_outcome"):
        _add(case.db, Evaluation(casus_id=case.casus_id, planned_date=date(2026, 5, 1),
                                 outcome=EvaluationOutcome.VOORTZETTEN))


def test_planned_and_done_evaluations_are_accepted(case):
    _add(case.db, Evaluation(casus_id=case.casus_id, planned_date=date(2026, 5, 1)))
    _add(case.db, Evaluation(casus_id=case.casus_id, planned_date=date(2026, 5, 1), done_date=date(2026, 5, 4),
                             outcome=EvaluationOutcome.AFSCHALEN, next_date=date(2026, 8, 1)))


def test_next_evaluation_must_follow_the_planned_one(case):
    with pytest.raises(IntegrityError, match="next_after_planned"):
        _add(case.db, Evaluation(casus_id=case.casus_id, planned_date=date(2026, 5, 1), next_date=date(2026, 5, 1)))


# ---------------------------------------------------------------- never exceed the indicated total

REGIONAL_EXAMPLE = [600, 600, 540, 240, 240, 300, 360]  # 10, 10, 9, 4, 4, 5, 6 hours = 48 of 56


def test_regional_example_fits_and_one_more_period_does_not(any_case):
    bid = any_case.beschikking(indicated_minutes=3360, surplus_minutes=0)
    for minutes in REGIONAL_EXAMPLE:
        any_case.realise(bid, minutes)
    assert any_case.realised(bid) == 2880

    message = refused(any_case.db, insert(Realisation, **realisation_values(bid, 540)))  # 48 + 9 = 57 > 56
    assert "koers:overschrijding" in message
    assert any_case.realised(bid) == 2880

    any_case.realise(bid, 480)  # exactly up to 56 hours is allowed
    assert any_case.realised(bid) == 3360
    assert "koers:overschrijding" in refused(any_case.db, insert(Realisation, **realisation_values(bid, 1)))


def test_surplus_raises_the_ceiling(any_case):
    bid = any_case.beschikking(indicated_minutes=3360, surplus_minutes=1200)
    for minutes in REGIONAL_EXAMPLE:
        any_case.realise(bid, minutes)
    any_case.realise(bid, 540)  # 57 h: within 56 + 20
    any_case.realise(bid, 1140)  # 76 h exactly
    assert "koers:overschrijding" in refused(any_case.db, insert(Realisation, **realisation_values(bid, 1)))


def test_update_that_raises_a_row_above_the_total_is_refused(any_case):
    bid = any_case.beschikking(indicated_minutes=3360)
    ids = [any_case.realise(bid, m) for m in REGIONAL_EXAMPLE]
    message = refused(any_case.db, f"UPDATE realisation SET minutes = 1081 WHERE id = {ids[-1]}")  # +721 > 480 room
    assert "koers:overschrijding" in message
    assert any_case.realised(bid) == 2880
    run(any_case.db, f"UPDATE realisation SET minutes = 840 WHERE id = {ids[-1]}")  # exactly 3360
    run(any_case.db, f"UPDATE realisation SET minutes = 60 WHERE id = {ids[0]}")  # lowering is always fine
    assert any_case.realised(bid) == 3360 - 540


def test_moving_a_row_to_a_full_beschikking_is_refused(any_case):
    full = any_case.beschikking(indicated_minutes=600)
    other = any_case.beschikking(indicated_minutes=3360)
    any_case.realise(full, 600)
    row = any_case.realise(other, 60)
    message = refused(any_case.db, f"UPDATE realisation SET beschikking_id = {full} WHERE id = {row}")
    assert "koers:overschrijding" in message


def test_lowering_the_indicated_total_below_the_realised_total_is_refused(any_case):
    bid = any_case.beschikking(indicated_minutes=3360, surplus_minutes=120)
    for minutes in REGIONAL_EXAMPLE:
        any_case.realise(bid, minutes)
    message = refused(any_case.db, f"UPDATE beschikking SET indicated_minutes = 2700, surplus_minutes = 0 "
                                   f"WHERE id = {bid}")
    assert "koers:overschrijding" in message
    assert "koers:overschrijding" in refused(any_case.db, f"UPDATE beschikking SET indicated_minutes = 2759 "
                                                          f"WHERE id = {bid}")  # 2759 + 120 = 2879 < 2880
    run(any_case.db, f"UPDATE beschikking SET indicated_minutes = 2760 WHERE id = {bid}")  # 2880 exactly
    run(any_case.db, f"UPDATE beschikking SET indicated_minutes = 2880, surplus_minutes = 0 WHERE id = {bid}")


def test_no_shows_do_not_count_when_the_decision_says_so(any_case):
    bid = any_case.beschikking(indicated_minutes=600, no_show_counts=False)
    any_case.realise(bid, 600)
    any_case.realise(bid, 120, no_show=True)  # registered, but not counted
    any_case.realise(bid, 120, no_show=True)
    assert "koers:overschrijding" in refused(any_case.db, insert(Realisation, **realisation_values(bid, 1)))
    # Turning a counted no-show into delivered care would exceed the total.
    with any_case.db.engine.connect() as conn:
        no_show_id = conn.execute(sa.text("SELECT min(id) FROM realisation WHERE no_show = :t AND beschikking_id = :b"),
                                  {"t": True, "b": bid}).scalar()
    assert "koers:overschrijding" in refused(any_case.db, sa.text("UPDATE realisation SET no_show = :f WHERE id = :i"),
                                             {"f": False, "i": no_show_id})
    # Nor may the decision start counting no-shows now.
    assert "koers:overschrijding" in refused(any_case.db, sa.text("UPDATE beschikking SET no_show_counts = :t "
                                                                  "WHERE id = :i"), {"t": True, "i": bid})


def test_no_shows_count_when_the_decision_says_so(any_case):
    bid = any_case.beschikking(indicated_minutes=600, no_show_counts=True)
    any_case.realise(bid, 500)
    any_case.realise(bid, 100, no_show=True)
    message = refused(any_case.db, insert(Realisation, **realisation_values(bid, 60, no_show=True)))
    assert "koers:overschrijding" in message


def test_each_beschikking_has_its_own_total(any_case):
    first = any_case.beschikking(indicated_minutes=600)
    second = any_case.beschikking(indicated_minutes=600)
    any_case.realise(first, 600)
    any_case.realise(second, 600)
    assert "koers:overschrijding" in refused(any_case.db, insert(Realisation, **realisation_values(second, 1)))


def test_an_orm_session_is_refused_too(any_case):
    bid = any_case.beschikking(indicated_minutes=60)
    with pytest.raises(DBAPIError, match="koers:overschrijding"), Session(any_case.db.engine) as session:
        session.add(Realisation(beschikking_id=bid, service_date=date(2026, 3, 1), minutes=61))
        session.commit()
    assert any_case.realised(bid) == 0


# ---------------------------------------------------------------- the access log is append-only


def _audit(database) -> int:
    with database.engine.begin() as conn:
        return conn.execute(insert(AuditEntry, at=NOW, username="consulent", role="consulent",
                                   workstation="PC-01", action="resident.view", resident_id=1,
                                   client_number="K0000001", outcome="ok")).inserted_primary_key[0]


def test_audit_lines_can_be_added(any_db):
    _audit(any_db)
    _audit(any_db)
    with any_db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_entry")).scalar() == 2


AUDIT_TAMPERING = [
    "UPDATE audit_entry SET action = 'niets gezien' WHERE id = {id}",
    "UPDATE audit_entry SET outcome = outcome",
    "UPDATE audit_entry SET client_number = NULL WHERE id = {id}",
    "DELETE FROM audit_entry WHERE id = {id}",
    "DELETE FROM audit_entry",
]


def test_audit_lines_cannot_be_changed_or_removed(any_db):
    line = _audit(any_db)
    for statement in AUDIT_TAMPERING:
        assert "koers:auditlog" in refused(any_db, statement.format(id=line)), statement
    with any_db.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT action, client_number FROM audit_entry WHERE id = :i"), {"i": line}).one()
        assert tuple(row) == ("resident.view", "K0000001")
        assert conn.execute(sa.text("SELECT count(*) FROM audit_entry")).scalar() == 1


@pytest.mark.postgres
def test_audit_log_cannot_be_truncated_on_the_server(pg_db):
    _audit(pg_db)
    assert "koers:auditlog" in refused(pg_db, "TRUNCATE audit_entry")
