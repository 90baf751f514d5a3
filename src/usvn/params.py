"""Chapter parameters: the rules of one parameter (:class:`Param`), checking values
(before anything is computed) and documenting them (``usvn params``).  Each chapter's
parameters are declared in the registry (``chapters/chapters.toml``, :mod:`usvn.registry`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


class ParameterError(ValueError):
    """A parameter value breaks its rule; the message names the parameter and the rule."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "int", "float", "bool", "str", "date", "list[str]"
    default: Any
    meaning: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    nullable: bool = False
    unit: str = ""

    def allowed(self) -> str:
        parts = []
        if self.minimum is not None or self.maximum is not None:
            parts.append(
                f"{self.minimum if self.minimum is not None else '−∞'}–"
                f"{self.maximum if self.maximum is not None else '∞'}"
            )
        if self.choices:
            parts.append(" | ".join(repr(c) for c in self.choices))
        if self.kind == "date":
            parts.append("YYYY-MM-DD")
        if self.nullable:
            parts.append("None")
        return ", ".join(parts) or "any"

    def check(self, value: Any, chapter: str) -> None:
        where = f"{chapter}: parameter {self.name!r}"
        if value is None:
            if self.nullable:
                return
            raise ParameterError(f"{where} must not be None (expected {self.kind})")
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "str": isinstance(value, str),
            "date": isinstance(value, str),
            "list[str]": isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value),
        }[self.kind]
        if not ok:
            raise ParameterError(f"{where} must be {self.kind}, got {type(value).__name__} {value!r}")
        if self.kind == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ParameterError(f"{where} must be a date YYYY-MM-DD, got {value!r}") from None
        if self.minimum is not None and value < self.minimum:
            raise ParameterError(f"{where} = {value!r} is below the minimum {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ParameterError(f"{where} = {value!r} is above the maximum {self.maximum}")
        if self.choices and self.kind == "list[str]":
            bad = [v for v in value if v not in self.choices]
            if bad or not value:
                raise ParameterError(
                    f"{where} = {value!r}: each item must be one of "
                    f"{', '.join(map(repr, self.choices))} (at least one)"
                )
        elif self.choices and value not in self.choices:
            raise ParameterError(f"{where} = {value!r} is not one of {', '.join(map(repr, self.choices))}")


def check(chapter: str, schema: list[Param], values: dict[str, Any]) -> dict[str, Any]:
    """Check every parameter of ``chapter`` found in ``values`` (e.g. ``globals()``) and the
    rules that tie parameters together; return the checked values."""
    found = {p.name: values[p.name] for p in schema if p.name in values}
    missing = [p.name for p in schema if p.name not in values]
    if missing:
        raise ParameterError(f"{chapter}: parameter(s) {', '.join(missing)} not set")
    for p in schema:
        p.check(found[p.name], chapter)
    start, end = found.get("start_year"), found.get("end_year")
    if start is not None and end is not None and start >= end:
        raise ParameterError(f"{chapter}: parameter 'start_year' ({start}) must be before 'end_year' ({end})")
    return found


def describe(chapter: str, schema: list[Param]) -> str:
    """A chapter's parameters as a plain-text table: name, type, default, allowed, meaning."""
    rows = [("parameter", "type", "default", "allowed", "meaning")]
    for p in schema:
        kind = f"{p.kind} [{p.unit}]" if p.unit else p.kind
        rows.append((p.name, kind, repr(p.default), p.allowed(), p.meaning))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{chapter}:"]
    for i, r in enumerate(rows):
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4])
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)
