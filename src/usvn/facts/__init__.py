"""What a chapter states, computed without a kernel.

Each chapter package (``usvn.chapters.<name>``, named in the registry ``chapters/chapters.toml``)
has ``facts(load, **parameters) -> Facts``: every number, date, list and data-dependent
phrase its text states, by glue name, as plain Python values, and the tables its figures
draw (``Facts.frames``).  A notebook calls it once, glues everything with
:func:`glue_all` and draws each figure from the same object; sweeps and claim checks call
it directly, with no kernel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import data, params, registry
from ..data.frames import cached  # noqa: F401  (usvn.facts.cached, as the chapters call it)
from . import export
from .kinds import Fact, as_fact, render

Loader = Callable[[str], pd.DataFrame]
COMPLETENESS = "usvn:completeness"
MARKDOWN_SUFFIX = "_md"  # a fact whose value is Markdown (a list or table), glued as such


class IncompleteTable(ValueError):
    """A count, a "first", a "none" or a verdict over counts was asked of a table whose
    metadata does not declare it complete."""


class Facts(dict):
    """Glue name -> :class:`Fact` (a typed value); ``frames``: tables for the figures;
    ``parameters``: the checked parameters they were computed with; ``basis``: for each
    fact, the resources and row ids it rests on (and through them its documents)."""

    def __init__(self, chapter: str, parameters: dict[str, Any]):
        super().__init__()
        self.chapter = chapter
        self.parameters = dict(parameters)
        self.frames: dict[str, Any] = {}
        self.basis: dict[str, Basis] = {}
        self.as_of: str | None = None  # the latest date the chapter's record reaches (ISO)
        self._using: Basis = Basis()
        self._checked = False  # set while Facts.count stores a count it has checked

    def using(
        self,
        *resources: str,
        rows: Iterable[str] | dict[str, Iterable[str]] | None = None,
        frame: pd.DataFrame | None = None,
    ) -> Facts:
        """The resources the facts set from now on are computed from (shown to readers as
        each number's source); ``rows``: the ids of the rows they rest on (for the first
        resource, or a mapping resource -> ids), or ``frame``: the rows themselves. None for
        values that restate the parameters."""
        picked: dict[str, tuple[str, ...]] = {}
        if isinstance(rows, dict):
            picked = {r: tuple(ids) for r, ids in rows.items()}
        elif rows is not None:
            picked = {resources[0]: tuple(rows)}
        if frame is not None and "id" in frame.columns:
            picked[resources[0]] = tuple(frame["id"].astype(str))
        self._using = Basis(tuple(resources), picked)
        return self

    def __setitem__(self, key: str, value: Any) -> None:
        try:
            fact = as_fact(value)
        except TypeError as exc:
            raise TypeError(f"{self.chapter}: fact {key!r}: {exc}") from None
        if key.endswith(MARKDOWN_SUFFIX) and fact.kind == "text":
            fact = Fact("markdown", fact.value)
        if fact.kind == "count" and not self._checked:
            for resource in self._using.resources:
                require_complete(resource, what=f"{self.chapter}: the count {key!r}")
        super().__setitem__(key, fact)
        self.basis[key] = self._using

    def update(self, *args, **kwargs) -> None:  # route through __setitem__'s check
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def count(
        self,
        key: str,
        frame: pd.DataFrame,
        resource: str,
        noun: tuple[str, ...] = (),
        where: dict[str, Iterable[Any]] | None = None,
    ) -> int:
        """State how many rows ``frame`` (rows of ``resource``, filtered as ``where`` says)
        has; refused unless the resource is declared complete for those rows."""
        require_complete(resource, where, what=f"{self.chapter}: the count {key!r}")
        n = int(len(frame))
        previous = self._using
        self.using(resource, frame=frame)
        self._checked = True
        try:
            self[key] = Fact("count", n, noun=noun)
        finally:
            self._checked, self._using = False, previous
        return n

    def texts(self) -> dict[str, str]:
        """Glue name -> the text printed."""
        return {k: render(v) for k, v in self.items()}


@dataclass(frozen=True)
class Basis:
    """What a fact rests on: resources and, where known, the ids of the rows used."""

    resources: tuple[str, ...] = ()
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)


def completeness(resource: str, root=None) -> dict:
    """A resource's declared completeness (``usvn:completeness`` in its metadata)."""

    return data.resource(resource, root).get(COMPLETENESS, {})


def is_complete(resource: str, where: dict[str, Iterable[Any]] | None = None, root=None) -> bool:
    """True when ``resource`` is declared complete for the rows ``where`` selects: complete
    as a whole, or complete within a declared ``scope`` (column -> values) that ``where``
    stays inside."""
    declared = completeness(resource, root)
    if declared.get("status") != "complete":
        return False
    scope = declared.get("scope") or {}
    picked = {k: set(v) for k, v in (where or {}).items()}
    return all(col in picked and picked[col] <= set(values) for col, values in scope.items())


def require_complete(
    resource: str, where: dict[str, Iterable[Any]] | None = None, what: str = "a count", root=None
) -> None:
    """Raise :class:`IncompleteTable` unless ``resource`` is declared complete for ``where``."""
    if not is_complete(resource, where, root):
        declared = completeness(resource, root)
        scope = declared.get("scope")
        raise IncompleteTable(
            f"{what} rests on {resource!r}, which is declared "
            f"{declared.get('status', 'nothing (no usvn:completeness)')}"
            + (f" only for {scope}" if scope else "")
            + (f" for {where}" if where else "")
            + "; a count, a 'first', a 'none' or a verdict over counts needs a table declared "
            "complete"
        )


def parameters(chapter: str, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """The chapter's parameters: defaults, overridden by ``given`` (e.g. a notebook's
    ``globals()``: names that are not parameters are ignored), checked."""
    schema = registry.schema(chapter)
    values = {p.name: p.default for p in schema}
    values.update({k: v for k, v in (given or {}).items() if k in values})
    return params.check(chapter, schema, values)


def rerun_markdown(chapter: str, values: dict[str, Any], resolved: dict[str, Any] | None = None) -> str:
    """The "Re-run this chapter" box: each parameter with the value this page was computed
    with, its default, what it may be and what it means, then the command. ``resolved``:
    the value a ``None`` parameter took from the data (shown next to it)."""
    rows = ["| Parameter | Value here | Allowed | Meaning |", "|---|---|---|---|"]
    for p in registry.schema(chapter):
        value = values.get(p.name, p.default)
        shown = f"`{value!r}`" + ("" if value == p.default else f" (default `{p.default!r}`)")
        if value is None and (resolved or {}).get(p.name) is not None:
            shown += f", here `{resolved[p.name]!r}` from the data"  # type: ignore[index]
        rows.append(
            f"| `{p.name}` | {shown} | {p.allowed().replace('|', 'or')} | {p.meaning.replace('|', 'or')} |"
        )
    name, value = registry.page(chapter).example or (p.name, repr(p.default))
    return "\n".join(
        rows
        + [
            "",
            "To compute the chapter with other values, in a copy of the "
            "repository after `make venv`, for example:",
            "",
            "```bash",
            f".venv/bin/usvn params {chapter}",
            f".venv/bin/usvn run {chapter} -p {name} {value}",
            "```",
        ]
    )


def plain(value: Any) -> str:
    """The text a reader (and ``usvn.book.variants.glued``) sees for a glued value."""
    return render(as_fact(value))


def glue_all(facts: Facts) -> None:
    """Glue every fact (no display); Markdown facts as Markdown."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, value in facts.items():
        shown = render(value)
        glue(key, Markdown(shown) if value.kind == "markdown" else shown, display=False)
    glue(export.FACTS_KEY, export.chapter_json(facts), display=False)


def module(chapter: str):
    """The package module that computes ``chapter``'s facts (named in the registry)."""
    found = registry.page(chapter)
    if not found.module:
        raise KeyError(f"no facts for {chapter!r}")
    return found.facts_module()


def compute(chapter: str, load: Loader, **given) -> Facts:
    return module(chapter).facts(load, **given)
