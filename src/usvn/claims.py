"""The source reports' claims, judged against the data.

Claims live in ``data/seed_claims.csv`` (paraphrased, with the report they come from, the
check that tests them and the figure the claim states).  Each check is a function of that
figure and a loader (``usvn.data.load`` in the book, in-memory frames in the tests) and
returns a :class:`Verdict`; a data update re-judges every claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import defence, diplomacy, text, trade

SUPPORTED, PARTLY, NOT = "supported", "partly supported", "not supported"   # statements of fact
HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN = "happened", "partly happened", "did not happen"  # expectations
UNCHECKABLE, NOT_CHECKED = "not checkable with public data", "not checked here"
VERDICTS = (SUPPORTED, PARTLY, NOT, HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN, UNCHECKABLE,
            NOT_CHECKED)
Loader = Callable[[str], pd.DataFrame]


@dataclass(frozen=True)
class Verdict:
    verdict: str
    result: str      # what the data show, with the computed figures
    data: str        # which resources test the claim

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def _us_top_date(load: Loader) -> pd.Timestamp:
    network = load("vn_partnerships")
    row = network[(network["partner"] == "United States") & (network["level"] == diplomacy.TOP)]
    if row.empty:
        raise ValueError("the United States has no comprehensive strategic partnership row")
    return pd.Timestamp(row["date"].iloc[0])


def top_tier_before_us(expected: str, load: Loader) -> Verdict:
    """'The upgrade gives the US a status so far reserved for <partners>'."""
    network = load("vn_partnerships")
    day_before = _us_top_date(load) - pd.Timedelta(days=1)
    actual = diplomacy.partners_at(network, diplomacy.TOP, day_before)
    cmp = diplomacy.compare_sets(expected.split(";"), actual)
    result = f"Top tier on {day_before:%d %B %Y}: {', '.join(actual)}."
    if cmp["missing"]:
        result += f" Not in the claim: {', '.join(cmp['missing'])}."
    if cmp["extra"]:
        result += f" In the claim but not in the data: {', '.join(cmp['extra'])}."
    return Verdict(cmp["verdict"], result, "vn_partnerships")


def relations_since(expected: str, load: Loader) -> Verdict:
    """'Relations were normalized in <year>'."""
    network = load("vn_partnerships")
    row = network[(network["partner"] == "United States") & (network["level"] == "diplomatic_relations")]
    date = pd.Timestamp(row["date"].iloc[0])
    verdict = SUPPORTED if date.year == int(expected) else NOT
    return Verdict(verdict, f"Diplomatic relations established on {date:%d %B %Y}.", "vn_partnerships")


def deficit_exceeds(expected: str, load: Loader) -> Verdict:
    """'Vietnam's surplus with the US exceeded <amount> (million USD) in <year>' (year;amount)."""
    year, amount = (float(x) for x in expected.split(";"))
    annual = load("us_vn_trade_annual")
    row = annual[annual["year"] == int(year)]
    if row.empty or pd.isna(row["balance_usd_m"].iloc[0]):
        return Verdict(UNCHECKABLE, f"No US balance for {int(year)} in the Census series.",
                       "us_vn_trade_annual")
    deficit = -float(row["balance_usd_m"].iloc[0])
    verdict = SUPPORTED if deficit > amount else NOT
    return Verdict(verdict, f"US goods deficit with Vietnam in {int(year)}: "
                   f"${deficit / 1000:,.1f} billion (US Census basis).", "us_vn_trade_annual")


def framework_rate(expected: str, load: Loader) -> Verdict:
    """'Under the framework the US keeps a <rate> tariff on Vietnamese goods'."""
    tariffs = load("tariffs_2025")
    row = tariffs[tariffs["instrument"].str.startswith("Joint Statement on")]
    if row.empty:
        return Verdict(UNCHECKABLE, "No framework row in the tariff table.", "tariffs_2025")
    rate = float(row["rate"].iloc[0])
    verdict = SUPPORTED if abs(rate - float(expected)) < 1e-9 else NOT
    return Verdict(verdict, f"Rate kept by the joint statement of "
                   f"{pd.Timestamp(row['date'].iloc[0]):%d %B %Y}: {rate:.0%}.", "tariffs_2025")


def framework_weekday(expected: str, load: Loader) -> Verdict:
    """'The framework was announced on a <weekday>'."""
    tariffs = load("tariffs_2025")
    date = pd.Timestamp(tariffs[tariffs["instrument"].str.startswith("Joint Statement on")]["date"].iloc[0])
    verdict = SUPPORTED if date.day_name() == expected else NOT
    return Verdict(verdict, f"The joint statement is dated {date:%d %B %Y}, a {date.day_name()}.",
                   "tariffs_2025")


def persistent_surplus(expected: str, load: Loader) -> Verdict:
    """'The trade relationship has long been defined by a Vietnamese surplus' (since <year>)."""
    annual = trade.observed(load("us_vn_trade_annual"), "balance_usd_m")
    since = annual[annual["year"] >= int(expected)]
    deficits = int((since["balance_usd_m"] < 0).sum())
    earlier = annual[annual["year"] < int(expected)]
    result = (f"US deficit in {deficits} of the {len(since)} years from {expected} to "
              f"{int(since['year'].max()) if len(since) else expected} (US Census Bureau)"
              + (f"; balances in the years before: "
                 f"{', '.join(f'{int(y)}: {b:,.0f}' for y, b in zip(earlier['year'], earlier['balance_usd_m']))}"
                 " ($ million)" if len(earlier) else "") + ".")
    if len(since) == 0:
        return Verdict(UNCHECKABLE, result, "us_vn_trade_annual")
    span = annual["year"].max() - int(expected) + 1
    verdict = SUPPORTED if deficits == len(since) and len(since) == span else (
        PARTLY if deficits == len(since) else NOT)
    missing = span - len(since)
    return Verdict(verdict, result + (f" {missing} year{'s' if missing > 1 else ''} without a "
                                      "value." if missing else ""),
                   "us_vn_trade_annual")


def us_top_destination(expected: str, load: Loader) -> Verdict:
    """'The US is the top destination for Vietnam's exports' in <year>."""
    top = trade.top_destination(load("vn_exports_by_destination"), int(expected))
    result = (f"{expected}: {top['destination']} ${top['exports_usd_m'] / 1000:,.1f} billion, "
              f"ahead of {top['runner_up']} ${top['runner_up_usd_m'] / 1000:,.1f} billion "
              "(Vietnamese customs).")
    if top["destination"] != "United States":
        return Verdict(NOT, result, "vn_exports_by_destination")
    if top["unsourced"]:
        return Verdict(PARTLY, result + " Exports to " + ", ".join(top["unsourced"])
                       + " that year are not in the customs figures found, so the ranking "
                       "cannot be confirmed against them.", "vn_exports_by_destination")
    return Verdict(SUPPORTED, result, "vn_exports_by_destination")


def diversify_from_china(expected: str, load: Loader) -> Verdict:
    """'The US seeks to diversify supply chains away from China': an intention; the shift
    it aims at is measured by China's and Vietnam's shares of US goods imports from
    <year> (the year before the 2018 tariffs on Chinese goods) to the latest year."""
    table = load("us_trade_by_partner")
    shares = trade.import_shares(table, ["CHN", "VNM"]).set_index(["code", "year"])["share"]
    first, last = int(expected), int(table["year"].max())
    china = (shares.loc[("CHN", first)], shares.loc[("CHN", last)])
    vietnam = (shares.loc[("VNM", first)], shares.loc[("VNM", last)])
    result = (f"China's share of US goods imports went from {china[0]:.1%} in {first} to "
              f"{china[1]:.1%} in {last}; Vietnam's from {vietnam[0]:.1%} to {vietnam[1]:.1%} "
              "(US Census Bureau). The intention itself cannot be measured, and shares do not "
              "show how much of the goods was made or only assembled in Vietnam.")
    shifted = china[1] < china[0] and vietnam[1] > vietnam[0]
    return Verdict(PARTLY if shifted else NOT, result, "us_trade_by_partner")


def russia_top_buyer(expected: str, load: Loader) -> Verdict:
    """'Vietnam is among the top buyers of Russian arms' (from <year>): Việt Nam's rank
    among Russia's customers in one SIPRI release; among the top five = supported."""
    check = defence.russia_check(load, int(expected))
    result = (f"In SIPRI's register, Viet Nam was Russia's {text.ordinal(check['rank'])}-largest customer "
              f"for major arms out of {check['customers']} over {check['start']}–{check['end']}"
              f" (after {', '.join(check['ahead']) or 'none'}), and "
              f"Russia supplied {check['share_of_vn']:.0%} of Viet Nam's imports.")
    return Verdict(SUPPORTED if check["supported"] else NOT, result,
                   "sipri_arms_transfers")


def more_carrier_visits(expected: str, load: Loader) -> Verdict:
    """Expectation: 'the upgrade will bring more US aircraft carrier visits'; judged on
    the record to its latest date."""
    events = defence.defence_events(load)
    upgrade = defence.event_date(events, "partnership", "Comprehensive Strategic Partnership")
    visits = defence.carrier_visits(events)
    after = visits[visits["date"] > upgrade]
    checked = events["date"].max()
    result = (f"Carrier visits recorded: {', '.join(f'{d:%B %Y}' for d in visits['date'])}; "
              f"after the upgrade of {text.day(upgrade)}: {len(after) or 'none'}, as of "
              f"{text.day(checked)}.")
    return Verdict(HAPPENED if len(after) else DID_NOT_HAPPEN, result, "defence_milestones")


def diversifying_arsenal(expected: str, load: Loader) -> Verdict:
    """'Vietnam wants to diversify its arsenal' (judged by supplier concentration since <year>)."""
    tiv = load("sipri_vn_arms_imports")
    start, width = int(expected), 5
    end = start + ((int(tiv["year"].max()) - start + 1) // width) * width - 1  # full windows
    conc = defence.concentration(tiv, start, end, width)
    first, last = conc.iloc[0], conc.iloc[-1]
    result = (f"Supplier concentration (HHI) {first['hhi']:.2f} in {first['window']} and "
              f"{last['hhi']:.2f} in {last['window']}, when deliveries were "
              f"{last['tiv_m'] / first['tiv_m']:.0%} of the first period's volume.")
    return Verdict(PARTLY if last["hhi"] < first["hhi"] else NOT,
                   result + " An intention; the trend is its only measurable trace.",
                   "sipri_vn_arms_imports")


CHECKS: dict[str, Callable[[str, Loader], Verdict]] = {
    f.__name__: f for f in (top_tier_before_us, relations_since, deficit_exceeds,
                            framework_rate, framework_weekday, persistent_surplus,
                            us_top_destination, diversify_from_china, russia_top_buyer,
                            more_carrier_visits, diversifying_arsenal)}


def quote_into(f, load: Loader, prefix: str, ids) -> None:
    """Put claims ``ids`` into a chapter's facts as ``<prefix>_claim_<id>``,
    ``<prefix>_result_<id>`` and ``<prefix>_verdict_<id>``: the same functions, and so
    the same numbers and verdicts, as the claims page."""
    judged = judge(load("seed_claims"), load).set_index("id")
    f.using()
    for cid in ids:
        f[f"{prefix}_claim_{cid}"] = judged.loc[cid, "claim"]
        f[f"{prefix}_result_{cid}"] = judged.loc[cid, "result"]
        f[f"{prefix}_verdict_{cid}"] = judged.loc[cid, "verdict"]


def judge(claims: pd.DataFrame, load: Loader) -> pd.DataFrame:
    """One row per claim: the claim, its report, the verdict, the result and the data."""
    rows = []
    for _, claim in claims.iterrows():
        if claim["check"] not in CHECKS:
            raise KeyError(f"claim {claim['id']}: unknown check {claim['check']!r}; "
                           f"known: {', '.join(CHECKS)}")
        verdict = CHECKS[claim["check"]](str(claim["expected"]), load)
        rows.append({"id": claim["id"], "topic": claim["topic"], "claim": claim["claim"],
                     "report": claim["source"], "verdict": verdict.verdict,
                     "result": verdict.result, "data": verdict.data})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- the page

CHAPTER = "claims"
REPORTS = {"seed_ani2023": "Report of September 2023", "seed_cnews2025": "Report of October 2025"}
COUNTS = {"supported": SUPPORTED, "partly": PARTLY, "not": NOT, "uncheckable": UNCHECKABLE}


def claims_markdown(frame: pd.DataFrame) -> str:
    """One entry per claim: the claim, where it was made, the data, the result, the verdict."""
    return "\n".join(
        f"**{row['id']}. {row['claim']}**\n\n"
        f"- Made in: {REPORTS.get(row['report'], row['report'])}\n"
        f"- Tested with: `data/{row['data']}.csv`\n"
        f"- Result: {row['result']}\n"
        f"- Verdict: **{row['verdict']}**\n" for _, row in frame.iterrows())


def facts(load, **given):
    """Every value the claims page states: counts by verdict and one Markdown list of the
    judged claims per topic."""
    from .facts import Facts

    f = Facts(CHAPTER, {})
    judged = judge(load("seed_claims"), load)
    f.using("seed_claims")
    counts = judged["verdict"].value_counts()
    for key, verdict in COUNTS.items():
        f[f"cl_n_{key}"] = int(counts.get(verdict, 0))
    f["cl_n"] = len(judged)
    for topic in ("diplomacy", "trade", "defence"):
        f[f"cl_{topic}_md"] = claims_markdown(judged[judged["topic"] == topic])
    return f
