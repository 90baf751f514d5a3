"""Dated events: the partnership steps as events, from ``vn_partnerships``."""
from __future__ import annotations

import pandas as pd


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
