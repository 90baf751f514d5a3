"""The trade chapter's figures: one function per figure, data in, finished Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette
from ...charts.common import at_precision, note_chart  # noqa: F401


def trade_flows(
    long: pd.DataFrame,
    *,
    title: str,
    source: str,
    unit: str,
    subtitle: str | None = None,
    marks: pd.DataFrame | None = None,
) -> alt.TopLevelMixin:
    """Two panels by year: US exports to and imports from Vietnam on a log scale (they span
    three orders of magnitude), and the balance on a linear scale.  Missing years break
    the lines (never drawn across)."""
    years = list(range(int(long["year"].min()), int(long["year"].max()) + 1, 5))
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", values=years),
        scale=alt.Scale(domain=[int(long["year"].min()), int(long["year"].max())], zero=False, nice=False),
    )
    tooltip = [
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("usd_m:Q", title=unit, format=",.0f"),
    ]
    flows = long[long["series"] != BALANCE]
    top = (
        alt.Chart(flows)
        .mark_line(point=alt.OverlayMarkDef(size=16), invalid="break-paths-show-domains")
        .encode(
            x=x,
            y=alt.Y(
                "usd_m:Q",
                title=f"{unit.replace('million US dollars', 'US dollars')}, log scale",
                scale=alt.Scale(type="log"),
                axis=charts.money_axis(values=[10**k for k in range(0, 8)]),
            ),
            color=alt.Color("series:N", title=None, scale=palette.scale(FLOWS, FLOWS)),
            tooltip=tooltip,
        )
        .properties(width=charts.WIDTH, height=220)
    )
    bottom = (
        alt.Chart(long[long["series"] == BALANCE])
        .mark_area(color=palette.of("balance"), opacity=0.7, line=True)
        .encode(
            x=x,
            y=alt.Y(
                "usd_m:Q",
                title=f"US balance, {unit.replace('million US dollars', 'US dollars')}",
                axis=charts.money_axis(tickCount=4),
            ),
            tooltip=tooltip,
        )
        .properties(width=charts.WIDTH, height=120)
    )
    if marks is not None and not marks.empty:  # dated milestones as labelled rules
        frame = marks[["year", "label"]].sort_values("year").reset_index(drop=True)
        rule = alt.Chart(frame).encode(x=x).mark_rule(color="#999999", strokeDash=[3, 3])
        last = int(long["year"].max())
        labels = []
        for i, mark in frame.iterrows():  # one label a layer, in three staggered rows;
            near_end = mark["year"] > last - 4  # labels by the right edge read leftwards
            labels.append(
                alt.Chart(frame.iloc[[i]])
                .encode(x=x)
                .mark_text(
                    align="right" if near_end else "left",
                    dx=-3 if near_end else 3,
                    y=4 + 12 * (i % 3),
                    baseline="top",
                    fontSize=10,
                    color="#555555",
                )
                .encode(text="label:N")
            )
        top = alt.layer(rule, *labels, top)
        bottom = rule + bottom
    chart = alt.vconcat(top, bottom, spacing=8).resolve_scale(color="independent")
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=subtitle,
        alt_text=(
            "Two panels by year. Top: US exports of goods to Vietnam "
            "and US imports from Vietnam on a logarithmic scale. Bottom: "
            f"the US balance (exports minus imports), in {unit}."
        ),
    )


BALANCE = "US balance (exports − imports)"
FLOWS = {"US exports to Vietnam": "exports", "US imports from Vietnam": "imports"}


def deficit_rank(ranked: pd.DataFrame, highlight: str, *, title: str, source: str) -> alt.TopLevelMixin:
    """Bars of the US goods balance with each partner, deficits first; one partner marked."""
    frame = ranked[["rank", "partner", "balance_usd_m"]].assign(highlighted=ranked["partner"] == highlight)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("balance_usd_m:Q", title="US goods balance, US dollars", axis=charts.money_axis()),
            y=alt.Y("partner:N", sort=alt.SortField("rank"), title=None),
            color=alt.Color(
                "highlighted:N",
                legend=None,
                scale=palette.scale([False, True], {False: "others", True: "highlighted"}),
            ),
            tooltip=[
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("rank:Q", title="Deficit rank"),
                alt.Tooltip("balance_usd_m:Q", title="Balance ($ m)", format=",.0f"),
            ],
        )
    )
    return charts.finish(
        bars,
        title=title,
        source=source,
        alt_text=(
            "Horizontal bars of the US goods balance with each listed "
            "partner, largest deficit at the top; " + highlight + " is highlighted."
        ),
    )


def composition(comp: pd.DataFrame, *, title: str, source: str, measure: str) -> alt.TopLevelMixin:
    """Horizontal bars: each product group's share of the total, largest first, the
    residual group last; one panel per year."""
    frame = comp[["year", "product_group", "value_usd_m", "share"]].copy()
    rest = comp["product_code"] == "OTHER"
    order = (
        frame[~rest].groupby("product_group")["share"].max().sort_values(ascending=False).index.tolist()
        + frame[rest]["product_group"].unique().tolist()
    )
    base = alt.Chart(frame).encode(
        y=alt.Y("product_group:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("share:Q", title=measure, axis=alt.Axis(format=".0%")),
        tooltip=[
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("product_group:N", title="Group"),
            alt.Tooltip("value_usd_m:Q", title="$ million", format=",.0f"),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
        ],
    )
    bars = base.mark_bar(color=palette.of("Việt Nam")) + base.mark_text(align="left", dx=3).encode(
        text=alt.Text("share:Q", format=".0%")
    )
    chart = (
        bars.properties(width=360).facet(row=alt.Row("year:O", title=None))
        if frame["year"].nunique() > 1
        else bars.properties(width=360)
    )
    return charts.finish(
        chart,
        title=title,
        source=source,
        alt_text=(f"Horizontal bars, one per product group, showing each group's share: {measure.lower()}."),
    )


def mirror(pairs: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """US-reported imports from Vietnam beside Vietnam-reported exports to the US."""
    long = pairs.melt(
        id_vars="year", value_vars=["us_reported", "vn_reported"], var_name="reporter", value_name="usd_m"
    )
    long["reporter"] = long["reporter"].map(
        {
            "us_reported": "US imports from Vietnam (US Census)",
            "vn_reported": "Vietnam's exports to the US (Vietnam customs)",
        }
    )
    reporters = {
        "US imports from Vietnam (US Census)": "imports",
        "Vietnam's exports to the US (Vietnam customs)": "imports, Việt Nam customs",
    }
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", values=sorted(pairs["year"].unique().tolist()), labelAngle=-45),
        scale=alt.Scale(zero=False, nice=False, padding=10),
    )
    gap = (  # each year's two figures joined by a rule: years apart are drawn apart
        alt.Chart(pairs)
        .mark_rule(color="#999999", strokeWidth=2)
        .encode(x=x, y=alt.Y("us_reported:Q"), y2="vn_reported:Q")
    )
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            x=x,
            y=alt.Y("usd_m:Q", title="US dollars", axis=charts.money_axis()),
            color=alt.Color("reporter:N", title=None, scale=palette.scale(reporters, reporters)),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("reporter:N", title="Reported by"),
                alt.Tooltip("usd_m:Q", title="$ million", format=",.0f"),
            ],
        )
    )
    return charts.finish(
        (gap + dots).properties(width=charts.WIDTH),
        title=title,
        source=source,
        alt_text=(
            "Pairs of points per year comparing the value of goods the US "
            "records importing from Vietnam with the value Vietnam "
            "records exporting to the US, joined by a rule."
        ),
    )


def import_shares(shares: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Lines: each partner's share of US goods imports by year."""
    frame = shares[["year", "partner", "share", "imports_usd_m"]]
    lines = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)),
            y=alt.Y("share:Q", title="Share of US goods imports", axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "partner:N",
                title=None,
                scale=palette.scale(list(dict.fromkeys(frame["partner"])), open_set=True),
            ),
            tooltip=[
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
                alt.Tooltip("imports_usd_m:Q", title="$ million", format=",.0f"),
            ],
        )
        .properties(width=charts.WIDTH)
    )
    return charts.finish(
        lines,
        title=title,
        source=source,
        alt_text=(
            "Line chart by year of each partner's share of all US goods "
            "imports: "
            + ", ".join(sorted(frame["partner"].unique()))
            + ". The Census Bureau records imports by country of origin, "
            "where goods were made or last substantially transformed."
        ),
    )
