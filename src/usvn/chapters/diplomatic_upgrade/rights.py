"""The diplomacy chapter's facts and figure on Việt Nam's tier in the State Department's
Trafficking in Persons Reports (``vn_trafficking_tiers``, declared complete 2001-2024)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette
from ...facts import kinds as text

TIERS = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]  # best to worst


def trafficking(f, load, date) -> None:
    tiers = load("vn_trafficking_tiers")
    tiers = tiers[tiers["report_year"] <= date.year].sort_values("report_year")
    watch = tiers[tiers["tier"] == "Tier 2 Watch List"]
    worst = tiers[tiers["tier"] == "Tier 3"]
    last = tiers.iloc[-1]
    f.count("dip_tip_n_reports", tiers, "vn_trafficking_tiers")
    f.count("dip_tip_n_watch", watch, "vn_trafficking_tiers")
    f.count("dip_tip_n_tier3", worst, "vn_trafficking_tiers")
    f.using("vn_trafficking_tiers", frame=tiers)
    f.update(
        dip_tip_first_year=text.year(tiers["report_year"].min()),
        dip_tip_last_year=text.year(last["report_year"]),
        dip_tip_last_tier=last["tier"],
        dip_tip_tier3_years=text.items([str(y) for y in worst["report_year"]]),
        dip_tip_watch_years=text.items([str(y) for y in watch["report_year"]]),
        dip_tip_never_tier1=("never" if not (tiers["tier"] == "Tier 1").any() else "in some years"),
    )
    f.frames.update(
        tiers=tiers,
        tiers_title=(
            f"Việt Nam's tier in the US Trafficking in Persons Report, "
            f"{int(tiers['report_year'].min())}–{int(last['report_year'])}"
        ),
    )


def tier_chart(tiers: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """One mark per report year on an ordered tier axis (best at the top)."""
    frame = tiers[["report_year", "tier", "basis"]].copy()
    frame["year"] = pd.to_datetime(frame["report_year"].astype(int).astype(str) + "-07-01")
    base = alt.Chart(frame).encode(
        x=charts.date_x("year", title="Report year"),
        y=alt.Y("tier:O", title=None, sort=TIERS, scale=alt.Scale(domain=TIERS)),
    )
    line = base.mark_line(interpolate="step-after", color=palette.GREY, strokeWidth=1)
    marks = base.mark_point(filled=True, size=70, color=palette.of("Việt Nam")).encode(
        tooltip=[
            alt.Tooltip("report_year:O", title="Report"),
            alt.Tooltip("tier:N", title="Tier"),
            alt.Tooltip("basis:N", title="Read in"),
        ]
    )
    return charts.finish(
        (line + marks).properties(width=charts.WIDTH, height=170),
        title=title,
        source=source,
        subtitle="Tier 1 is the best placement and Tier 3 the worst",
        alt_text=(
            "Step chart of Vietnam's Trafficking in Persons tier by report year, "
            + "; ".join(f"{int(y)}: {t}" for y, t in zip(frame["report_year"], frame["tier"]))
            + "."
        ),
    )
