"""Benchmark of reading a declaration (issue 15, point 4): a WMO323 with 10,000 Prestaties for demo decisions of one
aanbieder is checked and stored (target: under 10 s), on a copy of the bench database so the demo file stays as it
is. `python -m tests.bench.iwmo` runs it on its own (`make bench` does); `build_declaration` also serves the unit
tests.
"""

from __future__ import annotations

import calendar
import shutil
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

PRESTATIES = 10_000
TARGET_SECONDS = 10.0


def _months(first: date, last: date):
    day = first.replace(day=1)
    while day <= last:
        end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        yield max(day, first), min(end, last)
        day = end + timedelta(days=1)


def build_declaration(db, *, limit: int = PRESTATIES, today: date | None = None) -> tuple[bytes, int]:
    """(the WMO323, its number of Prestaties): one hour a month, at the agreed tariff, for every month of the
    running hourly Wmo decisions of the aanbieder that has the most such months, up to `limit` Prestaties. The
    months run up to the last complete month before `today`."""
    import sqlalchemy as sa

    from db import clock
    from db.models import Aanbieder, Beschikking, Casus, Product, Resident, Setting
    from db.models.base import table
    from db.models.enums import FinancingForm, Law
    from desktop.core.decisions.rules import OPEN_FOR_HOURS
    from desktop.core.iwmo.codes import iwmo_number
    from desktop.core.settings import GEMEENTECODE

    today = today or clock.today()
    period_end = today.replace(day=1) - timedelta(days=1)
    period_start = period_end.replace(day=1)
    b, c, r, p, a = (table(m).c for m in (Beschikking, Casus, Resident, Product, Aanbieder))
    with db.read() as s:
        rows = s.execute(
            sa.select(b.toewijzing_nummer, b.start_date, b.end_date, b.ended_date, b.tariff_cents, b.aanbieder_id,
                      a.agb_code, r.bsn, p.category_code, p.code)
            .select_from(table(Beschikking).join(table(Casus), c.id == b.casus_id)
                         .join(table(Resident), r.id == c.resident_id).join(table(Product), p.id == b.product_id)
                         .join(table(Aanbieder), a.id == b.aanbieder_id))
            .where(b.law == Law.WMO.value, b.status.in_([st.value for st in OPEN_FOR_HOURS]),
                   b.financing_form == FinancingForm.UREN_X_TARIEF.value, r.bsn.is_not(None), a.agb_code.is_not(None),
                   b.start_date <= period_end)
            .order_by(b.id)).all()
        setting = s.get(Setting, GEMEENTECODE)
    slots: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        last = min(row.ended_date or row.end_date, row.end_date, period_end)
        for begin, end in _months(row.start_date, last):
            slots[row.agb_code].append((row, begin, end))
    if not slots:
        raise RuntimeError("de demo heeft geen lopende Wmo-beschikkingen per uur met een BSN en een AGB-code")
    agb = max(slots, key=lambda k: len(slots[k]))
    chosen = slots[agb][:limit]
    clients: dict[str, list[str]] = defaultdict(list)
    total = 0
    for i, (row, begin, end) in enumerate(chosen, start=1):
        total += row.tariff_cents
        clients[row.bsn].append(
            f"<w:Prestatie><w:ProductReferentie><b:ReferentieNummer>BENCH{i:07d}</b:ReferentieNummer>"
            f"</w:ProductReferentie><w:ToewijzingNummer>{iwmo_number(row.toewijzing_nummer)}</w:ToewijzingNummer>"
            f"<w:ProductCategorie>{row.category_code}</w:ProductCategorie><w:ProductCode>{row.code}</w:ProductCode>"
            f"<w:ProductPeriode><b:Begindatum>{begin}</b:Begindatum><b:Einddatum>{end}</b:Einddatum>"
            f"</w:ProductPeriode><w:GeleverdVolume>1</w:GeleverdVolume><w:Eenheid>04</w:Eenheid>"
            f"<w:ProductTarief>{row.tariff_cents}</w:ProductTarief><w:IngediendBedrag><b:Bedrag>{row.tariff_cents}"
            "</b:Bedrag><b:DebetCredit>D</b:DebetCredit></w:IngediendBedrag></w:Prestatie>\n")
    body = "".join(f"<w:Client><w:Bsn>{bsn}</w:Bsn><w:Prestaties>\n{''.join(items)}</w:Prestaties></w:Client>\n"
                   for bsn, items in clients.items())
    receiver = setting.value if setting is not None and setting.value else "0384"
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:Bericht xmlns:b="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema" xmlns:w="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema">
<w:Header><w:BerichtCode>484</w:BerichtCode><w:BerichtVersie>3</w:BerichtVersie><w:BerichtSubversie>2</w:BerichtSubversie>
<w:Afzender>{agb}</w:Afzender><w:Ontvanger>{receiver}</w:Ontvanger>
<w:BerichtIdentificatie><b:Identificatie>BENCH1</b:Identificatie><b:Dagtekening>{today}</b:Dagtekening></w:BerichtIdentificatie>
<w:XsdVersie><b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie><b:BerichtXsdVersie>1.0.0</b:BerichtXsdVersie></w:XsdVersie></w:Header>
<w:Declaratie><w:DeclaratieNummer>BENCH1</w:DeclaratieNummer>
<w:DeclaratiePeriode><b:Begindatum>{period_start}</b:Begindatum><b:Einddatum>{period_end}</b:Einddatum></w:DeclaratiePeriode>
<w:DeclaratieDagtekening>{today}</w:DeclaratieDagtekening>
<w:TotaalIngediendBedrag><b:TotaalBedrag>{total}</b:TotaalBedrag><b:DebetCredit>D</b:DebetCredit></w:TotaalIngediendBedrag>
<w:Clienten>
{body}</w:Clienten></w:Declaratie></w:Bericht>
"""
    return xml.encode(), len(chosen)


def bench_iwmo(db_path: Path) -> list[str]:
    from sqlmodel import select

    from db.engine import Database
    from db.models import User
    from db.models.enums import Role
    from desktop.core.access.actor import Actor
    from desktop.core.iwmo.declarations import read_declaration
    from desktop.core.maintenance.check import run_check

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench-iwmo.sqlite"
        shutil.copyfile(db_path, copy)
        database = Database(f"sqlite:///{copy}")
        try:
            content, made = build_declaration(database)
            with database.read() as s:
                user = s.exec(select(User).where(User.role == Role.MEDEWERKER, User.active.is_(True))).first()
            medewerker = Actor(user.id, user.username, user.display_name, user.role, "bench")
            started = time.perf_counter()
            checked = read_declaration(database, medewerker, content, check_only=True)
            check_s = time.perf_counter() - started
            started = time.perf_counter()
            result = read_declaration(database, medewerker, content)
            seconds = time.perf_counter() - started
            sound = run_check(database).ok
        finally:
            database.dispose()
    return [
        f"declaration in (WMO323, {made:,} Prestaties, {len(content) / 1e6:.1f} MB):",
        f"  checked only (--check)          {check_s:7.2f} s",
        f"  checked and stored              {seconds:7.2f} s   {result.accepted:,} accepted, {result.refused:,} refused"
        f"   (target < {TARGET_SECONDS:.0f} s) {'OK' if seconds < TARGET_SECONDS else 'MISSED'}",
        f"  same answers with --check: {'yes' if checked.prestaties == result.prestaties else 'NO'}; "
        f"koers check afterwards: {'clean' if sound else 'PROBLEMS'}",
    ]


def main() -> int:
    import sys

    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        from tests.bench.run import build_database

        path, _ = build_database()
    print("\n".join(bench_iwmo(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
