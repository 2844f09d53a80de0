"""The shape of the code, checked: one-way imports, no circles, no private names across modules, no Qt below
the GUI, and a renderer that only renders.

The import graph counts every import, also those inside functions, so a circle cannot hide behind a
late import. docs/architecture.md draws the same layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# desktop/core from the bottom up: a package may import from its own layer and the layers below it only.
CORE_LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer) for layer in (
    {"errors", "nl", "text", "parse", "labels", "tabular", "faults", "files"},
    {"access"},
    {"settings", "reference", "drafts"},
    {"residents"},
    {"catalog"},
    {"plans"},
    {"decisions"},
    {"deadlines"},
    {"intake"},
    {"evaluations"},
    {"letters"},
    {"iwmo"},
    {"team"},
    {"reports"},
    {"privacy"},  # access export, moving case files, retention: reads every kind of record above it
    {"maintenance"},
    {"demo"},
))


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _modules() -> dict[str, Path]:
    paths = [*ROOT.glob("desktop/**/*.py"), *ROOT.glob("db/**/*.py")]
    return {_module_name(p): p for p in paths if "migrations" not in p.parts}


MODULES = _modules()


def _imports(module: str, path: Path) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import statement in the file."""
    found: list[tuple[str, str | None]] = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found += [(base, alias.name) for alias in node.names]
    return found


def _edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for base, name in _imports(module, path):
            target = f"{base}.{name}" if name and f"{base}.{name}" in MODULES else base
            if target in MODULES and target != module:
                graph[module].add(target)
    return graph


GRAPH = _edges()


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back_through_others():
    assert _circles(GRAPH) == []


def test_no_private_name_is_imported_from_another_module():
    offenders = [(module, base, name) for module, path in MODULES.items() for base, name in _imports(module, path)
                 if name and name.startswith("_") and not name.startswith("__") and base in MODULES
                 and base != module]
    assert offenders == []


@pytest.mark.parametrize("prefix", ["db", "desktop.core", "desktop.letters"])
def test_no_qt_below_the_gui(prefix):
    """The rules and the renderer run in the CLI, a worker thread and a server-side batch alike."""
    offenders = [(module, base) for module, path in MODULES.items()
                 if module == prefix or module.startswith(prefix + ".")
                 for base, _ in _imports(module, path) if base.split(".")[0] in {"PySide6", "shiboken6"}]
    assert offenders == []


def _imports_from(prefix: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    return sorted((module, target) for module, targets in GRAPH.items()
                  if module == prefix or module.startswith(prefix + ".")
                  for target in targets if any(target == f or target.startswith(f + ".") for f in forbidden))


def test_db_knows_nothing_of_the_application():
    assert _imports_from("db", ("desktop",)) == []


def test_the_core_knows_nothing_of_the_screens_or_the_command_line():
    assert _imports_from("desktop.core", ("desktop.ui", "desktop.cli", "desktop.app")) == []


def test_the_renderer_only_renders():
    """desktop/letters turns content into PDF bytes; the content is built in the core."""
    assert _imports_from("desktop.letters", ("desktop.core", "desktop.ui", "db")) == []


def _core_package(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["desktop", "core"] else None


def test_every_core_package_has_a_layer():
    packages = {p for m in MODULES if (p := _core_package(m))}
    assert packages == set().union(*CORE_LAYERS)


def test_core_packages_import_only_their_own_layer_and_below():
    level = {package: n for n, layer in enumerate(CORE_LAYERS) for package in layer}
    upward = sorted((module, target) for module, targets in GRAPH.items() if (source := _core_package(module))
                    for target in targets if (dest := _core_package(target)) and level[dest] > level[source])
    assert upward == []


def test_the_import_reader_sees_late_and_relative_imports(tmp_path):
    """A check that reads nothing would pass on anything; this one reads imports inside functions too."""
    package = ROOT / "desktop" / "core" / "decisions"
    found = {base for base, _ in _imports("desktop.core.decisions.ledger", package / "ledger.py")}
    assert "desktop.core.decisions.rules" in found or "desktop.core.decisions.queries" in found
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from .sibling import thing\n    import PySide6.QtCore\n", encoding="utf-8")
    assert sorted(_imports("pkg.m", sample), key=str) == [("PySide6.QtCore", None), ("pkg.sibling", "thing")]
