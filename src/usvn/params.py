"""Chapter parameters: one schema per chapter, used to check values in the notebooks
(before anything is computed) and to document them (``usvn params``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


class ParameterError(ValueError):
    """A parameter value breaks its rule; the message names the parameter and the rule."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str                      # "int", "float", "bool", "str", "date", "list[str]"
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
            parts.append(f"{self.minimum if self.minimum is not None else '−∞'}–"
                         f"{self.maximum if self.maximum is not None else '∞'}")
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
                raise ParameterError(f"{where} = {value!r}: each item must be one of "
                                     f"{', '.join(map(repr, self.choices))} (at least one)")
        elif self.choices and value not in self.choices:
            raise ParameterError(f"{where} = {value!r} is not one of {', '.join(map(repr, self.choices))}")


SCHEMAS: dict[str, list[Param]] = {
    "diplomatic_upgrade": [
        Param("as_of", "date", None, "cut-off date for every count, chart and sentence; "
              "None = the latest date in the data", nullable=True),
        Param("highlight", "list[str]", ["United States", "China"],
              "partners emphasised in the charts, spelled as in data/vn_partnerships.csv"),
        Param("levels", "list[str]", ["comprehensive", "strategic", "comprehensive_strategic"],
              "partnership levels shown in the ladder chart",
              choices=("diplomatic_relations", "comprehensive", "strategic",
                       "comprehensive_strategic")),
        Param("aid_measure", "str", "obligations", "US assistance shown as obligations (money "
              "committed) or disbursements (money paid out)",
              choices=("obligations", "disbursements")),
        Param("aid_dollars", "str", "constant", "US assistance in constant 2022 dollars (as "
              "ForeignAssistance.gov computes them) or current dollars",
              choices=("constant", "current")),
    ],
    "trade_framework": [
        Param("start_year", "int", 1995, "first year shown", 1995, 2025, unit="year"),
        Param("end_year", "int", 2025, "last year shown; after start_year", 1995, 2025,
              unit="year"),
        Param("rank_year", "int", 2025, "year in which partners are ranked", 1995, 2025,
              unit="year"),
        Param("partners", "list[str]", ["VNM", "CHN", "MEX"], "partners whose shares of US "
              "imports are compared (ISO3 codes as in data/us_trade_by_partner.csv)"),
        Param("real_dollars", "bool", False, "express values in constant base_year dollars "
              "(BLS CPI-U annual average)"),
        Param("base_year", "int", 2024, "price base for real dollars", 1995, 2025, unit="year"),
        Param("scenario_year", "int", 2024, "year whose imports the what-if starts from",
              1995, 2025, unit="year"),
        Param("tariff_rate", "float", 0.2, "additional US tariff on goods from Vietnam in the "
              "what-if", 0, 1, unit="fraction"),
        Param("exempt_share", "float", 0.0, "share of the import bill entering at a zero rate",
              0, 1, unit="fraction"),
        Param("transshipment_rate", "float", 0.4, "rate on goods judged transshipped", 0, 1,
              unit="fraction"),
        Param("transshipment_share", "float", 0.0, "share of the dutiable bill judged "
              "transshipped", 0, 1, unit="fraction"),
        Param("elasticity", "float", 1.4, "import response to the tariff-inclusive price "
              "(magnitude); default: the short-run estimate in data/trade_elasticities.csv",
              0, 10),
    ],
    "defence_ties": [
        Param("start_year", "int", 1995, "first delivery year counted; None = first in the data",
              1950, 2030, nullable=True, unit="year"),
        Param("end_year", "int", None, "last delivery year counted; None = the last year of "
              "the SIPRI release", 1950, 2030, nullable=True, unit="year"),
        Param("window", "int", 5, "years per aggregation period", 1, 20, unit="years"),
        Param("min_tiv", "float", 100.0, "periods whose deliveries total less than this are "
              "flagged and left out of the share and concentration findings", 0, 10000,
              unit="TIV million"),
        Param("top_n", "int", 4, "suppliers named before the rest are grouped as 'Others'", 1, 10),
        Param("highlight", "list[str]", ["Russia", "United States"], "suppliers whose shares "
              "are followed period by period, spelled as SIPRI does"),
        Param("measure", "str", "tiv", "bar height: SIPRI TIV or share of each period",
              choices=("tiv", "share")),
        Param("spending_basis", "str", "constant", "military spending shown in constant 2023 "
              "US dollars, current US dollars or as a share of GDP",
              choices=("constant", "current", "share_of_gdp")),
    ],
}


def schema(chapter: str) -> list[Param]:
    if chapter not in SCHEMAS:
        raise ParameterError(f"unknown chapter {chapter!r}; chapters: {', '.join(SCHEMAS)}")
    return SCHEMAS[chapter]


def check(chapter: str, values: dict[str, Any]) -> dict[str, Any]:
    """Check every parameter of ``chapter`` found in ``values`` (e.g. ``globals()``) and the
    rules that tie parameters together; return the checked values."""
    found = {p.name: values[p.name] for p in schema(chapter) if p.name in values}
    missing = [p.name for p in schema(chapter) if p.name not in values]
    if missing:
        raise ParameterError(f"{chapter}: parameter(s) {', '.join(missing)} not set")
    for p in schema(chapter):
        p.check(found[p.name], chapter)
    start, end = found.get("start_year"), found.get("end_year")
    if start is not None and end is not None and start >= end:
        raise ParameterError(f"{chapter}: parameter 'start_year' ({start}) must be before "
                             f"'end_year' ({end})")
    return found


def describe(chapter: str) -> str:
    """A chapter's parameters as a plain-text table: name, type, default, allowed, meaning."""
    rows = [("parameter", "type", "default", "allowed", "meaning")]
    for p in schema(chapter):
        kind = f"{p.kind} [{p.unit}]" if p.unit else p.kind
        rows.append((p.name, kind, repr(p.default), p.allowed(), p.meaning))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{chapter}:"]
    for i, r in enumerate(rows):
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4])
        if i == 0:
            lines.append("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)
