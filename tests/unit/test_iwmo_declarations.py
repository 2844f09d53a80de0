"""Reading a provider's WMO323 declaration (issue 15, point 2): the schema first, then every Prestatie against its
decision and the hour ledger, accepted ones booked as realised hours, each answered with a reason and a retourcode;
one transaction; the answer as CSV and PDF."""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import func, select

from db.models import AuditEntry, Beschikking, IwmoMessage, IwmoPrestatie, Realisation
from desktop.core.access.audit import PermissionDenied
from desktop.core.decisions import ledger, lifecycle
from desktop.core.iwmo import answer, declarations
from desktop.core.iwmo.codes import iwmo_number
from desktop.core.iwmo.declarations import DeclarationRefused, read_declaration
from desktop.core.maintenance.check import run_check
from tests.unit.decision_setting import add_provider, established, regional_input

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "iwmo" / "WMO323.xml"
AGB = "98765432"  # the setting's aanbieder
BSN = "999900006"  # the setting's resident


@dataclass
class P:
    """One Prestatie as a provider would declare it (defaults: 10 hours of the setting's product in February 2026)."""

    ref: str
    toewijzing: int
    hours: int = 10
    month: tuple[int, int] = (2026, 2)
    bsn: str = BSN
    category: str = "02"
    code: str = "02A08"
    unit: str = "04"
    tariff: int | None = 6250
    amount: int | None = None
    dc: str = "D"
    previous: str | None = None
    begin: date | None = None
    end: date | None = None

    def period(self) -> tuple[date, date]:
        y, m = self.month
        return self.begin or date(y, m, 1), self.end or date(y, m, monthrange(y, m)[1])


@dataclass
class Declaration:
    prestaties: list[P]
    number: str = "D2026001"
    ident: str = "M2026001"
    sender: str = AGB
    receiver: str = "0384"
    period: tuple[date, date] = (date(2026, 2, 1), date(2026, 2, 28))
    signed: date = date(2026, 3, 5)
    extra: dict = field(default_factory=dict)

    def xml(self) -> bytes:
        clients: dict[str, list[str]] = {}
        total = 0
        for p in self.prestaties:
            begin, end = p.period()
            amount = p.amount if p.amount is not None else p.hours * (p.tariff or 6250)
            total += amount if p.dc == "D" else -amount
            prev = f"<iwmo:VorigReferentieNummer>{p.previous}</iwmo:VorigReferentieNummer>" if p.previous else ""
            tariff = f"<wmo323:ProductTarief>{p.tariff}</wmo323:ProductTarief>" if p.tariff is not None else ""
            clients.setdefault(p.bsn, []).append(f"""
      <wmo323:Prestatie>
        <wmo323:ProductReferentie><iwmo:ReferentieNummer>{p.ref}</iwmo:ReferentieNummer>{prev}</wmo323:ProductReferentie>
        <wmo323:ToewijzingNummer>{p.toewijzing}</wmo323:ToewijzingNummer>
        <wmo323:ProductCategorie>{p.category}</wmo323:ProductCategorie>
        <wmo323:ProductCode>{p.code}</wmo323:ProductCode>
        <wmo323:ProductPeriode><iwmo:Begindatum>{begin}</iwmo:Begindatum><iwmo:Einddatum>{end}</iwmo:Einddatum></wmo323:ProductPeriode>
        <wmo323:GeleverdVolume>{p.hours}</wmo323:GeleverdVolume>
        <wmo323:Eenheid>{p.unit}</wmo323:Eenheid>
        {tariff}
        <wmo323:IngediendBedrag><iwmo:Bedrag>{amount}</iwmo:Bedrag><iwmo:DebetCredit>{p.dc}</iwmo:DebetCredit></wmo323:IngediendBedrag>
      </wmo323:Prestatie>""")
        body = "".join(f"""
    <wmo323:Client><wmo323:Bsn>{bsn}</wmo323:Bsn><wmo323:Prestaties>{''.join(items)}
    </wmo323:Prestaties></wmo323:Client>""" for bsn, items in clients.items())
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<wmo323:Bericht xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema" xmlns:wmo323="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema">
  <wmo323:Header>
    <wmo323:BerichtCode>484</wmo323:BerichtCode><wmo323:BerichtVersie>3</wmo323:BerichtVersie><wmo323:BerichtSubversie>2</wmo323:BerichtSubversie>
    <wmo323:Afzender>{self.sender}</wmo323:Afzender><wmo323:Ontvanger>{self.receiver}</wmo323:Ontvanger>
    <wmo323:BerichtIdentificatie><iwmo:Identificatie>{self.ident}</iwmo:Identificatie><iwmo:Dagtekening>{self.signed}</iwmo:Dagtekening></wmo323:BerichtIdentificatie>
    <wmo323:XsdVersie><iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie><iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie></wmo323:XsdVersie>
  </wmo323:Header>
  <wmo323:Declaratie>
    <wmo323:DeclaratieNummer>{self.number}</wmo323:DeclaratieNummer>
    <wmo323:DeclaratiePeriode><iwmo:Begindatum>{self.period[0]}</iwmo:Begindatum><iwmo:Einddatum>{self.period[1]}</iwmo:Einddatum></wmo323:DeclaratiePeriode>
    <wmo323:DeclaratieDagtekening>{self.signed}</wmo323:DeclaratieDagtekening>
    <wmo323:TotaalIngediendBedrag><iwmo:TotaalBedrag>{abs(total)}</iwmo:TotaalBedrag><iwmo:DebetCredit>{'D' if total >= 0 else 'C'}</iwmo:DebetCredit></wmo323:TotaalIngediendBedrag>
    <wmo323:Clienten>{body}
    </wmo323:Clienten>
  </wmo323:Declaratie>
</wmo323:Bericht>
""".encode()


def counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(s.exec(select(func.count()).select_from(m)).one() for m in (IwmoMessage, IwmoPrestatie,
                                                                                  Realisation))


def realised(db, actors, decision_id) -> Decimal:
    return ledger.summary(db, actors.casusregisseur, decision_id).realised


@pytest.fixture
def decision(any_db, any_actors, setting):
    return established(any_db, any_actors, setting)


def number_of(d) -> int:
    return iwmo_number(d.toewijzing_nummer)


def read(db, actors, declaration: Declaration, **kwargs):
    return read_declaration(db, actors.medewerker, declaration.xml(), **kwargs)


def test_the_shared_sample_validates_and_each_unknown_assignment_is_refused(any_db, any_actors, setting):
    add_provider(any_db, setting, "Voorbeeldzorg", "65656055")
    result = read_declaration(any_db, any_actors.medewerker, SAMPLE)
    assert result.stored and result.header.declaration_number == "DN001"
    assert [p.reference for p in result.prestaties] == ["RN001", "RN002", "RN003", "RN004"]
    assert all(not p.accepted and p.return_code == "9338" and "niet bekend" in p.reason for p in result.prestaties)
    assert counts(any_db) == (1, 4, 0)


def test_a_file_that_does_not_validate_is_refused_whole_naming_line_and_element(any_db, any_actors, decision):
    bad = Declaration([P("R1", number_of(decision))]).xml().replace(b"<wmo323:Eenheid>04", b"<wmo323:Eenheid>99")
    with pytest.raises(DeclarationRefused) as caught:
        read_declaration(any_db, any_actors.medewerker, bad)
    assert "niets ingelezen" in caught.value.message
    line = next(i for i, text in enumerate(bad.split(b"\n"), start=1) if b"Eenheid>99" in text)
    assert caught.value.problems[0].startswith(f"regel {line}, element Eenheid: "), caught.value.problems
    assert counts(any_db)[:2] == (0, 0)
    with any_db.read() as s:
        line = s.exec(select(AuditEntry).where(AuditEntry.action == "iwmo.323")).one()
    assert line.outcome == "geweigerd"


def test_another_message_or_no_xml_is_named(any_db, any_actors, tmp_path):
    with pytest.raises(DeclarationRefused, match="WMO301-bericht, geen declaratie"):
        read_declaration(any_db, any_actors.medewerker, SAMPLE.with_name("WMO301.xml"))
    with pytest.raises(DeclarationRefused) as caught:
        read_declaration(any_db, any_actors.medewerker, b"dit is geen xml")
    assert "geen geldige XML" in caught.value.problems[0]
    big = tmp_path / "groot.xml"
    with big.open("wb") as fh:
        fh.truncate(declarations.MAX_BYTES + 1)
    with pytest.raises(DeclarationRefused, match="groter dan 50 MB"):
        read_declaration(any_db, any_actors.medewerker, big)


def test_accepted_prestaties_are_booked_as_realised_hours_per_month(any_db, any_actors, decision):
    n = number_of(decision)
    result = read(any_db, any_actors, Declaration(
        [P("R1", n, month=(2026, 2)), P("R2", n, month=(2026, 3), hours=90, unit="01", tariff=104, amount=9360)],
        period=(date(2026, 3, 1), date(2026, 3, 31)), signed=date(2026, 4, 2)))
    assert [(p.accepted, p.return_code) for p in result.prestaties] == [(True, "0200"), (True, "0200")]
    assert result.prestaties[0].client_number == "K0000001" and result.prestaties[0].minutes == 600
    # a per-minute tariff of 1,04 is 62,40 an hour: lower than agreed, accepted at the declared amount
    assert "lager dan afgesproken" in result.prestaties[1].reason
    assert realised(any_db, any_actors, decision.id) == Decimal("11.5")
    with any_db.read() as s:
        rows = s.exec(select(Realisation).order_by(Realisation.id)).all()
        linked = s.exec(select(IwmoPrestatie).order_by(IwmoPrestatie.id)).all()
        message = s.exec(select(IwmoMessage)).one()
    assert [(r.covers_from, r.service_date, r.minutes, r.source.value) for r in rows] == [
        (date(2026, 2, 1), date(2026, 2, 28), 600, "import"), (date(2026, 3, 1), date(2026, 3, 31), 90, "import")]
    assert [p.realisation_id for p in linked] == [r.id for r in rows]
    assert message.declaration_number == "D2026001" and message.aanbieder_id == decision.aanbieder_id
    assert run_check(any_db).ok, run_check(any_db).problems  # the monthly summary is in step


@pytest.mark.parametrize(("change", "code", "words"), [
    ({"toewijzing": 26999999}, "9338", "niet bekend"),
    ({"bsn": "999900018"}, "8187", "BSN hoort niet bij"),
    ({"code": "02A09"}, "9340", "Productcode 02A09"),
    ({"category": "07"}, "9339", "Productcategorie 07"),
    ({"month": (2025, 12)}, "9307", "vóór de ingangsdatum"),
    ({"month": (2026, 8)}, "9308", "na de laatste dag"),
    ({"tariff": 6500}, "0611", "hoger dan het afgesproken tarief"),
    ({"amount": 62600}, "9346", "niet het volume (10) maal het tarief"),
    ({"tariff": None, "amount": 62600}, "0611", "meer dan 10 uur"),
    ({"unit": "82"}, "9341", "Eenheid 82"),
    ({"begin": date(2026, 1, 20)}, "9319", "niet binnen één declaratieperiode"),
])
def test_each_wrong_prestatie_is_refused_with_reason_and_retourcode(any_db, any_actors, decision, change, code, words):
    values = {"ref": "R1", "toewijzing": number_of(decision), **change}
    month = values.get("month", (2026, 2))
    period = (date(*month, 1), date(*month, monthrange(*month)[1]))
    if "begin" in change:
        period = (date(2026, 1, 1), date(2026, 2, 28))
    result = read(any_db, any_actors, Declaration([P(**values), P("R2", number_of(decision), hours=2)],
                                                  period=period, signed=date(2026, 9, 1)))
    first, second = result.prestaties
    assert (first.accepted, first.return_code) == (False, code)
    assert words in first.reason
    assert BSN not in first.reason
    # the second line (February) stands, unless it lies after this declaration's period (9319)
    assert (second.accepted, second.return_code) == ((True, "0200") if month >= (2026, 2) else (False, "9319"))
    assert realised(any_db, any_actors, decision.id) == (Decimal(2) if second.accepted else Decimal(0))


def test_a_bsn_that_does_not_match_shows_no_client_number(any_db, any_actors, decision):
    result = read(any_db, any_actors, Declaration([P("R1", number_of(decision), bsn="999900018")]))
    assert result.prestaties[0].client_number is None


def test_another_aanbieders_assignment_is_refused(any_db, any_actors, setting, decision):
    add_provider(any_db, setting, "Thuiszorg West", "12345678")
    result = read(any_db, any_actors, Declaration([P("R1", number_of(decision))], sender="12345678"))
    assert result.prestaties[0].return_code == "9338"
    assert "niet aan Thuiszorg West toegewezen" in result.prestaties[0].reason
    assert result.prestaties[0].client_number is None and result.prestaties[0].decision_number is None


def test_the_line_that_crosses_the_indicated_total_is_refused_and_earlier_ones_stand(any_db, any_actors, decision):
    n = number_of(decision)
    ledger.add_realisation(any_db, any_actors.medewerker, decision.id, date(2026, 1, 20), 6)
    result = read(any_db, any_actors, Declaration(
        [P("R1", n, hours=20, month=(2026, 2)), P("R2", n, hours=20, month=(2026, 3)),
         P("R3", n, hours=20, month=(2026, 4)), P("R4", n, hours=10, month=(2026, 5)),
         P("R5", n, hours=57, month=(2026, 5))],
        period=(date(2026, 5, 1), date(2026, 5, 31)), signed=date(2026, 6, 3)))
    assert [(p.accepted, p.return_code) for p in result.prestaties] == [
        (True, "0200"), (True, "0200"), (False, "9322"), (True, "0200"), (False, "9321")]
    assert "nog beschikbaar 10 uur van 56 uur" in result.prestaties[2].reason
    assert realised(any_db, any_actors, decision.id) == Decimal(56)
    assert run_check(any_db).ok


def test_the_surplus_is_not_assigned_so_a_declaration_cannot_use_it(any_db, any_actors, setting):
    d = established(any_db, any_actors, setting, surplus_hours=Decimal(10))
    result = read(any_db, any_actors, Declaration([P("R1", number_of(d), hours=56), P("R2", number_of(d), hours=1)]))
    assert [(p.accepted, p.return_code) for p in result.prestaties] == [(True, "0200"), (False, "9322")]
    ledger.add_realisation(any_db, any_actors.medewerker, d.id, date(2026, 3, 2), 1)  # by hand: the surplus stands


def test_a_duplicate_reference_is_refused_in_the_same_file_and_later(any_db, any_actors, decision):
    n = number_of(decision)
    first = read(any_db, any_actors, Declaration([P("R1", n), P("R1", n, hours=2)]))
    assert [(p.accepted, p.return_code) for p in first.prestaties] == [(True, "0200"), (False, "8021")]
    later = read(any_db, any_actors, Declaration([P("R1", n, month=(2026, 3))], number="D2026002", ident="M2",
                                                 period=(date(2026, 3, 1), date(2026, 3, 31)), signed=date(2026, 4, 2)))
    assert later.prestaties[0].return_code == "8021"
    assert realised(any_db, any_actors, decision.id) == Decimal(10)


def test_the_same_declaration_read_twice_is_refused_whole(any_db, any_actors, decision, today):
    declaration = Declaration([P("R1", number_of(decision))])
    read(any_db, any_actors, declaration)
    before = counts(any_db)
    with pytest.raises(DeclarationRefused) as caught:
        read(any_db, any_actors, declaration)
    assert "al ingelezen op" in caught.value.problems[0] and "Zorggroep De Linde" in caught.value.problems[0]
    declaration.ident = "ANDER"  # the same number in another message is the same declaration
    with pytest.raises(DeclarationRefused, match="geheel geweigerd"):
        read(any_db, any_actors, declaration)
    assert counts(any_db) == before


def test_an_unknown_sender_is_refused_whole(any_db, any_actors, decision):
    with pytest.raises(DeclarationRefused, match="AGB-code 11112222"):
        read(any_db, any_actors, Declaration([P("R1", number_of(decision))], sender="11112222"))
    assert counts(any_db)[:2] == (0, 0)


def test_a_credit_reverses_an_accepted_line_and_frees_its_hours(any_db, any_actors, decision):
    n = number_of(decision)
    read(any_db, any_actors, Declaration([P("R1", n, hours=40), P("R2", n, hours=16, month=(2026, 2))]))
    assert realised(any_db, any_actors, decision.id) == Decimal(56)
    with any_db.read() as s:
        booked = s.exec(select(IwmoPrestatie).where(IwmoPrestatie.reference == "R1")).one().realisation_id
    result = read(any_db, any_actors, Declaration(
        [P("R1", n, hours=40, dc="C"), P("R3", n, hours=30, month=(2026, 3), previous="R1")], number="D2026002",
        ident="M2", period=(date(2026, 3, 1), date(2026, 3, 31)), signed=date(2026, 4, 2)))
    assert [(p.accepted, p.debit_credit) for p in result.prestaties] == [(True, "C"), (True, "D")]
    assert (result.accepted, result.credited, result.refused) == (1, 1, 0)
    assert result.accepted_cents == 30 * 6250 - 40 * 6250
    assert realised(any_db, any_actors, decision.id) == Decimal(46)
    with any_db.read() as s:
        assert s.get(Realisation, booked) is None
        debit = s.exec(select(IwmoPrestatie).where(IwmoPrestatie.reference == "R1",
                                                   IwmoPrestatie.debit_credit == "D")).one()
        credit = s.exec(select(IwmoPrestatie).where(IwmoPrestatie.debit_credit == "C")).one()
    assert credit.credits_id == debit.id and debit.realisation_id is None and debit.accepted
    again = read(any_db, any_actors, Declaration([P("R1", n, hours=40, dc="C")], number="D2026003", ident="M3"))
    assert again.prestaties[0].return_code == "9390"
    assert run_check(any_db).ok


def test_a_credit_in_the_same_file_as_its_debit_leaves_no_booking(any_db, any_actors, decision):
    n = number_of(decision)
    result = read(any_db, any_actors, Declaration([P("R1", n), P("R1", n, dc="C")]))
    assert [p.accepted for p in result.prestaties] == [True, True]
    assert realised(any_db, any_actors, decision.id) == 0
    assert counts(any_db) == (1, 2, 0)


def test_a_credit_for_a_line_never_accepted_or_unlike_its_debit_is_refused(any_db, any_actors, decision):
    n = number_of(decision)
    read(any_db, any_actors, Declaration([P("R1", n, hours=5)]))
    result = read(any_db, any_actors, Declaration([P("R9", n, dc="C"), P("R1", n, hours=4, dc="C")],
                                                  number="D2", ident="M2"))
    assert [(p.accepted, p.return_code) for p in result.prestaties] == [(False, "8017"), (False, "9367")]
    assert "volume" in result.prestaties[1].reason
    assert realised(any_db, any_actors, decision.id) == 5


def test_a_withdrawn_decision_takes_no_declaration(any_db, any_actors, setting):
    d = lifecycle.create_decision(any_db, any_actors.consulent, setting["casus"],
                                  regional_input(setting))
    d = lifecycle.establish(any_db, any_actors.consulent, d.id, date(2026, 1, 2))
    lifecycle.revoke_decision(any_db, any_actors.consulent, d.id, explanation="Toch niet: verkeerd product gekozen.")
    result = read(any_db, any_actors, Declaration([P("R1", number_of(d))]))
    assert result.prestaties[0].return_code == "9384"


def test_check_only_judges_the_same_and_stores_nothing(any_db, any_actors, decision):
    declaration = Declaration([P("R1", number_of(decision)), P("R2", number_of(decision), tariff=7000)])
    checked = read(any_db, any_actors, declaration, check_only=True)
    assert not checked.stored and checked.header.message_id is None
    assert [p.return_code for p in checked.prestaties] == ["0200", "0611"]
    assert counts(any_db) == (0, 0, 0)
    with any_db.read() as s:
        assert s.exec(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "iwmo.323")).one() == 0
    stored = read(any_db, any_actors, declaration)
    assert [p.return_code for p in stored.prestaties] == ["0200", "0611"]


@pytest.mark.parametrize("role", ["consulent", "casusregisseur", "beheerder", "controller"])
def test_only_a_medewerker_reads_declarations(any_db, any_actors, decision, role):
    with pytest.raises(PermissionDenied):
        read_declaration(any_db, any_actors.by_role(role), Declaration([P("R1", number_of(decision))]).xml())
    assert counts(any_db) == (0, 0, 0)


def test_one_access_log_line_without_bsn(any_db, any_actors, decision):
    result = read(any_db, any_actors, Declaration([P("R1", number_of(decision)), P("R2", 26999999)]))
    with any_db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "iwmo.323")).all()
    assert len(lines) == 1
    line = lines[0]
    assert (line.record_type, line.record_id, line.outcome) == ("iwmo_bericht", result.header.message_id, "ok")
    changes = json.loads(line.changes)
    assert changes["geaccepteerd"] == [None, 1] and changes["afgewezen"] == [None, 1]
    assert changes["bedrag"] == [None, "625.00"]
    assert BSN not in line.changes and line.client_number is None and line.resident_id is None


def test_an_earlier_declaration_is_shown_again_as_it_was_answered(any_db, any_actors, decision):
    n = number_of(decision)
    result = read(any_db, any_actors, Declaration([P("R1", n), P("R2", n, tariff=9000)]))
    listed = declarations.list_declarations(any_db, any_actors.medewerker)
    assert [(x.declaration_number, x.accepted, x.refused, x.accepted_cents) for x in listed] == [
        ("D2026001", 1, 1, 62500)]
    assert listed[0].period_start == date(2026, 2, 1)
    again = declarations.declaration_answer(any_db, any_actors.medewerker, listed[0].message_id)
    assert again.prestaties == result.prestaties
    assert again.header.aanbieder == "Zorggroep De Linde"


def test_the_answer_as_csv_and_pdf_names_the_client_number_never_the_bsn(any_db, any_actors, decision, tmp_path):
    n = number_of(decision)
    result = read(any_db, any_actors, Declaration([P("R1", n), P("=HYPERLINK", n, tariff=9000)]))
    text = answer.answer_csv(result).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].startswith("Regel;Referentie;Toewijzingnummer;Cliëntnummer")
    assert "K0000001" in lines[1] and ";Geaccepteerd;0200;" in lines[1] and ";625,00;" in lines[1]
    assert lines[2].split(";")[1] == "'=HYPERLINK" and "0611" in lines[2]
    assert BSN not in text
    pdf = answer.answer_pdf(result)
    assert pdf.startswith(b"%PDF") and BSN.encode() not in pdf
    written = answer.write_answer(any_db, any_actors.medewerker, result, tmp_path / "antwoord.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    with pytest.raises(Exception, match="WMO325"):
        answer.write_answer(any_db, any_actors.medewerker, result, tmp_path / "antwoord.xml")


def test_a_declaration_on_demo_decisions(db, actors, today):
    """A 323 built from the demo: the first months of some running decisions of one aanbieder."""
    from desktop.core.demo.generator import generate_demo

    generate_demo(db, 40, seed=7, today=today)
    from tests.bench.iwmo import build_declaration

    content, expected = build_declaration(db, limit=30)
    from sqlmodel import select as sel

    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor

    with db.read() as s:
        user = s.exec(sel(User).where(User.role == Role.MEDEWERKER)).first()
    medewerker = Actor(user.id, user.username, user.display_name, user.role, "test")
    result = read_declaration(db, medewerker, content)
    assert len(result.prestaties) == expected > 0
    assert result.accepted > 0
    assert run_check(db).ok, run_check(db).problems
    with db.read() as s:
        assert s.exec(select(func.count()).select_from(Beschikking)).one() > 0
