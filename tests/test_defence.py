import pandas as pd
import pytest

from usvn.chapters import record
from usvn.chapters.defence_ties import analysis as defence


@pytest.fixture
def tiv():
    rows = [
        (2000, "X", 10.0),
        (2001, "X", 30.0),
        (2001, "Y", 20.0),
        (2002, "Y", 40.0),
        (2003, "Z", 5.0),
        (2004, "X", 5.0),
    ]
    return pd.DataFrame(rows, columns=["year", "supplier", "tiv_m"])


def test_windows_sum_by_supplier_and_label_short_last_window(tiv):
    w = defence.windows(tiv, 2000, 2004, 3)
    assert w["window"].unique().tolist() == ["2000–2002", "2003–2004"]
    first = w[w["window_start"] == 2000].set_index("supplier")["tiv_m"]
    assert first.to_dict() == {"X": 40.0, "Y": 60.0}


def test_windows_reject_zero_width(tiv):
    with pytest.raises(ValueError):
        defence.windows(tiv, 2000, 2004, 0)


def test_shares_sum_to_one_per_window(tiv):
    s = defence.shares(defence.windows(tiv, 2000, 2004, 3), ["window"])
    assert s.groupby("window")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_hhi_hand_computed_and_bounded(tiv):
    h = defence.hhi(defence.windows(tiv, 2000, 2004, 3), ["window"]).set_index("window")["hhi"]
    assert h["2000–2002"] == pytest.approx(0.4**2 + 0.6**2)
    assert h["2003–2004"] == pytest.approx(0.5**2 + 0.5**2)
    single = pd.DataFrame({"year": [2000], "supplier": ["X"], "tiv_m": [3.0]})
    assert defence.hhi(single, ["year"])["hhi"].tolist() == [1.0]


def test_top_n_groups_the_rest(tiv):
    out = defence.top_n(tiv, 1, ["year"])
    assert set(out["supplier"]) == {"Y", "Others"}
    assert out["tiv_m"].sum() == tiv["tiv_m"].sum()


def _pairs():
    """Deliveries by supplier and recipient: Russia sells to A (100), Viet Nam (60), B (30)."""
    rows = [
        (2000, "Russia", "A", 100.0),
        (2000, "Russia", "Viet Nam", 60.0),
        (2001, "Russia", "B", 30.0),
        (2001, "Israel", "Viet Nam", 20.0),
        (2001, "Israel", "Hamas (Palestine)*", 500.0),
    ]
    return pd.DataFrame(rows, columns=["year", "supplier", "recipient", "tiv_m"])


def test_supplier_share_and_first_delivery():
    frame = pd.DataFrame(
        {
            "year": [2000, 2000, 2001, 2001],
            "supplier": ["Russia", "United States"] * 2,
            "tiv_m": [90.0, 0.0, 30.0, 10.0],
        }
    )
    assert defence.supplier_share(frame, "Russia", 2000, 2001) == pytest.approx(120 / 130)
    assert defence.first_delivery(frame, "United States") == 2001
    assert defence.first_delivery(frame, "France") is None


def test_russia_check_ranks_viet_nam_among_russias_customers():
    pairs = _pairs()
    check = defence.russia_check(lambda name: pairs)
    assert (check["rank"], check["customers"], check["ahead"]) == (2, 3, ["A"])
    assert check["share_of_vn"] == pytest.approx(60 / 80)
    assert check["supported"]  # second of three: among the top five
    late = defence.russia_check(lambda name: pairs, 2001, 2001)
    assert late["rank"] == 2 and late["vn_from_supplier"] == 0 and late["share_of_vn"] == 0


def test_importer_ranks_leave_out_non_state_recipients():
    ranks = defence.importer_ranks(_pairs(), 2000, 2001, 2)
    row = ranks.iloc[0]  # A 100, Viet Nam 80, B 30; the armed group (*) is not ranked
    assert (row["rank"], row["importers"]) == (2, 3)
    assert row["world_share"] == pytest.approx(80 / 710)


def test_low_volume_windows_are_flagged(tiv):
    conc = defence.concentration(tiv, 2000, 2003, 2, min_tiv=50)
    assert conc["enough"].tolist() == [True, False]  # 60 then 45
    share = defence.supplier_windows_share(tiv, "X", 2000, 2003, 2, min_tiv=50)
    assert share["enough"].tolist() == [True, False]


def test_a_transfer_is_one_event_with_its_stages():
    transfers = pd.DataFrame(
        {
            "id": ["at_cutter_a"],
            "item": ["Cutter A"],
            "quantity": [1],
            "operator": ["Coast Guard"],
            "sipri_deal_id": [7],
            "transferred_date": pd.to_datetime(["2017-05-25"]),
            "transferred_precision": ["day"],
            "arrived_date": pd.to_datetime(["2018-01-01"]),
            "arrived_precision": ["year"],
            "source": ["x"],
        }
    )
    events = record.transfer_events(transfers)
    assert len(events) == 1 and events.loc[0, "date"] == pd.Timestamp("2017-05-25")
    assert "arrived in Việt Nam 2018" in events.loc[0, "event"]  # year precision printed as a year
    deliveries = pd.DataFrame({"deal_id": [7], "order_year": [2016]})
    stages = defence.transfer_stages(transfers, deliveries)
    assert stages["stage"].tolist() == ["ordered (SIPRI)", "handed over", "arrived in Việt Nam"]
    assert stages["known"].tolist() == ["2016", "25 May 2017", "2018"]


def test_spending_gaps_are_runs_of_missing_years():
    series = pd.DataFrame({"year": [1994, 1995, 1996, 1997, 1998], "value": [1.0, None, None, 2.0, None]})
    assert defence.gaps(series) == [(1995, 1996), (1998, 1998)]


def test_vessel_named_in_an_event():
    assert (
        record.vessel("Aircraft carrier USS Theodore Roosevelt and cruiser USS Bunker Hill")
        == "Theodore Roosevelt"
    )


def test_concentration_by_window_hand_computed(tiv):
    out = defence.concentration(tiv, 2000, 2003, 2)
    first = out.iloc[0]  # 2000–2001: X 40, Y 20 -> shares 2/3, 1/3
    assert first["window"] == "2000–2001" and first["suppliers"] == 2
    assert first["hhi"] == pytest.approx((2 / 3) ** 2 + (1 / 3) ** 2)
    second = out.iloc[1]  # 2002–2003: Y 40, Z 5
    assert second["tiv_m"] == 45 and 0 < second["hhi"] <= 1


def test_supplier_windows_share_is_zero_where_absent(tiv):
    out = defence.supplier_windows_share(tiv, "X", 2000, 2003, 2)
    assert out["share"].tolist() == [pytest.approx(40 / 60), 0.0]


def test_milestones_between_is_half_open():
    events = pd.DataFrame(
        {"date": pd.to_datetime(["2023-09-09", "2023-09-10", "2024-01-01"]), "event": ["a", "b", "c"]}
    )
    assert defence.milestones_between(events, "2023-09-10")["event"].tolist() == ["b", "c"]
    assert defence.milestones_between(events, "2023-01-01", "2023-09-10")["event"].tolist() == ["a"]


def test_event_date_takes_the_row_with_its_id():
    from usvn import data

    events = pd.DataFrame(
        {
            "id": ["dm_lift", "dm_partial"],
            "date": pd.to_datetime(["2016-05-23", "2014-10-02"]),
            "type": ["policy", "policy"],
            "event": ["full lifting of the ban", "partially lifts ban"],
        }
    )
    assert record.event_date(events, "dm_lift") == pd.Timestamp("2016-05-23")
    with pytest.raises(data.LookupFailed, match="'dm_cutter'"):
        record.event_date(events, "dm_cutter")


def test_mission_counts_follow_the_complete_rows():
    from conftest import loader_with
    from usvn import data, facts
    from usvn.facts.kinds import render

    without_2010 = loader_with(
        "defence_milestones", lambda frame: frame[frame["id"] != "dm_20100531_pacific_partnership_2010"]
    )

    full = facts.compute("defence_ties", facts.cached(data.load))
    fewer = facts.compute("defence_ties", without_2010)
    assert full["def_n_pp"].value - fewer["def_n_pp"].value == 1
    assert full["def_n_pp_to_check"].value - fewer["def_n_pp_to_check"].value == 1
    assert "2010" in render(fewer["def_pp_gap_years"]) and "2010" not in render(full["def_pp_gap_years"])
