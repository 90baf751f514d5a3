"""Typed facts: a value with its kind and unit, formatted once, by kind, when printed.

A :class:`Fact` is what a chapter states: ``Fact("money", 178_300.0, "USD million")`` prints
as "$178.3 billion", ``Fact("date", "2020-10-02", precision="day")`` as "2 October 2020".
The one formatter is :func:`render`; the constructors below (``money``, ``share``,
``date``…) are the only way chapters make numbers and dates for the prose, so every printed
value keeps its machine-readable value, kind and unit for the facts export
(``facts.json``) and the golden checks.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

KINDS = (
    "money",
    "share",
    "points",
    "multiple",
    "number",
    "integer",
    "count",
    "quantity",
    "ordinal",
    "rank",
    "date",
    "year",
    "list",
    "text",
    "markdown",
)
WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
PRECISIONS = ("day", "month", "year")
MISSING = "—"  # printed for a value the data do not have


@dataclass(frozen=True, eq=False)
class Fact:
    """A stated value. ``value`` is machine-readable: money in ``unit`` (USD million by
    default), shares as fractions, dates as ISO text at their ``precision``, lists as
    tuples of text. ``noun`` words a count ("year"/"years") or a rank ("largest");
    ``digits`` the decimals printed."""

    kind: str
    value: Any
    unit: str = ""
    precision: str = ""
    digits: int | None = None
    noun: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}; kinds: {', '.join(KINDS)}")
        if self.kind == "date" and self.precision not in PRECISIONS:
            raise ValueError(f"a date needs a precision ({', '.join(PRECISIONS)})")

    def text(self) -> str:
        return render(self)

    def __str__(self) -> str:
        return render(self)

    def __format__(self, spec: str) -> str:
        return format(render(self), spec)

    def __repr__(self) -> str:
        return f"Fact({self.kind}, {self.value!r}{', ' + self.unit if self.unit else ''})"

    def __eq__(self, other) -> bool:  # a fact equals the text it prints, or the same fact
        if isinstance(other, str):
            return render(self) == other
        if isinstance(other, Fact):
            return (self.kind, self.value, self.unit) == (other.kind, other.value, other.unit)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(render(self))

    def number(self) -> float | None:
        """The value as a number where it is one (money, shares, counts, years…)."""
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            return None
        return float(self.value)


def _ordinal(n: int) -> str:
    if 1 <= n <= len(WORDS):
        return WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(items) -> str:
    items = [str(i) for i in items]
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def render(fact: Fact) -> str:
    """The one formatter: the text a reader sees for ``fact``, by its kind."""
    k, v = fact.kind, fact.value
    if v is None:
        return MISSING
    if k == "money":
        if abs(v) < 1000:
            return f"${v:,.0f} million"
        return f"${v / 1000:,.{1 if fact.digits is None else fact.digits}f} billion"
    if k == "share":
        digits = 0 if fact.digits is None else fact.digits
        if digits == 1 and 0 < v < 0.0005:
            return "less than 0.1%"
        return f"{v * 100:.{digits}f}%"
    if k == "points":
        return f"{v * 100:.{1 if fact.digits is None else fact.digits}f} percentage points"
    if k == "multiple":
        return f"{v:,.1f}" if v < 10 else f"{v:,.0f}"
    if k == "number":
        return f"{v:,.{fact.digits}f}" if fact.digits is not None else str(v)
    if k == "integer":
        return f"{v:,}" if fact.digits == 0 else str(v)
    if k in ("count", "quantity"):
        singular, plural = (fact.noun + (None, None))[:2] if fact.noun else (None, None)
        if singular is None:
            return f"{v:,}" if v else "none"
        word = singular if v == 1 else (plural or singular + "s")
        return f"{v:,} {word}" if v else f"no {word}"
    if k == "ordinal":
        return _ordinal(int(v))
    if k == "rank":
        superlative = fact.noun[0] if fact.noun else "largest"
        return superlative if v == 1 else f"{_ordinal(int(v))}-{superlative}"
    if k == "date":
        ts = pd.Timestamp(v)
        if fact.precision == "year":
            return str(ts.year)
        if fact.precision == "month":
            return f"{calendar.month_name[ts.month]} {ts.year}"
        return f"{ts.day} {ts:%B %Y}"
    if k == "year":
        return str(int(v))
    if k == "list":
        return ", ".join(str(i) for i in v) if fact.noun == ("comma",) else _join(v)
    return str(v)  # text, markdown


# ------------------------------------------------------------------ constructors


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def money(million: float, digits: int = 1, unit: str = "USD million") -> Fact:
    """Millions of dollars: '$123.5 billion'; below one billion '$199 million'."""
    return Fact("money", _float(million), unit, digits=digits)


def share(fraction: float, digits: int = 1) -> Fact:
    """A share with one decimal ('less than 0.1%' rather than a misleading '0.0%')."""
    return Fact("share", _float(fraction), "fraction", digits=digits)


def percent(fraction: float, digits: int = 0) -> Fact:
    """A share or rate printed as a whole percentage by default: '20%'."""
    return Fact("share", _float(fraction), "fraction", digits=digits)


def points(fraction: float, digits: int = 1) -> Fact:
    """A change between two rates: 0.049 -> '4.9 percentage points'."""
    return Fact("points", _float(fraction), "percentage points", digits=digits)


def statutory(fraction: float) -> Fact:
    """A rate set by law or order, printed with as many decimals as it has (up to two):
    '20%', '12.5%'; never rounded to a rate no text set."""
    value = _float(fraction)
    if value is None:
        return percent(fraction)
    pct = value * 100
    digits = next(d for d in (0, 1, 2) if abs(round(pct, d) - pct) < 1e-9 or d == 2)
    return Fact("share", _float(fraction), "fraction", digits=digits)


def multiple(ratio: float) -> Fact:
    """How many times larger: '4.5', '45', '686'."""
    return Fact("multiple", float(ratio), "times")


def number(value: float, digits: int | None = None, unit: str = "") -> Fact:
    return Fact("number", float(value), unit, digits=digits)


def integer(value: int, unit: str = "", grouped: bool = False) -> Fact:
    """A whole number that is not a count of table rows (a measured total, a TIV value)."""
    return Fact("integer", int(value), unit, digits=0 if grouped else None)


def ordinal(n: int) -> Fact:
    """1 -> 'first' … 9 -> 'ninth', then '10th', '11th', '23rd'."""
    return Fact("ordinal", int(n), "rank")


def ranked(n: int, superlative: str) -> Fact:
    """'largest' for the first, then 'second-largest', '12th-largest'."""
    return Fact("rank", int(n), "rank", noun=(superlative,))


def date(when, precision: str = "day") -> Fact:
    """A date at its precision: '10 September 2023', 'September 2011', '2016'."""
    ts = pd.Timestamp(when)
    iso = {"day": f"{ts:%Y-%m-%d}", "month": f"{ts:%Y-%m}", "year": f"{ts:%Y}"}[precision]
    return Fact("date", iso, precision=precision)


def day(when) -> Fact:
    return date(when, "day")


def month(period: str) -> Fact:
    """'2026-08' -> 'August 2026'."""
    return date(f"{period}-01", "month")


def year(value: int) -> Fact:
    return Fact("year", int(value), "year")


def items(values, joined: str = "and") -> Fact:
    """A list joined as a person writes it ('A, B and C'; 'none' when empty), or with
    commas only (``joined='comma'``)."""
    return Fact("list", tuple(str(v) for v in values), noun=(joined,) if joined == "comma" else ())


def words(value: str) -> Fact:
    return Fact("text", str(value))


def markdown(value: str) -> Fact:
    return Fact("markdown", str(value))


def as_fact(value: Any) -> Fact:
    """A chapter's value as a fact: plain text and numbers get the kinds ``text``,
    ``integer`` and ``number`` (printed as before)."""
    if isinstance(value, Fact):
        return value
    if isinstance(value, bool):
        raise TypeError("a fact cannot be a bool; state it in words")
    if isinstance(value, str):
        return Fact("text", value)
    if isinstance(value, int):
        return Fact("integer", value)
    if isinstance(value, float):
        return Fact("number", value)
    raise TypeError(f"a fact must be a Fact, str, int or float, got {type(value).__name__}")


usd_billions = money  # the name the chapters use for dollar amounts
times = multiple


def count(n: int, singular: str, plural: str | None = None) -> Fact:
    """'1 year', '3 years' ('no years' for zero): a count of things that are not rows of a
    curated table (years of a series, differences found); counts of a table's rows go
    through ``Facts.count``, which checks that the table is declared complete."""
    return Fact("quantity", int(n), "", noun=(singular,) + ((plural,) if plural else ()))


def cell(value, empty: str = "—", limit: int | None = None) -> str:
    """``value`` as text safe inside one Markdown table cell: whitespace (line breaks
    included) collapsed, pipes escaped, ``empty`` for a missing value, cut to ``limit``
    characters with an ellipsis where given.  The one escaper every generated table uses."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value == "":
        return empty
    out = " ".join(str(value).split())
    if limit is not None and len(out) > limit:
        out = out[: limit - 3] + "…"
    return out.replace("|", "\\|")
