"""The source reports' diplomacy claims, judged against the data."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts.verdicts import NOT, SUPPORTED, Loader, Verdict, check, day_text
from .. import record
from . import analysis as diplomacy
from .analysis import VN_NORMALIZATION

# ----------------------------------------------------------------------------- diplomacy


@check
def top_tier_before_us(expected: str, load: Loader) -> Verdict:
    """The top tier on the day before the US upgrade is exactly the claimed list."""
    network = load("vn_partnerships")
    day_before = record.us_top_date(load) - pd.Timedelta(days=1)
    actual = diplomacy.partners_at(network, diplomacy.TOP, day_before)
    cmp = diplomacy.compare_sets(expected.split(";"), actual)
    result = f"On {day_text(day_before)} the top tier held: {', '.join(actual)}."
    if cmp["missing"]:
        result += f" Not in the claim: {', '.join(cmp['missing'])}."
    if cmp["extra"]:
        result += f" In the claim but not in the data: {', '.join(cmp['extra'])}."
    wide = diplomacy.ladder(network)
    evidence = [
        {"Partner": p, "Comprehensive strategic partner since": day_text(wide.loc[p, diplomacy.TOP])}
        for p in actual
    ]
    return Verdict(cmp["verdict"], result, "vn_partnerships", evidence)


@check
def relations_since(expected: str, load: Loader) -> Verdict:
    """Diplomatic relations were established in the claimed year (both countries' dates)."""
    network = load("vn_partnerships")
    row = network[(network["partner"] == "United States") & (network["level"] == "diplomatic_relations")]
    date = pd.Timestamp(row["date"].iloc[0])
    vn = data.row(load("us_vn_timeline"), VN_NORMALIZATION)
    evidence = [
        {"Side": "United States (announcement in Washington)", "Date": day_text(date)},
        {"Side": "Việt Nam (announcement in Hanoi)", "Date": day_text(vn["date"])},
    ]
    verdict = SUPPORTED if date.year == int(expected) else NOT
    return Verdict(
        verdict,
        f"Relations were established on {day_text(date)} (US date); Việt Nam "
        f"marks its own announcement, made the next day in Hanoi.",
        "vn_partnerships;us_vn_timeline",
        evidence,
    )
