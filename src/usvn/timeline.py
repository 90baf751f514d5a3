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


LEVEL_EVENTS = {"diplomatic_relations": "{partner} and Việt Nam establish diplomatic relations",
                "comprehensive": "{partner} and Việt Nam form a Comprehensive Partnership",
                "strategic": "{partner} and Việt Nam form a Strategic Partnership",
                "comprehensive_strategic": "{partner} and Việt Nam form a Comprehensive "
                                           "Strategic Partnership"}


def partnership_steps(network: pd.DataFrame, partner: str) -> pd.DataFrame:
    """``partner``'s steps up Việt Nam's partnership ladder as dated events (kind
    ``partnership``), from ``vn_partnerships``: the one place these dates are kept, used
    by every chapter that shows them."""
    rows = network[network["partner"] == partner].sort_values("date")
    return pd.DataFrame({"id": rows["id"].values, "date": pd.to_datetime(rows["date"]).values,
                         "date_precision": rows["date_precision"].values,
                         "kind": "partnership",
                         "event": [LEVEL_EVENTS[lv].format(partner=partner) + "."
                                   for lv in rows["level"]],
                         "source": rows["source"].values})
