"""The access log in words (desktop/core/access/audit_text): actions, fields, names, hours, dates, enums."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

from desktop.core.access import audit, audit_text
from desktop.core.access.audit import AuditFilter
from desktop.core.access.audit_text import action_text, change_lines, describe, field_label, value_text

CORE = Path(__file__).resolve().parents[2] / "desktop" / "core"


def test_actions_read_as_what_happened():
    assert action_text("uren.invoeren") == "Uren geboekt"
    assert action_text("inwoner.inzien") == "Dossier geopend"
    assert action_text("casus.overdragen") == "Casus overgedragen"
    assert action_text("aanmelden") == "Aangemeld"
    assert action_text("toegangslog.exporteren") == "Toegangslog geëxporteerd"
    assert action_text("iets_nieuws.bekijken") == "Iets nieuws: bekijken", "unknown: words, not a code"


def test_every_action_koers_writes_has_a_dutch_text():
    """Each literal action string passed to audit.record in desktop/core is in the table."""
    written = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "record" \
                    and len(node.args) > 2:
                for sub in ast.walk(node.args[2]):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and "." in sub.value:
                        written.add(sub.value)
    assert len(written) > 40
    assert sorted(a for a in written if a not in audit_text.ACTION_TEXTS) == []


def test_every_literal_field_koers_writes_has_a_label():
    keys = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "changes" and isinstance(node.value, ast.Dict):
                keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    assert {"minutes", "no_show", "ended_date", "service_date"} <= keys
    assert sorted(k for k in keys if k not in audit_text.FIELD_LABELS) == []


def test_changes_read_as_lines_with_hours_names_dates_and_labels():
    names = {1: "J. de Vries", 2: "P. Bakker"}
    assert change_lines({"minutes": [90, 120]}) == ["Uren: 1,5 uur → 2 uur"]
    assert change_lines({"vaste_consulent": [1, 2]}, names) == ["Vaste consulent: J. de Vries → P. Bakker"]
    assert change_lines({"no_show": [None, True]}) == ["Niet verschenen: ja"]
    assert change_lines({"service_date": [None, "2026-03-03"]}) == ["Datum: 3 maart 2026"]
    assert change_lines({"ended_date": [None, "2026-05-01"]}) == ["Beëindigd per: 1 mei 2026"]
    assert change_lines({"minutes": [30, None]}) == ["Uren: 0,5 uur → –"]
    assert change_lines({"indicated_minutes": [None, 7]}) == ["Geïndiceerde uren: 0,12 uur"]
    assert change_lines({"role": [None, "casusregisseur"], "law": ["wmo", "jeugdwet"]}) == \
        ["Rol: Casusregisseur", "Wet: Wmo 2015 → Jeugdwet"]
    assert change_lines({"status": ["concept", "vastgesteld"]}) == ["Status: Concept → Vastgesteld"]
    assert change_lines({"outcome": [None, "eigen_kracht"]}) == ["Uitkomst: Eigen kracht volstaat"]
    assert change_lines({"amount_cents": [5000, 5250]}) == ["Tarief: € 50,00 → € 52,50"]
    assert change_lines({"consulent_id": [3, None]}, names) == ["Consulent: gebruiker 3 → –"]
    assert change_lines({"periode": [None, ["2026-01-01", "2026-03-31"]]}) == \
        ["Periode: 1 januari 2026 t/m 31 maart 2026"]
    assert change_lines({"resultaten": [None, {"behaald": 2, "deels": 1}]}) == \
        ["Resultaten: Behaald: 2, Deels behaald: 1"]
    assert describe({"filter": [None, {"consulent_id": 1, "law": "wmo"}], "regels": [None, 4]}, names) == \
        "Filter: Consulent: J. de Vries, Wet: Wmo 2015; Regels: 4"
    assert change_lines({"surname": ["(afgeschermd)", "(afgeschermd)"]}) == ["Achternaam: (afgeschermd)"]


def test_unknown_fields_read_as_words():
    assert field_label("some_new_field") == "Some new field"
    assert field_label("termijn.brief.werkdagen") == "Termijn voor het verzenden van de brief (werkdagen)"
    assert field_label("termijn.venster.evaluatie") == "Venster 'Evaluatie' (dagen)"
    assert field_label("termijn.besluit.wmo") == "Beslistermijn Wmo 2015 (weken)"
    assert field_label("beschikking.slot") == "Brieftekst beschikking: slot"
    assert not any("_" in line or "{" in line for line in change_lines(
        {"no_show": [False, True], "consulent_id": [1, 2], "minutes": [60, 90]}, {1: "A", 2: "B"}))


def test_a_bsn_stays_masked():
    assert value_text("bsn", "******782") == "******782"
    assert value_text("bsn", "123456782") == "******782", "should a full one ever slip in"
    assert change_lines({"bsn": ["******123", "******782"]}) == ["BSN: ******123 → ******782"]


def test_user_names_in_one_query(db, actors):
    row = audit.AuditRow(1, None, "x", "consulent", "pc", "casus.overdragen", None, "casus", 1, "ok",  # type: ignore[arg-type]
                         {"consulent_id": [actors.consulent.user_id, actors.casusregisseur.user_id],
                          "filter": [None, {"consulent_id": actors.medewerker.user_id}], "no_show": [None, True]},
                         None, None)
    ids = audit_text.user_ids([row])
    assert ids == {actors.consulent.user_id, actors.casusregisseur.user_id, actors.medewerker.user_id}
    names = audit_text.user_names(db, ids)
    assert names[actors.consulent.user_id] == actors.consulent.display_name
    assert audit_text.user_names(db, []) == {}


def test_action_choices_are_dutch_and_filter_the_log(db, actors, tmp_path):
    me = actors.consulent
    with db.write() as s:
        audit.record(s, me, "uren.invoeren", client_number="K0000001", changes={"minutes": [None, 90]})
        audit.record(s, me, "inwoner.inzien", client_number="K0000001")
    choices = dict(audit_text.action_choices())
    assert choices["Uren geboekt"] == ["uren.invoeren"]
    rows = audit.list_entries(db, actors.casusregisseur, AuditFilter(actions=tuple(choices["Uren geboekt"])))
    assert [r.action for r in rows] == ["uren.invoeren"]

    target = tmp_path / "log.csv"
    audit.export_csv(db, actors.casusregisseur, AuditFilter(actions=("uren.invoeren",)), target)
    lines = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0] == audit.CSV_HEADER and "cliëntnummer" in lines[0] and "klantnummer" not in lines[0]
    row = dict(zip(lines[0], lines[1], strict=True))
    assert (row["actie"], row["actiecode"], row["wijzigingen"], row["rol"], row["uitkomst"]) == \
        ("Uren geboekt", "uren.invoeren", "Uren: 1,5 uur", "Consulent", "gelukt")
    exported = audit.list_entries(db, actors.casusregisseur, limit=1)[0]
    assert exported.action == "toegangslog.exporteren"
    assert json.dumps(exported.changes["filter"][1]) == '{"actions": ["uren.invoeren"]}'
    assert describe(exported.changes).startswith("Filter: Acties: Uren geboekt; Regels: 1")


def test_a_refused_line_names_the_attempt_not_a_deed():
    from desktop.core.access import audit_text

    assert audit_text.entry_text("uren.invoeren", "ok") == audit_text.action_text("uren.invoeren")
    refused = audit_text.entry_text("uren.invoeren", "geweigerd")
    assert refused.startswith("Geprobeerd, ") and audit_text.action_text("uren.invoeren").lower() in refused.lower()
