import pandas as pd
import pytest

from usvn.chapters import diplomatic_upgrade, record
from usvn.chapters.diplomatic_upgrade import analysis as diplomacy


@pytest.fixture
def network():
    rows = [
        ("A", "diplomatic_relations", "1950-01-18"),
        ("A", "comprehensive_strategic", "2008-05-30"),
        ("B", "diplomatic_relations", "1995-07-12"),
        ("B", "comprehensive", "2013-07-25"),
        ("B", "comprehensive_strategic", "2023-09-10"),
        ("C", "diplomatic_relations", "1973-09-21"),
        ("C", "strategic", "2009-09-01"),
        ("D", "diplomatic_relations", "1992-12-22"),
        ("D", "comprehensive_strategic", "2022-12-05"),
    ]
    frame = pd.DataFrame(rows, columns=["partner", "level", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_partner_upgraded_on_the_as_of_day_counts(network):
    assert diplomacy.partners_at(network, "comprehensive_strategic", "2023-09-10") == ["A", "D", "B"]
    assert diplomacy.partners_at(network, "comprehensive_strategic", "2023-09-09") == ["A", "D"]


def test_count_over_time_is_cumulative(network):
    steps = diplomacy.count_over_time(network)
    assert steps["count"].tolist() == [1, 2, 3]
    assert diplomacy.count_over_time(network, until="2022-12-31")["count"].tolist() == [1, 2]


def test_ladder_has_one_row_per_partner(network):
    wide = diplomacy.ladder(network)
    assert sorted(wide.index) == ["A", "B", "C", "D"]
    assert pd.isna(wide.loc["C", "comprehensive_strategic"])  # never reached the top tier
    assert wide.loc["B", "comprehensive"] == pd.Timestamp("2013-07-25")


def test_years_to_top_excludes_partners_without_top_tier(network):
    years = diplomacy.years_to_top(network).set_index("partner")["years"]
    assert set(years.index) == {"A", "B", "D"}
    assert years["B"] == pytest.approx(
        (pd.Timestamp("2023-09-10") - pd.Timestamp("1995-07-12")).days / 365.25
    )
    assert years.is_monotonic_increasing


def test_ladder_segments_run_to_the_next_level_or_the_cutoff(network):
    seg = diplomacy.ladder_segments(network, ["comprehensive", "comprehensive_strategic"], "2024-01-01")
    b = seg[seg["partner"] == "B"].set_index("level")
    assert b.loc["comprehensive", "end"] == pd.Timestamp("2023-09-10")
    assert b.loc["comprehensive_strategic", "end"] == pd.Timestamp("2024-01-01")
    assert "C" not in set(seg["partner"])  # only a strategic partnership: not in these levels
    with pytest.raises(ValueError, match="alliance"):
        diplomacy.ladder_segments(network, ["alliance"], "2024-01-01")


def test_skipped_levels(network):
    assert diplomacy.skipped_levels(network, "B") == ["strategic"]
    assert diplomacy.skipped_levels(network, "A") == ["comprehensive", "strategic"]
    assert diplomacy.skipped_levels(network, "C") == []  # never reached the top


def test_compare_sets_verdicts():
    assert diplomacy.compare_sets(["A", "B"], ["B", "A"])["verdict"] == "supported"
    partly = diplomacy.compare_sets(["A", "B"], ["A", "C"])
    assert partly == {"verdict": "partly supported", "missing": ["C"], "extra": ["B"]}
    assert diplomacy.compare_sets(["X"], ["A"])["verdict"] == "not supported"


def test_highest_level_upgrades_by_year_and_skippers(network):
    best = diplomacy.highest_level(network, "2024-01-01")
    assert best.to_dict() == {
        "A": "comprehensive_strategic",
        "B": "comprehensive_strategic",
        "C": "strategic",
        "D": "comprehensive_strategic",
    }
    assert diplomacy.highest_level(network, "2015-01-01")["B"] == "comprehensive"
    assert diplomacy.upgrades_by_year(network).to_dict() == {2008: 1, 2022: 1, 2023: 1}
    assert diplomacy.skipped_strategic(network, "2024-01-01") == ["A", "D", "B"]


def test_cutoff_defaults_to_latest_and_refuses_dates_before_the_top_tier(network):
    assert diplomacy.cutoff(network) == pd.Timestamp("2023-09-10")
    assert diplomacy.cutoff(network, "2010-01-01") == pd.Timestamp("2010-01-01")
    with pytest.raises(ValueError, match="as_of 2005-01-01 is before the first"):
        diplomacy.cutoff(network, "2005-01-01")


def test_two_clocks_to_the_top_tier(network):
    years = diplomacy.years_to_top(network).set_index("partner")
    assert years.loc["B", "years"] == pytest.approx(28.2, abs=0.05)  # from relations, 1995
    assert years.loc["B", "years_framework"] == pytest.approx(10.1, abs=0.05)  # from the 2013 framework
    assert pd.isna(years.loc["A", "years_framework"])  # straight to the top


def test_the_cutoff_defaults_to_the_latest_event_in_the_record(network):
    assert diplomacy.cutoff(network, latest="2026-04-20") == pd.Timestamp("2026-04-20")


def test_the_record_holds_each_event_once_from_its_one_place(root):
    from usvn import data, facts

    events = record.record(facts.cached(data.load))
    assert set(events["category"]) == set(record.CATEGORIES)
    dupes = events[events.duplicated(["date", "event"], keep=False)]
    assert dupes.empty, dupes
    # partnership steps come from vn_partnerships only: one per US level, none in the timeline
    steps = events[events["kind"] == "partnership"]
    assert len(steps) == len(data.load("vn_partnerships").query("partner == 'United States'"))
    assert not data.load("us_vn_timeline")["event"].str.contains("Comprehensive Strategic Partnership").any()
    # transfers come from us_arms_transfers: one event per transfer, not one per stage
    assert (events["kind"] == "transfer").sum() == len(data.load("us_arms_transfers"))


def test_an_early_cutoff_describes_what_had_happened_by_then():
    from usvn import data, facts

    f = diplomatic_upgrade.facts(facts.cached(data.load), as_of="2008-06-01")
    assert str(f["dip_us_status"]).startswith("had not reached the top tier")
    assert f["dip_swl_date"] == "not yet (after the cut-off)"
    assert (
        f["dip_n_us_visits"].value
        < diplomatic_upgrade.facts(facts.cached(data.load))["dip_n_us_visits"].value
    )


def test_visits_and_clauses_read_as_sentences():
    from usvn.chapters.diplomatic_upgrade.facts import _direct_clause
    from usvn.chapters.diplomatic_upgrade.people import visit_list

    visits = pd.DataFrame(
        {
            "visitor": ["A", "B", "B", "C"],
            "date": pd.to_datetime(["2000-01-01", "2017-11-01", "2019-02-27", "2023-09-10"]),
        }
    )
    assert visit_list(visits) == "A (2000), B (2017 and 2019), C (2023)"
    assert _direct_clause(["European Union", "China"]).value.startswith("The European Union and China had")
    assert _direct_clause(["China"]).value.endswith("does not apply to it")
    assert _direct_clause([]).value.startswith("Every partner had")
