"""Dated events (``us_vn_timeline``, ``defence_milestones``): finding them by their text."""
from __future__ import annotations

import pandas as pd


def matching(events: pd.DataFrame, contains: str, kind: str | None = None,
             kind_column: str = "type") -> pd.DataFrame:
    """Events whose text contains ``contains`` (case-insensitive), optionally of one kind."""
    mask = events["event"].str.contains(contains, case=False, regex=False)
    if kind is not None:
        mask &= events[kind_column] == kind
    return events[mask]


def event_date(events: pd.DataFrame, contains: str, kind: str | None = None,
               kind_column: str = "type") -> pd.Timestamp:
    """Date of the first event whose text contains ``contains`` (of ``kind`` if given)."""
    hit = matching(events, contains, kind, kind_column)
    if hit.empty:
        what = f"{kind!r} event" if kind else "event"
        raise KeyError(f"no {what} mentions {contains!r}")
    return pd.Timestamp(hit["date"].min())
