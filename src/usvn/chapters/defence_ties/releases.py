"""What SIPRI's later release changes in the US record (``sipri_release_changes``)."""

from __future__ import annotations

import pandas as pd

from ...facts import kinds as text

SUPPLIER = "United States"


def _years(cell) -> str:
    years = [] if pd.isna(cell) else [y for y in str(cell).split(";") if y]
    if not years:
        return "no year"
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _phrase(r) -> str | None:
    name = f"{r.designation} (ordered {r.order_year})"
    if r.change == "dropped":
        return f"drops the {name}, which the earlier release had as {int(r.earlier_delivered)} delivered in {_years(r.earlier_years)}"
    if r.change == "added":
        when = (
            f"delivered in {_years(r.later_years)}"
            if pd.notna(r.later_delivered) and r.later_delivered
            else "not yet delivered"
        )
        return f"adds the {name}, {when}"
    if r.change in ("more delivered", "fewer delivered"):
        return (
            f"counts {int(r.later_delivered)} {r.designation} delivered over {_years(r.later_years)}, "
            f"where the earlier release had {int(r.earlier_delivered)} in {_years(r.earlier_years)}"
        )
    if r.change == "years revised":
        return f"moves the {name} deliveries to {_years(r.later_years)}"
    return None


def release_facts(f, load) -> None:
    """One sentence on how the May 2026 register revises the US deals to Việt Nam."""
    rows = load("sipri_release_changes")
    us = rows[rows["supplier"] == SUPPLIER].sort_values(["order_year", "designation"])
    phrases = [p for p in (_phrase(r) for r in us.itertuples()) if p]
    f.using("sipri_release_changes")
    f["def_release_changes"] = text.words("; ".join(phrases) if phrases else "changes none of the US deals")
