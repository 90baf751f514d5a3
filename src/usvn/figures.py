"""The book's figures: one function per figure, data in, finished Altair chart out."""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts


def top_tier_count(steps: pd.DataFrame, highlight_dates: pd.DataFrame, *, title: str,
                   source: str) -> alt.Chart:
    """Step line of the number of top-tier partners, highlighted partners labelled."""
    line = alt.Chart(steps).mark_line(interpolate="step-after", point=True).encode(
        x=charts.date_x("date", title=None),
        y=alt.Y("count:Q", title="Comprehensive strategic partners"),
        tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("count:Q", title="Partners")],
    )
    labels = alt.Chart(highlight_dates).mark_text(align="left", dx=6, dy=-8).encode(
        x=charts.date_x("date"), y="count:Q", text="partner:N")
    return charts.finish(line + labels, title=title, source=source,
                         alt_text=("Step chart of the number of Vietnam's comprehensive strategic "
                                   "partners over time; labelled points mark: "
                                   + ", ".join(highlight_dates["partner"]) + "."))


def years_to_top(years: pd.DataFrame, highlight: list[str], *, title: str,
                 source: str) -> alt.Chart:
    """Sorted bars: years from diplomatic relations to the top tier, highlighted partners
    in the accent colour."""
    frame = years.assign(highlighted=years["partner"].isin(highlight))
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("years:Q", title="Years from diplomatic relations to comprehensive strategic partnership"),
        y=alt.Y("partner:N", sort="x", title=None),
        color=alt.Color("highlighted:N", legend=None,
                        scale=alt.Scale(domain=[False, True], range=["#BBBBBB", charts.PALETTE[0]])),
        tooltip=[alt.Tooltip("partner:N", title="Partner"),
                 charts.date_tooltip("relations", "Diplomatic relations"),
                 charts.date_tooltip("top", "Comprehensive strategic partner"),
                 alt.Tooltip("years:Q", title="Years", format=".1f")],
    )
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Horizontal bars, one per partner, sorted by the years it took "
                                   "to go from diplomatic relations to comprehensive strategic "
                                   "partnership; highlighted: " + ", ".join(highlight) + "."))


def trade_flows(long: pd.DataFrame, *, title: str, source: str, unit: str,
                subtitle: str | None = None) -> alt.Chart:
    """Lines of US exports to and imports from Vietnam, and the balance, by year.
    Missing years break the lines (never drawn across) and get no point."""
    lines = alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=20),
                                      invalid="break-paths-show-domains").encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, values=list(
            range(int(long["year"].min()), int(long["year"].max()) + 1, 5)))),
        y=alt.Y("usd_m:Q", title=unit, axis=alt.Axis(format=",.0f")),
        color=alt.Color("series:N", title=None),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("usd_m:Q", title=unit, format=",.0f")],
    )
    return charts.finish(lines, title=title, source=source, subtitle=subtitle,
                         alt_text=("Line chart by year of US exports of goods to Vietnam, US "
                                   "imports from Vietnam and the US balance (exports minus "
                                   f"imports), in {unit}."))


def supplier_windows(windows: pd.DataFrame, *, title: str, source: str,
                     measure: str = "tiv_m") -> alt.Chart:
    """Stacked bars of arms deliveries to Vietnam by supplier and period."""
    label = "Share of deliveries" if measure == "share" else "TIV (millions)"
    bars = alt.Chart(windows).mark_bar().encode(
        x=alt.X("window:N", title=None, sort=alt.SortField("window_start"),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{measure}:Q", title=label, stack="zero",
                axis=alt.Axis(format=".0%" if measure == "share" else ",.0f")),
        color=alt.Color("supplier:N", title="Supplier"),
        tooltip=[alt.Tooltip("window:N", title="Period"), alt.Tooltip("supplier:N", title="Supplier"),
                 alt.Tooltip("tiv_m:Q", title="TIV (millions)", format=",.0f"),
                 alt.Tooltip("share:Q", title="Share", format=".1%")],
    )
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Stacked bars, one per period, of Vietnam's imports of major "
                                   "arms by supplier in SIPRI trend-indicator values."))


def tariff_actions(actions: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Dated US tariff actions of 2025 affecting Vietnam: additional rate by date."""
    frame = actions.dropna(subset=["rate"])[["date", "rate", "instrument", "scope"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    base = alt.Chart(frame).encode(
        x=charts.date_x("date", fmt="%b %Y", title=None),
        y=alt.Y("rate:Q", title="Additional US tariff rate", axis=alt.Axis(format=".0%")),
    )
    points = base.mark_point(filled=True, size=90, color=charts.PALETTE[1]).encode(
        tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("instrument:N", title="Action"),
                 alt.Tooltip("rate:Q", title="Rate", format=".0%"),
                 alt.Tooltip("scope:N", title="Applies to")])
    rule = base.mark_rule(strokeDash=[2, 3], color="#999999").encode(y2=alt.datum(0))
    return charts.finish(rule + points, title=title, source=source,
                         alt_text=("Dot chart of the additional US tariff rates announced or "
                                   "applied to goods from Vietnam in 2025, by date: "
                                   + "; ".join(f"{d} {r:.0%}" for d, r in
                                               zip(frame["date"], frame["rate"])) + "."))


def deficit_rank(ranked: pd.DataFrame, highlight: str, *, title: str, source: str) -> alt.Chart:
    """Bars of the US goods balance with each partner, deficits first; one partner marked."""
    frame = ranked[["rank", "partner", "balance_usd_m"]].assign(
        highlighted=ranked["partner"] == highlight)
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("balance_usd_m:Q", title="US goods balance, million US dollars",
                axis=alt.Axis(format=",.0f")),
        y=alt.Y("partner:N", sort=alt.SortField("rank"), title=None),
        color=alt.Color("highlighted:N", legend=None,
                        scale=alt.Scale(domain=[False, True], range=["#BBBBBB", charts.PALETTE[1]])),
        tooltip=[alt.Tooltip("partner:N", title="Partner"), alt.Tooltip("rank:Q", title="Deficit rank"),
                 alt.Tooltip("balance_usd_m:Q", title="Balance ($ m)", format=",.0f")],
    )
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Horizontal bars of the US goods balance with each listed "
                                   "partner, largest deficit at the top; " + highlight
                                   + " is highlighted."))


def composition(comp: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Stacked 100% bars: product groups' shares of US imports from Vietnam, by year."""
    frame = comp[["year", "product_group", "imports_usd_m", "share"]]
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("year:O", title=None),
        x=alt.X("share:Q", title="Share of US imports from Vietnam", stack="normalize",
                axis=alt.Axis(format=".0%")),
        color=alt.Color("product_group:N", title="Product group",
                        legend=alt.Legend(orient="bottom", columns=2)),
        order=alt.Order("share:Q", sort="descending"),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("product_group:N", title="Group"),
                 alt.Tooltip("imports_usd_m:Q", title="$ million", format=",.0f"),
                 alt.Tooltip("share:Q", title="Share", format=".1%")],
    )
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Stacked horizontal bars, one per year, dividing US imports "
                                   "from Vietnam among product groups."))


def mirror(pairs: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """US-reported imports from Vietnam beside Vietnam-reported exports to the US."""
    long = pairs.melt(id_vars="year", value_vars=["us_reported", "vn_reported"],
                      var_name="reporter", value_name="usd_m")
    long["reporter"] = long["reporter"].map({"us_reported": "US imports from Vietnam (US Census)",
                                             "vn_reported": "Vietnam's exports to the US (Vietnam customs)"})
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("reporter:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("usd_m:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")),
        color=alt.Color("reporter:N", title=None),
        column=alt.Column("year:O", title=None),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("reporter:N", title="Reported by"),
                 alt.Tooltip("usd_m:Q", title="$ million", format=",.0f")],
    ).properties(width=120)
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Paired bars per year comparing the value of goods the US "
                                   "records importing from Vietnam with the value Vietnam "
                                   "records exporting to the US."))


def milestones(events: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Dot strip of dated milestones, one row per kind."""
    frame = events[["date", "type", "event"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["type"] = frame["type"].str.replace("_", " ")
    dots = alt.Chart(frame).mark_point(filled=True, size=80, opacity=0.85).encode(
        x=charts.date_x("date", title=None),
        y=alt.Y("type:N", title=None),
        color=alt.Color("type:N", legend=None),
        tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("type:N", title="Kind"),
                 alt.Tooltip("event:N", title="Event")],
    ).properties(height=40 * max(frame["type"].nunique(), 1))
    return charts.finish(dots, title=title, source=source,
                         alt_text=("Dot chart of dated US–Vietnam defence milestones over time, "
                                   "one row per kind: " + ", ".join(sorted(frame["type"].unique()))
                                   + "."))
