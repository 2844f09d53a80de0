"""The Esbjerg plan through the core: drafts, domains, goals and results, agreement, versions, comparing,
and every bad input refused with nothing stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from db.models import AuditEntry, Casus, DomainAssessment, Goal, Plan, Resident, Result
from db.models.enums import Law, LifeDomain, PlanStatus
from desktop.core.access.audit import PermissionDenied, ReasonRequired
from desktop.core.errors import ConflictError, KoersError, ValidationError
from desktop.core.plans import versions as plans
from tests.conftest import FIXED_TODAY

MELDING = date(2026, 9, 1)


@pytest.fixture
def case(any_db, any_actors):
    """A Wmo case of a resident in the consulent's own caseload, melding 1 September 2026."""
    with any_db.write() as s:
        resident = Resident(client_number="K0000001", bsn="999900006", initials="M.", surname="Jansen",
                            search_name="jansen", date_of_birth=date(1950, 3, 4),
                            consulent_id=any_actors.consulent.user_id)
        s.add(resident)
        s.flush()
        casus = Casus(resident_id=resident.id, law=Law.WMO, melding_date=MELDING,
                      consulent_id=any_actors.consulent.user_id)
        s.add(casus)
        s.flush()
        return casus.id


def good_plan() -> plans.PlanInput:
    return plans.PlanInput(
        question="Sinds mijn heupoperatie lukt het huishouden niet meer. Ik wil weer zelf mijn was doen.",
        what_matters="Dat ik zelfstandig thuis kan blijven wonen en mijn kleinkinderen kan ontvangen.",
        circumstances="Mevrouw woont alleen; haar dochter komt één keer per week.",
        domains=[
            plans.DomainInput(LifeDomain.INSTRUMENTELE_ADL, True, 2, situation="Wassen en schoonmaken lukt niet.",
                              resources="Dochter helpt met boodschappen.", motivation="Wil graag zelf weer."),
            plans.DomainInput(LifeDomain.FINANCIEN, False, 4, situation="zou niet bewaard mogen worden"),
        ],
        goals=[
            plans.GoalInput("Ik wil mijn huishouden weer zelf kunnen doen.", LifeDomain.INSTRUMENTELE_ADL, [
                plans.ResultInput("Mevrouw kan binnen drie maanden zelfstandig haar was doen.",
                                  "Zij doet de was zonder hulp, twee keer per week.", date(2026, 12, 15),
                                  ["inwoner", "aanbieder"], 1),
                plans.ResultInput("Mevrouw verdeelt lichte taken over de week.", "", None, ["inwoner"], 2),
            ]),
            plans.GoalInput("Ik wil mijn kleinkinderen kunnen ontvangen.", None, [
                plans.ResultInput("Binnen twee maanden is de woonkamer op orde als de kleinkinderen komen.",
                                  "Dochter ziet het bij haar wekelijkse bezoek.", date(2026, 11, 30),
                                  ["netwerk"], 2),
            ]),
        ])


def saved(any_db, actors, case) -> plans.PlanDocument:
    draft = plans.start_draft(any_db, actors.consulent, case)
    doc, _ = plans.save_draft(any_db, actors.consulent, draft.plan.id, good_plan(), draft.plan.version)
    return doc


def test_write_a_plan_with_two_goals_and_three_results(any_db, any_actors, case, today):
    draft = plans.start_draft(any_db, any_actors.consulent, case)
    assert (draft.plan.version_no, draft.plan.status) == (1, PlanStatus.CONCEPT)
    doc, warnings = plans.save_draft(any_db, any_actors.consulent, draft.plan.id, good_plan(), draft.plan.version)
    assert [len(g.results) for g in doc.view.goals] == [2, 1]
    assert doc.plan.question.startswith("Sinds mijn heupoperatie")
    relevant, not_relevant = sorted(doc.view.domains, key=lambda d: not d.relevant)
    assert (relevant.domain, relevant.score, relevant.resources) == \
        (LifeDomain.INSTRUMENTELE_ADL, 2, "Dochter helpt met boodschappen.")
    # 'Niet relevant' stores nothing else, whatever the form sent (data minimisation).
    assert (not_relevant.relevant, not_relevant.score, not_relevant.situation) == (False, None, None)
    assert doc.view.goals[0].goal.domain is LifeDomain.INSTRUMENTELE_ADL
    assert doc.view.goals[0].results[0].contributors == "inwoner,aanbieder"
    # The gentle check warns about the result without a date and indicator; it does not block.
    assert warnings == ["Resultaat 1.2 heeft nog geen streefdatum en indicator: hoe en wanneer ziet u dat het "
                        "bereikt is?"]
    reopened = plans.open_plan(any_db, any_actors.consulent, case)
    assert reopened.to_input() == doc.to_input()


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p.goals.append(plans.GoalInput("", None, [plans.ResultInput("iets")])), "Doel 3 heeft nog geen"),
    (lambda p: p.goals[0].results.append(plans.ResultInput("   ")), "Resultaat 1.3 heeft nog geen tekst"),
    (lambda p: setattr(p.goals[1].results[0], "target_date", date(2026, 8, 31)), "vóór de melding"),
    (lambda p: setattr(p, "circumstances", "woord" * 4800), "te lang: 24.000 tekens, maximaal 10.000"),
    (lambda p: setattr(p, "question", "Ik wil weer fietsen 🚲"), "emoji"),
    (lambda p: setattr(p, "what_matters", "Thuis\x07 blijven"), "stuurtekens"),
    (lambda p: p.domains.append(plans.DomainInput(LifeDomain.FINANCIEN, True, 3)), "twee keer"),
    (lambda p: setattr(p.domains[0], "score", 7), "score van 1 tot 5"),
    (lambda p: setattr(p.goals[0].results[0], "contributors", ["buurman"]), "onbekende bijdrager"),
])
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(any_db, any_actors, case, today, change, message):
    doc = saved(any_db, any_actors, case)
    bad = good_plan()
    change(bad)
    with pytest.raises(ValidationError) as info:
        plans.save_draft(any_db, any_actors.consulent, doc.plan.id, bad, doc.plan.version)
    assert any(message in p for p in info.value.problems), info.value.problems
    after = plans.open_plan(any_db, any_actors.consulent, case)
    assert after.to_input() == doc.to_input() and after.plan.version == doc.plan.version


def test_all_problems_are_listed_at_once(any_db, any_actors, case, today):
    doc = saved(any_db, any_actors, case)
    bad = good_plan()
    bad.question = "x" * 20_000
    bad.goals.append(plans.GoalInput("", None, [plans.ResultInput("")]))
    with pytest.raises(ValidationError) as info:
        plans.save_draft(any_db, any_actors.consulent, doc.plan.id, bad, doc.plan.version)
    assert len(info.value.problems) == 3


def test_the_second_of_two_saves_on_the_same_draft_is_told_and_the_first_stays(any_db, any_actors, case, today):
    draft = plans.start_draft(any_db, any_actors.consulent, case)
    first = good_plan()
    plans.save_draft(any_db, any_actors.consulent, draft.plan.id, first, draft.plan.version)
    second = good_plan()
    second.question = "Een andere tekst van een collega"
    with pytest.raises(ConflictError, match="staat nog in het scherm"):
        plans.save_draft(any_db, any_actors.consulent, draft.plan.id, second, draft.plan.version)
    assert plans.open_plan(any_db, any_actors.consulent, case).plan.question == first.question


def test_agreement_freezes_the_version_and_a_new_version_is_based_on_it(any_db, any_actors, case, today):
    doc = saved(any_db, any_actors, case)
    agreed = plans.agree(any_db, any_actors.consulent, doc.plan.id, date(2026, 11, 20), doc.plan.version)
    assert (agreed.plan.status, agreed.plan.agreed_date) == (PlanStatus.AKKOORD, date(2026, 11, 20))
    assert agreed.plan.agreed_by_id == any_actors.consulent.user_id
    with pytest.raises(KoersError, match="ligt vast"):
        plans.save_draft(any_db, any_actors.consulent, doc.plan.id, good_plan(), agreed.plan.version)

    v2 = plans.start_draft(any_db, any_actors.consulent, case)
    assert (v2.plan.version_no, v2.plan.based_on_id, v2.plan.status) == (2, doc.plan.id, PlanStatus.CONCEPT)
    assert v2.to_input() == agreed.to_input()  # the new draft starts from the agreed text
    assert plans.start_draft(any_db, any_actors.consulent, case).plan.id == v2.plan.id  # one draft at a time
    changed = v2.to_input()
    changed.goals[0].results[0].description = "Mevrouw doet de was zelf, met een aangepaste wasmand."
    changed.goals.pop()
    v2, _ = plans.save_draft(any_db, any_actors.consulent, v2.plan.id, changed, v2.plan.version)
    v1 = plans.open_plan(any_db, any_actors.consulent, case, version_no=1)
    assert v1.to_input() == agreed.to_input()  # the agreed version never changes
    assert [v.version_no for v in v2.versions] == [1, 2]

    rows = plans.compare(v1, v2)
    changed_rows = {(r.section, r.label) for r in rows if r.changed}
    assert ("Doelen", "Resultaat 1.1") in changed_rows and ("Doelen", "Doel 2") in changed_rows
    assert ("Vraag", "Vraag van de inwoner") not in changed_rows
    assert next(r for r in rows if r.label == "Doel 2").right == ""


def test_two_colleagues_starting_a_new_version_at_once_get_the_same_draft(any_db, any_actors, case, today):
    """On PostgreSQL both would read the agreed version and insert version 2; the second waits for the first."""
    import threading

    doc = saved(any_db, any_actors, case)
    plans.agree(any_db, any_actors.consulent, doc.plan.id, date(2026, 11, 20), doc.plan.version)
    barrier = threading.Barrier(2)
    started: list = []

    def start() -> None:
        barrier.wait()
        try:
            started.append(plans.start_draft(any_db, any_actors.consulent, case).plan.id)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever escaped
            started.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(started) == 2 and all(isinstance(x, int) for x in started), started
    assert started[0] == started[1]


@pytest.mark.parametrize(("when", "plan_change", "message"), [
    (FIXED_TODAY + timedelta(days=1), None, "in de toekomst"),
    (date(2026, 8, 1), None, "vóór de melding"),
    (date(2026, 11, 20), lambda p: p.goals.clear(), "nog geen doel"),
    (date(2026, 11, 20), lambda p: p.goals[1].results.clear(), "ten minste één resultaat"),
    (date(2026, 11, 20), lambda p: setattr(p, "question", ""), "vraag van de inwoner is nog leeg"),
])
def test_agreement_is_refused_when_it_cannot_hold(any_db, any_actors, case, today, when, plan_change, message):
    draft = plans.start_draft(any_db, any_actors.consulent, case)
    data = good_plan()
    if plan_change:
        plan_change(data)
    doc, _ = plans.save_draft(any_db, any_actors.consulent, draft.plan.id, data, draft.plan.version)
    with pytest.raises(ValidationError) as info:
        plans.agree(any_db, any_actors.consulent, doc.plan.id, when, doc.plan.version)
    assert any(message in p for p in info.value.problems)
    assert plans.open_plan(any_db, any_actors.consulent, case).plan.status is PlanStatus.CONCEPT


def test_roles_and_caseload(any_db, any_actors, case, today):
    doc = saved(any_db, any_actors, case)
    with pytest.raises(PermissionDenied, match="medewerker"):
        plans.open_plan(any_db, any_actors.medewerker, case)
    with pytest.raises(PermissionDenied, match="beheerder"):
        plans.open_plan(any_db, any_actors.beheerder, case)
    assert plans.open_plan(any_db, any_actors.casusregisseur, case).plan.id == doc.plan.id
    with pytest.raises(PermissionDenied, match="casusregisseur"):
        plans.save_draft(any_db, any_actors.casusregisseur, doc.plan.id, good_plan(), doc.plan.version)
    with pytest.raises(ReasonRequired):
        plans.open_plan(any_db, any_actors.consulent2, case)
    assert plans.open_plan(any_db, any_actors.consulent2, case, reason="Waarneming tijdens ziekte").plan.id == \
        doc.plan.id


def test_every_step_is_in_the_access_log(any_db, any_actors, case, today):
    doc = saved(any_db, any_actors, case)
    plans.agree(any_db, any_actors.consulent, doc.plan.id, date(2026, 11, 20), doc.plan.version)
    with any_db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.record_type == "plan").order_by(AuditEntry.id)).all()
    assert [e.action for e in lines] == ["plan.nieuwe_versie", "plan.opslaan", "plan.akkoord"]
    assert all(e.client_number == "K0000001" and e.username == "t.consulent" for e in lines)
    assert '"doelen": [0, 2]' in lines[1].changes


def test_a_draft_rewrite_leaves_no_orphans(any_db, any_actors, case, today):
    doc = saved(any_db, any_actors, case)
    smaller = good_plan()
    smaller.goals = smaller.goals[:1]
    smaller.domains = smaller.domains[:1]
    plans.save_draft(any_db, any_actors.consulent, doc.plan.id, smaller, doc.plan.version)
    with any_db.read() as s:
        assert len(s.exec(select(Goal)).all()) == 1
        assert len(s.exec(select(Result)).all()) == 2
        assert len(s.exec(select(DomainAssessment)).all()) == 1
        assert len(s.exec(select(Plan)).all()) == 1
        assert s.get(Casus, case) is not None


def test_every_agreed_demo_plan_can_get_a_new_version(db, today):
    """Demo data is what people try first: each agreed plan in it must be workable."""
    from desktop.core.access.signin import sign_in
    from desktop.core.demo.generator import DEMO_PASSWORD, generate_demo

    generate_demo(db, 60, today=today)
    with db.read() as s:
        rows = s.exec(select(Plan.casus_id, Casus.consulent_id).join(Casus, Casus.id == Plan.casus_id)
                      .where(Plan.status == PlanStatus.AKKOORD)).all()
        latest = set(s.exec(select(Plan.casus_id).where(
            ~Plan.casus_id.in_(select(Plan.casus_id).where(Plan.status == PlanStatus.CONCEPT)))))
        from db.models import User

        usernames = {u.id: u.username for u in s.exec(select(User))}
    checked = 0
    for casus_id, consulent_id in rows:
        if casus_id not in latest:
            continue
        actor = sign_in(db, usernames[consulent_id], DEMO_PASSWORD)
        draft = plans.start_draft(db, actor, casus_id)
        assert draft.plan.status is PlanStatus.CONCEPT
        plans.save_draft(db, actor, draft.plan.id, draft.to_input(), draft.plan.version)  # and it validates
        checked += 1
    assert checked >= 5
