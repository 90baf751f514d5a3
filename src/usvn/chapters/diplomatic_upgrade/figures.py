"""The diplomacy chapter's figures: one function per figure, data in, finished Altair chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette
from ...charts.common import PRECISION_LABEL, at_precision, note_chart  # noqa: F401


def top_tier_count(
    steps: pd.DataFrame, highlight_dates: pd.DataFrame, *, title: str, source: str
) -> alt.TopLevelMixin:
    """Step line of the number of top-tier partners, highlighted partners labelled."""
    line = (
        alt.Chart(steps[["date", "count"]])
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=charts.date_x("date", title=None),
            y=alt.Y("count:Q", title="Comprehensive strategic partners"),
            tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("count:Q", title="Partners")],
        )
    )
    labels = (
        alt.Chart(highlight_dates[["partner", "date", "count"]])
        .mark_text(align="left", dx=6, dy=-8)
        .encode(x=charts.date_x("date"), y="count:Q", text="partner:N")
    )
    return charts.finish(
        line + labels,
        title=title,
        source=source,
        alt_text=(
            "Step chart of the number of Vietnam's comprehensive strategic "
            "partners over time; labelled points mark: " + ", ".join(highlight_dates["partner"]) + "."
        ),
    )


def years_to_top(years: pd.DataFrame, highlight: list[str], *, title: str, source: str) -> alt.TopLevelMixin:
    """Dumbbells, one per partner: years to the top tier counted from diplomatic relations
    and from the first partnership framework (none for a partner that went straight to
    the top); highlighted partners in colour."""
    frame = years.assign(highlighted=years["partner"].isin(highlight))
    long = pd.concat(
        [
            frame.assign(clock="from diplomatic relations", value=frame["years"]),
            frame.assign(clock="from the first partnership framework", value=frame["years_framework"]),
        ]
    ).dropna(subset=["value"])
    for col in ("relations", "framework", "top"):
        long[col] = pd.to_datetime(long[col]).dt.strftime("%Y-%m-%d")
    order = frame.sort_values("years")["partner"].tolist()
    y = alt.Y("partner:N", sort=order, title=None)
    link = alt.Chart(long).mark_rule(color="#BBBBBB").encode(x=alt.X("min(value):Q"), x2="max(value):Q", y=y)
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("value:Q", title="Years until the comprehensive strategic partnership"),
            y=y,
            shape=alt.Shape("clock:N", title="Counted", legend=alt.Legend(labelLimit=0)),
            color=alt.condition(
                alt.datum.highlighted, alt.value(palette.of("highlighted")), alt.value(palette.DARK)
            ),
            tooltip=[
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("clock:N", title="Counted"),
                alt.Tooltip("value:Q", title="Years", format=".1f"),
            ],
        )
    )
    return charts.finish(
        (link + dots).properties(width=charts.WIDTH - 120, height=alt.Step(18)),
        title=title,
        source=source,
        subtitle="One row per partner; a single mark: no framework before the top tier",
        alt_text=(
            "Dot chart, one row per comprehensive strategic partner, of the "
            "years it took to reach that level counted from diplomatic "
            "relations and from the first partnership framework; "
            "highlighted: " + ", ".join(highlight) + "."
        ),
    )


RUNGS = ("Comprehensive partnership", "Strategic partnership", "Comprehensive strategic partnership")


def ladder(segments: pd.DataFrame, highlight: list[str], *, title: str, source: str) -> alt.TopLevelMixin:
    """Lanes, one per partner: the partnership level held over time."""
    frame = segments[["partner", "label", "date", "end"]].copy()
    for col in ("date", "end"):
        frame[col] = pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d")
    order = segments.sort_values("date").groupby("partner")["date"].min().sort_values().index.tolist()
    frame["highlighted"] = frame["partner"].isin(highlight)
    bars = (
        alt.Chart(frame)
        .mark_bar(height=9)
        .encode(
            x=charts.date_x("date", title=None),
            x2="end:T",
            y=alt.Y("partner:N", sort=order, title=None),
            color=alt.Color(
                "label:N",
                title=None,
                scale=palette.scale([v for v in RUNGS if v in set(frame["label"])]),
                legend=alt.Legend(labelLimit=0),
            ),
            opacity=alt.condition(alt.datum.highlighted, alt.value(1.0), alt.value(0.55)),
            tooltip=[
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("label:N", title="Level"),
                charts.date_tooltip("date", "From"),
                charts.date_tooltip("end", "Until"),
            ],
        )
        .properties(width=charts.WIDTH, height=alt.Step(13))
    )
    return charts.finish(
        bars,
        title=title,
        source=source,
        alt_text=(
            "Lane chart, one lane per partner in the order they first "
            "reached a listed level, showing the partnership level each "
            "held over time; highlighted: " + ", ".join(highlight) + "."
        ),
    )


RECORD_ORDER = ["diplomacy", "war legacies", "trade", "defence"]


def record(events: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Every dated event as a mark, one row per category: the whole record at a glance."""
    frame = at_precision(events[["date", "date_precision", "category", "kind", "event"]])
    frame["kind"] = frame["kind"].str.replace("_", " ")
    dots = (
        alt.Chart(frame)
        .mark_point(size=55, opacity=0.8, strokeWidth=1.5)
        .encode(
            x=charts.date_x("plot_date", title=None),
            y=alt.Y("category:N", title=None, sort=RECORD_ORDER),
            color=alt.Color("category:N", legend=None, scale=palette.scale(RECORD_ORDER)),
            fill=alt.condition(
                alt.datum.precision == PRECISION_LABEL["day"],
                alt.Fill("category:N", scale=palette.scale(RECORD_ORDER)),
                alt.value(palette.HOLLOW),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("known:N", title="Date"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("event:N", title="Event"),
            ],
        )
        .properties(width=charts.WIDTH, height=alt.Step(45))
    )
    return charts.finish(
        dots,
        title=title,
        source=source,
        subtitle="Each mark is one event (hover for it); hollow: date known only to the month or year",
        printed="Each mark is one event; hollow: date known only to the month or year",
        alt_text=(
            "Timeline of every dated US–Vietnam event in the book, one row "
            "per category (diplomacy, war legacies, trade, defence)."
        ),
    )
