"""Independently published figures set against the Census Bureau's values (the cross-checks table)."""

from __future__ import annotations

from .census import Census, fmt, partner_annual


def crosschecks(census: Census, published: list[dict]) -> list[dict]:
    """Each independently published figure beside the Census value for the same partner,
    year and flow: the difference, the tolerance (half the figure's rounding unit plus 1%
    of the Census value, for later revisions) and whether the two agree."""
    values = {(str(r["year"]), r["code"]): r for r in partner_annual(census)}
    out = []
    for fig in published:
        row = values.get((fig["year"], fig["code"]))
        census_value = float(row[f"{fig['flow']}_usd_m"]) if row else None
        value = float(fig["value_usd_m"])
        tolerance = float(fig["rounding_usd_m"]) / 2 + (
            0.01 * abs(census_value) if census_value is not None else 0
        )
        diff = None if census_value is None else round(value - census_value, 1)
        out.append(
            {
                "id": fig["id"],
                "year": fig["year"],
                "code": fig["code"],
                "flow": fig["flow"],
                "published_usd_m": fmt(value),
                "census_usd_m": fmt(census_value),
                "difference_usd_m": fmt(diff),
                "tolerance_usd_m": fmt(round(tolerance, 1)),
                "agrees": "" if diff is None else ("true" if abs(diff) <= tolerance else "false"),
                "census_vintage": row["vintage"] if row else "",
                "note": fig.get("note", ""),
                "source": fig["source"],
            }
        )
    return out
