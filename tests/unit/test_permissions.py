"""Who may do what: the permission table, refusals through the real core services, and the caseload rule.

The expected table is written out below cell by cell, from issue 3: a change to
desktop/core/permissions.py that is not also made here fails a test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import text

import db.engine as engine_module
from db.models import Casus
from db.models.enums import CaseStatus, Law, Role
from desktop.core import settings
from desktop.core.access import audit
from desktop.core.access import users as auth
from desktop.core.access.audit import AuditFilter, PermissionDenied, ReasonRequired
from desktop.core.access.permissions import ACTION_LABELS, Action, allows, needs_reason, table
from desktop.core.errors import KoersError
from desktop.core.labels import ROLE
from desktop.core.maintenance import backup
from desktop.core.residents import casefile, register, search
from desktop.core.residents.register import ResidentInput

C, R, M, B, K = Role.CONSULENT, Role.CASUSREGISSEUR, Role.MEDEWERKER, Role.BEHEERDER, Role.CONTROLLER
ROLES = (C, R, M, B, K)
REASON = "waarneming tijdens ziekte van de vaste consulent"

# "ja": allowed; "reden": allowed only with a reason that is logged; "": refused.
#                                   consulent  casusregisseur  medewerker  beheerder  controller
EXPECTED: dict[Action, tuple[str, str, str, str, str]] = {
    Action.RESIDENT_SEARCH:         ("ja",      "ja",           "ja",       "",    ""),
    Action.RESIDENT_VIEW:           ("ja",      "ja",           "ja",       "",    ""),
    Action.RESIDENT_VIEW_OTHER:     ("reden",   "ja",           "ja",       "",    ""),
    Action.RESIDENT_CREATE:         ("ja",      "",             "",         "",    ""),
    Action.RESIDENT_UPDATE:         ("ja",      "",             "",         "",    ""),
    Action.PLAN_VIEW:               ("ja",      "ja",           "",         "",    ""),
    Action.PLAN_EDIT:               ("ja",      "",             "",         "",    ""),
    Action.DECISION_VIEW:           ("ja",      "ja",           "ja",       "",    ""),
    Action.DECISION_EDIT:           ("ja",      "",             "",         "",    ""),
    Action.HOURS_ENTER:             ("",        "",             "ja",       "",    ""),
    Action.EVALUATION_RECORD:       ("ja",      "",             "",         "",    ""),
    Action.CASE_INTAKE:             ("ja",      "",             "",         "",    ""),
    Action.CASE_ASSIGN:             ("",        "ja",           "",         "",    ""),
    Action.DEADLINES_ALL:           ("",        "ja",           "",         "",    ""),
    Action.LETTER_QUEUE:            ("",        "",             "ja",       "",    ""),
    Action.LETTER_SEND:             ("",        "",             "ja",       "",    ""),
    Action.AUDIT_VIEW:              ("",        "ja",           "",         "ja",    ""),
    Action.AUDIT_EXPORT:            ("",        "ja",           "",         "ja",    ""),
    Action.AUDIT_UNDO:              ("",        "ja",           "",         "",    ""),
    Action.USERS_MANAGE:            ("",        "",             "",         "ja",    ""),
    Action.CATALOG_MANAGE:          ("",        "",             "",         "ja",    ""),
    Action.LETTER_TEXTS_MANAGE:     ("",        "",             "",         "ja",    ""),
    Action.SETTINGS_MANAGE:         ("",        "",             "",         "ja",    ""),
    Action.REPORTS_VIEW:            ("",        "ja",           "",         "",    "ja"),
    Action.REPORTS_ACCOUNTS:        ("",        "ja",           "",         "",    ""),
    Action.BUDGET_MANAGE:           ("",        "",             "",         "ja",  "ja"),
    Action.SAMPLE_CHECK:            ("",        "ja",           "",         "",    "ja"),
    Action.JOURNAL_VIEW:            ("ja",      "ja",           "",         "",    ""),
    Action.JOURNAL_WRITE:           ("ja",      "ja",           "",         "",    ""),
    Action.DOCUMENT_VIEW:           ("ja",      "ja",           "",         "",    ""),
    Action.DOCUMENT_ADD:            ("ja",      "",             "",         "",    ""),
    Action.IWMO_EXCHANGE:           ("",        "",             "ja",       "",    ""),
    Action.PRIVACY_EXPORT:          ("",        "ja",           "",         "ja",  ""),
    Action.CASEFILE_IMPORT:         ("",        "",             "",         "ja",  ""),
    Action.RETENTION_MANAGE:        ("",        "",             "",         "ja",  ""),
}

# The codes are written into the access log: renaming one breaks filtering old lines.
EXPECTED_CODES = {
    "inwoner.zoeken", "inwoner.inzien", "inwoner.inzien_buiten_caseload", "inwoner.registreren",
    "inwoner.wijzigen", "plan.inzien", "plan.bewerken", "beschikking.inzien", "beschikking.bewerken",
    "uren.invoeren", "evaluatie.vastleggen", "casus.melding", "casus.toewijzen", "termijnen.hele_team", "brieven.wachtrij",
    "brieven.verzenden", "toegangslog.inzien", "toegangslog.exporteren", "wijziging.terugdraaien",
    "gebruikers.beheren", "catalogus.beheren", "brieftekst.beheren", "instellingen.beheren",
    "rapportages.inzien", "rapportages.verhalen", "begroting.beheren", "steekproef.uitvoeren",
    "journaal.inzien", "journaal.vastleggen", "document.inzien", "document.toevoegen", "iwmo.berichten",
    "inwoner.inzage_exporteren", "dossiers.importeren", "bewaartermijnen.beheren",
}


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch):
    """A lock problem fails in half a second here instead of five (set before `db` makes its engine)."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 500)


def new_resident(db, actor, *, bsn="111222333", surname="Jansen", consulent_id=None):
    data = ResidentInput(bsn=bsn, initials="J.", surname=surname, date_of_birth=date(1958, 6, 1),
                         consulent_id=consulent_id)
    return register.create_resident(db, actor, data)


def audit_rows(db) -> list[dict]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM audit_entry ORDER BY id"))]


# ---------------------------------------------------------------- the table


def test_the_expected_table_names_every_action_and_the_codes_are_stable():
    assert set(EXPECTED) == set(Action)
    assert {a.value for a in Action} == EXPECTED_CODES
    assert set(ACTION_LABELS) == set(Action)


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_allows_matches_the_table(role, action):
    cell = EXPECTED[action][ROLES.index(role)]
    assert allows(role, action) is (cell != ""), f"{role.value} / {action.value}: expected {cell or 'nee'!r}"
    assert needs_reason(role, action) is (cell == "reden"), f"{role.value} / {action.value}"


def test_the_table_the_beheer_area_shows_is_the_same_table():
    shown = dict(table())
    for action, cells in EXPECTED.items():
        row = shown[ACTION_LABELS[action]]
        assert [row[role] for role in ROLES] == [{"ja": "ja", "reden": "met reden", "": ""}[c] for c in cells]


def test_only_a_consulent_needs_a_reason_and_only_outside_the_caseload():
    needing = {(role, action) for role in Role for action in Action if needs_reason(role, action)}
    assert needing == {(Role.CONSULENT, Action.RESIDENT_VIEW_OTHER)}


# ---------------------------------------------------------------- refusals through the core


@dataclass
class Ctx:
    db: object
    actors: object
    resident_id: int
    change_id: int
    tmp_path: object


def _input():
    return ResidentInput(bsn="123456782", initials="P.", surname="Pietersen", date_of_birth=date(1970, 1, 1))


# (id, role, action it needs, call)
REFUSALS = [
    ("beheerder-zoekt-inwoners", B, Action.RESIDENT_SEARCH,
     lambda c, a: search.search_residents(c.db, a, "jan")),
    ("beheerder-telt-inwoners", B, Action.RESIDENT_SEARCH,
     lambda c, a: search.count_residents(c.db, a, "")),
    ("medewerker-registreert-inwoner", M, Action.RESIDENT_CREATE,
     lambda c, a: register.create_resident(c.db, a, _input())),
    ("casusregisseur-registreert-inwoner", R, Action.RESIDENT_CREATE,
     lambda c, a: register.create_resident(c.db, a, _input())),
    ("beheerder-registreert-inwoner", B, Action.RESIDENT_CREATE,
     lambda c, a: register.create_resident(c.db, a, _input())),
    ("medewerker-wijzigt-inwoner", M, Action.RESIDENT_UPDATE,
     lambda c, a: register.update_resident(c.db, a, c.resident_id, _input(), 1, reason=REASON)),
    ("casusregisseur-wijzigt-inwoner", R, Action.RESIDENT_UPDATE,
     lambda c, a: register.update_resident(c.db, a, c.resident_id, _input(), 1)),
    ("consulent-lijst-gebruikers", C, Action.USERS_MANAGE,
     lambda c, a: auth.list_all_users(c.db, a)),
    ("casusregisseur-voegt-gebruiker-toe", R, Action.USERS_MANAGE,
     lambda c, a: auth.add_user(c.db, a, "nieuw", "Nieuw", "consulent", "paarse olifant fietst 42")),
    ("medewerker-schakelt-gebruiker-uit", M, Action.USERS_MANAGE,
     lambda c, a: auth.set_active(c.db, a, "t.consulent", False)),
    ("consulent-geeft-gebruiker-vrij", C, Action.USERS_MANAGE,
     lambda c, a: auth.unlock(c.db, a, "t.medewerker")),
    ("consulent-zet-wachtwoord-van-ander", C, Action.USERS_MANAGE,
     lambda c, a: auth.set_password(c.db, a, "t.medewerker", "een heel ander wachtwoord")),
    ("consulent-leest-toegangslog", C, Action.AUDIT_VIEW,
     lambda c, a: audit.list_entries(c.db, a, AuditFilter())),
    ("medewerker-leest-toegangslog", M, Action.AUDIT_VIEW,
     lambda c, a: audit.list_entries(c.db, a, AuditFilter())),
    ("medewerker-exporteert-toegangslog", M, Action.AUDIT_EXPORT,
     lambda c, a: audit.export_csv(c.db, a, AuditFilter(), c.tmp_path / "log.csv")),
    ("consulent-draait-terug", C, Action.AUDIT_UNDO,
     lambda c, a: audit.undo(c.db, a, c.change_id, "terug graag")),
    ("beheerder-draait-terug", B, Action.AUDIT_UNDO,
     lambda c, a: audit.undo(c.db, a, c.change_id, "terug graag")),
    ("consulent-wijzigt-instelling", C, Action.SETTINGS_MANAGE,
     lambda c, a: settings.set_idle_lock_minutes(c.db, a, 5)),
    ("casusregisseur-maakt-reservekopie", R, Action.SETTINGS_MANAGE,
     lambda c, a: backup.make_backup(c.db, c.tmp_path / "kopie", actor=a)),
]  # a beheerder opening a resident's file: see the next test


@pytest.fixture
def ctx(db, actors, today, tmp_path) -> Ctx:
    resident = new_resident(db, actors.consulent, consulent_id=actors.consulent.user_id)
    data = register.input_from(resident)
    data.surname = "Jansen-Smit"
    register.update_resident(db, actors.consulent, resident.id, data, resident.version)
    change_id = max(r["id"] for r in audit_rows(db) if r["action"] == "inwoner.wijzigen")
    return Ctx(db, actors, resident.id, change_id, tmp_path)


SNAPSHOT_TABLES = ("resident", "app_user", "setting")


def snapshot(db) -> dict:
    with db.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))] for t in SNAPSHOT_TABLES}


@pytest.mark.parametrize(("role", "action", "call"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_a_refused_action_is_refused_in_dutch_changes_nothing_and_is_logged(ctx, role, action, call):
    actor = ctx.actors.by_role(role)
    before = snapshot(ctx.db)
    lines_before = len(audit_rows(ctx.db))
    with pytest.raises(PermissionDenied) as info:
        call(ctx, actor)
    message = info.value.message
    assert f"Uw rol ({ROLE[role].lower()}) mag dit niet" in message
    assert ACTION_LABELS[action].lower() in message
    assert snapshot(ctx.db) == before
    new_lines = audit_rows(ctx.db)[lines_before:]
    assert len(new_lines) == 1, new_lines
    line = new_lines[0]
    assert (line["action"], line["outcome"], line["username"], line["role"], line["user_id"]) == \
        (action.value, "geweigerd", actor.username, role.value, actor.user_id)
    assert line["workstation"] == "testwerkplek"
    assert not list(ctx.tmp_path.glob("log.csv*")) and not (ctx.tmp_path / "kopie").exists()


@pytest.mark.parametrize("open_file", [casefile.open_resident_file, register.get_resident],
                         ids=["open_resident_file", "get_resident"])
def test_a_refused_resident_opening_is_refused_and_names_the_resident_in_the_log(any_db, any_actors, today,
                                                                                 open_file):
    """On SQLite the refusal is logged in a second write unit while the first one (which read the
    resident) still holds the write lock: see the bug report with this test."""
    resident = new_resident(any_db, any_actors.consulent, consulent_id=any_actors.consulent.user_id)
    lines = len(audit_rows(any_db))
    with pytest.raises(PermissionDenied) as info:
        open_file(any_db, any_actors.beheerder, resident.id)
    assert "Uw rol (beheerder) mag dit niet" in info.value.message
    assert len(audit_rows(any_db)) == lines + 1
    line = audit_rows(any_db)[-1]
    assert (line["action"], line["outcome"], line["resident_id"], line["client_number"]) == \
        ("inwoner.inzien", "geweigerd", resident.id, resident.client_number)


def test_what_each_role_may_do_it_can_do(ctx):
    """The other side of the refusals: the same services work for the roles the table allows."""
    a = ctx.actors
    assert search.search_residents(ctx.db, a.medewerker, "jans")
    assert search.count_residents(ctx.db, a.casusregisseur, "") == 1
    assert len(auth.list_all_users(ctx.db, a.beheerder)) == 6
    assert audit.list_entries(ctx.db, a.beheerder, AuditFilter(), limit=5)
    settings.set_idle_lock_minutes(ctx.db, a.beheerder, 7)
    assert settings.idle_lock_minutes(ctx.db) == 7
    assert backup.make_backup(ctx.db, ctx.tmp_path / "kopie", actor=a.beheerder).exists()
    assert audit_rows(ctx.db)[-1]["action"] == "reservekopie.maken"


# ---------------------------------------------------------------- plans: medewerker sees none


@pytest.fixture
def demo(db, test_password_hash):
    from desktop.core.demo.generator import generate_demo
    from tests.conftest import Actors

    generate_demo(db, 30, today=date(2026, 11, 23))
    team = Actors(db, test_password_hash)
    with db.engine.connect() as conn:
        rid = conn.execute(text("SELECT c.resident_id FROM plan p JOIN casus c ON c.id = p.casus_id "
                                "JOIN evaluation e ON e.casus_id = c.id ORDER BY c.resident_id LIMIT 1")).scalar()
    return db, team, rid


def test_a_medewerker_opening_a_file_gets_no_plan_content(demo):
    db, team, rid = demo
    full = casefile.open_resident_file(db, team.casusregisseur, rid)
    assert full.shows_plan and any(c.plans for c in full.cases) and any(c.evaluations for c in full.cases)

    limited = casefile.open_resident_file(db, team.medewerker, rid)
    assert limited.shows_plan is False
    assert [c.casus.id for c in limited.cases] == [c.casus.id for c in full.cases]
    assert all(c.plans == [] and c.evaluations == [] for c in limited.cases)
    # What a letter shows (decisions and hours) stays visible.
    assert [len(c.decisions) for c in limited.cases] == [len(c.decisions) for c in full.cases]
    line = audit_rows(db)[-1]
    assert (line["action"], line["username"], line["resident_id"], line["outcome"]) == \
        ("inwoner.inzien", team.medewerker.username, rid, "ok")


# ---------------------------------------------------------------- the caseload rule


def no_bsn_in_the_log(db, *bsns: str) -> None:
    dump = json.dumps(audit_rows(db), default=str)
    for bsn in bsns:
        assert bsn not in dump


def test_a_consulent_opens_an_own_resident_freely(db, actors, today):
    me = actors.consulent
    resident = new_resident(db, me, consulent_id=me.user_id)
    file = casefile.open_resident_file(db, me, resident.id)
    assert file.resident.id == resident.id
    line = audit_rows(db)[-1]
    assert (line["action"], line["outcome"], line["resident_id"], line["client_number"], line["record_type"],
            line["record_id"], line["reason"], line["username"], line["role"]) == \
        ("inwoner.inzien", "ok", resident.id, resident.client_number, "inwoner", resident.id, None,
         me.username, "consulent")
    assert register.get_resident(db, me, resident.id).id == resident.id
    no_bsn_in_the_log(db, "111222333")


def test_a_case_of_the_consulent_also_makes_the_resident_their_own(db, actors, today):
    me = actors.consulent
    resident = new_resident(db, actors.consulent2, consulent_id=actors.consulent2.user_id)
    with db.write() as s:
        s.add(Casus(resident_id=resident.id, law=Law.WMO, status=CaseStatus.MELDING, melding_date=today,
                    consulent_id=me.user_id))
    file = casefile.open_resident_file(db, me, resident.id)
    assert len(file.cases) == 1
    assert audit_rows(db)[-1]["reason"] is None


def test_another_consulents_resident_needs_a_reason_which_is_logged(db, actors, today):
    owner, other = actors.consulent, actors.consulent2
    resident = new_resident(db, owner, consulent_id=owner.user_id)
    lines = len(audit_rows(db))
    why_again = {None: None, "": "U heeft geen reden ingevuld.", "   ": "U heeft geen reden ingevuld.",
                 "ok": "De reden 'ok' is te kort"}
    for reason, said in why_again.items():  # an empty or too short answer is told why it is asked again
        with pytest.raises(ReasonRequired) as info:
            casefile.open_resident_file(db, other, resident.id, reason=reason)
        assert "reden" in info.value.message and "toegangslog" in info.value.message
        assert info.value.message.startswith(said) if said else info.value.message.startswith("Deze inwoner")
    with pytest.raises(ReasonRequired):
        register.get_resident(db, other, resident.id)
    assert len(audit_rows(db)) == lines, "nothing was opened, so nothing is logged as opened"

    file = casefile.open_resident_file(db, other, resident.id, reason=f"  {REASON} ")
    assert file.resident.id == resident.id
    line = audit_rows(db)[-1]
    assert (line["action"], line["outcome"], line["username"], line["resident_id"], line["reason"]) == \
        ("inwoner.inzien", "ok", other.username, resident.id, REASON)
    no_bsn_in_the_log(db, "111222333")


def test_changing_another_consulents_resident_needs_a_reason_too(db, actors, today):
    owner, other = actors.consulent, actors.consulent2
    resident = new_resident(db, owner, consulent_id=owner.user_id)
    data = register.input_from(resident)
    data.city, data.street, data.house_number, data.postcode = "Zutphen", "Markt", "1", "7201 AA"
    with pytest.raises(ReasonRequired):
        register.update_resident(db, other, resident.id, data, resident.version)
    assert register.get_resident(db, owner, resident.id).city is None
    changed = register.update_resident(db, other, resident.id, data, resident.version, reason=REASON)
    assert changed.city == "Zutphen"
    line = [r for r in audit_rows(db) if r["action"] == "inwoner.wijzigen"][-1]
    assert (line["username"], line["reason"]) == (other.username, REASON)


@pytest.mark.parametrize("role", [R, M], ids=lambda r: r.value)
def test_casusregisseur_and_medewerker_need_no_reason(db, actors, today, role):
    resident = new_resident(db, actors.consulent, consulent_id=actors.consulent.user_id)
    actor = actors.by_role(role)
    casefile.open_resident_file(db, actor, resident.id)
    register.get_resident(db, actor, resident.id)
    opened = [r for r in audit_rows(db) if r["action"] == "inwoner.inzien"]
    assert [(r["username"], r["outcome"], r["reason"]) for r in opened] == [(actor.username, "ok", None)] * 2


def test_a_consulent_who_is_refused_a_file_is_not_refused_by_role(db, actors, today):
    """ReasonRequired is no PermissionDenied: the screen asks for a reason instead of saying 'not allowed'."""
    resident = new_resident(db, actors.consulent, consulent_id=actors.consulent.user_id)
    with pytest.raises(KoersError) as info:
        casefile.open_resident_file(db, actors.consulent2, resident.id)
    assert type(info.value) is ReasonRequired


# ---------------------------------------------------------------- beheerder: no residents' content


def test_the_beheerder_reads_no_residents_content_in_the_access_log(db, actors, today):
    """Issue 3: the beheerder manages users, catalog, texts and settings, with no residents' content.

    The access log grants the beheerder AUDIT_VIEW, and its lines carry old and new values of a
    resident's details (name, address) and the names typed into a search.
    """
    me = actors.consulent
    resident = new_resident(db, me, surname="Verhoeven", consulent_id=me.user_id)
    data = register.input_from(resident)
    data.surname = "Verhoeven-Bakker"
    register.update_resident(db, me, resident.id, data, resident.version)
    audit.search_record(db, me, "verhoev", 1)
    shown = json.dumps([r.__dict__ for r in audit.list_entries(db, actors.beheerder, AuditFilter())], default=str)
    assert "Verhoeven" not in shown and "verhoev" not in shown
