"""The diplomacy chapter's figures of visits, assistance, war legacies, students and opinion."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette
from ...charts.common import PRECISION_LABEL, at_precision, note_chart  # noqa: F401

LANES = ["US president in Việt Nam", "Vietnamese leader in the US"]


def visits(visits: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Two lanes: US presidents in Việt Nam, Vietnamese leaders in the United States; a
    filled mark where the two countries' leaders met."""
    frame = visits[["date", "direction", "visitor", "office", "occasion", "met_president"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["lane"] = frame["direction"].map(
        {"us_to_vn": "US president in Việt Nam", "vn_to_us": "Vietnamese leader in the US"}
    )
    frame["meeting"] = frame["met_president"].map({True: "leaders met", False: "no leaders' meeting"})
    y = alt.Y("lane:N", title=None, sort=LANES)
    dots = (
        alt.Chart(frame)
        .mark_point(size=110, strokeWidth=2)
        .encode(
            x=charts.date_x("date", title=None),
            y=y,
            color=alt.Color("lane:N", legend=None, scale=palette.scale(LANES)),
            fill=alt.condition(
                alt.datum.met_president,
                alt.Fill("lane:N", scale=palette.scale(LANES)),
                alt.value(palette.HOLLOW),
                legend=None,
            ),
            shape=alt.Shape(
                "meeting:N",
                legend=None,
                scale=alt.Scale(domain=["leaders met", "no leaders' meeting"], range=["circle", "diamond"]),
            ),
            tooltip=[
                charts.date_tooltip("date", "Arrived"),
                alt.Tooltip("visitor:N", title="Visitor"),
                alt.Tooltip("office:N", title="Office"),
                alt.Tooltip("occasion:N", title="Occasion"),
            ],
        )
    )
    names = (
        alt.Chart(frame[frame["direction"] == "us_to_vn"])
        .mark_text(angle=300, align="left", dx=6, dy=-6, fontSize=10)
        .encode(x=charts.date_x("date"), y=y, text="visitor:N")
    )
    return charts.finish(
        (dots + names).properties(width=charts.WIDTH - 170, height=alt.Step(60)),  # room for the lane labels
        title=title,
        source=source,
        subtitle="Filled circle: the two countries' leaders met; hollow diamond: they did not meet",
        alt_text=(
            "Two-lane timeline of leaders' visits: US presidents in Vietnam ("
            + ", ".join(
                f"{v} {d[:4]}"
                for v, d, r in zip(frame["visitor"], frame["date"], frame["direction"])
                if r == "us_to_vn"
            )
            + ") and Vietnamese leaders in the United States."
        ),
    )


YEAR_STATUS = ["complete year", "partial year, still being reported"]


def fiscal_bars(
    series: pd.DataFrame, *, unit: str, title: str, source: str, partial: pd.DataFrame | None = None
) -> alt.TopLevelMixin:
    """Bars by US fiscal year; the file's partial last year (``partial``), if any, drawn
    faint and named in the legend, never as a full year."""
    frame = series[["fiscal_year", "usd"]].assign(status=YEAR_STATUS[0])
    if partial is not None and len(partial):
        frame = pd.concat([frame, partial[["fiscal_year", "usd"]].assign(status=YEAR_STATUS[1])])
    frame = frame.assign(usd_m=lambda d: d["usd"] / 1e6)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=palette.of("United States"))
        .encode(
            x=alt.X(
                "fiscal_year:O",
                title="US fiscal year (October–September)",
                axis=alt.Axis(values=[y for y in frame["fiscal_year"] if y % 5 == 0], labelAngle=0),
            ),
            y=alt.Y("usd_m:Q", title=f"{unit[0].upper() + unit[1:]}, million"),
            opacity=alt.Opacity(
                "status:O",
                title=None,
                sort=YEAR_STATUS,
                scale=alt.Scale(domain=YEAR_STATUS, range=[1.0, 0.3]),
                legend=alt.Legend(labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("fiscal_year:O", title="Fiscal year"),
                alt.Tooltip("usd_m:Q", title="Million US$", format=",.1f"),
                alt.Tooltip("status:N", title="Year"),
            ],
        )
    )
    return charts.finish(
        bars.properties(width=charts.WIDTH, height=260),
        title=title,
        source=source,
        alt_text=(
            f"Bar chart of {unit} to Vietnam by US fiscal year, "
            f"FY{int(frame['fiscal_year'].min())}–FY{int(frame['fiscal_year'].max())}; "
            "a partial last year is drawn faint."
        ),
    )


MIA_LABELS = {
    "us_missing_vietnam": "Americans unaccounted for in Việt Nam",
    "us_identified": "Americans identified (cumulative)",
    "us_remains_repatriated": "Sets of remains handed over (cumulative)",
}
MIA_MEANINGS = dict(
    zip(MIA_LABELS.values(), ["Americans unaccounted for", "Americans identified", "remains handed over"])
)
GAP_YEARS = 5  # statements further apart than this are not joined by a line


def mia(rows: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Points and lines of the POW/MIA counts as stated at each date."""
    frame = rows[rows["metric"].isin(MIA_LABELS)][["date", "metric", "value"]].copy()
    frame["series"] = frame["metric"].map(MIA_LABELS)
    when = pd.to_datetime(frame["date"])
    frame = frame.assign(when=when).sort_values(["series", "when"])
    # a new segment after a gap of more than GAP_YEARS: no straight line across decades unseen
    gap = frame.groupby("series")["when"].diff() > pd.Timedelta(days=365 * GAP_YEARS)
    frame["segment"] = frame["series"] + " " + gap.groupby(frame["series"]).cumsum().astype(str)
    frame["date"] = frame["when"].dt.strftime("%Y-%m-%d")
    frame = frame.drop(columns="when")
    base = alt.Chart(frame).encode(
        x=charts.date_x("date", title=None),
        y=alt.Y("value:Q", title="Persons or sets of remains", scale=alt.Scale(zero=True)),
        color=alt.Color(
            "series:N",
            title=None,
            scale=palette.scale(MIA_MEANINGS, MIA_MEANINGS),
            legend=alt.Legend(orient="top", direction="vertical", labelLimit=0),
        ),
        detail="segment:N",
        tooltip=[
            charts.date_tooltip("date", "Stated on"),
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("value:Q", title="Value", format=","),
        ],
    )
    chart = base.mark_line(point=alt.OverlayMarkDef(size=50)).properties(width=charts.WIDTH, height=260)
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=(
            "Each point is a figure as stated by DPAA or quoted from it on that date; "
            f"no line joins statements more than {GAP_YEARS} years apart"
        ),
        alt_text=(
            "Line chart of Americans unaccounted for in Vietnam, Americans "
            "identified and sets of remains handed over, as stated at "
            "different dates."
        ),
    )


MONEY_LABELS = {
    ("dioxin_danang", "us_funding"): "Dioxin, Da Nang: US funding",
    ("dioxin_bienhoa", "us_commitment"): "Dioxin, Biên Hòa: US commitment",
    ("dioxin_bienhoa", "us_funding"): "Dioxin, Biên Hòa: US funding to date",
    ("dioxin_bienhoa", "cost_estimate"): "Dioxin, Biên Hòa: estimated cost",
    ("uxo", "us_funding_since_1993"): "Ordnance clearance: US funding since 1993",
    ("disability", "us_funding_30_years"): "Disability assistance: US funding, 30 years",
}


def legacy_money(rows: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Dollar figures for war legacies, one row per programme and measure, as stated."""
    frame = rows[["topic", "metric", "date", "value", "unit"]].copy()
    frame["series"] = [MONEY_LABELS.get((t, m), f"{t}: {m}") for t, m in zip(frame["topic"], frame["metric"])]
    frame = frame[frame["series"].isin(MONEY_LABELS.values())]
    frame["usd_m"] = frame["value"] / 1e6
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    y = alt.Y("series:N", title=None, sort=list(MONEY_LABELS.values()), axis=alt.Axis(labelLimit=300))
    dots = (
        alt.Chart(frame)
        .mark_point(filled=True, size=80)
        .encode(
            x=alt.X("usd_m:Q", title="Million US dollars (current), as stated"),
            y=y,
            color=alt.Color("series:N", legend=None, scale=palette.sequence(MONEY_LABELS.values())),
            tooltip=[
                alt.Tooltip("series:N", title="Measure"),
                charts.date_tooltip("date", "Stated on"),
                alt.Tooltip("usd_m:Q", title="Million US$", format=",.1f"),
                alt.Tooltip("unit:N", title="As worded"),
            ],
        )
    )
    frame["year"] = frame["date"].str[:4]
    frame["above"] = frame.sort_values("usd_m").groupby("series").cumcount() % 2 == 0
    above = (
        alt.Chart(frame[frame["above"]])
        .mark_text(dy=-11, fontSize=10)
        .encode(x="usd_m:Q", y=y, text="year:N")
    )
    below = (
        alt.Chart(frame[~frame["above"]])
        .mark_text(dy=13, fontSize=10)
        .encode(x="usd_m:Q", y=y, text="year:N")
    )
    return charts.finish(
        (dots + above + below).properties(width=charts.WIDTH - 150, height=alt.Step(40)),
        title=title,
        source=source,
        subtitle="Each point is a figure as stated in the year labelled; cumulative where the measure says so",
        alt_text=(
            "Dot chart of US dollar figures for war-legacy programmes in "
            "Vietnam (dioxin clean-up at Da Nang and Bien Hoa, ordnance "
            "clearance, disability assistance), each labelled with its year."
        ),
    )


def students(vn: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Vietnamese students in the United States by academic year, with Việt Nam's rank."""
    frame = vn[["academic_year", "students", "rank"]].copy()
    frame["label"] = frame["rank"].map(lambda r: "" if pd.isna(r) else f"#{int(r)}")
    x = alt.X(
        "academic_year:O",
        title="Academic year",
        axis=alt.Axis(values=[a for a in frame["academic_year"] if int(a[:4]) % 4 == 2], labelAngle=0),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color=palette.of("Việt Nam"))
        .encode(
            x=x,
            y=alt.Y("students:Q", title="Vietnamese students in US higher education"),
            tooltip=[
                alt.Tooltip("academic_year:O", title="Academic year"),
                alt.Tooltip("students:Q", title="Students", format=","),
                alt.Tooltip("rank:Q", title="Rank among places of origin"),
            ],
        )
    )
    labels = alt.Chart(frame).mark_text(dy=-6, fontSize=9).encode(x=x, y="students:Q", text="label:N")
    return charts.finish(
        (bars + labels).properties(width=charts.WIDTH, height=260),
        title=title,
        source=source,
        subtitle="Labels: Việt Nam's rank among places of origin, where reported",
        alt_text=(
            "Bar chart of Vietnamese students in US higher education by "
            "academic year, labelled with Vietnam's rank among places of "
            "origin where reported."
        ),
    )


OPINION = {
    "favourable view of the United States": "opinion of the United States",
    "favourable view of China": "opinion of China",
    "would choose the United States if ASEAN were forced to align with the US or China": (
        "alignment with the United States"
    ),
}


def opinion(rows: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """Survey results by year, one panel per population surveyed (public, elite)."""
    frame = rows[["survey", "year", "population", "measure", "percent"]].copy()
    frame["panel"] = frame["population"].map(
        {
            "public": "Public (Pew, nationally representative)",
            "elite": "Experts and officials (ISEAS, not random)",
        }
    )
    measures = list(dict.fromkeys(frame["measure"]))
    base = alt.Chart(frame).encode(
        # a true time axis: years apart are drawn apart (2014, 2015, 2017)
        x=alt.X(
            "year:Q",
            title=None,
            axis=alt.Axis(format="d", values=sorted(frame["year"].unique().tolist()), labelAngle=0),
            scale=alt.Scale(zero=False, nice=False, padding=12),
        ),
        y=alt.Y("percent:Q", title="Per cent of Vietnamese respondents", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "measure:N",
            title=None,
            scale=palette.scale(measures, {m: OPINION.get(m, m) for m in measures}, open_set=True),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
        ),
        tooltip=[
            alt.Tooltip("survey:N", title="Survey"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("percent:Q", title="Per cent", format=".1f"),
        ],
    )
    chart = (
        base.mark_line(point=alt.OverlayMarkDef(size=60))
        .properties(width=(charts.WIDTH - 40) // 2, height=220)
        .facet(column=alt.Column("panel:N", title=None, sort=["Public (Pew, nationally representative)"]))
        .resolve_scale(x="independent")
    )
    return charts.finish(
        chart,
        title=title,
        source=source,
        alt_text=(
            "Two panels of survey results among Vietnamese respondents: "
            "Pew's share of the public with a favourable view of the "
            "United States and of China, and ISEAS's share of experts who "
            "would choose the United States if ASEAN had to align."
        ),
    )
