"""The source reports' trade claims, judged against the data."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import kinds as text
from ...facts.verdicts import (
    DID_NOT_HAPPEN,
    HAPPENED,
    NOT,
    NOT_CHECKED,
    PARTLY,
    PARTLY_HAPPENED,
    SUPPORTED,
    Loader,
    Verdict,
    check,
    day_text,
)
from .. import record
from . import analysis as trade
from .analysis import FRAMEWORK

# ----------------------------------------------------------------------------- trade


@check
def deficit_exceeds(expected: str, load: Loader) -> Verdict:
    """The US goods deficit with Việt Nam (US Census basis) exceeded the amount in the year."""
    year, amount = (float(x) for x in expected.split(";"))
    annual = load("us_vn_trade_annual").set_index("year")
    deficit = -float(annual.loc[int(year), "balance_usd_m"])
    verdict = SUPPORTED if deficit > amount else NOT
    evidence = [
        {
            "Year": str(y),
            "US exports": text.usd_billions(annual.loc[y, "exports_usd_m"]),
            "US imports": text.usd_billions(annual.loc[y, "imports_usd_m"]),
            "US deficit": text.usd_billions(-annual.loc[y, "balance_usd_m"]),
        }
        for y in (int(year) - 1, int(year))
        if y in annual.index
    ]
    return Verdict(
        verdict,
        f"The US goods deficit with Việt Nam in {int(year)} was "
        f"{text.usd_billions(deficit)} by US Census Bureau statistics, the basis the "
        "US government uses.",
        "us_vn_trade_annual",
        evidence,
    )


def _framework(load: Loader) -> pd.Series:
    return data.row(load("us_tariff_actions"), FRAMEWORK)


@check
def framework_rate(expected: str, load: Loader) -> Verdict:
    """The joint statement keeps the claimed rate (and what became of it since)."""
    row = _framework(load)
    rate = float(row["rate"])
    tariffs = load("us_tariff_actions")
    later = tariffs[pd.to_datetime(tariffs["date"]) > pd.Timestamp(row["date"])]
    evidence = [
        {"Date": day_text(r.date), "Measure": r.instrument, "Rate": text.statutory(r.rate)}
        for r in pd.concat([row.to_frame().T, later]).itertuples()
    ]
    verdict = SUPPORTED if abs(rate - float(expected)) < 1e-9 else NOT
    return Verdict(
        verdict,
        f"The joint statement of {day_text(row['date'])} kept a "
        f"{text.statutory(rate)} rate on goods from Việt Nam. The rate's legal basis was "
        "later struck down; the measures that followed are listed.",
        "us_tariff_actions",
        evidence,
    )


@check
def framework_weekday(expected: str, load: Loader) -> Verdict:
    """The framework's joint statement is dated on the claimed weekday."""
    date = pd.Timestamp(_framework(load)["date"])
    verdict = SUPPORTED if date.day_name() == expected else NOT
    return Verdict(
        verdict,
        f"The joint statement is dated {day_text(date)}, a {date.day_name()}.",
        "us_tariff_actions",
        [{"Date": day_text(date), "Weekday": date.day_name()}],
    )


@check
def persistent_surplus(expected: str, load: Loader) -> Verdict:
    """A US deficit with Việt Nam in every year from the claimed year to the latest."""
    annual = trade.observed(load("us_vn_trade_annual"), "balance_usd_m")
    since = annual[annual["year"] >= int(expected)]
    deficits = int((since["balance_usd_m"] < 0).sum())
    surplus_years = annual.loc[annual["balance_usd_m"] >= 0, "year"].astype(int).tolist()
    last = int(since["year"].max())
    result = (
        f"The United States ran a goods deficit with Việt Nam in {deficits} of the "
        f"{len(since)} years {expected}–{last} (US Census Bureau). Its last surplus was in "
        f"{max(surplus_years) if surplus_years else 'no year'}."
    )
    evidence = [
        {
            "Years": f"{expected}–{last}",
            "Years with a US deficit": str(deficits),
            "Years with a US surplus (all years)": ", ".join(map(str, surplus_years)) or "none",
        }
    ]
    verdict = SUPPORTED if deficits == len(since) else (PARTLY if deficits else NOT)
    return Verdict(verdict, result, "us_vn_trade_annual", evidence)


@check
def us_top_destination(expected: str, load: Loader) -> Verdict:
    """Việt Nam's own statistics name the United States its largest export market in the
    latest period ending before the report (``expected`` = the report's date)."""
    ranks = load("vn_market_rankings")
    before = ranks[ranks["period_end"] < pd.Timestamp(expected)].sort_values("period_end")
    if before.empty:
        return Verdict(
            NOT_CHECKED, "No ranking by Việt Nam's statistics before the report.", "vn_market_rankings"
        )
    latest = before[before["period_end"] == before["period_end"].max()]
    top = latest[latest["rank"] == 1]["market"].tolist()
    period = latest["period"].iloc[0]
    exports = load("vn_exports_by_destination").dropna(subset=["exports_usd_m"])
    year = pd.Timestamp(expected).year
    values = exports[exports["year"] == year]
    evidence = [
        {"Period": r.period, "Largest export market": r.market, "Stated by": r.reporter}
        for r in before.itertuples()
    ]
    evidence += [
        {
            "Period": str(year),
            "Largest export market": f"{r.destination}: {text.usd_billions(r.exports_usd_m)}",
            "Stated by": "Vietnamese customs (exports by destination)",
        }
        for r in values.sort_values("exports_usd_m", ascending=False).itertuples()
        if r.destination != "World"
    ]
    verdict = SUPPORTED if top == ["United States"] else NOT
    return Verdict(
        verdict,
        f"Việt Nam's statistics office and trade ministry named "
        f"{'the ' + top[0] if top else 'no single market'} its largest export market "
        f"for {period}.",
        "vn_market_rankings;vn_exports_by_destination",
        evidence,
    )


@check
def diversify_from_china(expected: str, load: Loader) -> Verdict:
    """The shift the US aims at: China's share of US goods imports fell and Việt Nam's rose
    from ``expected`` (the year before the 2018 tariffs on Chinese goods) to the latest."""
    table = load("us_trade_by_partner")
    shares = trade.import_shares(table, ["CHN", "VNM"]).set_index(["code", "year"])["share"]
    first, last = int(expected), int(table["year"].max())
    china, vietnam = (
        (shares.loc[("CHN", first)], shares.loc[("CHN", last)]),
        (shares.loc[("VNM", first)], shares.loc[("VNM", last)]),
    )
    evidence = [
        {
            "Partner": name,
            f"Share of US imports, {first}": text.percent(a, 1),
            f"Share of US imports, {last}": text.percent(b, 1),
        }
        for name, (a, b) in (("China", china), ("Việt Nam", vietnam))
    ]
    shifted = china[1] < china[0] and vietnam[1] > vietnam[0]
    return Verdict(
        SUPPORTED if shifted else NOT,
        f"China's share of US goods imports went from {text.percent(china[0], 1)} in "
        f"{first} to {text.percent(china[1], 1)} in {last}; Việt Nam's from "
        f"{text.percent(vietnam[0], 1)} to {text.percent(vietnam[1], 1)} (US Census "
        "Bureau). The shares show the shift, not the intent behind it, and not how much was "
        "made, or only assembled, in Việt Nam.",
        "us_trade_by_partner",
        evidence,
    )


@check
def rising_exporter(expected: str, load: Loader) -> Verdict:
    """Việt Nam's share of US goods imports rose over the ``expected`` years to the latest
    year, and its rank among US import sources improved."""
    table = load("us_trade_by_partner")
    last = int(table["year"].max())
    first = last - int(expected)
    shares = trade.import_shares(table, ["VNM"]).set_index("year")["share"]

    def rank(year):
        rows = trade.partners_in(table, year).sort_values("imports_usd_m", ascending=False)
        return int(rows["code"].tolist().index("VNM")) + 1

    evidence = [
        {
            "Year": str(y),
            "Share of US goods imports": text.percent(shares.loc[y], 1),
            "Rank among US import sources": text.ordinal(rank(y)),
        }
        for y in (first, last)
    ]
    rose = shares.loc[last] > shares.loc[first] and rank(last) < rank(first)
    return Verdict(
        SUPPORTED if rose else NOT,
        f"Việt Nam supplied {text.percent(shares.loc[first], 1)} of US goods imports in "
        f"{first} and {text.percent(shares.loc[last], 1)} in {last}, moving from "
        f"{text.ordinal(rank(first))} to {text.ordinal(rank(last))} among sources.",
        "us_trade_by_partner",
        evidence,
    )


@check
def more_activity(expected: str, load: Loader) -> Verdict:
    """Expectation: US goods trade with Việt Nam (exports plus imports) in each full year
    after the upgrade exceeded the last full year before it (``expected``)."""
    annual = load("us_vn_trade_annual").set_index("year")
    base = int(expected)
    total = annual["exports_usd_m"] + annual["imports_usd_m"]
    after = [y for y in annual.index if y > base + 1]
    evidence = [
        {
            "Year": str(y),
            "US goods trade with Việt Nam": text.usd_billions(total.loc[y]),
            "US exports": text.usd_billions(annual.loc[y, "exports_usd_m"]),
        }
        for y in [base, *after]
    ]
    higher = [y for y in after if total.loc[y] > total.loc[base]]
    exports_up = [y for y in after if annual.loc[y, "exports_usd_m"] > annual.loc[base, "exports_usd_m"]]
    verdict = (
        HAPPENED
        if after and len(higher) == len(after) and len(exports_up) == len(after)
        else PARTLY_HAPPENED
        if higher
        else DID_NOT_HAPPEN
    )
    last = max(after) if after else base
    growth = total.loc[last] - total.loc[base]
    from_imports = (
        (annual.loc[last, "imports_usd_m"] - annual.loc[base, "imports_usd_m"]) / growth if growth else 0.0
    )
    return Verdict(
        verdict,
        f"US goods trade with Việt Nam was {text.usd_billions(total.loc[base])} "
        f"in {base} and {text.usd_billions(total.loc[last])} in {last}; it was higher in "
        f"{len(higher)} of the {len(after)} full years since the upgrade, and US exports "
        f"in {len(exports_up)}. Imports from Việt Nam made up {text.percent(from_imports)} "
        f"of the growth to {last}.",
        "us_vn_trade_annual",
        evidence,
        checked=str(max(after)) if after else "",
    )


@check
def zero_tariff_categories(expected: str, load: Loader) -> Verdict:
    """Expectation: zero-tariff entry for select categories of Vietnamese goods, after the
    framework (a measure in the record giving a zero rate to listed goods)."""
    framework = pd.Timestamp(_framework(load)["date"])
    events = load("us_vn_timeline")
    tariffs = load("us_tariff_actions")
    zero = tariffs[(tariffs["rate"] == 0) & (pd.to_datetime(tariffs["date"]) > framework)]
    exempt = data.tagged(events, "exemption")
    exempt = exempt[exempt["date"] > framework]
    evidence = [{"Date": day_text(r.date), "Measure": r.event} for r in exempt.itertuples()]
    evidence += [
        {"Date": day_text(r.date), "Measure": f"{r.instrument}: {r.scope}"} for r in zero.itertuples()
    ]
    verdict = PARTLY_HAPPENED if len(exempt) or len(zero) else DID_NOT_HAPPEN
    return Verdict(
        verdict,
        "Zero rates for listed goods came, but as exemptions for goods from "
        "all partners rather than as categories agreed with Việt Nam; no Vietnam-specific "
        "zero-tariff list is in the record."
        if verdict == PARTLY_HAPPENED
        else "No zero rate for listed Vietnamese goods is in the record.",
        "us_vn_timeline;us_tariff_actions",
        evidence,
        checked=day_text(record.record_end(load)),
    )


@check
def agreement_by(expected: str, load: Loader) -> Verdict:
    """Expectation: a formal agreement concluded by the claimed date (``expected``); the
    timeline would hold its signing."""
    deadline = pd.Timestamp(expected)
    events = load("us_vn_timeline")
    signed = data.tagged(events, "agreement_signed")
    talks = data.tagged(events, "agreement_talks")
    talks = talks[talks["date"] > deadline]
    end = record.record_end(load)
    evidence = [{"Date": day_text(r.date), "Event": r.event} for r in pd.concat([signed, talks]).itertuples()]
    if len(signed) and signed["date"].min() <= deadline:
        verdict = HAPPENED
    elif len(signed):
        verdict = PARTLY_HAPPENED
    else:
        verdict = DID_NOT_HAPPEN
    return Verdict(
        verdict,
        f"No signed agreement is in the record by {day_text(deadline)}"
        + (f", nor by {day_text(end)}, the record's last date" if not len(signed) else "")
        + ". Talks continued into 2026.",
        "us_vn_timeline",
        evidence,
        checked=day_text(end),
    )


@check
def boeing_announcement(expected: str, load: Loader) -> Verdict:
    """Expectation: an announcement by Boeing of a sale to a Vietnamese airline after the
    report (``expected`` = the report's date)."""
    events = load("us_vn_timeline")
    hits = data.tagged(events, "boeing")
    hits = hits[hits["date"] >= pd.Timestamp(expected)].sort_values("date")
    evidence = [{"Date": day_text(r.date), "Event": r.event} for r in hits.itertuples()]
    return Verdict(
        HAPPENED if len(hits) else DID_NOT_HAPPEN,
        (
            f"On {day_text(hits['date'].iloc[0])}, during President Biden's visit, Vietnam Airlines "
            "committed to buy Boeing aircraft; the order was finalized later."
            if len(hits)
            else "No Boeing sale to a Vietnamese airline is in the record."
        ),
        "us_vn_timeline",
        evidence,
        checked=day_text(record.record_end(load)),
    )
