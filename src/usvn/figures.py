"""The book's figures: one function per figure, data in, finished Altair chart out."""
from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts


def top_tier_count(steps: pd.DataFrame, highlight_dates: pd.DataFrame, *, title: str,
                   source: str) -> alt.Chart:
    """Step line of the number of top-tier partners, highlighted partners labelled."""
    line = alt.Chart(steps[["date", "count"]]).mark_line(interpolate="step-after",
                                                        point=True).encode(
        x=charts.date_x("date", title=None),
        y=alt.Y("count:Q", title="Comprehensive strategic partners"),
        tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("count:Q", title="Partners")],
    )
    labels = alt.Chart(highlight_dates[["partner", "date", "count"]]).mark_text(
        align="left", dx=6, dy=-8).encode(
        x=charts.date_x("date"), y="count:Q", text="partner:N")
    return charts.finish(line + labels, title=title, source=source,
                         alt_text=("Step chart of the number of Vietnam's comprehensive strategic "
                                   "partners over time; labelled points mark: "
                                   + ", ".join(highlight_dates["partner"]) + "."))


def years_to_top(years: pd.DataFrame, highlight: list[str], *, title: str,
                 source: str) -> alt.Chart:
    """Dumbbells, one per partner: years to the top tier counted from diplomatic relations
    and from the first partnership framework (none for a partner that went straight to
    the top); highlighted partners in colour."""
    frame = years.assign(highlighted=years["partner"].isin(highlight))
    long = pd.concat([
        frame.assign(clock="from diplomatic relations", value=frame["years"]),
        frame.assign(clock="from the first partnership framework", value=frame["years_framework"]),
    ]).dropna(subset=["value"])
    for col in ("relations", "framework", "top"):
        long[col] = pd.to_datetime(long[col]).dt.strftime("%Y-%m-%d")
    order = frame.sort_values("years")["partner"].tolist()
    y = alt.Y("partner:N", sort=order, title=None)
    link = alt.Chart(long).mark_rule(color="#BBBBBB").encode(
        x=alt.X("min(value):Q"), x2="max(value):Q", y=y)
    dots = alt.Chart(long).mark_point(filled=True, size=70).encode(
        x=alt.X("value:Q", title="Years until the comprehensive strategic partnership"),
        y=y, shape=alt.Shape("clock:N", title="Counted", legend=alt.Legend(labelLimit=0)),
        color=alt.condition(alt.datum.highlighted, alt.value(charts.PALETTE[0]), alt.value("#888888")),
        tooltip=[alt.Tooltip("partner:N", title="Partner"), alt.Tooltip("clock:N", title="Counted"),
                 alt.Tooltip("value:Q", title="Years", format=".1f")])
    return charts.finish((link + dots).properties(width=charts.WIDTH - 120, height=alt.Step(18)),
                         title=title, source=source,
                         subtitle="One row per partner; a single mark: no framework before the top tier",
                         alt_text=("Dot chart, one row per comprehensive strategic partner, of the "
                                   "years it took to reach that level counted from diplomatic "
                                   "relations and from the first partnership framework; "
                                   "highlighted: " + ", ".join(highlight) + "."))


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
    ).properties(width=charts.WIDTH)
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Stacked bars, one per period, of Vietnam's imports of major "
                                   "arms by supplier in SIPRI trend-indicator values."))


APPLIED, ANNOUNCED, ZERO = ("applied", "announced, never applied",
                             "zero rate for listed products only")


def tariff_status(rate: float, status: str) -> str:
    """Whether an action's rate applied to goods from Vietnam: a 0% row is a zero rate for
    listed products (not a fall of the whole rate to zero); an announcement or a suspended
    rate never applied."""
    if rate == 0:
        return ZERO
    if status.startswith(("Announcement only", "Suspended")):
        return ANNOUNCED
    return APPLIED


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


PRECISION_LABEL = {"day": "exact day", "month": "month only", "year": "year only"}


def at_precision(frame: pd.DataFrame, date: str = "date",
                 precision: str = "date_precision") -> pd.DataFrame:
    """Dates drawn at their precision: a month-only date in mid-month, a year-only date at
    mid-year (never on 1 January), with the date as it is known for the tooltip."""
    out = frame.copy()
    when = pd.to_datetime(out[date])
    kind = out[precision].fillna("day") if precision in out else pd.Series("day", index=out.index)
    shown = when.where(kind == "day", when + pd.Timedelta(days=14))
    shown = shown.where(kind != "year", when + pd.Timedelta(days=181))
    out["plot_date"] = shown.dt.strftime("%Y-%m-%d")
    out["known"] = [f"{w:%-d %B %Y}" if k == "day" else f"{w:%B %Y}" if k == "month" else f"{w:%Y}"
                    for w, k in zip(when, kind)]
    out["precision"] = kind.map(PRECISION_LABEL)
    return out


def milestones(events: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Dot strip of dated milestones, one row per kind; dates known only to the month or
    the year are drawn hollow, mid-period."""
    frame = at_precision(events[["date", "date_precision", "type", "event"]])
    frame["type"] = frame["type"].str.replace("_", " ")
    dots = alt.Chart(frame).mark_point(size=80, opacity=0.9, strokeWidth=1.5).encode(
        x=charts.date_x("plot_date", title=None),
        y=alt.Y("type:N", title=None),
        color=alt.Color("type:N", legend=None),
        fill=alt.condition(alt.datum.precision == PRECISION_LABEL["day"], "type:N",
                           alt.value("#ffffff"), legend=None),
        shape=alt.Shape("precision:N", title="Date known to",
                        scale=alt.Scale(domain=list(PRECISION_LABEL.values()),
                                        range=["circle", "square", "triangle-up"]),
                        legend=None),
        tooltip=[alt.Tooltip("known:N", title="Date"), alt.Tooltip("type:N", title="Kind"),
                 alt.Tooltip("event:N", title="Event")],
    ).properties(width=charts.WIDTH, height=40 * max(frame["type"].nunique(), 1))
    return charts.finish(dots, title=title, source=source,
                         subtitle=("Filled: exact day; hollow square: month only; hollow "
                                   "triangle: year only (drawn mid-period)"),
                         alt_text=("Dot chart of dated US–Vietnam defence milestones over time, "
                                   "one row per kind: " + ", ".join(sorted(frame["type"].unique()))
                                   + "; dates known only to the month or year are hollow."))


def _volume_panel(frame: pd.DataFrame, x: alt.X, field: str, floor: float, tooltip) -> alt.Chart:
    """The small panel under a share or concentration chart: each period's volume (TIV
    million) in grey bars, with the ``min_tiv`` floor as a dashed line."""
    bars = alt.Chart(frame).mark_bar(color="#BBBBBB").encode(
        x=x, y=alt.Y(f"{field}:Q", title="TIV (m)", axis=alt.Axis(format=",.0f", tickCount=3)),
        tooltip=tooltip)
    rule = alt.Chart(pd.DataFrame({"floor": [floor]})).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        y="floor:Q")
    return (bars + rule).properties(width=charts.WIDTH, height=70)


def supplier_share_by_window(share: pd.DataFrame, *, title: str, source: str,
                             floor: float = 0.0) -> alt.Chart:
    """Lines, one per followed supplier: its share of deliveries in each window; points
    hollow where the window's volume is below ``floor``.  A lower panel gives the volume
    the shares are computed from."""
    frame = share[["window_start", "window", "supplier", "share", "total_tiv_m", "enough"]].copy()
    frame["volume"] = frame["enough"].map({True: "enough volume", False: "below the floor"})
    x = alt.X("window:N", sort=alt.SortField("window_start"), title=None,
              axis=alt.Axis(labelAngle=0))
    tip = [alt.Tooltip("window:N", title="Period"), alt.Tooltip("supplier:N", title="Supplier"),
           alt.Tooltip("share:Q", title="Share", format=".1%"),
           alt.Tooltip("total_tiv_m:Q", title="All suppliers, TIV (m)", format=",.0f"),
           alt.Tooltip("volume:N", title="Volume")]
    lines = alt.Chart(frame).mark_line(point=False).encode(
        x=x, y=alt.Y("share:Q", title="Share of deliveries", axis=alt.Axis(format=".0%"),
                     scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("supplier:N", title="Supplier"), tooltip=tip)
    points = alt.Chart(frame).mark_point(size=70, strokeWidth=2).encode(
        x=x, y="share:Q", color=alt.Color("supplier:N", title="Supplier"),
        fill=alt.condition(alt.datum.enough, "supplier:N", alt.value("#ffffff"), legend=None),
        tooltip=tip)
    volume = _volume_panel(frame.drop_duplicates("window"), x, "total_tiv_m", floor, tip[:1] + tip[3:4])
    chart = alt.vconcat((lines + points).properties(width=charts.WIDTH, height=220), volume, spacing=6)
    return charts.finish(chart, title=title, source=source,
                         subtitle=(f"Hollow points: periods with under {floor:,.0f} TIV million "
                                   "delivered in all (the dashed line below)"),
                         alt_text=("Line chart of the highlighted suppliers' shares of Vietnam's "
                                   "imports of major arms by period, above a bar chart of the "
                                   "total volume per period: " + "; ".join(
                                       f"{r.supplier} {r.window} {r.share:.0%}" for r in
                                       frame.itertuples()) + "."))


def concentration(conc: pd.DataFrame, *, title: str, source: str, floor: float = 0.0) -> alt.Chart:
    """Line of the Herfindahl–Hirschman index by window, labelled with supplier counts;
    hollow where the window's volume is below ``floor``; volume bars beneath."""
    frame = conc[["window_start", "window", "hhi", "suppliers", "tiv_m", "enough"]]
    x = alt.X("window:N", sort=alt.SortField("window_start"), title=None,
              axis=alt.Axis(labelAngle=0))
    tip = [alt.Tooltip("window:N", title="Period"), alt.Tooltip("hhi:Q", title="HHI", format=".2f"),
           alt.Tooltip("suppliers:Q", title="Suppliers with deliveries"),
           alt.Tooltip("tiv_m:Q", title="Volume, TIV (m)", format=",.0f")]
    base = alt.Chart(frame).encode(x=x, y=alt.Y("hhi:Q", title="Supplier concentration (HHI, 0–1)",
                                                 scale=alt.Scale(domain=[0, 1])))
    line = base.mark_line(color=charts.PALETTE[0]).encode(tooltip=tip)
    points = base.mark_point(size=70, strokeWidth=2, color=charts.PALETTE[0]).encode(
        fill=alt.condition(alt.datum.enough, alt.value(charts.PALETTE[0]), alt.value("#ffffff")),
        tooltip=tip)
    labels = base.mark_text(dy=-12, fontSize=11).encode(text=alt.Text("suppliers:Q", format="d"))
    volume = _volume_panel(frame, x, "tiv_m", floor, tip)
    chart = alt.vconcat((line + points + labels).properties(width=charts.WIDTH, height=220), volume,
                        spacing=6)
    return charts.finish(chart, title=title, source=source,
                         subtitle=("Numbers: suppliers with deliveries; hollow points: periods "
                                   f"under {floor:,.0f} TIV million (dashed line below)"),
                         alt_text=("Line chart of the Herfindahl–Hirschman index of Vietnam's "
                                   "arms suppliers by period (1 = a single supplier), with the "
                                   "number of suppliers above each point and the volume per "
                                   "period in bars beneath."))


def importer_rank(ranks: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Line: Việt Nam's rank among the world's arms importers per window (1 at the top)."""
    frame = ranks[["window_start", "window", "rank", "importers", "tiv_m", "world_share"]]
    x = alt.X("window:N", sort=alt.SortField("window_start"), title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("rank:Q", title="Rank among importers (1 = largest)",
              scale=alt.Scale(reverse=True, domain=[1, max(60, int(frame["rank"].max()) + 5)]))
    tip = [alt.Tooltip("window:N", title="Period"), alt.Tooltip("rank:Q", title="Rank"),
           alt.Tooltip("importers:Q", title="State importers"),
           alt.Tooltip("tiv_m:Q", title="Việt Nam, TIV (m)", format=",.0f"),
           alt.Tooltip("world_share:Q", title="Share of world deliveries", format=".1%")]
    line = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=70), color=charts.PALETTE[0]).encode(
        x=x, y=y, tooltip=tip)
    labels = alt.Chart(frame).mark_text(dy=-12, fontSize=11).encode(
        x=x, y="rank:Q", text=alt.Text("rank:Q", format="d"))
    return charts.finish((line + labels).properties(width=charts.WIDTH, height=240), title=title,
                         source=source, subtitle="Rank among states receiving major arms, by volume (SIPRI TIV); up is a higher rank",
                         alt_text=("Line chart of Vietnam's rank among the world's importers of "
                                   "major arms by period: " + "; ".join(
                                       f"{r.window} {int(r.rank)}" for r in frame.itertuples()) + "."))


def transfer_stages(stages: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """One lane per US transfer: its order (SIPRI), handover and arrival on a time axis,
    joined by a line; dates drawn at their precision."""
    frame = at_precision(stages[["item", "stage", "date", "date_precision"]])
    order = stages.sort_values("date").drop_duplicates("item")["item"].tolist()
    y = alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    span = alt.Chart(frame).mark_line(color="#999999").encode(
        x=charts.date_x("plot_date", title=None), y=y, detail="item:N")
    dots = alt.Chart(frame).mark_point(size=90, strokeWidth=2, filled=False).encode(
        x=charts.date_x("plot_date", title=None), y=y,
        color=alt.Color("stage:N", title=None, sort=["ordered (SIPRI)", "handed over",
                                                     "arrived in Việt Nam"],
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("precision:N", title="Date known to",
                        scale=alt.Scale(domain=list(PRECISION_LABEL.values()),
                                        range=["circle", "square", "triangle-up"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("item:N", title="Transfer"), alt.Tooltip("stage:N", title="Stage"),
                 alt.Tooltip("known:N", title="Date")])
    return charts.finish((span + dots).properties(width=charts.WIDTH - 200, height=alt.Step(34)),
                         title=title, source=source,
                         subtitle="One row per transfer; months and years drawn mid-period",
                         alt_text=("Lane chart, one lane per US transfer of military equipment "
                                   "to Vietnam, marking the SIPRI order year, the handover and "
                                   "the arrival in Vietnam: " + "; ".join(order) + "."))


def spending(series: pd.DataFrame, *, title: str, unit: str, source: str) -> alt.Chart:
    """Line of military spending by year; years without a SIPRI estimate are gaps."""
    frame = series[["year", "value"]].copy()
    frame["date"] = pd.to_datetime(frame["year"].astype(str) + "-07-01").dt.strftime("%Y-%m-%d")
    x = charts.date_x("date", title=None)
    line = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=30), color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("value:Q", title=unit[0].upper() + unit[1:]),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("value:Q", title="Value", format=",.2f")])
    missing = frame[frame["value"].isna()]
    gap = alt.Chart(missing).mark_tick(color="#999999", thickness=2, size=14).encode(
        x=x, y=alt.value(charts.HEIGHT - 48),
        tooltip=[alt.Tooltip("year:Q", title="No SIPRI estimate for", format="d")])
    return charts.finish((line + gap).properties(width=charts.WIDTH, height=charts.HEIGHT - 40),
                         title=title, source=source,
                         subtitle="Grey ticks on the axis: years without a SIPRI estimate (gaps, not zeros)",
                         alt_text=("Line chart of Vietnam's military expenditure by year, in "
                                   f"{unit}, with breaks where SIPRI has no estimate: "
                                   + ", ".join(str(int(y)) for y in missing["year"]) + "."))


def assistance(aid: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Horizontal bars: each stated total of US security assistance, labelled with its
    period; totals with a floor ('more than') are marked."""
    frame = aid[["programme", "period", "usd_m", "qualifier", "first_year"]].copy()
    frame["label"] = frame["programme"] + ", " + frame["period"]
    frame["amount"] = [("more than " if q else "") + f"${v:,.1f} million".replace(".0 million", " million")
                       for v, q in zip(frame["usd_m"], frame["qualifier"].fillna(""))]
    order = frame.sort_values(["first_year", "usd_m"])["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=400))
    bars = alt.Chart(frame).mark_bar(color=charts.PALETTE[2]).encode(
        x=alt.X("usd_m:Q", title="Million US dollars (current)"), y=y,
        tooltip=[alt.Tooltip("programme:N", title="Programme"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("amount:N", title="Amount stated")])
    text = alt.Chart(frame).mark_text(align="left", dx=4, fontSize=11).encode(
        x="usd_m:Q", y=y, text="amount:N")
    return charts.finish((bars + text).properties(width=charts.WIDTH - 260, height=alt.Step(26)),
                         title=title, source=source,
                         subtitle="Each bar is a total for the period named; periods overlap and are not added",
                         alt_text=("Horizontal bar chart of US security assistance totals to "
                                   "Vietnam as stated by the US government: " + "; ".join(
                                       f"{l}: {a}" for l, a in zip(frame["label"], frame["amount"])) + "."))


def ladder(segments: pd.DataFrame, highlight: list[str], *, title: str, source: str) -> alt.Chart:
    """Lanes, one per partner: the partnership level held over time."""
    frame = segments[["partner", "label", "date", "end"]].copy()
    for col in ("date", "end"):
        frame[col] = pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d")
    order = (segments.sort_values("date").groupby("partner")["date"].min()
             .sort_values().index.tolist())
    frame["highlighted"] = frame["partner"].isin(highlight)
    bars = alt.Chart(frame).mark_bar(height=9).encode(
        x=charts.date_x("date", title=None), x2="end:T",
        y=alt.Y("partner:N", sort=order, title=None),
        color=alt.Color("label:N", title=None, sort=[v for v in (
            "Diplomatic relations", "Comprehensive partnership", "Strategic partnership",
            "Comprehensive strategic partnership") if v in set(frame["label"])],
            legend=alt.Legend(labelLimit=0)),
        opacity=alt.condition(alt.datum.highlighted, alt.value(1.0), alt.value(0.55)),
        tooltip=[alt.Tooltip("partner:N", title="Partner"), alt.Tooltip("label:N", title="Level"),
                 charts.date_tooltip("date", "From"), charts.date_tooltip("end", "Until")],
    ).properties(width=charts.WIDTH, height=alt.Step(13))
    return charts.finish(bars, title=title, source=source,
                         alt_text=("Lane chart, one lane per partner in the order they first "
                                   "reached a listed level, showing the partnership level each "
                                   "held over time; highlighted: " + ", ".join(highlight) + "."))


def timeline(events: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Dated milestones as points, one row per category, with the source in the tooltip."""
    frame = events[["date", "category", "event", "source"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    points = alt.Chart(frame).mark_point(filled=True, size=80, opacity=0.85).encode(
        x=charts.date_x("date", title=None),
        y=alt.Y("category:N", title=None, sort=["diplomatic", "trade", "defence"]),
        color=alt.Color("category:N", legend=None, sort=["diplomatic", "trade", "defence"]),
        tooltip=[charts.date_tooltip("date", "Date"), alt.Tooltip("category:N", title="Category"),
                 alt.Tooltip("event:N", title="Event"), alt.Tooltip("source:N", title="Source id")],
    ).properties(width=charts.WIDTH, height=alt.Step(40))
    return charts.finish(points, title=title, source=source,
                         alt_text=("Timeline of US–Vietnam milestones, one row per category "
                                   "(diplomatic, trade, defence); hover a point for the event "
                                   "and its source."))


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


def note_chart(text: str) -> alt.Chart:
    """A chart that says why there is nothing to draw (a re-run outside the data)."""
    frame = pd.DataFrame({"text": [text]})
    return charts.finish(alt.Chart(frame).mark_text(size=13).encode(text="text:N"),
                         title=text, source="—", alt_text=text)


RECORD_ORDER = ["diplomacy", "war legacies", "trade", "defence"]


def record(events: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Every dated event as a mark, one row per category: the whole record at a glance."""
    frame = at_precision(events[["date", "date_precision", "category", "kind", "event"]])
    frame["kind"] = frame["kind"].str.replace("_", " ")
    dots = alt.Chart(frame).mark_point(size=55, opacity=0.8, strokeWidth=1.5).encode(
        x=charts.date_x("plot_date", title=None),
        y=alt.Y("category:N", title=None, sort=RECORD_ORDER),
        color=alt.Color("category:N", legend=None, sort=RECORD_ORDER),
        fill=alt.condition(alt.datum.precision == PRECISION_LABEL["day"], "category:N",
                           alt.value("#ffffff"), legend=None),
        tooltip=[alt.Tooltip("known:N", title="Date"), alt.Tooltip("category:N", title="Category"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("event:N", title="Event")],
    ).properties(width=charts.WIDTH, height=alt.Step(45))
    return charts.finish(dots, title=title, source=source,
                         subtitle="Each mark is one event (hover for it); hollow: date known only to the month or year",
                         alt_text=("Timeline of every dated US–Vietnam event in the book, one row "
                                   "per category (diplomacy, war legacies, trade, defence)."))


def visits(visits: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Two lanes: US presidents in Việt Nam, Vietnamese leaders in the United States; a
    filled mark where the two countries' leaders met."""
    frame = visits[["date", "direction", "visitor", "office", "occasion", "met_president"]].copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame["lane"] = frame["direction"].map({"us_to_vn": "US president in Việt Nam",
                                            "vn_to_us": "Vietnamese leader in the US"})
    frame["meeting"] = frame["met_president"].map({True: "leaders met", False: "no leaders' meeting"})
    y = alt.Y("lane:N", title=None, sort=["US president in Việt Nam", "Vietnamese leader in the US"])
    dots = alt.Chart(frame).mark_point(size=110, strokeWidth=2).encode(
        x=charts.date_x("date", title=None), y=y,
        color=alt.Color("lane:N", legend=None),
        fill=alt.condition(alt.datum.met_president, "lane:N", alt.value("#ffffff"), legend=None),
        shape=alt.Shape("meeting:N", legend=None, scale=alt.Scale(domain=["leaders met", "no leaders' meeting"],
                                                                   range=["circle", "diamond"])),
        tooltip=[charts.date_tooltip("date", "Arrived"), alt.Tooltip("visitor:N", title="Visitor"),
                 alt.Tooltip("office:N", title="Office"), alt.Tooltip("occasion:N", title="Occasion")])
    names = alt.Chart(frame[frame["direction"] == "us_to_vn"]).mark_text(
        angle=300, align="left", dx=6, dy=-6, fontSize=10).encode(
        x=charts.date_x("date"), y=y, text="visitor:N")
    return charts.finish((dots + names).properties(width=charts.WIDTH, height=alt.Step(60)),
                         title=title, source=source,
                         subtitle="Filled: the two countries' leaders met; hollow diamond: a multilateral meeting without one",
                         alt_text=("Two-lane timeline of leaders' visits: US presidents in Vietnam ("
                                   + ", ".join(f"{v} {d[:4]}" for v, d, r in zip(frame["visitor"], frame["date"], frame["direction"]) if r == "us_to_vn")
                                   + ") and Vietnamese leaders in the United States."))


def fiscal_bars(series: pd.DataFrame, *, unit: str, title: str, source: str) -> alt.Chart:
    """Bars by US fiscal year (complete years only)."""
    frame = series[["fiscal_year", "usd"]].assign(usd_m=lambda d: d["usd"] / 1e6)
    bars = alt.Chart(frame).mark_bar(color=charts.PALETTE[2]).encode(
        x=alt.X("fiscal_year:O", title="US fiscal year (October–September)",
                axis=alt.Axis(values=[y for y in frame["fiscal_year"] if y % 5 == 0], labelAngle=0)),
        y=alt.Y("usd_m:Q", title=f"{unit[0].upper() + unit[1:]}, million"),
        tooltip=[alt.Tooltip("fiscal_year:O", title="Fiscal year"),
                 alt.Tooltip("usd_m:Q", title="Million US$", format=",.1f")])
    return charts.finish(bars.properties(width=charts.WIDTH, height=260), title=title, source=source,
                         subtitle="Complete fiscal years only; the file's partial last year is left out",
                         alt_text=(f"Bar chart of {unit} to Vietnam by US fiscal year, "
                                   f"FY{int(frame['fiscal_year'].min())}–FY{int(frame['fiscal_year'].max())}."))


MIA_LABELS = {"us_missing_vietnam": "Americans unaccounted for in Việt Nam",
              "us_identified": "Americans identified (cumulative)",
              "us_remains_repatriated": "Sets of remains handed over (cumulative)"}


def mia(rows: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Points and lines of the POW/MIA counts as stated at each date."""
    frame = rows[rows["metric"].isin(MIA_LABELS)][["date", "metric", "value"]].copy()
    frame["series"] = frame["metric"].map(MIA_LABELS)
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    base = alt.Chart(frame).encode(
        x=charts.date_x("date", title=None),
        y=alt.Y("value:Q", title="Persons or sets of remains", scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top", direction="vertical", labelLimit=0)),
        tooltip=[charts.date_tooltip("date", "Stated on"), alt.Tooltip("series:N", title="Series"),
                 alt.Tooltip("value:Q", title="Value", format=",")])
    chart = base.mark_line(point=alt.OverlayMarkDef(size=50)).properties(width=charts.WIDTH, height=260)
    return charts.finish(chart, title=title, source=source,
                         subtitle="Each point is a figure as stated by DPAA or quoted from it on that date",
                         alt_text=("Line chart of Americans unaccounted for in Vietnam, Americans "
                                   "identified and sets of remains handed over, as stated at "
                                   "different dates."))


MONEY_LABELS = {("dioxin_danang", "us_funding"): "Dioxin, Da Nang: US funding",
                ("dioxin_bienhoa", "us_commitment"): "Dioxin, Biên Hòa: US commitment",
                ("dioxin_bienhoa", "us_funding"): "Dioxin, Biên Hòa: US funding to date",
                ("dioxin_bienhoa", "cost_estimate"): "Dioxin, Biên Hòa: estimated cost",
                ("uxo", "us_funding_since_1993"): "Ordnance clearance: US funding since 1993",
                ("disability", "us_funding_30_years"): "Disability assistance: US funding, 30 years"}


def legacy_money(rows: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Dollar figures for war legacies, one row per programme and measure, as stated."""
    frame = rows[["topic", "metric", "date", "value", "unit"]].copy()
    frame["series"] = [MONEY_LABELS.get((t, m), f"{t}: {m}") for t, m in zip(frame["topic"], frame["metric"])]
    frame = frame[frame["series"].isin(MONEY_LABELS.values())]
    frame["usd_m"] = frame["value"] / 1e6
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    y = alt.Y("series:N", title=None, sort=list(MONEY_LABELS.values()), axis=alt.Axis(labelLimit=300))
    dots = alt.Chart(frame).mark_point(filled=True, size=80).encode(
        x=alt.X("usd_m:Q", title="Million US dollars (current), as stated"), y=y,
        color=alt.Color("series:N", legend=None),
        tooltip=[alt.Tooltip("series:N", title="Measure"), charts.date_tooltip("date", "Stated on"),
                 alt.Tooltip("usd_m:Q", title="Million US$", format=",.1f"),
                 alt.Tooltip("unit:N", title="As worded")])
    frame["year"] = frame["date"].str[:4]
    frame["above"] = frame.sort_values("usd_m").groupby("series").cumcount() % 2 == 0
    above = alt.Chart(frame[frame["above"]]).mark_text(dy=-11, fontSize=10).encode(
        x="usd_m:Q", y=y, text="year:N")
    below = alt.Chart(frame[~frame["above"]]).mark_text(dy=13, fontSize=10).encode(
        x="usd_m:Q", y=y, text="year:N")
    return charts.finish((dots + above + below).properties(width=charts.WIDTH - 150, height=alt.Step(40)),
                         title=title, source=source,
                         subtitle="Each point is a figure as stated in the year labelled; cumulative where the measure says so",
                         alt_text=("Dot chart of US dollar figures for war-legacy programmes in "
                                   "Vietnam (dioxin clean-up at Da Nang and Bien Hoa, ordnance "
                                   "clearance, disability assistance), each labelled with its year."))


def students(vn: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Vietnamese students in the United States by academic year, with Việt Nam's rank."""
    frame = vn[["academic_year", "students", "rank"]].copy()
    frame["label"] = frame["rank"].map(lambda r: "" if pd.isna(r) else f"#{int(r)}")
    x = alt.X("academic_year:O", title="Academic year",
              axis=alt.Axis(values=[a for a in frame["academic_year"] if int(a[:4]) % 4 == 2], labelAngle=0))
    bars = alt.Chart(frame).mark_bar(color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("students:Q", title="Vietnamese students in US higher education"),
        tooltip=[alt.Tooltip("academic_year:O", title="Academic year"),
                 alt.Tooltip("students:Q", title="Students", format=","),
                 alt.Tooltip("rank:Q", title="Rank among places of origin")])
    labels = alt.Chart(frame).mark_text(dy=-6, fontSize=9).encode(
        x=x, y="students:Q", text="label:N")
    return charts.finish((bars + labels).properties(width=charts.WIDTH, height=260), title=title,
                         source=source, subtitle="Labels: Việt Nam's rank among places of origin, where reported",
                         alt_text=("Bar chart of Vietnamese students in US higher education by "
                                   "academic year, labelled with Vietnam's rank among places of "
                                   "origin where reported."))


def opinion(rows: pd.DataFrame, *, title: str, source: str) -> alt.Chart:
    """Survey results by year, one panel per population surveyed (public, elite)."""
    frame = rows[["survey", "year", "population", "measure", "percent"]].copy()
    frame["panel"] = frame["population"].map({"public": "Public (Pew, nationally representative)",
                                              "elite": "Experts and officials (ISEAS, not random)"})
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("percent:Q", title="Per cent of Vietnamese respondents", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0)),
        tooltip=[alt.Tooltip("survey:N", title="Survey"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("percent:Q", title="Per cent", format=".1f")])
    chart = (base.mark_line(point=alt.OverlayMarkDef(size=60))
             .properties(width=(charts.WIDTH - 40) // 2, height=220)
             .facet(column=alt.Column("panel:N", title=None, sort=["Public (Pew, nationally representative)"]))
             .resolve_scale(x="independent"))
    return charts.finish(chart, title=title, source=source,
                         alt_text=("Two panels of survey results among Vietnamese respondents: "
                                   "Pew's share of the public with a favourable view of the "
                                   "United States and of China, and ISEAS's share of experts who "
                                   "would choose the United States if ASEAN had to align."))


LIVE_NOTE = "On the website, the controls below the chart recompute it; printed, it shows the values in the text"
WHATIF_CONTROLS = (  # name, label, min, max, step
    ("tariff_rate", "Additional tariff rate (share of value)", 0, 1, 0.01),
    ("exempt_share", "Share of imports exempt (zero rate)", 0, 1, 0.01),
    ("transshipment_share", "Share of the rest judged transshipped", 0, 1, 0.01),
    ("transshipment_rate", "Tariff rate on transshipped goods", 0, 1, 0.01),
    ("elasticity", "Elasticity of imports to price (magnitude)", 0, 10, 0.1),
)


def whatif_live(series: pd.DataFrame, defaults: dict, actual: tuple[int, float], *,
                formulas: dict[str, str], title: str, source: str) -> alt.Chart:
    """The tariff what-if computed in the reader's browser: sliders for the tariff
    parameters and the elasticity, a select for the base year, the model's formulas
    (``formulas``, the same strings Python evaluates) as Vega expressions, bars for imports
    before and after, the revenue and the latest actual imports, and a readout."""
    years = [int(y) for y in series["year"]]
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError("the what-if needs one value per year, without gaps")
    params = [alt.param(name=n, value=float(defaults[n]),
                        bind=alt.binding_range(min=lo, max=hi, step=step, name=f"{label} "))
              for n, label, lo, hi, step in WHATIF_CONTROLS]
    params += [alt.param(name="base_year", value=int(defaults["scenario_year"]),
                         bind=alt.binding_select(options=years, name="Base year (imports before the tariff) ")),
               alt.param(name="imports_by_year", value=[float(v) for v in series["imports_usd_m"]]),
               alt.param(name="imports_before", expr=f"imports_by_year[base_year - {years[0]}]")]
    params += [alt.param(name=n, expr=e) for n, e in formulas.items()]
    year, value = actual
    rows = pd.DataFrame({"order": [1, 2, 3, 4], "item": [
        "US imports from Việt Nam, base year, before the tariff",
        "US imports from Việt Nam, after the tariff (model)",
        "Tariff revenue (model)", f"US imports from Việt Nam, {year} (actual)"]})
    pick = ("datum.order == 1 ? imports_before : datum.order == 2 ? imports_after : "
            f"datum.order == 3 ? revenue : {float(value)!r}")
    y = alt.Y("item:N", sort=list(rows["item"]), title=None, axis=alt.Axis(labelLimit=330))
    base = alt.Chart(rows).transform_calculate(usd_m=pick)
    bars = base.mark_bar().encode(
        x=alt.X("usd_m:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")), y=y,
        color=alt.Color("item:N", legend=None, sort=list(rows["item"]),
                        scale=alt.Scale(range=[charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[3], "#888888"])),
        tooltip=[alt.Tooltip("item:N", title="Item"), alt.Tooltip("usd_m:Q", title="$ million", format=",.0f")])
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x="usd_m:Q", y=y, text=alt.Text("usd_m:Q", format="$,.0f"))
    readout = alt.Chart(pd.DataFrame({"line": [0, 1]})).transform_calculate(text=(
        "datum.line == 0 ? 'Base year ' + base_year + ': effective rate ' + format(effective_rate, '.1%')"
        " : 'Imports change ' + format(change_share, '+.1%') + '; revenue $' + format(revenue, ',.0f') + ' million'"
    )).mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold").encode(
        x=alt.value(0), y=alt.Y("line:O", axis=None), text="text:N").properties(width=charts.WIDTH - 200, height=34)
    chart = alt.vconcat(readout, (bars + labels).properties(width=charts.WIDTH - 200, height=alt.Step(34)),
                        spacing=8).add_params(*params)
    return charts.finish(chart, title=title, source=source, subtitle=LIVE_NOTE,
                         alt_text=("Interactive bar chart of the tariff what-if: US imports from "
                                   "Vietnam in the base year before and after an additional "
                                   "tariff, the tariff revenue and the latest actual imports, with "
                                   "controls for the tariff rate, exempt share, transshipment "
                                   "share and rate, elasticity and base year."))


def real_live(flows: pd.DataFrame, cpi: pd.DataFrame, defaults: dict, *, formula: str,
              title: str, source: str) -> alt.Chart:
    """US exports to and imports from Việt Nam by year, in current dollars or constant
    dollars of a chosen base year (CPI-U joined in the browser with ``formula``, the
    expression Python's deflate() evaluates), over the years the reader picks."""
    long = flows.melt(id_vars="year", value_vars=["exports_usd_m", "imports_usd_m"],
                      var_name="flow", value_name="usd_m").dropna(subset=["usd_m"])
    long["flow"] = long["flow"].map({"exports_usd_m": "US exports to Việt Nam",
                                     "imports_usd_m": "US imports from Việt Nam"})
    index = cpi.dropna(subset=["cpi_u"]).sort_values("year")
    cpi_years = [int(y) for y in index["year"]]
    if cpi_years != list(range(cpi_years[0], cpi_years[-1] + 1)):
        raise ValueError("the price index needs one value per year, without gaps")
    first, last = int(long["year"].min()), int(long["year"].max())
    params = [
        alt.param(name="dollars", value="constant" if defaults["real_dollars"] else "current",
                  bind=alt.binding_radio(options=["current", "constant"], name="Dollars ")),
        alt.param(name="price_base", value=int(defaults["base_year"]),
                  bind=alt.binding_select(options=cpi_years, name="Price base year (constant dollars) ")),
        alt.param(name="first_year", value=int(defaults["start_year"]),
                  bind=alt.binding_range(min=first, max=last, step=1, name="First year shown ")),
        alt.param(name="last_year", value=int(defaults["end_year"]),
                  bind=alt.binding_range(min=first, max=last, step=1, name="Last year shown ")),
        alt.param(name="cpi_by_year", value=[float(v) for v in index["cpi_u"]]),
        alt.param(name="base_cpi", expr=f"cpi_by_year[price_base - {cpi_years[0]}]"),
    ]
    shown = formula.replace("usd_m", "datum.usd_m").replace("cpi_u", "datum.cpi_u")
    chart = alt.Chart(long).transform_lookup(
        lookup="year", from_=alt.LookupData(data=alt.InlineData(values=index[["year", "cpi_u"]].to_dict("records")),
                                            key="year", fields=["cpi_u"])
    ).transform_calculate(
        shown=f"dollars == 'constant' ? {shown} : datum.usd_m"
    ).transform_filter("datum.year >= first_year && datum.year <= last_year").mark_line(
        point=alt.OverlayMarkDef(size=20)).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y("shown:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")),
        color=alt.Color("flow:N", title=None),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("flow:N", title="Flow"),
                 alt.Tooltip("shown:Q", title="$ million", format=",.0f"),
                 alt.Tooltip("usd_m:Q", title="$ million, current", format=",.0f")]
    ).properties(width=charts.WIDTH, height=280).add_params(*params)
    return charts.finish(chart, title=title, source=source, subtitle=LIVE_NOTE,
                         alt_text=("Interactive line chart of US exports to and imports from "
                                   "Vietnam by year, with controls for current or constant "
                                   "dollars, the price base year and the years shown."))
