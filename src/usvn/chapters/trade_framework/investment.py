"""Investment and technology: the two measures of US investment in Việt Nam
(``us_investment_vietnam``) and the semiconductor and technology steps since the 2023
upgrade (``us_vn_technology``)."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import kinds as text
from .. import record

POSITION, REGISTERED, NEW = (
    "direct_investment_position",
    "registered_capital_cumulative",
    "registered_capital_new_jan_sep",
)


def stated(row) -> str:
    """A figure as its source states it: 'more than $12.3 billion', 'about $629 million'."""
    value = row["value_usd_m"]
    digits = (1 if round(value, -2) == value else 2) if value >= 1000 else 0  # as many as stated
    money = text.render(text.money(value, digits))
    qualifier = row["qualifier"]
    return money if pd.isna(qualifier) or not qualifier else f"{qualifier} {money}"


def _when(row):
    return text.date(row["as_of"], row["as_of_precision"])


def _series(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    rows = frame[frame["measure"] == measure].sort_values("as_of")
    if rows.empty:
        raise ValueError(f"us_investment_vietnam: no rows of measure {measure!r}")
    return rows


def investment(f, load) -> None:
    """The latest US position, Việt Nam's latest registered count with its first, the two
    and the new registrations of 2025 against 2024."""

    frame = load("us_investment_vietnam")
    position, registered, new = (_series(frame, m) for m in (POSITION, REGISTERED, NEW))
    pos, reg, first = position.iloc[-1], registered.iloc[-1], registered.iloc[0]
    f.using("us_investment_vietnam")
    f.update(
        tr_fdi_position=text.words(stated(pos)),
        tr_fdi_position_year=text.year(int(pos["as_of"].year)),
        tr_fdi_reg=text.words(stated(reg)),
        tr_fdi_reg_date=_when(reg),
        tr_fdi_reg_projects=text.integer(int(reg["projects"]), grouped=True),
        tr_fdi_reg_rank=text.ordinal(int(reg["rank"])),
        tr_fdi_reg_first=text.words(stated(first)),
        tr_fdi_reg_first_date=_when(first),
        tr_fdi_reg_first_rank=text.ordinal(int(first["rank"])),
        tr_fdi_new=text.words(stated(new.iloc[-1])),
        tr_fdi_new_projects=text.integer(int(new.iloc[-1]["projects"])),
        tr_fdi_new_year=text.year(int(new.iloc[-1]["as_of"].year)),
        tr_fdi_new_change=text.words(
            "up from" if new.iloc[-1]["value_usd_m"] > new.iloc[-2]["value_usd_m"] else "against"
        ),
        tr_fdi_new_before=text.words(stated(new.iloc[-2])),
        tr_fdi_new_before_year=text.year(int(new.iloc[-2]["as_of"].year)),
    )

    steps = load("us_vn_technology")
    f.using("us_vn_technology")
    f["tr_tech_md"] = text.markdown(record.chronology(steps, data.sources("us_vn_technology")))
    f["tr_tech_first"] = text.day(steps["date"].min())
    f["tr_tech_last"] = text.day(steps["date"].max())
