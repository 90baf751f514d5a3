"""Claim checks against small hand-made tables (the loader is a dict lookup)."""
import pandas as pd
import pytest

from usvn import claims, data


def loader(**frames):
    return lambda name: frames[name]


def network(top_before):
    rows = [("United States", "diplomatic_relations", "1995-07-11"),
            ("United States", "comprehensive_strategic", "2023-09-10")]
    rows += [(p, "comprehensive_strategic", "2010-01-01") for p in top_before]
    frame = pd.DataFrame(rows, columns=["partner", "level", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_top_tier_claim_supported_and_partly():
    load = loader(vn_partnerships=network(["China", "Russia"]))
    assert claims.top_tier_before_us("China;Russia", load).verdict == claims.SUPPORTED
    partly = claims.top_tier_before_us("China;India", load)
    assert partly.verdict == claims.PARTLY and "Not in the claim: Russia" in partly.result


def test_deficit_threshold_and_missing_year():
    annual = pd.DataFrame({"year": [2023, 2024], "exports_usd_m": [None, 13.0],
                           "imports_usd_m": [None, 136.0], "balance_usd_m": [None, -123.0]})
    load = loader(us_vn_trade_annual=annual)
    assert claims.deficit_exceeds("2024;120", load).verdict == claims.SUPPORTED
    assert claims.deficit_exceeds("2024;130", load).verdict == claims.NOT
    assert claims.deficit_exceeds("2023;1", load).verdict == claims.UNCHECKABLE


def test_persistent_surplus_is_partly_supported_when_years_are_missing():
    annual = pd.DataFrame({"year": [2001, 2002, 2003], "balance_usd_m": [-1.0, None, -3.0]})
    verdict = claims.persistent_surplus("2001", loader(us_vn_trade_annual=annual))
    assert verdict.verdict == claims.PARTLY and "2 of the 2 years" in verdict.result
    assert "1 year without a value" in verdict.result
    full = pd.DataFrame({"year": [2001, 2002], "balance_usd_m": [-1.0, -2.0]})
    assert claims.persistent_surplus("2001", loader(us_vn_trade_annual=full)).verdict == claims.SUPPORTED
    mixed = pd.DataFrame({"year": [2001, 2002], "balance_usd_m": [-1.0, 2.0]})
    assert claims.persistent_surplus("2001", loader(us_vn_trade_annual=mixed)).verdict == claims.NOT


def test_framework_weekday_and_rate():
    tariffs = pd.DataFrame({"date": pd.to_datetime(["2025-10-26"]), "rate": [0.2],
                            "instrument": ["Joint Statement on a framework"]})
    load = loader(tariffs_2025=tariffs)
    assert claims.framework_weekday("Sunday", load).verdict == claims.SUPPORTED
    assert claims.framework_weekday("Monday", load).verdict == claims.NOT
    assert claims.framework_rate("0.2", load).verdict == claims.SUPPORTED
    assert claims.framework_rate("0.1", load).verdict == claims.NOT


def test_unknown_check_is_named():
    frame = pd.DataFrame([{"id": "X1", "topic": "trade", "claim": "c", "check": "nope",
                           "expected": "", "source": "s"}])
    with pytest.raises(KeyError, match="X1: unknown check 'nope'"):
        claims.judge(frame, loader())


def test_every_claim_in_the_data_is_judged(root):
    judged = claims.judge(data.load("seed_claims", root), lambda n: data.load(n, root))
    assert len(judged) >= 8 and set(judged["verdict"]) <= set(claims.VERDICTS)
    assert set(judged["topic"]) == {"diplomacy", "trade", "defence"}
