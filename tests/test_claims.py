"""Claim checks against small hand-made tables (the loader is a dict lookup), and the
page against the chapters: one function per claim, the same verdict everywhere."""

import pandas as pd
import pytest

from usvn import data, facts
from usvn.chapters import claims, defence_ties, diplomatic_upgrade, trade_framework
from usvn.chapters.diplomatic_upgrade import checks as diplomacy_checks
from usvn.chapters.trade_framework import analysis as trade
from usvn.chapters.trade_framework import checks as trade_checks
from usvn.facts import verdicts


def loader(**frames):
    return lambda name: frames[name]


def network(top_before):
    rows = [
        ("United States", "diplomatic_relations", "1995-07-11"),
        ("United States", "comprehensive_strategic", "2023-09-10"),
    ]
    rows += [(p, "comprehensive_strategic", "2010-01-01") for p in top_before]
    frame = pd.DataFrame(rows, columns=["partner", "level", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_top_tier_claim_supported_and_partly():
    load = loader(vn_partnerships=network(["China", "Russia"]))
    assert diplomacy_checks.top_tier_before_us("China;Russia", load).verdict == verdicts.SUPPORTED
    partly = diplomacy_checks.top_tier_before_us("China;India", load)
    assert partly.verdict == verdicts.PARTLY and "Not in the claim: Russia" in partly.result


def test_deficit_threshold():
    annual = pd.DataFrame(
        {
            "year": [2023, 2024],
            "exports_usd_m": [10.0, 13.0],
            "imports_usd_m": [100.0, 136.0],
            "balance_usd_m": [-90.0, -123.0],
        }
    )
    load = loader(us_vn_trade_annual=annual)
    supported = trade_checks.deficit_exceeds("2024;120", load)
    assert supported.verdict == verdicts.SUPPORTED and len(supported.evidence) == 2
    assert trade_checks.deficit_exceeds("2024;130", load).verdict == verdicts.NOT


def test_persistent_surplus_counts_every_year_from_the_start():
    full = pd.DataFrame({"year": [2000, 2001, 2002], "balance_usd_m": [5.0, -1.0, -2.0]})
    verdict = trade_checks.persistent_surplus("2001", loader(us_vn_trade_annual=full))
    assert verdict.verdict == verdicts.SUPPORTED and "last surplus was in 2000" in verdict.result
    mixed = pd.DataFrame({"year": [2001, 2002], "balance_usd_m": [-1.0, 2.0]})
    assert (
        trade_checks.persistent_surplus("2001", loader(us_vn_trade_annual=mixed)).verdict == verdicts.PARTLY
    )


def test_framework_weekday_and_rate():
    tariffs = pd.DataFrame(
        {
            "id": [trade.FRAMEWORK],
            "date": pd.to_datetime(["2025-10-26"]),
            "rate": [0.2],
            "instrument": ["Joint Statement on a framework"],
        }
    )
    load = loader(us_tariff_actions=tariffs)
    assert trade_checks.framework_weekday("Sunday", load).verdict == verdicts.SUPPORTED
    assert trade_checks.framework_weekday("Monday", load).verdict == verdicts.NOT
    assert trade_checks.framework_rate("0.2", load).verdict == verdicts.SUPPORTED
    assert trade_checks.framework_rate("0.1", load).verdict == verdicts.NOT


def test_top_destination_uses_the_latest_ranking_before_the_report():
    ranks = pd.DataFrame(
        {
            "period": ["2022", "2023"],
            "period_end": pd.to_datetime(["2022-12-31", "2023-08-31"]),
            "market": ["United States", "China"],
            "rank": [1, 1],
            "reporter": ["GSO", "GSO"],
        }
    )
    exports = pd.DataFrame({"year": [2023], "destination": ["World"], "exports_usd_m": [1.0]})
    load = loader(vn_market_rankings=ranks, vn_exports_by_destination=exports)
    assert trade_checks.us_top_destination("2023-01-01", load).verdict == verdicts.SUPPORTED
    assert trade_checks.us_top_destination("2023-09-01", load).verdict == verdicts.NOT
    assert trade_checks.us_top_destination("2020-01-01", load).verdict == verdicts.NOT_CHECKED


def test_a_verdict_must_fit_the_kind_of_claim():
    frame = pd.DataFrame(
        [
            {
                "id": "X1",
                "topic": "trade",
                "kind": "expectation",
                "claim": "c",
                "check": "framework_weekday",
                "expected": "Sunday",
                "source": "s",
            }
        ]
    )
    tariffs = pd.DataFrame(
        {
            "id": [trade.FRAMEWORK],
            "date": pd.to_datetime(["2025-10-26"]),
            "rate": [0.2],
            "instrument": ["Joint Statement on a framework"],
        }
    )
    with pytest.raises(ValueError, match="X1 \\(expectation\\): verdict 'supported'"):
        verdicts.judge(frame, loader(us_tariff_actions=tariffs))


def test_unknown_check_is_named():
    frame = pd.DataFrame(
        [
            {
                "id": "X1",
                "topic": "trade",
                "kind": "fact",
                "claim": "c",
                "check": "nope",
                "expected": "",
                "source": "s",
            }
        ]
    )
    with pytest.raises(KeyError, match="X1: unknown check 'nope'"):
        verdicts.judge(frame, loader())


@pytest.fixture(scope="module")
def judged():
    load = facts.cached(data.load)
    return verdicts.judge(load("seed_claims"), load).set_index("id")


def test_every_claim_is_judged_with_its_test_and_evidence(judged):
    assert len(judged) >= 15 and set(judged["verdict"]) <= set(verdicts.VERDICTS)
    assert set(judged["topic"]) == {"diplomacy", "trade", "defence", "opinion"}
    checked = judged[~judged["verdict"].isin([verdicts.UNCHECKABLE, verdicts.NOT_CHECKED])]
    assert checked["evidence"].map(len).gt(0).all(), "every judged claim shows its evidence"
    assert judged["test"].str.len().gt(20).all()
    expectations = judged[judged["kind"] == "expectation"]
    assert expectations["checked"].str.len().gt(0).all(), "an expectation names the date checked"


def test_a_verdict_over_counts_needs_a_complete_table(judged):
    """F4 and F5 would count exercises and transfers before and after the upgrade; those
    tables are declared selections, so the verdict is 'not checked here' with the reason,
    while F2 counts carrier visits, a record declared complete."""
    assert facts.is_complete("defence_milestones", {"tags": ["carrier"]})
    assert not facts.is_complete("us_arms_transfers")
    for cid in ("F4", "F5"):
        assert judged.loc[cid, "verdict"] == verdicts.NOT_CHECKED
        assert "selection" in judged.loc[cid, "result"]
    assert judged.loc["F2", "verdict"] == verdicts.DID_NOT_HAPPEN


def test_the_chapters_print_the_pinned_verdicts():
    """Every chapter that discusses a claim prints the verdict pinned, with its reason, in
    tests/golden/verdicts.csv (not merely what the claims code returns)."""
    import csv
    from pathlib import Path

    pinned = {
        r["claim"]: r["verdict"]
        for r in csv.DictReader((Path(__file__).parent / "golden" / "verdicts.csv").open(encoding="utf-8"))
    }
    load = facts.cached(data.load)
    for module, prefix in ((trade_framework, "tr"), (diplomatic_upgrade, "dip"), (defence_ties, "def")):
        f = module.facts(load)
        for cid in module.CLAIMS:
            assert f[f"{prefix}_verdict_{cid}"] == pinned[cid], (prefix, cid)


def test_russia_s_share_is_one_number_in_the_chapter_and_on_the_page(judged):
    f = defence_ties.facts(facts.cached(data.load))
    share = f["def_russia_share"]
    assert f"supplied {share} of Việt Nam's imports" in judged.loc["F1", "result"]
    assert f["def_ru_verdict"] == judged.loc["F1", "verdict"]


def test_the_page_counts_add_up():
    f = claims.facts(facts.cached(data.load))
    n = {k: v.value for k, v in f.items() if k.startswith("cl_n")}
    by_verdict = sum(n[f"cl_n_{k}"] for k in claims.COUNTS)
    assert by_verdict == n["cl_n"] == n["cl_n_facts"] + n["cl_n_expectations"] + n["cl_n_opinions"]
    assert str(f["cl_summary_md"]).count("{ref}") == n["cl_n"]
