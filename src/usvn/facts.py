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
MARKDOWN_SUFFIX = "_md"  # a fact whose value is Markdown (a list or table), glued as such


class Facts(dict):
    """Glue name -> plain value (str, int or float); ``frames``: tables for the figures;
    ``parameters``: the checked parameters they were computed with."""

    def __init__(self, chapter: str, parameters: dict[str, Any]):
        super().__init__()
        self.chapter = chapter
        self.parameters = dict(parameters)
        self.frames: dict[str, Any] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise TypeError(f"{self.chapter}: fact {key!r} must be str, int or float, "
                            f"got {type(value).__name__}")
        super().__setitem__(key, value)

    def update(self, *args, **kwargs) -> None:  # route through __setitem__'s check
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


def parameters(chapter: str, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """The chapter's parameters: defaults, overridden by ``given`` (e.g. a notebook's
    ``globals()``: names that are not parameters are ignored), checked."""
    values = {p.name: p.default for p in params.schema(chapter)}
    values.update({k: v for k, v in (given or {}).items() if k in values})
    return params.check(chapter, values)


def plain(value: Any) -> str:
    """The text a reader (and ``usvn.variants.glued``) sees for a glued value."""
    return value if isinstance(value, str) else repr(value)


def glue_all(facts: Facts) -> None:
    """Glue every fact (no display); Markdown facts as Markdown."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, value in facts.items():
        glue(key, Markdown(value) if key.endswith(MARKDOWN_SUFFIX) else value, display=False)


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
