"""Small formatting helpers for glued prose values."""
from __future__ import annotations

import calendar

import pandas as pd


WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]


def ordinal(n: int) -> str:
    """1 -> 'first' ... 9 -> 'ninth' (words, as a newsroom writes them), then 10 -> '10th',
    11 -> '11th', 23 -> '23rd'."""
    if 1 <= n <= len(WORDS):
        return WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ranked(n: int, superlative: str) -> str:
    """'largest' for the first, then 'second-largest', '12th-largest'."""
    return superlative if n == 1 else f"{ordinal(n)}-{superlative}"


def day(date) -> str:
    """A date as '10 September 2023'."""
    ts = pd.Timestamp(date)
    return f"{ts.day} {ts:%B %Y}"


def usd_billions(million: float, digits: int = 1) -> str:
    """Millions of dollars as '$123.5 billion'; below one billion as '$199 million', so
    that small values keep their precision."""
    if abs(million) < 1000:
        return f"${million:,.0f} million"
    return f"${million / 1000:,.{digits}f} billion"


def times(ratio: float) -> str:
    """A multiple with sensible precision: '4.5', '45', '686'."""
    return f"{ratio:,.1f}" if ratio < 10 else f"{ratio:,.0f}"


def percent(fraction: float, digits: int = 0) -> str:
    return f"{fraction * 100:.{digits}f}%"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 year', '3 years' ('no years' for zero)."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n} {word}" if n else f"no {word}"


def month(period: str) -> str:
    """'2026-08' -> 'August 2026'."""
    year, number = period.split("-")
    return f"{calendar.month_name[int(number)]} {int(year)}"


def share(fraction: float) -> str:
    """A share with one decimal, and 'less than 0.1%' rather than a misleading '0.0%'."""
    return "less than 0.1%" if 0 < fraction < 0.0005 else percent(fraction, 1)
