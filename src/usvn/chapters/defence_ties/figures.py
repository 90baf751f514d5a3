"""The defence chapter's figures: one function per figure, data in, finished Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette
from ...charts.common import PRECISION_LABEL, at_precision, note_chart  # noqa: F401

VIETNAM = palette.of("Việt Nam")


def _periods(frame: pd.DataFrame) -> list[str]:
    """Period labels in time order (a sort by name puts 2020–24 before 2015–19 in layers)."""
    return frame.sort_values("window_start")["window"].drop_duplicates().tolist()


def _suppliers(frame: pd.DataFrame) -> alt.Scale:
    """Suppliers by volume, 'Others' last, each in its own colour."""
    order = frame.groupby("supplier")["tiv_m"].sum().sort_values(ascending=False).index.tolist()
    order = [s for s in order if s != "Others"] + (["Others"] if "Others" in order else [])
    return palette.scale(order, open_set=True)  # top_n and highlight choose the suppliers


def supplier_windows(
    windows: pd.DataFrame, *, title: str, source: str, measure: str = "tiv_m"
) -> alt.TopLevelMixin:
    """Stacked bars of arms deliveries to Vietnam by supplier and period."""
    label = "Share of deliveries" if measure == "share" else "TIV (millions)"
    bars = (
        alt.Chart(windows)
        .mark_bar()
        .encode(
            x=alt.X("window:N", title=None, sort=_periods(windows), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                f"{measure}:Q",
                title=label,
                stack="zero",
                axis=alt.Axis(format=".0%" if measure == "share" else ",.0f"),
            ),
            color=alt.Color("supplier:N", title="Supplier", scale=_suppliers(windows)),
            tooltip=[
                alt.Tooltip("window:N", title="Period"),
                alt.Tooltip("supplier:N", title="Supplier"),
                alt.Tooltip("tiv_m:Q", title="TIV (millions)", format=",.0f"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(width=charts.WIDTH)
    )
    return charts.finish(
        bars,
        title=title,
        source=source,
        alt_text=(
            "Stacked bars, one per period, of Vietnam's imports of major "
            "arms by supplier in SIPRI trend-indicator values."
        ),
    )


def milestones(events: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Dot strip of dated milestones, one row per kind; dates known only to the month or
    the year are drawn hollow, mid-period."""
    frame = at_precision(events[["date", "date_precision", "type", "event"]])
    frame["type"] = frame["type"].str.replace("_", " ")
    dots = (
        alt.Chart(frame)
        .mark_point(size=80, opacity=0.9, strokeWidth=1.5)
        .encode(
            x=charts.date_x("plot_date", title=None),
            y=alt.Y("type:N", title=None),
            color=alt.Color(
                "type:N", legend=None, scale=palette.scale(sorted(frame["type"].unique()), open_set=True)
            ),
            fill=alt.condition(
                alt.datum.precision == PRECISION_LABEL["day"],
                alt.Fill("type:N", scale=palette.scale(sorted(frame["type"].unique()), open_set=True)),
                alt.value(palette.HOLLOW),
                legend=None,
            ),
            shape=alt.Shape(
                "precision:N",
                title="Date known to",
                scale=alt.Scale(
                    domain=list(PRECISION_LABEL.values()), range=["circle", "square", "triangle-up"]
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("known:N", title="Date"),
                alt.Tooltip("type:N", title="Kind"),
                alt.Tooltip("event:N", title="Event"),
            ],
        )
        .properties(width=charts.WIDTH, height=40 * max(frame["type"].nunique(), 1))
    )
    return charts.finish(
        dots,
        title=title,
        source=source,
        subtitle=(
            "Filled: exact day; hollow square: month only; hollow triangle: year only (drawn mid-period)"
        ),
        alt_text=(
            "Dot chart of dated US–Vietnam defence milestones over time, "
            "one row per kind: "
            + ", ".join(sorted(frame["type"].unique()))
            + "; dates known only to the month or year are hollow."
        ),
    )


def _volume_panel(frame: pd.DataFrame, x: alt.X, field: str, floor: float, tooltip) -> alt.Chart:
    """The small panel under a share or concentration chart: each period's volume (TIV
    million) in grey bars, with the ``min_tiv`` floor as a dashed line."""
    bars = (
        alt.Chart(frame)
        .mark_bar(color="#BBBBBB")
        .encode(
            x=x,
            y=alt.Y(f"{field}:Q", title="TIV (m)", axis=alt.Axis(format=",.0f", tickCount=3)),
            tooltip=tooltip,
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"floor": [floor]}))
        .mark_rule(strokeDash=[4, 3], color="#555555")
        .encode(y="floor:Q")
    )
    return (bars + rule).properties(width=charts.WIDTH, height=70)


def supplier_share_by_window(
    share: pd.DataFrame, *, title: str, source: str, floor: float = 0.0
) -> alt.TopLevelMixin:
    """Lines, one per followed supplier: its share of deliveries in each window; points
    hollow where the window's volume is below ``floor``.  A lower panel gives the volume
    the shares are computed from."""
    frame = share[["window_start", "window", "supplier", "share", "total_tiv_m", "enough"]].copy()
    frame["volume"] = frame["enough"].map({True: "enough volume", False: "below the floor"})
    x = alt.X("window:N", sort=_periods(frame), title=None, axis=alt.Axis(labelAngle=0))
    followed = palette.scale(list(dict.fromkeys(frame["supplier"])), open_set=True)
    tip = [
        alt.Tooltip("window:N", title="Period"),
        alt.Tooltip("supplier:N", title="Supplier"),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
        alt.Tooltip("total_tiv_m:Q", title="All suppliers, TIV (m)", format=",.0f"),
        alt.Tooltip("volume:N", title="Volume"),
    ]
    lines = (
        alt.Chart(frame)
        .mark_line(point=False)
        .encode(
            x=x,
            y=alt.Y(
                "share:Q",
                title="Share of deliveries",
                axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("supplier:N", title="Supplier", scale=followed),
            tooltip=tip,
        )
    )
    points = (
        alt.Chart(frame)
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=x,
            y="share:Q",
            color=alt.Color("supplier:N", title="Supplier", scale=followed),
            fill=alt.condition(
                alt.datum.enough,
                alt.Fill("supplier:N", scale=followed),
                alt.value(palette.HOLLOW),
                legend=None,
            ),
            tooltip=tip,
        )
    )
    volume = _volume_panel(frame.drop_duplicates("window"), x, "total_tiv_m", floor, tip[:1] + tip[3:4])
    chart = alt.vconcat((lines + points).properties(width=charts.WIDTH, height=220), volume, spacing=6)
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=(
            f"Hollow points: periods with under {floor:,.0f} TIV million "
            "delivered in all (the dashed line below)"
        ),
        alt_text=(
            "Line chart of the highlighted suppliers' shares of Vietnam's "
            "imports of major arms by period, above a bar chart of the "
            "total volume per period: "
            + "; ".join(f"{r.supplier} {r.window} {r.share:.0%}" for r in frame.itertuples())
            + "."
        ),
    )


def concentration(conc: pd.DataFrame, *, title: str, source: str, floor: float = 0.0) -> alt.TopLevelMixin:
    """Line of the Herfindahl–Hirschman index by window, labelled with supplier counts;
    hollow where the window's volume is below ``floor``; volume bars beneath."""
    frame = conc[["window_start", "window", "hhi", "suppliers", "tiv_m", "enough"]]
    x = alt.X("window:N", sort=_periods(frame), title=None, axis=alt.Axis(labelAngle=0))
    tip = [
        alt.Tooltip("window:N", title="Period"),
        alt.Tooltip("hhi:Q", title="HHI", format=".2f"),
        alt.Tooltip("suppliers:Q", title="Suppliers with deliveries"),
        alt.Tooltip("tiv_m:Q", title="Volume, TIV (m)", format=",.0f"),
    ]
    base = alt.Chart(frame).encode(
        x=x, y=alt.Y("hhi:Q", title="Supplier concentration (HHI, 0–1)", scale=alt.Scale(domain=[0, 1]))
    )
    line = base.mark_line(color=VIETNAM).encode(tooltip=tip)
    points = base.mark_point(size=70, strokeWidth=2, color=VIETNAM).encode(
        fill=alt.condition(alt.datum.enough, alt.value(VIETNAM), alt.value(palette.HOLLOW)), tooltip=tip
    )
    labels = base.mark_text(dy=-12, fontSize=11).encode(text=alt.Text("suppliers:Q", format="d"))
    volume = _volume_panel(frame, x, "tiv_m", floor, tip)
    chart = alt.vconcat(
        (line + points + labels).properties(width=charts.WIDTH, height=220), volume, spacing=6
    )
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=(
            "Numbers: suppliers with deliveries; hollow points: periods "
            f"under {floor:,.0f} TIV million (dashed line below)"
        ),
        alt_text=(
            "Line chart of the Herfindahl–Hirschman index of Vietnam's "
            "arms suppliers by period (1 = a single supplier), with the "
            "number of suppliers above each point and the volume per "
            "period in bars beneath."
        ),
    )


def importer_rank(ranks: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Line: Việt Nam's rank among the world's arms importers per window (1 at the top)."""
    frame = ranks[["window_start", "window", "rank", "importers", "tiv_m", "world_share"]]
    x = alt.X("window:N", sort=_periods(frame), title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "rank:Q",
        title="Rank among importers (1 = largest)",
        scale=alt.Scale(reverse=True, domain=[1, max(60, int(frame["rank"].max()) + 5)]),
    )
    tip = [
        alt.Tooltip("window:N", title="Period"),
        alt.Tooltip("rank:Q", title="Rank"),
        alt.Tooltip("importers:Q", title="State importers"),
        alt.Tooltip("tiv_m:Q", title="Việt Nam, TIV (m)", format=",.0f"),
        alt.Tooltip("world_share:Q", title="Share of world deliveries", format=".1%"),
    ]
    line = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=70, color=VIETNAM), color=VIETNAM)
        .encode(x=x, y=y, tooltip=tip)
    )
    labels = (
        alt.Chart(frame)
        .mark_text(dy=-12, fontSize=11)
        .encode(x=x, y="rank:Q", text=alt.Text("rank:Q", format="d"))
    )
    return charts.finish(
        (line + labels).properties(width=charts.WIDTH, height=240),
        title=title,
        source=source,
        subtitle="Rank among states receiving major arms, by volume (SIPRI TIV); up is a higher rank",
        alt_text=(
            "Line chart of Vietnam's rank among the world's importers of "
            "major arms by period: "
            + "; ".join(f"{r.window} {int(r.rank)}" for r in frame.itertuples())
            + "."
        ),
    )


def transfer_stages(stages: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """One lane per US transfer: its order (SIPRI), handover and arrival on a time axis,
    joined by a line; dates drawn at their precision."""
    frame = at_precision(stages[["item", "stage", "date", "date_precision"]])
    order = stages.sort_values("date").drop_duplicates("item")["item"].tolist()
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    span = (
        alt.Chart(frame)
        .mark_line(color="#999999")
        .encode(x=charts.date_x("plot_date", title=None), y=y, detail="item:N")
    )
    dots = (
        alt.Chart(frame)
        .mark_point(size=90, strokeWidth=2, filled=False)
        .encode(
            x=charts.date_x("plot_date", title=None),
            y=y,
            color=alt.Color(
                "stage:N",
                title=None,
                scale=palette.scale(["ordered (SIPRI)", "handed over", "arrived in Việt Nam"]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "precision:N",
                title="Date known to",
                scale=alt.Scale(
                    domain=list(PRECISION_LABEL.values()), range=["circle", "square", "triangle-up"]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("item:N", title="Transfer"),
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("known:N", title="Date"),
            ],
        )
    )
    return charts.finish(
        (span + dots).properties(width=charts.WIDTH - 200, height=alt.Step(34)),
        title=title,
        source=source,
        subtitle="One row per transfer; months and years drawn mid-period",
        alt_text=(
            "Lane chart, one lane per US transfer of military equipment "
            "to Vietnam, marking the SIPRI order year, the handover and "
            "the arrival in Vietnam: " + "; ".join(order) + "."
        ),
    )


def spending(series: pd.DataFrame, *, title: str, unit: str, source: str) -> alt.TopLevelMixin:
    """Line of military spending by year; years without a SIPRI estimate are gaps."""
    frame = series[["year", "value"]].copy()
    frame["date"] = pd.to_datetime(frame["year"].astype(str) + "-07-01").dt.strftime("%Y-%m-%d")
    x = charts.date_x("date", title=None)
    line = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=30, color=VIETNAM), color=VIETNAM)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=unit[0].upper() + unit[1:]),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("value:Q", title="Value", format=",.2f"),
            ],
        )
    )
    missing = frame[frame["value"].isna()]
    gap = (
        alt.Chart(missing)
        .mark_tick(color="#999999", thickness=2, size=14)
        .encode(
            x=x,
            y=alt.value(charts.HEIGHT - 48),
            tooltip=[alt.Tooltip("year:Q", title="No SIPRI estimate for", format="d")],
        )
    )
    return charts.finish(
        (line + gap).properties(width=charts.WIDTH, height=charts.HEIGHT - 40),
        title=title,
        source=source,
        subtitle="Grey ticks on the axis: years without a SIPRI estimate (gaps, not zeros)",
        alt_text=(
            "Line chart of Vietnam's military expenditure by year, in "
            f"{unit}, with breaks where SIPRI has no estimate: "
            + ", ".join(str(int(y)) for y in missing["year"])
            + "."
        ),
    )
