"""What a chapter states, computed without a kernel.

Each chapter module (``usvn.trade``, ``usvn.diplomacy``, ``usvn.defence``, ``usvn.claims``)
has ``facts(load, **parameters) -> Facts``: every number, date, list and data-dependent
phrase its text states, by glue name, as plain Python values, and the tables its figures
draw (``Facts.frames``).  A notebook calls it once, glues everything with
:func:`glue_all` and draws each figure from the same object; sweeps and claim checks call
it directly, with no kernel.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import pandas as pd

from . import params

Loader = Callable[[str], pd.DataFrame]
MARKDOWN_SUFFIX = "_md"
RERUN_EXAMPLES = {"trade_framework": ("tariff_rate", "0.46"),
                  "diplomatic_upgrade": ("as_of", "2020-12-31"),
                  "defence_ties": ("window", "10")}  # a fact whose value is Markdown (a list or table), glued as such


class Facts(dict):
    """Glue name -> plain value (str, int or float); ``frames``: tables for the figures;
    ``parameters``: the checked parameters they were computed with."""

    def __init__(self, chapter: str, parameters: dict[str, Any]):
        super().__init__()
        self.chapter = chapter
        self.parameters = dict(parameters)
        self.frames: dict[str, Any] = {}
        self.source_of: dict[str, tuple[str, ...]] = {}  # fact -> the resources it rests on
        self._using: tuple[str, ...] = ()

    def using(self, *resources: str) -> "Facts":
        """The resources the facts set from now on are computed from (shown to readers as
        each number's source); none for values that restate the parameters."""
        self._using = resources
        return self

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise TypeError(f"{self.chapter}: fact {key!r} must be str, int or float, "
                            f"got {type(value).__name__}")
        super().__setitem__(key, value)
        if self._using:
            self.source_of[key] = self._using

    def update(self, *args, **kwargs) -> None:  # route through __setitem__'s check
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


def parameters(chapter: str, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """The chapter's parameters: defaults, overridden by ``given`` (e.g. a notebook's
    ``globals()``: names that are not parameters are ignored), checked."""
    values = {p.name: p.default for p in params.schema(chapter)}
    values.update({k: v for k, v in (given or {}).items() if k in values})
    return params.check(chapter, values)


def rerun_markdown(chapter: str, values: dict[str, Any]) -> str:
    """The "Re-run this chapter" box: each parameter with the value this page was computed
    with, its default, what it may be and what it means, then the command."""
    rows = ["| Parameter | Value here | Allowed | Meaning |", "|---|---|---|---|"]
    for p in params.schema(chapter):
        value = values.get(p.name, p.default)
        shown = f"`{value!r}`" + ("" if value == p.default else f" (default `{p.default!r}`)")
        rows.append(f"| `{p.name}` | {shown} | {p.allowed().replace('|', 'or')} | "
                    f"{p.meaning.replace('|', 'or')} |")
    name, value = RERUN_EXAMPLES[chapter]
    return "\n".join(rows + ["", "To compute the chapter with other values, in a copy of the "
                              "repository after `make venv`, for example:", "", "```bash",
                              f".venv/bin/usvn params {chapter}",
                              f".venv/bin/usvn run {chapter} -p {name} {value}", "```"])


def plain(value: Any) -> str:
    """The text a reader (and ``usvn.variants.glued``) sees for a glued value."""
    return value if isinstance(value, str) else repr(value)


def glue_all(facts: Facts) -> None:
    """Glue every fact (no display); Markdown facts as Markdown."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, value in facts.items():
        glue(key, Markdown(value) if key.endswith(MARKDOWN_SUFFIX) else value, display=False)
    glue(SOURCES_KEY, sources_json(facts), display=False)


def cached(load: Loader) -> Loader:
    """``load`` remembering each resource (a sweep computes many facts in one process);
    every call returns a fresh copy, so a caller may change what it gets."""
    remembered = lru_cache(maxsize=None)(load)
    return lambda name: remembered(name).copy()


MODULES = {"trade_framework": "trade", "diplomatic_upgrade": "diplomacy",
           "defence_ties": "defence", "claims": "claims"}


def module(chapter: str):
    """The package module that computes ``chapter``'s facts."""
    import importlib

    if chapter not in MODULES:
        raise KeyError(f"no facts for {chapter!r}; chapters: {', '.join(MODULES)}")
    return importlib.import_module(f"usvn.{MODULES[chapter]}")


def compute(chapter: str, load: Loader, **given) -> Facts:
    return module(chapter).facts(load, **given)


SOURCES_KEY = "_usvn_sources"  # a hidden glue: fact -> where it comes from (usvn.sphinxext)


def describe_sources(resources: tuple[str, ...], package: dict) -> str:
    """'Source: US Census Bureau: US goods trade with Vietnam, annual … (vintage 2024-08,
    2026-10)' for a fact's resources, from the data package."""
    from . import data

    parts = []
    for name in resources:
        res = next(r for r in package["resources"] if r["name"] == name)
        counts: dict[str, int] = {}
        for src in res.get("sources", []):
            who_ = data.producer(src.get("publisher") or "")
            counts[who_] = counts.get(who_, 0) + 1
        ranked = sorted(counts, key=lambda p: (-counts[p], p))  # most-cited first
        who = "; ".join(ranked[:2]) + (f" and {len(ranked) - 2} others" if len(ranked) > 2 else "")
        vintages = sorted({s["notes"].split("Vintage ", 1)[1].split(".", 1)[0]
                           for s in res.get("sources", []) if "Vintage " in (s.get("notes") or "")})
        when = f" (vintage {', '.join(vintages)})" if vintages else ""
        parts.append(f"{who}: {res.get('title', name)}{when}")
    return "Source: " + " | ".join(parts)


def sources_json(facts: Facts, root=None) -> str:
    """Each fact's source description, as JSON, for the website's hover notes."""
    import json

    from . import data

    package = data.read_package(root)
    described = {r: describe_sources(r, package) for r in set(facts.source_of.values())}
    return json.dumps({k: described[r] for k, r in sorted(facts.source_of.items())},
                      ensure_ascii=False, sort_keys=True)
