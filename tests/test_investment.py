"""The investment statements follow us_investment_vietnam and us_vn_technology."""

import pandas as pd

from conftest import loader_with
from usvn import data
from usvn.chapters.trade_framework.investment import investment, stated
from usvn.facts import Facts, parameters
from usvn.facts.kinds import render


def run(change=lambda frame: frame):
    f = Facts("trade_framework", parameters("trade_framework", {}))
    investment(f, loader_with("us_investment_vietnam", change))
    return {k: render(v) for k, v in f.items()}


def test_a_figure_is_printed_as_its_source_states_it():
    assert stated(pd.Series({"value_usd_m": 12310.0, "qualifier": "more than"})) == "more than $12.31 billion"
    assert stated(pd.Series({"value_usd_m": 3500.0, "qualifier": pd.NA})) == "$3.5 billion"
    assert stated(pd.Series({"value_usd_m": 629.18, "qualifier": "about"})) == "about $629 million"


def test_the_latest_registered_count_and_its_rank_come_from_the_table():
    frame = data.load("us_investment_vietnam")
    latest = frame[frame["measure"] == "registered_capital_cumulative"].sort_values("as_of").iloc[-1]
    facts = run()
    assert facts["tr_fdi_reg_projects"] == f"{int(latest['projects']):,}"

    def rerank(frame):
        frame.loc[frame["id"] == latest["id"], "rank"] = 3
        return frame

    assert run(rerank)["tr_fdi_reg_rank"] == "third"


def test_the_direction_of_new_registrations_follows_the_values():
    assert run()["tr_fdi_new_change"] == "up from"

    def shrink(frame):
        frame.loc[frame["id"] == "iv_2025_jan_sep_new", "value_usd_m"] = 100.0
        return frame

    assert run(shrink)["tr_fdi_new_change"] == "against"
