"""The trade chapter's figures: one function per figure, data in, finished Altair chart out."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts.common import at_precision, note_chart  # noqa: F401
from .analysis import ANNOUNCED, APPLIED, ZERO, tariff_status


def trade_flows(long: pd.DataFrame, *, title: str, source: str, unit: str,
                subtitle: str | None = None, marks: pd.DataFrame | None = None) -> alt.Chart:
    """Two panels by year: US exports to and imports from Vietnam on a log scale (they span
    three orders of magnitude), and the balance on a linear scale.  Missing years break
    the lines (never drawn across)."""
    years = list(range(int(long["year"].min()), int(long["year"].max()) + 1, 5))
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", values=years),
              scale=alt.Scale(domain=[int(long["year"].min()), int(long["year"].max())],
                              zero=False, nice=False))
    tooltip = [alt.Tooltip("year:O", title="Year"), alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("usd_m:Q", title=unit, format=",.0f")]
    flows = long[long["series"] != BALANCE]
    top = alt.Chart(flows).mark_line(point=alt.OverlayMarkDef(size=16),
                                     invalid="break-paths-show-domains").encode(
        x=x, y=alt.Y("usd_m:Q", title=f"{unit}, log scale",
                     scale=alt.Scale(type="log"),
                     axis=alt.Axis(format="~s", values=[10 ** k for k in range(0, 8)])),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=charts.PALETTE[1:3])),
        tooltip=tooltip).properties(width=charts.WIDTH, height=220)
    bottom = alt.Chart(long[long["series"] == BALANCE]).mark_area(
        color=charts.PALETTE[0], opacity=0.7, line=True).encode(
        x=x, y=alt.Y("usd_m:Q", title="US balance", axis=alt.Axis(format="~s")),
        tooltip=tooltip).properties(width=charts.WIDTH, height=120)
    if marks is not None and not marks.empty:  # dated milestones as labelled rules
        frame = marks[["year", "label"]].sort_values("year").reset_index(drop=True)
        rule = alt.Chart(frame).encode(x=x).mark_rule(color="#999999", strokeDash=[3, 3])
        last = int(long["year"].max())
        labels = []
        for i, mark in frame.iterrows():  # one label a layer, in three staggered rows;
            near_end = mark["year"] > last - 4  # labels by the right edge read leftwards
            labels.append(alt.Chart(frame.iloc[[i]]).encode(x=x).mark_text(
                align="right" if near_end else "left", dx=-3 if near_end else 3,
                y=4 + 12 * (i % 3), baseline="top", fontSize=10, color="#555555").encode(
                text="label:N"))
        top = alt.layer(rule, *labels, top)
        bottom = rule + bottom
    chart = alt.vconcat(top, bottom, spacing=8).resolve_scale(color="independent")
    return charts.finish(chart, title=title, source=source, subtitle=subtitle,
                         alt_text=("Two panels by year. Top: US exports of goods to Vietnam "
                                   "and US imports from Vietnam on a logarithmic scale. Bottom: "
                                   f"the US balance (exports minus imports), in {unit}."))


BALANCE = "US balance (exports − imports)"


def tariff_actions(actions: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Dated US tariff actions of 2025 affecting Vietnam: additional rate by date, the
    marker saying whether the rate applied."""
    frame = actions.dropna(subset=["rate"])[["date", "rate", "instrument", "scope", "status"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["applied"] = [tariff_status(r, s) for r, s in zip(frame["rate"], frame["status"])]
    order = [APPLIED, ANNOUNCED, ZERO]
    base = alt.Chart(frame).encode(
        x=charts.date_x("date", fmt="%b %Y", title=None),
        y=alt.Y("rate:Q", title="Additional US tariff rate", axis=alt.Axis(format=".0%")),
    )
    points = base.mark_point(size=110, strokeWidth=2).encode(
        shape=alt.Shape("applied:N", title="The rate", legend=alt.Legend(labelLimit=320), scale=alt.Scale(
            domain=order, range=["circle", "circle", "diamond"])),
        fill=alt.Fill("applied:N", title="The rate", scale=alt.Scale(
            domain=order, range=[charts.PALETTE[1], "#ffffff", "#ffffff"])),
        color=alt.Color("applied:N", title="The rate", scale=alt.Scale(
            domain=order, range=[charts.PALETTE[1], charts.PALETTE[1], charts.PALETTE[0]])),
        tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("instrument:N", title="Action"),
                 alt.Tooltip("rate:Q", title="Rate", format=".0%"),
                 alt.Tooltip("applied:N", title="Applied?"),
                 alt.Tooltip("scope:N", title="Applies to")])
    return charts.finish(points.properties(width=charts.WIDTH), title=title, source=source,
                         alt_text=("Dot chart of the additional US tariff rates announced or "
                                   "applied to goods from Vietnam in 2025, by date (filled: "
                                   "applied; hollow: announced but never applied; diamonds: a "
                                   "zero rate for listed products): "
                                   + "; ".join(f"{d} {r:.0%} ({a})" for d, r, a in
                                               zip(frame["date"], frame["rate"], frame["applied"]))
                                   + "."))


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


def composition(comp: pd.DataFrame, *, title: str, source: str, measure: str) -> alt.Chart:
    """Horizontal bars: each product group's share of the total, largest first, the
    residual group last; one panel per year."""
    frame = comp[["year", "product_group", "value_usd_m", "share"]].copy()
    rest = comp["product_code"] == "OTHER"
    order = (frame[~rest].groupby("product_group")["share"].max().sort_values(ascending=False)
             .index.tolist() + frame[rest]["product_group"].unique().tolist())
    base = alt.Chart(frame).encode(
        y=alt.Y("product_group:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("share:Q", title=measure, axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("product_group:N", title="Group"),
                 alt.Tooltip("value_usd_m:Q", title="$ million", format=",.0f"),
                 alt.Tooltip("share:Q", title="Share", format=".1%")],
    )
    bars = base.mark_bar(color=charts.PALETTE[0]) + base.mark_text(align="left", dx=3).encode(
        text=alt.Text("share:Q", format=".0%"))
    chart = bars.properties(width=360).facet(row=alt.Row("year:O", title=None)) \
        if frame["year"].nunique() > 1 else bars.properties(width=360)
    return charts.finish(chart, title=title, source=source,
                         alt_text=(f"Horizontal bars, one per product group, showing each group's "
                                   f"share: {measure.lower()}."))


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


def scenario(result: dict, *, title: str, source: str) -> alt.Chart:
    """Bars: imports before and after the tariff, and tariff revenue (million USD)."""
    frame = pd.DataFrame({
        "item": ["US imports from Vietnam, before", "US imports from Vietnam, after",
                 "Tariff revenue"],
        "usd_m": [result["imports_before_usd_m"], result["imports_after_usd_m"],
                  result["revenue_usd_m"]]})
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("item:N", sort=list(frame["item"]), title=None),
        x=alt.X("usd_m:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")),
        color=alt.Color("item:N", legend=None, sort=list(frame["item"])),
        tooltip=[alt.Tooltip("item:N", title="Item"),
                 alt.Tooltip("usd_m:Q", title="$ million", format=",.0f")],
    ).properties(width=charts.WIDTH, height=alt.Step(36))
    return charts.finish(bars, title=title, source=source,
                         subtitle="An illustration of mechanics, not a forecast",
                         alt_text=("Three horizontal bars: US imports from Vietnam before and "
                                   "after the scenario tariff, and the tariff revenue, in "
                                   "million US dollars."))


def sensitivity(grid: pd.DataFrame, chosen_rate: float, *, title: str, source: str) -> alt.Chart:
    """Lines: change in imports against the tariff rate, one line per elasticity."""
    frame = grid[["rate", "elasticity", "change_share"]].copy()
    frame["elasticity_label"] = frame["elasticity"].map(lambda e: f"elasticity {e:g}")
    lines = alt.Chart(frame).mark_line().encode(
        x=alt.X("rate:Q", title="Additional tariff rate", axis=alt.Axis(format=".0%")),
        y=alt.Y("change_share:Q", title="Change in US imports from Vietnam",
                axis=alt.Axis(format=".0%")),
        color=alt.Color("elasticity_label:N", title=None),
        tooltip=[alt.Tooltip("rate:Q", title="Rate", format=".0%"),
                 alt.Tooltip("elasticity:Q", title="Elasticity"),
                 alt.Tooltip("change_share:Q", title="Change in imports", format=".1%")],
    )
    rule = alt.Chart(pd.DataFrame({"rate": [chosen_rate]})).mark_rule(
        strokeDash=[4, 3], color="#555555").encode(x="rate:Q")
    return charts.finish((lines + rule).properties(width=charts.WIDTH), title=title,
                         source=source, subtitle="Dashed line: the chapter's scenario rate",
                         alt_text=("Lines showing how much US imports from Vietnam fall as the "
                                   "additional tariff rises from zero, one line per published "
                                   "elasticity estimate; a dashed line marks the scenario rate."))


def _action_rules(tariffs: pd.DataFrame, x: alt.X) -> alt.Chart:
    """Dashed rules at the dates of the 2025 tariff actions (hover for the action)."""
    frame = tariffs.dropna(subset=["rate"])[["date", "instrument", "rate", "status"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["applied"] = [tariff_status(r, s) for r, s in zip(frame["rate"], frame["status"])]
    frame = frame.drop_duplicates("date")
    return alt.Chart(frame).mark_rule(color="#999999", strokeDash=[3, 3]).encode(
        x=x, tooltip=[charts.date_tooltip("date", "Date"),
                      alt.Tooltip("instrument:N", title="US action"),
                      alt.Tooltip("applied:N", title="The rate")])


def import_shares(shares: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Lines: each partner's share of US goods imports by year."""
    frame = shares[["year", "partner", "share", "imports_usd_m"]]
    lines = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=14)).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"),
                scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y("share:Q", title="Share of US goods imports", axis=alt.Axis(format=".0%")),
        color=alt.Color("partner:N", title=None),
        tooltip=[alt.Tooltip("year:Q", title="Year"), alt.Tooltip("partner:N", title="Partner"),
                 alt.Tooltip("share:Q", title="Share", format=".1%"),
                 alt.Tooltip("imports_usd_m:Q", title="$ million", format=",.0f")],
    ).properties(width=charts.WIDTH)
    return charts.finish(lines, title=title, source=source,
                         alt_text=("Line chart by year of each partner's share of all US goods "
                                   "imports: " + ", ".join(sorted(frame["partner"].unique()))
                                   + ". Shares say where goods were shipped from, not where "
                                     "they were made."))


def monthly_trade(monthly: pd.DataFrame, tariffs: pd.DataFrame, *, title: str,
                  source: str) -> alt.Chart:
    """Lines by month: US imports from and exports to Vietnam, with the 2025 tariff
    actions marked."""
    frame = monthly.melt(id_vars="month", value_vars=["imports_usd_m", "exports_usd_m"],
                         var_name="flow", value_name="usd_m")
    frame["flow"] = frame["flow"].map({"imports_usd_m": "US imports from Vietnam",
                                       "exports_usd_m": "US exports to Vietnam"})
    frame["date"] = frame["month"] + "-15"  # a month's value drawn mid-month
    x = charts.date_x("date", fmt="%b %Y", title=None)
    lines = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=14)).encode(
        x=x, y=alt.Y("usd_m:Q", title="million US dollars (current)", axis=alt.Axis(format=",.0f")),
        color=alt.Color("flow:N", title=None, scale=alt.Scale(range=charts.PALETTE[1:3])),
        tooltip=[alt.Tooltip("month:N", title="Month"), alt.Tooltip("flow:N", title="Flow"),
                 alt.Tooltip("usd_m:Q", title="$ million", format=",.0f")])
    chart = (_action_rules(tariffs, charts.date_x("date", fmt="%b %Y", title=None)) + lines)
    return charts.finish(chart.properties(width=charts.WIDTH), title=title, source=source,
                         alt_text=("Line chart by month of US imports from and exports to "
                                   "Vietnam from January 2024, with dashed lines at the dates "
                                   "of the 2025 US tariff actions."))


def _duty_panel(frame: pd.DataFrame, height: int, fmt: str) -> alt.Chart:
    x = charts.date_x("date", fmt=fmt, title=None)
    return alt.Chart(frame).mark_line().encode(
        x=x, y=alt.Y("duty_rate:Q", title="Duties collected ÷ imports", axis=alt.Axis(format=".0%")),
        color=alt.Color("partner:N", title=None, sort=["Vietnam", "China", "All partners"]),
        tooltip=[alt.Tooltip("month:N", title="Month"), alt.Tooltip("partner:N", title="Partner"),
                 alt.Tooltip("duty_rate:Q", title="Rate collected", format=".1%")],
    ).properties(width=charts.WIDTH, height=height)


def duty_rates(duties: pd.DataFrame, tariffs: pd.DataFrame, steps: pd.DataFrame, *,
               title: str, source: str, split: str = "2017-01") -> alt.Chart:
    """Two panels by month of calculated duties as a share of imports for consumption, for
    Vietnam, China and all partners: from ``split`` to the latest month, with the 2025
    tariff actions marked and a dashed step line of the additional rate announced for most
    Vietnamese goods; and, smaller, the years before (the 2001 trade agreement)."""
    frame = duties[["month", "partner", "duty_rate"]].copy()
    frame["partner"] = frame["partner"].replace({"World": "All partners"})
    frame["date"] = frame["month"] + "-15"
    recent, early = frame[frame["month"] >= split], frame[frame["month"] < split]
    x = charts.date_x("date", fmt="%Y", title=None)
    step = steps.assign(date=pd.to_datetime(steps["date"]).dt.strftime("%Y-%m-%d"))
    stepped = alt.Chart(step).mark_line(interpolate="step-after", strokeDash=[6, 3],
                                        color=charts.PALETTE[5], point=True).encode(
        x=x, y="rate:Q", tooltip=[charts.date_tooltip("date", "From"),
                                  alt.Tooltip("instrument:N", title="US action"),
                                  alt.Tooltip("rate:Q", title="Additional rate", format=".0%")])
    top = _action_rules(tariffs, x) + _duty_panel(recent, 260, "%Y") + stepped
    panels = alt.vconcat(top, _duty_panel(early, 120, "%Y"), spacing=14) if len(early) else top
    return charts.finish(panels, title=title, source=source,
                         subtitle=(f"Top: {split[:4]} on; dashed steps: additional rate for most "
                                   "goods from Vietnam. Bottom: earlier years"),
                         alt_text=("Two line charts by month of calculated import duties as a "
                                   "share of the value of imports for consumption, for Vietnam, "
                                   "China and all partners. Top, recent years, with dashed lines "
                                   "at the 2025 US tariff actions and a dashed step line of the "
                                   "additional rate in force for most goods from Vietnam; "
                                   "bottom, the years before."))


def outcome(frame: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Bars: the base year's imports, the model's 2025 and the actual 2025."""
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("bar:N", title=None, sort=frame["bar"].tolist(), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("usd_m:Q", title="US imports from Vietnam, million US dollars",
                axis=alt.Axis(format=",.0f")),
        color=alt.Color("bar:N", legend=None, sort=frame["bar"].tolist(),
                        scale=alt.Scale(range=["#BBBBBB", charts.PALETTE[3], charts.PALETTE[2]])),
        tooltip=[alt.Tooltip("bar:N", title=""), alt.Tooltip("usd_m:Q", title="$ million",
                                                            format=",.0f")],
    ).properties(width=360)
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Three bars: US imports from Vietnam in the base year, the "
                                   "model's prediction for 2025 at the rise in the duty rate "
                                   "actually collected, and the 2025 value recorded."))
