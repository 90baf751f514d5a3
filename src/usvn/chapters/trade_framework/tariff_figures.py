"""The trade chapter's figures of tariffs, the what-if and the duties collected."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette
from ...charts.common import at_precision, note_chart  # noqa: F401
from ...facts import kinds as text
from .analysis import ANNOUNCED, APPLIED, KEPT, ZERO

RATE_MEANINGS = {
    APPLIED: "rate in force",
    KEPT: "rate in force",
    ANNOUNCED: "rate announced",
    ZERO: "zero rate",
}
SCENARIO = {
    "US imports from Vietnam, before": "actual, base year",
    "US imports from Vietnam, after": "model",
    "Tariff revenue": "revenue",
}
STEP = "Additional rate announced for most goods"


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
            scale=palette.scale(
                order, {APPLIED: "rate in force", KEPT: "rate in force", ANNOUNCED: "hollow", ZERO: "hollow"}
            ),
        ),
        color=alt.Color("applied:N", title="The rate", scale=palette.scale(order, RATE_MEANINGS)),
        tooltip=[
            charts.date_tooltip("date", "Date"),
            alt.Tooltip("instrument:N", title="Action"),
            alt.Tooltip("rate:Q", title="Rate", format=".1~%"),
            alt.Tooltip("applied:N", title="Applied?"),
            alt.Tooltip("scope:N", title="Applies to"),
        ],
    )
    # each mark labelled with its rate, so the chart reads without hovering
    labels = base.mark_text(align="left", dx=9, dy=-8, fontSize=11, color=palette.DARK).encode(
        text=alt.Text("rate:Q", format=".1~%")
    )
    return charts.finish(
        (points + labels).properties(width=charts.WIDTH),
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
            "item": list(SCENARIO),
            "usd_m": [result["imports_before_usd_m"], result["imports_after_usd_m"], result["revenue_usd_m"]],
        }
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=list(frame["item"]), title=None),
            x=alt.X("usd_m:Q", title="US dollars", axis=charts.money_axis()),
            color=alt.Color("item:N", legend=None, scale=palette.scale(SCENARIO, SCENARIO)),
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
            color=alt.Color(
                "elasticity_label:N", title=None, scale=palette.sequence(frame["elasticity_label"].unique())
            ),
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
    base = alt.Chart(frame).encode(
        x=x,
        tooltip=[
            charts.date_tooltip("date", "Date"),
            alt.Tooltip("instrument:N", title="US action"),
            alt.Tooltip("applied:N", title="The rate"),
        ],
    )
    # a visible hairline and, over it, a transparent band wide enough to hover or tap
    return base.mark_rule(color="#999999", strokeDash=[3, 3]) + base.mark_rule(strokeWidth=12, opacity=0.001)


MONTHLY = {"US imports from Vietnam": "imports", "US exports to Vietnam": "exports"}


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
            y=alt.Y("usd_m:Q", title="US dollars (current), per month", axis=charts.money_axis()),
            color=alt.Color("flow:N", title=None, scale=palette.scale(MONTHLY, MONTHLY)),
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


DUTY_LINES = {
    "Vietnam": "Việt Nam",
    "China": "China",
    "All partners": "all partners",
    STEP: "rate announced, most goods",
}


def _duty_panel(frame: pd.DataFrame, height: int, fmt: str) -> alt.Chart:
    x = charts.date_x("date", fmt=fmt, title=None)
    return (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=x,
            y=alt.Y("duty_rate:Q", title="Duties collected ÷ imports", axis=alt.Axis(format=".0%")),
            color=alt.Color("partner:N", title=None, scale=palette.scale(DUTY_LINES, DUTY_LINES)),
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
    step = steps.assign(date=pd.to_datetime(steps["date"]).dt.strftime("%Y-%m-%d"), line=STEP)
    stepped = (
        alt.Chart(step)
        .mark_line(interpolate="step-after", strokeDash=[6, 3], point=True)
        .encode(
            x=x,
            y="rate:Q",
            # in the legend beside the partners' lines
            color=alt.Color("line:N", title=None, scale=palette.scale(DUTY_LINES, DUTY_LINES)),
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
            y=alt.Y("usd_m:Q", title="US imports from Vietnam, US dollars", axis=charts.money_axis()),
            color=alt.Color(
                "bar:N",
                legend=None,
                scale=palette.scale(
                    frame["bar"], dict(zip(frame["bar"], ["actual, base year", "model", "actual, latest"]))
                ),
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
