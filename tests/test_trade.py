import pandas as pd
import pytest

from usvn.chapters.trade_framework import analysis as trade
from usvn.chapters.trade_framework import whatif


@pytest.fixture
def flows():
    return pd.DataFrame(
        {"year": [2000, 2001, 2002], "exports_usd_m": [10.0, 12.0, 15.0], "imports_usd_m": [30.0, 36.0, 60.0]}
    )


def test_balance_is_exports_minus_imports(flows):
    assert trade.balance(flows).tolist() == [-20.0, -24.0, -45.0]


def test_between_is_inclusive(flows):
    assert trade.between(flows, 2001, 2002)["year"].tolist() == [2001, 2002]


def test_deflate_to_base_year_prices(flows):
    cpi = pd.DataFrame({"year": [2000, 2001, 2002], "cpi_u": [100.0, 125.0, 200.0]})
    real = trade.deflate(flows, cpi, 2002, ["imports_usd_m"])
    assert real["imports_usd_m"].tolist() == [60.0, pytest.approx(57.6), 60.0]
    assert real["exports_usd_m"].tolist() == flows["exports_usd_m"].tolist()


def test_deflate_leaves_years_without_index_missing(flows):
    cpi = pd.DataFrame({"year": [2000, 2001], "cpi_u": [100.0, 125.0]})
    real = trade.deflate(flows, cpi, 2001, ["imports_usd_m"])
    assert pd.isna(real.loc[2, "imports_usd_m"])


def test_deflate_rejects_unknown_base_year(flows):
    cpi = pd.DataFrame({"year": [2000, 2001], "cpi_u": [100.0, 125.0]})
    with pytest.raises(ValueError, match="base_year 1990"):
        trade.deflate(flows, cpi, 1990, ["imports_usd_m"])


def test_growth_multiple(flows):
    assert trade.growth_multiple(flows, "imports_usd_m", 2000, 2002) == 2.0


def test_long_format_labels_series(flows):
    long = trade.long_format(flows, {"exports_usd_m": "US exports", "imports_usd_m": "US imports"})
    assert len(long) == 6 and set(long["series"]) == {"US exports", "US imports"}


def test_observed_and_coverage_count_only_sourced_years():
    sparse = pd.DataFrame({"year": [2000, 2001, 2002, 2003], "imports_usd_m": [1.0, None, 3.0, None]})
    assert trade.observed(sparse, "imports_usd_m")["year"].tolist() == [2000, 2002]
    assert trade.coverage(sparse, "imports_usd_m", 2001, 2003) == (1, 3)


@pytest.fixture
def partners():
    return pd.DataFrame({"partner": ["A", "B", "C", "D"], "balance_usd_m": [-50.0, 20.0, -120.0, None]})


def test_rank_by_balance_puts_largest_deficit_first(partners):
    ranked = trade.rank_by_balance(partners)
    assert ranked["partner"].tolist() == ["C", "A", "B"]  # D has no value: not ranked
    assert trade.rank_of(ranked, "A") == 2
    with pytest.raises(KeyError, match="'D'"):
        trade.rank_of(ranked, "D")


def test_composition_adds_the_residual_and_shares_sum_to_one():
    frame = pd.DataFrame(
        {
            "year": [2024, 2024, 2024],
            "product_code": ["TOTAL", "85", "94"],
            "product_group": ["All goods", "Electrical", "Furniture"],
            "value_usd_m": [200.0, 100.0, 50.0],
        }
    )
    comp = trade.composition(frame).set_index("product_code")
    assert comp.loc["OTHER", "value_usd_m"] == 50.0
    assert comp.loc["85", "share"] == 0.5
    assert comp["share"].sum() == pytest.approx(1.0)


def test_composition_rejects_groups_larger_than_the_total():
    frame = pd.DataFrame(
        {
            "year": [2024, 2024],
            "product_code": ["TOTAL", "85"],
            "product_group": ["All goods", "Electrical"],
            "value_usd_m": [10.0, 11.0],
        }
    )
    with pytest.raises(ValueError, match="2024"):
        trade.composition(frame)


def test_before_after_takes_the_nearest_sourced_years_on_each_side():
    frame = pd.DataFrame(
        {"year": [2014, 2016, 2017, 2018, 2019, 2020], "balance_usd_m": [-1.0, None, -3.0, None, -5.0, -6.0]}
    )
    pre, post = trade.before_after(frame, "balance_usd_m", 2018, 2019)
    assert (pre["year"], post["year"]) == (2017, 2019)
    pre, post = trade.before_after(frame, "balance_usd_m", 2010, 2012)
    assert pre is None and post is None


def test_group_series_shares_only_where_a_total_exists():
    frame = pd.DataFrame(
        {
            "year": [2018, 2019, 2019, 2019],
            "reporter": ["US", "US", "US", "VN"],
            "product_code": ["EL", "EL", "TOTAL", "TOTAL"],
            "value_usd_m": [10.0, 20.0, 80.0, 5.0],
        }
    )
    series = trade.group_series(frame, "US", "EL", total_code="TOTAL")
    assert series["year"].tolist() == [2018, 2019]
    assert pd.isna(series["share"].iloc[0]) and series["share"].iloc[1] == 0.25


def test_fullest_breakdown_takes_the_year_with_most_groups():
    frame = pd.DataFrame(
        {
            "year": [2021, 2021, 2021, 2025, 2025],
            "reporter": ["VN"] * 5,
            "product_code": ["TOTAL", "A", "B", "TOTAL", "A"],
        }
    )
    assert set(trade.fullest_breakdown(frame, "VN")["year"]) == {2021}


def test_mirror_pairs_years_both_sides_report():
    us = pd.DataFrame({"year": [2023, 2024], "imports_usd_m": [110.0, 130.0]})
    vn = pd.DataFrame(
        {"year": [2024, 2024], "destination": ["United States", "China"], "exports_usd_m": [100.0, 60.0]}
    )
    out = trade.mirror(us, vn)
    assert out["year"].tolist() == [2024]
    assert out.loc[0, "gap"] == 30.0 and out.loc[0, "gap_share"] == pytest.approx(0.3)


def test_observed_names_the_column_when_nothing_is_sourced():
    empty = pd.DataFrame({"year": [2015, 2016], "imports_usd_m": [None, None]})
    with pytest.raises(ValueError, match="'imports_usd_m' in the years selected \\(2015–2016\\)"):
        trade.observed(empty, "imports_usd_m")


def test_zero_tariff_or_full_exemption_changes_nothing():
    assert whatif.scenario(100.0, 0.0, 2.0)["change_usd_m"] == 0.0
    rate = whatif.effective_rate(0.46, exempt_share=1.0)
    assert rate == 0.0 and whatif.scenario(100.0, rate, 3.0)["imports_after_usd_m"] == 100.0


def test_effective_rate_blends_exemptions_and_transshipment():
    assert whatif.effective_rate(0.2, exempt_share=0.25) == pytest.approx(0.15)
    assert whatif.effective_rate(0.2, transshipment_rate=0.4, transshipment_share=0.1) == pytest.approx(
        0.9 * 0.2 + 0.1 * 0.4
    )
    with pytest.raises(ValueError, match="exempt_share must be between 0 and 1"):
        whatif.effective_rate(0.2, exempt_share=1.5)


def test_higher_elasticity_gives_a_larger_fall():
    low, high = whatif.scenario(100.0, 0.2, 1.0), whatif.scenario(100.0, 0.2, 4.0)
    assert high["imports_after_usd_m"] < low["imports_after_usd_m"] < 100.0


def test_scenario_hand_computed_and_revenue():
    out = whatif.scenario(100.0, 0.25, 1.0)  # 100 / 1.25 = 80; revenue 0.25 * 80 = 20
    assert out["imports_after_usd_m"] == pytest.approx(80.0)
    assert out["change_share"] == pytest.approx(-0.2)
    assert out["revenue_usd_m"] == pytest.approx(20.0)
    with pytest.raises(ValueError, match="elasticity"):
        whatif.scenario(100.0, 0.2, -1.0)


def test_sensitivity_grid():
    grid = whatif.sensitivity(100.0, [0.0, 0.1], [1.0, 2.0])
    assert len(grid) == 4 and set(grid["elasticity"]) == {1.0, 2.0}


def test_top_destination_reports_what_is_missing():
    vn = pd.DataFrame(
        {
            "year": [2024] * 4,
            "destination": ["World", "United States", "China", "EU"],
            "exports_usd_m": [400.0, 119.0, 61.0, None],
        }
    )
    top = trade.top_destination(vn, 2024)
    assert top["destination"] == "United States" and top["runner_up"] == "China"
    assert top["unsourced"] == ["EU"]
    with pytest.raises(ValueError, match="2023"):
        trade.top_destination(vn, 2023)


def test_milestone_marks_pick_events_by_id_within_the_years():
    timeline = pd.DataFrame(
        {
            "id": ["tl_bta", "tl_wto", "tl_embargo"],
            "date": pd.to_datetime(["2001-12-10", "2007-01-11", "1994-02-03"]),
            "event": ["BTA enters into force", "becomes 150th WTO member", "embargo lifted"],
        }
    )
    marks = trade.milestone_marks(
        timeline, {"tl_bta": "BTA", "tl_wto": "WTO", "tl_embargo": "Embargo"}, 1995, 2024
    )
    assert marks[["year", "label"]].values.tolist() == [[2001, "BTA"], [2007, "WTO"]]


def test_a_missing_or_repeated_id_is_an_error():
    from usvn import data

    timeline = pd.DataFrame({"id": ["tl_wto", "tl_wto"], "date": pd.to_datetime(["2007-01-11"] * 2)})
    with pytest.raises(data.LookupFailed, match="2 rows have id 'tl_wto'"):
        trade.milestone_marks(timeline, {"tl_wto": "WTO"}, 1995, 2024)
    with pytest.raises(data.LookupFailed, match="0 rows have id 'tl_bta'"):
        trade.milestone_marks(timeline, {"tl_bta": "BTA"}, 1995, 2024)


def test_extremes_keeps_the_largest_deficits_and_surpluses_in_rank_order():
    ranked = trade.rank_by_balance(
        pd.DataFrame(
            {"partner": list("abcdefg"), "balance_usd_m": [-50.0, -10.0, 5.0, -30.0, 40.0, 1.0, -1.0]}
        )
    )
    out = trade.extremes(ranked, deficits=2, surpluses=2)
    assert out["partner"].tolist() == ["a", "d", "c", "e"]
    assert out["rank"].tolist() == sorted(out["rank"].tolist())


def _actions(rows):
    cols = [
        "id",
        "date",
        "rate",
        "instrument",
        "coverage",
        "effect",
        "in_force_from",
        "in_force_to",
        "names_vietnam",
    ]
    return pd.DataFrame(rows, columns=cols)


def test_rate_steps_and_the_rate_in_force_follow_the_in_force_dates():
    tariffs = _actions(
        [
            (
                "a",
                "2025-04-02",
                0.10,
                "baseline",
                "most goods",
                trade.APPLIED,
                "2025-04-05",
                "2025-08-07",
                True,
            ),
            ("b", "2025-04-02", 0.46, "annex", "most goods", trade.ANNOUNCED, None, None, True),
            ("c", "2025-07-31", 0.20, "eo", "most goods", trade.APPLIED, "2025-08-07", "2026-02-24", True),
            ("d", "2025-07-31", 0.40, "eo-ts", "transshipped goods", trade.APPLIED, "2025-08-07", None, True),
            ("e", "2025-10-26", 0.20, "kept", "most goods", trade.KEPT, None, None, True),
            ("f", "2026-02-20", 0.10, "s122", "most goods", trade.APPLIED, "2026-03-01", "2026-07-24", True),
            ("g", "2026-07-28", 0.125, "s301", "most goods", trade.APPLIED, "2026-07-24", None, True),
        ]
    )
    steps = trade.rate_steps(tariffs)
    assert steps["instrument"].tolist()[:5] == [
        "baseline",
        "eo",
        "no additional rate (eo ended)",
        "s122",
        "s301",
    ]
    assert steps["rate"].tolist() == [0.10, 0.20, 0.0, 0.10, 0.125, 0.125]
    assert str(trade.record_date(tariffs).date()) == "2026-07-28"
    assert trade.in_force(tariffs)["id"] == "g"
    assert trade.in_force(tariffs, "2026-02-26") is None  # between the ruling's end and the surcharge
    assert trade.in_force(tariffs, "2025-10-26")["id"] == "c"  # the rate the framework kept
    no_301 = tariffs[tariffs["id"] != "g"]
    assert trade.in_force(no_301) is None and trade.rate_steps(no_301)["rate"].iloc[-1] == 0.0


def test_shifts_name_each_group_with_a_share_in_both_years():
    from usvn.chapters.trade_framework.facts import _shifts

    rows = pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(6)],
            "year": [2021, 2021, 2021, 2025, 2025, 2025],
            "reporter": ["Vietnam"] * 6,
            "product_code": ["TOTAL", "VN:WOOD", "VN:SHOES", "TOTAL", "VN:WOOD", "VN:COMPUTERS"],
            "product_group": ["All goods", "Wood", "Shoes", "All goods", "Wood", "Computers"],
            "value_usd_m": [100.0, 10.0, 5.0, 200.0, 10.0, 50.0],
            "source": ["s"] * 6,
        }
    )
    assert _shifts(rows, 2021, 2025).value == "Over the same years the share of wood fell from 10% to 5%."
    assert _shifts(rows, 2021, 2024).value == ""
