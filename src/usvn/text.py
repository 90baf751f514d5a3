"""The prose's value constructors (see :mod:`usvn.facts.kinds`): each returns a typed
:class:`~usvn.facts.kinds.Fact` that prints as the text a newsroom would write."""
from __future__ import annotations

from .facts.kinds import (Fact, date, day, integer, items, markdown, money, month, multiple,
                          number, ordinal, percent, ranked, share, words, year)

__all__ = ["Fact", "count", "date", "day", "integer", "items", "markdown", "money", "month",
           "multiple", "number", "ordinal", "percent", "ranked", "share", "times",
           "usd_billions", "words", "year"]

usd_billions = money
times = multiple


def count(n: int, singular: str, plural: str | None = None) -> Fact:
    """'1 year', '3 years' ('no years' for zero): a count of things that are not rows of a
    curated table (years of a series, differences found); counts of a table's rows go
    through ``Facts.count``, which checks that the table is declared complete."""
    return Fact("quantity", int(n), "", noun=(singular,) + ((plural,) if plural else ()))
