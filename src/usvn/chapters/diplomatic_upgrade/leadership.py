"""The diplomacy chapter's facts on Việt Nam's leadership changes of 2026 (``vn_leadership``)."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import kinds as text

CONGRESS_OPENS = "ld_20260119_congress_opens"
GENERAL_SECRETARY = "ld_20260123_lam_general_secretary"
PRESIDENT = "ld_20260407_lam_president"
PRIME_MINISTER = "ld_20260407_le_minh_hung_pm"
AFTER_CUT_OFF = "after the cut-off"


def leadership(f, load, date) -> None:
    rows = load("vn_leadership")
    # a row without a date is known only to have happened by the time its sources were read
    shown = rows[rows["date"].isna() | (rows["date"] <= date)]

    def when(row_id: str):
        if not (shown["id"] == row_id).any():
            return AFTER_CUT_OFF
        row = data.row(shown, row_id)
        return "on a day not found" if pd.isna(row["date"]) else text.date(row["date"], row["date_precision"])

    def holder(row_id: str):
        return data.row(shown, row_id)["holder"] if (shown["id"] == row_id).any() else AFTER_CUT_OFF

    f.using("vn_leadership", rows={"vn_leadership": list(shown["id"])})
    f.update(
        dip_congress_opens=when(CONGRESS_OPENS),
        dip_gs_elected=when(GENERAL_SECRETARY),
        dip_gs=holder(GENERAL_SECRETARY),
        dip_president_elected=when(PRESIDENT),
        dip_president=holder(PRESIDENT),
        dip_pm=holder(PRIME_MINISTER),
        dip_pm_sworn=when(PRIME_MINISTER),
    )
