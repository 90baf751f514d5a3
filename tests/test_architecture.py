"""The package's layout: layers that import only downwards, no import circle, no module far
over 400 lines (read from the source with ``ast``, every import counted, local ones too)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "usvn"
# Lower layers never import higher ones (a module may import its own layer and below).
LAYERS = [
    ("usvn.params", "usvn.data"),
    ("usvn.sources", "usvn.registry"),
    ("usvn.facts",),
    ("usvn.charts",),
    ("usvn.chapters",),
    ("usvn.book",),
    ("usvn.cli", "usvn.__main__"),
]
MAX_LINES = 425


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports (``from . import x`` resolved to the
    submodule x where there is one)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("usvn")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("usvn"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def layer(name: str) -> int:
    for i, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return i
    return -1 if name == "usvn" else len(LAYERS)


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(package)
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def circles(g: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle found by a depth-first walk, every edge counted (a package's
    ``__init__`` importing its submodules, and a submodule importing names from its
    package's ``__init__``, make a circle when both happen)."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(g[node]):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(g):
        if node not in state:
            visit(node, [node])
    return found


def test_every_module_has_a_layer():
    assert [m for m in modules() if layer(m) == len(LAYERS)] == []


def test_lower_layers_never_import_higher_ones():
    bad = [(m, i) for m, deps in graph().items() for i in deps if layer(i) > layer(m)]
    assert bad == []


def test_no_import_circle():
    assert circles(graph()) == []


def test_the_checker_finds_a_circle_and_an_upward_import(tmp_path):
    """A made-up package: a data module importing a chapter (upward), and two modules
    importing each other, one of them inside a function."""
    pkg = tmp_path / "usvn"
    (pkg / "data").mkdir(parents=True)
    (pkg / "chapters").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "data" / "__init__.py").write_text("")
    (pkg / "chapters" / "__init__.py").write_text("")
    (pkg / "data" / "a.py").write_text("from ..chapters import b\n")
    (pkg / "chapters" / "b.py").write_text("def f():\n    from ..data import a\n")
    g = graph(pkg)
    assert g["usvn.data.a"] == {"usvn.chapters.b"} and g["usvn.chapters.b"] == {"usvn.data.a"}
    assert circles(g) == [["usvn.chapters.b", "usvn.data.a", "usvn.chapters.b"]]
    assert layer("usvn.chapters.b") > layer("usvn.data.a")


def test_no_module_is_far_over_four_hundred_lines():
    long = {
        m: n
        for m, p in modules().items()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
