"""The iWmo 3.2 XML schemas: loaded once from Koers' own copy (resources/istandaarden), and a validation that
names the line and the element of every problem in Dutch."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from desktop.resources import resource

NAMESPACE_BASE = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"
KINDS = ("301", "305", "307", "315", "317", "319", "323")


def namespace(kind: str) -> str:
    return f"http://www.istandaarden.nl/iwmo/3_2/wmo{kind}/schema"


@dataclass(frozen=True)
class SchemaProblem:
    line: int
    element: str  # the local name of the element the problem is in, '' when unknown
    message: str  # lxml's own words (English), kept for the technically minded

    def dutch(self) -> str:
        where = f"regel {self.line}" + (f", element {self.element}" if self.element else "")
        return f"{where}: {self.message}"


def _compile(kind: str) -> Any:
    from lxml import etree

    path = resource("istandaarden", "iwmo-3.2", f"WMO{kind}.xsd")
    return etree.XMLSchema(etree.parse(str(path)))


# Compiled when this module is first imported, in the main thread (13 ms for both): lxml keeps names in per-thread
# dictionaries, so an object built in a background thread must not outlive that thread, while one built in the
# main thread may be used from any thread. The kinds Koers makes and reads are kept; another is compiled per call.
_COMPILED: dict[str, Any] = {}
if threading.current_thread() is threading.main_thread():
    _COMPILED.update({kind: _compile(kind) for kind in ("301", "323")})


def _schema(kind: str) -> Any:
    found = _COMPILED.get(kind)
    if found is not None:
        return found
    compiled = _compile(kind)
    if threading.current_thread() is threading.main_thread():
        _COMPILED[kind] = compiled
    return compiled


def validate(kind: str, content: bytes) -> list[SchemaProblem]:
    """Every problem of this message against the WMO<kind> schema; [] when it validates. A file that is not even
    XML gives one problem with the parser's line. External entities and network access are off."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        document = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 0
        return [SchemaProblem(line, "", f"geen geldige XML ({exc.msg})")]
    if getattr(document.getroottree().docinfo, "doctype", ""):  # a standard message has none (entities: attacks)
        return [SchemaProblem(1, "", "het bestand bevat een DOCTYPE-declaratie; een iWmo-bericht heeft die niet")]
    schema = _schema(kind)
    try:
        if schema.validate(document):
            return []
    except etree.XMLSchemaValidateError as exc:
        return [SchemaProblem(1, "", f"het bericht kan niet tegen het schema worden gecontroleerd ({exc})")]
    problems = []
    for error in schema.error_log:
        element = ""
        path = error.path or ""
        if path:
            element = path.rsplit("/", 1)[-1].split("}")[-1].split("[")[0].split(":")[-1]
        problems.append(SchemaProblem(error.line, element, error.message))
    return problems
