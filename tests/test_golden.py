"""Headline statements checked against independent documents (tests/golden/facts.csv).

Each row gives the value a document outside ``data/`` states (a Census release, a Federal
Register notice, a court opinion, a company release, a news report of the event), with the
quote that states it.  ``fact`` is a fact id (what a page prints) or
``data:<resource>/<row id or key>/<column>`` (a value the pages draw or compute from).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from usvn import data, facts
from usvn.chapters import claims
from usvn.facts import verdicts
from usvn.facts.kinds import Fact

GOLDEN = Path(__file__).parent / "golden" / "facts.csv"
CHAPTER_OF = {"tr": "trade_framework", "dip": "diplomatic_upgrade", "def": "defence_ties", "cl": "claims"}
ROWS = list(csv.DictReader(GOLDEN.open(encoding="utf-8")))
SCALE = {"billion": 1000.0, "million": 1.0}


@pytest.fixture(scope="module")
def computed():
    load = facts.cached(data.load)
    return {c: facts.compute(c, load) for c in CHAPTER_OF.values()}


def number_in(text: str) -> float:
    """The number a printed value states: '$178.3 billion' -> 178300 (USD million),
    '76%' -> 0.76, '1,244' -> 1244, 'fifth' is not a number (ValueError)."""
    match = re.search(r"(-?[\d,]+(?:\.\d+)?)\s*(%|billion|million)?", text)
    if not match:
        raise ValueError(f"no number in {text!r}")
    value = float(match.group(1).replace(",", ""))
    unit = match.group(2)
    return value / 100 if unit == "%" else value * SCALE.get(unit, 1.0)


def actual(ref: str, computed):
    if ref.startswith("data:"):
        resource, key, column = ref[5:].split("/")
        frame = data.load(resource)
        if "id" in frame.columns and (frame["id"] == key).any():
            row = data.row(frame, key)
            if column == "date" and "date_precision" in frame.columns:  # the row's own precision
                return Fact(
                    "date",
                    f"{pd.Timestamp(row['date']):%Y-%m-%d}"[
                        : {"day": 10, "month": 7, "year": 4}[row["date_precision"]]
                    ],
                    precision=row["date_precision"],
                )
            return row[column]
        pk = data.resource(resource)["schema"]["primaryKey"]
        assert len(pk) == 1, f"{ref}: give a row id for a resource keyed on {pk}"
        hits = frame[frame[pk[0]].astype(str) == key]
        assert len(hits) == 1, f"{ref}: {len(hits)} rows"
        return hits.iloc[0][column]
    chapter = CHAPTER_OF[ref.split("_", 1)[0]]
    assert ref in computed[chapter], f"{ref}: no such fact in {chapter}"
    return computed[chapter][ref]


def agrees(value, expected: str, tolerance: float) -> bool:
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", expected):  # a date at the document's precision
        iso = (
            value.value
            if isinstance(value, Fact) and value.kind == "date"
            else f"{pd.Timestamp(value):%Y-%m-%d}"
        )
        n = min(len(str(iso)), len(expected))  # compared at the coarser precision
        return str(iso)[:n] == expected[:n]
    try:
        target = float(expected)
    except ValueError:  # names
        shown = value.text() if isinstance(value, Fact) else str(value)
        want = [s.strip() for s in expected.split(";")]
        got = [s.strip() for s in re.split(r",| and ", shown)]
        return [s.casefold() for s in got] == [s.casefold() for s in want]
    if isinstance(value, Fact):
        number = value.number()
        number = number_in(value.text()) if number is None else number
    else:
        number = float(value)
    return abs(number - target) <= tolerance + 1e-9


def test_the_golden_file_is_broad_and_independent():
    assert len(ROWS) >= 80
    documents = {r["source_url"] for r in ROWS}
    assert len(documents) >= 30
    for r in ROWS:
        assert r["source_title"] and r["source_url"].startswith("http") and r["quote"], r["fact"]
        assert "raw.githubusercontent" not in r["source_url"] and "/blob/" not in r["source_url"]
    chapters = {CHAPTER_OF[r["fact"].split("_", 1)[0]] for r in ROWS if not r["fact"].startswith("data:")}
    assert {"trade_framework", "diplomatic_upgrade", "defence_ties"} <= chapters


def test_the_two_corrected_dates_are_pinned():
    pinned = {(r["fact"], r["expected"]) for r in ROWS}
    assert ("tr_301_date", "2020-10-02") in pinned and ("tr_boeing_date", "2026-02-18") in pinned


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{r['fact']}" for i, r in enumerate(ROWS)])
def test_the_book_agrees_with_the_document(row, computed):
    value = actual(row["fact"], computed)
    assert agrees(value, row["expected"], float(row["tolerance"] or 0)), (
        f"{row['fact']}: the book has {value!s}, {row['source_publisher']} "
        f'({row["source_date"]}) says {row["expected"]}: "{row["quote"][:160]}"'
    )


def test_a_wrong_date_would_be_caught():
    """The check is not vacuous: the dates the book printed before December 2026 fail it."""
    assert not agrees(Fact("date", "2018-07-06", precision="day"), "2020-10-02", 0)
    assert not agrees(Fact("date", "2023-09-11", precision="day"), "2026-02-18", 0)
    assert not agrees(Fact("money", 178_300.0, "USD million"), "123500", 400)


VERDICTS = list(csv.DictReader((GOLDEN.parent / "verdicts.csv").open(encoding="utf-8")))


def test_every_claim_s_verdict_is_pinned_with_its_reason():

    load = facts.cached(data.load)
    claims.register_checks()  # every registered chapter's checks
    judged = verdicts.judge(load("seed_claims"), load).set_index("id")["verdict"].to_dict()
    pinned = {r["claim"]: r["verdict"] for r in VERDICTS}
    assert pinned == judged
    for r in VERDICTS:
        assert r["reason"], r["claim"]
        assert bool(r["source_url"]) == bool(r["quote"]), r["claim"]
