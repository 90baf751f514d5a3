"""The trade chapter's figures of tariffs, the what-if and the duties collected."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts.common import at_precision, note_chart  # noqa: F401
from ...facts import kinds as text
from .analysis import ANNOUNCED, APPLIED, KEPT, ZERO


def tariff_actions(actions: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Dated US tariff actions of 2025 affecting Vietnam: additional rate by date, the
    marker saying whether the rate applied."""
    frame = actions.dropna(subset=["rate"])[["date", "rate", "instrument", "scope", "effect"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["applied"] = frame["effect"]
    order = [APPLIED, KEPT, ANNOUNCED, ZERO]
    base = alt.Chart(frame).encode(
        x=charts.date_x("date", fmt="%b %Y", title=None),
        y=alt.Y("rate:Q", title="Additional US tariff rate", axis=alt.Axis(format=".0%")),
    )
    points = base.mark_point(size=110, strokeWidth=2).encode(
        shape=alt.Shape(
            "applied:N",
            title="The rate",
            legend=alt.Legend(labelLimit=320),
            scale=alt.Scale(domain=order, range=["circle", "square", "circle", "diamond"]),
        ),
        fill=alt.Fill(
            "applied:N",
            title="The rate",
            scale=alt.Scale(domain=order, range=[charts.PALETTE[1], charts.PALETTE[1], "#ffffff", "#ffffff"]),
        ),
        color=alt.Color(
            "applied:N",
            title="The rate",
            scale=alt.Scale(
                domain=order,
                range=[charts.PALETTE[1], charts.PALETTE[1], charts.PALETTE[1], charts.PALETTE[0]],
            ),
        ),
        tooltip=[
            charts.date_tooltip("date", "Date"),
            alt.Tooltip("instrument:N", title="Action"),
            alt.Tooltip("rate:Q", title="Rate", format=".1~%"),
            alt.Tooltip("applied:N", title="Applied?"),
            alt.Tooltip("scope:N", title="Applies to"),
        ],
    )
    return charts.finish(
        points.properties(width=charts.WIDTH),
        title=title,
        source=source,
        alt_text=(
            "Dot chart of the additional US tariff rates announced or "
            "applied to goods from Vietnam in 2025 and 2026, by date (filled: "
            "in force; square: a rate kept in force; hollow: announced but not in force; diamonds: a "
            "zero rate for listed goods): "
            + "; ".join(
                f"{d} {text.statutory(r)} ({a})"
                for d, r, a in zip(frame["date"], frame["rate"], frame["applied"])
            )
            + "."
        ),
    )


def scenario(result: dict, *, title: str, source: str) -> alt.TopLevelMixin:
    """Bars: imports before and after the tariff, and tariff revenue (million USD)."""
    frame = pd.DataFrame(
        {
            "item": ["US imports from Vietnam, before", "US imports from Vietnam, after", "Tariff revenue"],
            "usd_m": [result["imports_before_usd_m"], result["imports_after_usd_m"], result["revenue_usd_m"]],
        }
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=list(frame["item"]), title=None),
            x=alt.X("usd_m:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")),
            color=alt.Color("item:N", legend=None, sort=list(frame["item"])),
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("usd_m:Q", title="$ million", format=",.0f"),
            ],
        )
        .properties(width=charts.WIDTH, height=alt.Step(36))
    )
    return charts.finish(
        bars,
        title=title,
        source=source,
        subtitle="An illustration of mechanics, not a forecast",
        alt_text=(
            "Three horizontal bars: US imports from Vietnam before and "
            "after the scenario tariff, and the tariff revenue, in "
            "million US dollars."
        ),
    )


def sensitivity(grid: pd.DataFrame, chosen_rate: float, *, title: str, source: str) -> alt.TopLevelMixin:
    """Lines: change in imports against the tariff rate, one line per elasticity."""
    frame = grid[["rate", "elasticity", "change_share"]].copy()
    frame["elasticity_label"] = frame["elasticity"].map(lambda e: f"elasticity {e:g}")
    lines = (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=alt.X("rate:Q", title="Additional tariff rate", axis=alt.Axis(format=".0%")),
            y=alt.Y("change_share:Q", title="Change in US imports from Vietnam", axis=alt.Axis(format=".0%")),
            color=alt.Color("elasticity_label:N", title=None),
            tooltip=[
                alt.Tooltip("rate:Q", title="Rate", format=".0%"),
                alt.Tooltip("elasticity:Q", title="Elasticity"),
                alt.Tooltip("change_share:Q", title="Change in imports", format=".1%"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"rate": [chosen_rate]}))
        .mark_rule(strokeDash=[4, 3], color="#555555")
        .encode(x="rate:Q")
    )
    return charts.finish(
        (lines + rule).properties(width=charts.WIDTH),
        title=title,
        source=source,
        subtitle="Dashed line: the chapter's scenario rate",
        alt_text=(
            "Lines showing how much US imports from Vietnam fall as the "
            "additional tariff rises from zero, one line per published "
            "elasticity estimate; a dashed line marks the scenario rate."
        ),
    )


def _action_rules(tariffs: pd.DataFrame, x: alt.X) -> alt.Chart:
    """Dashed rules at the dates of the 2025 tariff actions (hover for the action)."""
    frame = tariffs.dropna(subset=["rate"])[["date", "instrument", "rate", "effect"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["applied"] = frame["effect"]
    frame = frame.drop_duplicates("date")
    return (
        alt.Chart(frame)
        .mark_rule(color="#999999", strokeDash=[3, 3])
        .encode(
            x=x,
            tooltip=[
                charts.date_tooltip("date", "Date"),
                alt.Tooltip("instrument:N", title="US action"),
                alt.Tooltip("applied:N", title="The rate"),
            ],
        )
    )


def monthly_trade(
    monthly: pd.DataFrame, tariffs: pd.DataFrame, *, title: str, source: str
) -> alt.TopLevelMixin:
    """Lines by month: US imports from and exports to Vietnam, with the 2025 tariff
    actions marked."""
    frame = monthly.melt(
        id_vars="month", value_vars=["imports_usd_m", "exports_usd_m"], var_name="flow", value_name="usd_m"
    )
    frame["flow"] = frame["flow"].map(
        {"imports_usd_m": "US imports from Vietnam", "exports_usd_m": "US exports to Vietnam"}
    )
    frame["date"] = frame["month"] + "-15"  # a month's value drawn mid-month
    x = charts.date_x("date", fmt="%b %Y", title=None)
    lines = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=x,
            y=alt.Y("usd_m:Q", title="million US dollars (current)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("flow:N", title=None, scale=alt.Scale(range=charts.PALETTE[1:3])),
            tooltip=[
                alt.Tooltip("month:N", title="Month"),
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("usd_m:Q", title="$ million", format=",.0f"),
            ],
        )
    )
    chart = _action_rules(tariffs, charts.date_x("date", fmt="%b %Y", title=None)) + lines
    return charts.finish(
        chart.properties(width=charts.WIDTH),
        title=title,
        source=source,
        alt_text=(
            "Line chart by month of US imports from and exports to "
            "Vietnam from January 2024, with dashed lines at the dates "
            "of the 2025 US tariff actions."
        ),
    )


def _duty_panel(frame: pd.DataFrame, height: int, fmt: str) -> alt.Chart:
    x = charts.date_x("date", fmt=fmt, title=None)
    return (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=x,
            y=alt.Y("duty_rate:Q", title="Duties collected ÷ imports", axis=alt.Axis(format=".0%")),
            color=alt.Color("partner:N", title=None, sort=["Vietnam", "China", "All partners"]),
            tooltip=[
                alt.Tooltip("month:N", title="Month"),
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("duty_rate:Q", title="Rate collected", format=".1%"),
            ],
        )
        .properties(width=charts.WIDTH, height=height)
    )


def duty_rates(
    duties: pd.DataFrame,
    tariffs: pd.DataFrame,
    steps: pd.DataFrame,
    *,
    title: str,
    source: str,
    split: str,
) -> alt.TopLevelMixin:
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
    stepped = (
        alt.Chart(step)
        .mark_line(interpolate="step-after", strokeDash=[6, 3], color=charts.PALETTE[5], point=True)
        .encode(
            x=x,
            y="rate:Q",
            tooltip=[
                charts.date_tooltip("date", "From"),
                alt.Tooltip("instrument:N", title="US action"),
                alt.Tooltip("rate:Q", title="Additional rate", format=".0%"),
            ],
        )
    )
    top = _action_rules(tariffs, x) + _duty_panel(recent, 260, "%Y") + stepped
    panels = alt.vconcat(top, _duty_panel(early, 120, "%Y"), spacing=14) if len(early) else top
    return charts.finish(
        panels,
        title=title,
        source=source,
        subtitle=(
            f"Top: {split[:4]} on; dashed steps: additional rate for most "
            "goods from Vietnam. Bottom: earlier years"
        ),
        alt_text=(
            "Two line charts by month of calculated import duties as a "
            "share of the value of imports for consumption, for Vietnam, "
            "China and all partners. Top, recent years, with dashed lines "
            "at the 2025 US tariff actions and a dashed step line of the "
            "additional rate in force for most goods from Vietnam; "
            "bottom, the years before."
        ),
    )


def outcome(frame: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Bars: the base year's imports, the model's 2025 and the actual 2025."""
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("bar:N", title=None, sort=frame["bar"].tolist(), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "usd_m:Q", title="US imports from Vietnam, million US dollars", axis=alt.Axis(format=",.0f")
            ),
            color=alt.Color(
                "bar:N",
                legend=None,
                sort=frame["bar"].tolist(),
                scale=alt.Scale(range=["#BBBBBB", charts.PALETTE[3], charts.PALETTE[2]]),
            ),
            tooltip=[
                alt.Tooltip("bar:N", title=""),
                alt.Tooltip("usd_m:Q", title="$ million", format=",.0f"),
            ],
        )
        .properties(width=360)
    )
    return charts.finish(
        bars,
        title=title,
        source=source,
        alt_text=(
            "Three bars: US imports from Vietnam in the base year, the "
            "model's prediction for 2025 at the rise in the duty rate "
            "actually collected, and the 2025 value recorded."
        ),
    )
