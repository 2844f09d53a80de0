"""The iWmo 3.2 schemas Koers carries: the published sample messages validate, a bad one is named by line and
element, and a file that is not XML is refused with the parser's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.iwmo import schema

SHARED = Path(__file__).resolve().parents[3] / "shared" / "istandaarden" / "iwmo-3.2"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "iwmo"


@pytest.mark.parametrize("kind", ["301", "323"])
def test_the_published_sample_messages_validate(kind):
    assert schema.validate(kind, (SAMPLES / f"WMO{kind}.xml").read_bytes()) == []


def test_a_bad_value_is_named_by_line_and_element():
    bad = (SAMPLES / "WMO323.xml").read_bytes().replace(b"<wmo323:Bsn>999900006", b"<wmo323:Bsn>99990000")
    problems = schema.validate("323", bad)
    assert [(p.line, p.element) for p in problems] == [(31, "Bsn")]
    assert problems[0].dutch().startswith("regel 31, element Bsn: ")


def test_not_xml_and_external_entities_are_refused():
    assert schema.validate("323", b"<a>")[0].dutch().startswith("regel 1: geen geldige XML")
    entity = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
              b'<wmo323:Bericht xmlns:wmo323="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema">&e;</wmo323:Bericht>')
    problems = schema.validate("323", entity)
    assert problems and "root:" not in " ".join(p.message for p in problems)
