"""The diplomacy chapter's regional frame: the US strand beside Việt Nam's top-level visits
with China and Russia, and the energy steps (``vn_region_events``, a selection: dated, not
counted), with the visits on which Vietnamese and US leaders met (``us_vn_visits``)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts, data
from ...charts import palette
from ...facts import kinds as text

SINCE = pd.Timestamp("2013-01-01")  # the US Comprehensive Partnership year: the frame's start
LANES = ["United States", "China", "Russia"]
NOT_YET = "after the cut-off"
ROWS = {  # fact -> the event row it is dated by
    "dip_rg_xi_2023": "rg_20231212_xi_hanoi",
    "dip_rg_xi_2025": "rg_20250414_xi_hanoi",
    "dip_rg_putin_2024": "rg_20240619_putin_hanoi",
    "dip_rg_lam_moscow": "rg_20250508_lam_moscow",
    "dip_rg_jetp": "rg_20221214_jetp",
    "dip_rg_nuclear_restart": "rg_20241130_nuclear_restart",
    "dip_rg_rosatom_roadmap": "rg_20250510_rosatom_roadmap",
    "dip_rg_us_lng": "rg_20250529_excelerate",
    "dip_rg_us_123": "rg_20140508_us_123",
}


def region(f, load, date) -> None:
    events = load("vn_region_events")
    events = events[events["date"] <= date]
    visits = load("us_vn_visits")
    met = visits[(visits["date"] <= date) & (visits["date"] >= SINCE) & visits["met_president"]]

    def day(row_id: str):
        if not (events["id"] == row_id).any():
            return NOT_YET
        row = data.row(events, row_id)
        return text.date(row["date"], row["date_precision"])

    f.using(
        "vn_region_events",
        "us_vn_visits",
        rows={"vn_region_events": [i for i in ROWS.values() if (events["id"] == i).any()]},
    )
    f.update({key: day(row_id) for key, row_id in ROWS.items()})
    visits_cn_ru = events[events["strand"] == "visit"][["date", "partner", "event"]]
    us = met[["date", "visitor", "occasion"]].rename(columns={"occasion": "event"})
    us = us.assign(partner="United States", event=us["visitor"] + ": " + us["event"])
    f.frames.update(
        region=pd.concat([us[["date", "partner", "event"]], visits_cn_ru], ignore_index=True),
        region_title="Top-level visits: Việt Nam with the United States, China and Russia, from 2013",
    )


def lanes(frame: pd.DataFrame, *, title: str, source: str) -> alt.TopLevelMixin:
    """One lane per partner, one mark per visit on which the top leaders met."""
    data_ = frame.assign(date=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d"))
    chart = (
        alt.Chart(data_)
        .mark_point(filled=True, size=90)
        .encode(
            x=charts.date_x("date", title=None),
            y=alt.Y("partner:N", title=None, sort=LANES),
            color=alt.Color("partner:N", legend=None, scale=palette.scale(LANES)),
            tooltip=[charts.date_tooltip("date", "Began"), alt.Tooltip("event:N", title="Visit")],
        )
    )
    return charts.finish(
        chart.properties(width=charts.WIDTH, height=alt.Step(50)),
        title=title,
        source=source,
        subtitle="United States: trips on which the two countries' leaders met; China, Russia: state and official visits",
        alt_text="Three-lane timeline of top-level visits between Vietnam and the United States, China and Russia since 2013.",
    )
