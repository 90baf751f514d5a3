"""The source reports' claims, judged against the data.

Claims are data (``data/seed_claims.csv``): the words quoted from the report, the report,
the kind of claim (a statement of fact, a trend, an expectation, an opinion), the test the
book applies in one sentence, the check that applies it and the figure the claim states.
Each check is a function of that figure and a loader (``usvn.data.load`` in the book,
in-memory frames in the tests) and returns a :class:`Verdict` with its evidence.  The
chapters that discuss a claim quote the same verdict through :func:`quote_into`, so a
chapter and this page cannot disagree; a data update re-judges every claim.

Verdicts (one vocabulary, defined once in :data:`MEANING`):

* statements of fact and trends: supported / partly supported / not supported;
* expectations: happened / partly happened / did not happen, with the date checked;
* not checkable with public data / not checked here, each with its reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from . import data, defence, diplomacy, text, trade
from .facts import is_complete, require_complete

SUPPORTED, PARTLY, NOT = "supported", "partly supported", "not supported"
HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN = "happened", "partly happened", "did not happen"
UNCHECKABLE, NOT_CHECKED = "not checkable with public data", "not checked here"
VERDICTS = (SUPPORTED, PARTLY, NOT, HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN, UNCHECKABLE,
            NOT_CHECKED)
FOR_KIND = {"fact": (SUPPORTED, PARTLY, NOT), "trend": (SUPPORTED, PARTLY, NOT),
            "expectation": (HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN),
            "opinion": (UNCHECKABLE,)}
MEANING = {
    SUPPORTED: "the data show what the claim states, under the test given",
    PARTLY: "part of the claim holds under the test and part does not, or it holds only with a qualification stated in the result",
    NOT: "the data contradict the claim under the test given",
    HAPPENED: "an expectation the record shows fulfilled by the date checked",
    PARTLY_HAPPENED: "an expectation fulfilled in part, or in another form than expected, by the date checked",
    DID_NOT_HAPPEN: "an expectation the record does not show fulfilled by the date checked",
    UNCHECKABLE: "an opinion, a motive or a quotation: no public data can confirm or refute it",
    NOT_CHECKED: "checkable in principle, but with data this book does not hold; the reason is given",
}
Loader = Callable[[str], pd.DataFrame]


@dataclass(frozen=True)
class Verdict:
    verdict: str
    result: str                      # what the data show, with the computed figures
    data: str                        # the resources that test the claim (';'-separated)
    evidence: list = field(default_factory=list)  # rows of a small table: [{"col": value}]
    checked: str = ""                # for expectations: the date the record runs to

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def _day(date) -> str:
    return text.day(pd.Timestamp(date)).text()


def _us_top_date(load: Loader) -> pd.Timestamp:
    network = load("vn_partnerships")
    row = network[(network["partner"] == "United States") & (network["level"] == diplomacy.TOP)]
    if row.empty:
        raise ValueError("the United States has no comprehensive strategic partnership row")
    return pd.Timestamp(row["date"].iloc[0])


def _record_end(load: Loader) -> pd.Timestamp:
    """The date the book's record runs to (for judging expectations)."""
    return diplomacy.record(load)["date"].max()


# ----------------------------------------------------------------------------- diplomacy

def top_tier_before_us(expected: str, load: Loader) -> Verdict:
    """The top tier on the day before the US upgrade is exactly the claimed list."""
    network = load("vn_partnerships")
    day_before = _us_top_date(load) - pd.Timedelta(days=1)
    actual = diplomacy.partners_at(network, diplomacy.TOP, day_before)
    cmp = diplomacy.compare_sets(expected.split(";"), actual)
    result = f"On {_day(day_before)} the top tier held: {', '.join(actual)}."
    if cmp["missing"]:
        result += f" Not in the claim: {', '.join(cmp['missing'])}."
    if cmp["extra"]:
        result += f" In the claim but not in the data: {', '.join(cmp['extra'])}."
    wide = diplomacy.ladder(network)
    evidence = [{"Partner": p, "Comprehensive strategic partner since": _day(wide.loc[p, diplomacy.TOP])}
                for p in actual]
    return Verdict(cmp["verdict"], result, "vn_partnerships", evidence)


def relations_since(expected: str, load: Loader) -> Verdict:
    """Diplomatic relations were established in the claimed year (both countries' dates)."""
    network = load("vn_partnerships")
    row = network[(network["partner"] == "United States") & (network["level"] == "diplomatic_relations")]
    date = pd.Timestamp(row["date"].iloc[0])
    vn = data.row(load("us_vn_timeline"), diplomacy.VN_NORMALIZATION)
    evidence = [{"Side": "United States (announcement in Washington)", "Date": _day(date)},
                {"Side": "Việt Nam (announcement in Hanoi)", "Date": _day(vn["date"])}]
    verdict = SUPPORTED if date.year == int(expected) else NOT
    return Verdict(verdict, f"Relations were established on {_day(date)} (US date); Việt Nam "
                   f"dates them a day later, across the date line.", "vn_partnerships;us_vn_timeline",
                   evidence)


# ----------------------------------------------------------------------------- trade

def deficit_exceeds(expected: str, load: Loader) -> Verdict:
    """The US goods deficit with Việt Nam (US Census basis) exceeded the amount in the year."""
    year, amount = (float(x) for x in expected.split(";"))
    annual = load("us_vn_trade_annual").set_index("year")
    deficit = -float(annual.loc[int(year), "balance_usd_m"])
    verdict = SUPPORTED if deficit > amount else NOT
    evidence = [{"Year": str(y), "US exports": text.usd_billions(annual.loc[y, "exports_usd_m"]),
                 "US imports": text.usd_billions(annual.loc[y, "imports_usd_m"]),
                 "US deficit": text.usd_billions(-annual.loc[y, "balance_usd_m"])}
                for y in (int(year) - 1, int(year)) if y in annual.index]
    return Verdict(verdict, f"The US goods deficit with Việt Nam in {int(year)} was "
                   f"{text.usd_billions(deficit)} by US Census Bureau statistics, the basis the "
                   "US government uses.", "us_vn_trade_annual", evidence)


def _framework(load: Loader) -> pd.Series:
    return data.row(load("tariffs_2025"), trade.FRAMEWORK)


def framework_rate(expected: str, load: Loader) -> Verdict:
    """The joint statement keeps the claimed rate (and what became of it since)."""
    row = _framework(load)
    rate = float(row["rate"])
    tariffs = load("tariffs_2025")
    later = tariffs[pd.to_datetime(tariffs["date"]) > pd.Timestamp(row["date"])]
    evidence = [{"Date": _day(r.date), "Measure": r.instrument, "Rate": text.percent(r.rate)}
                for r in pd.concat([row.to_frame().T, later]).itertuples()]
    verdict = SUPPORTED if abs(rate - float(expected)) < 1e-9 else NOT
    return Verdict(verdict, f"The joint statement of {_day(row['date'])} kept a "
                   f"{text.percent(rate)} rate on goods from Việt Nam. The rate's legal basis was "
                   "later struck down; the measures that followed are listed.", "tariffs_2025",
                   evidence)


def framework_weekday(expected: str, load: Loader) -> Verdict:
    """The framework's joint statement is dated on the claimed weekday."""
    date = pd.Timestamp(_framework(load)["date"])
    verdict = SUPPORTED if date.day_name() == expected else NOT
    return Verdict(verdict, f"The joint statement is dated {_day(date)}, a {date.day_name()}.",
                   "tariffs_2025", [{"Date": _day(date), "Weekday": date.day_name()}])


def persistent_surplus(expected: str, load: Loader) -> Verdict:
    """A US deficit with Việt Nam in every year from the claimed year to the latest."""
    annual = trade.observed(load("us_vn_trade_annual"), "balance_usd_m")
    since = annual[annual["year"] >= int(expected)]
    deficits = int((since["balance_usd_m"] < 0).sum())
    surplus_years = annual.loc[annual["balance_usd_m"] >= 0, "year"].astype(int).tolist()
    last = int(since["year"].max())
    result = (f"The United States ran a goods deficit with Việt Nam in {deficits} of the "
              f"{len(since)} years {expected}–{last} (US Census Bureau). Its last surplus was in "
              f"{max(surplus_years) if surplus_years else 'no year'}.")
    evidence = [{"Years": f"{expected}–{last}", "Years with a US deficit": str(deficits),
                 "Years with a US surplus (all years)": ", ".join(map(str, surplus_years)) or "none"}]
    verdict = SUPPORTED if deficits == len(since) else (PARTLY if deficits else NOT)
    return Verdict(verdict, result, "us_vn_trade_annual", evidence)


def us_top_destination(expected: str, load: Loader) -> Verdict:
    """Việt Nam's own statistics name the United States its largest export market in the
    latest period ending before the report (``expected`` = the report's date)."""
    ranks = load("vn_market_rankings")
    before = ranks[ranks["period_end"] < pd.Timestamp(expected)].sort_values("period_end")
    if before.empty:
        return Verdict(NOT_CHECKED, "No ranking by Việt Nam's statistics before the report.",
                       "vn_market_rankings")
    latest = before[before["period_end"] == before["period_end"].max()]
    top = latest[latest["rank"] == 1]["market"].tolist()
    period = latest["period"].iloc[0]
    exports = load("vn_exports_by_destination").dropna(subset=["exports_usd_m"])
    year = pd.Timestamp(expected).year
    values = exports[exports["year"] == year]
    evidence = [{"Period": r.period, "Largest export market": r.market, "Stated by": r.reporter}
                for r in before.itertuples()]
    evidence += [{"Period": str(year), "Largest export market": f"{r.destination}: {text.usd_billions(r.exports_usd_m)}",
                  "Stated by": "Vietnamese customs (exports by destination)"}
                 for r in values.sort_values("exports_usd_m", ascending=False).itertuples()
                 if r.destination != "World"]
    verdict = SUPPORTED if top == ["United States"] else NOT
    return Verdict(verdict, f"Việt Nam's statistics office and trade ministry named "
                   f"{'the ' + top[0] if top else 'no single market'} its largest export market "
                   f"for {period}.",
                   "vn_market_rankings;vn_exports_by_destination", evidence)


def diversify_from_china(expected: str, load: Loader) -> Verdict:
    """The shift the US aims at: China's share of US goods imports fell and Việt Nam's rose
    from ``expected`` (the year before the 2018 tariffs on Chinese goods) to the latest."""
    table = load("us_trade_by_partner")
    shares = trade.import_shares(table, ["CHN", "VNM"]).set_index(["code", "year"])["share"]
    first, last = int(expected), int(table["year"].max())
    china, vietnam = (shares.loc[("CHN", first)], shares.loc[("CHN", last)]), \
        (shares.loc[("VNM", first)], shares.loc[("VNM", last)])
    evidence = [{"Partner": name, f"Share of US imports, {first}": text.percent(a, 1),
                 f"Share of US imports, {last}": text.percent(b, 1)}
                for name, (a, b) in (("China", china), ("Việt Nam", vietnam))]
    shifted = china[1] < china[0] and vietnam[1] > vietnam[0]
    return Verdict(SUPPORTED if shifted else NOT,
                   f"China's share of US goods imports went from {text.percent(china[0], 1)} in "
                   f"{first} to {text.percent(china[1], 1)} in {last}; Việt Nam's from "
                   f"{text.percent(vietnam[0], 1)} to {text.percent(vietnam[1], 1)} (US Census "
                   "Bureau). Shares do not show how much was made, or only assembled, in Việt Nam.",
                   "us_trade_by_partner", evidence)


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

    evidence = [{"Year": str(y), "Share of US goods imports": text.percent(shares.loc[y], 1),
                 "Rank among US import sources": text.ordinal(rank(y))} for y in (first, last)]
    rose = shares.loc[last] > shares.loc[first] and rank(last) < rank(first)
    return Verdict(SUPPORTED if rose else NOT,
                   f"Việt Nam supplied {text.percent(shares.loc[first], 1)} of US goods imports in "
                   f"{first} and {text.percent(shares.loc[last], 1)} in {last}, moving from "
                   f"{text.ordinal(rank(first))} to {text.ordinal(rank(last))} among sources.",
                   "us_trade_by_partner", evidence)


def more_activity(expected: str, load: Loader) -> Verdict:
    """Expectation: US goods trade with Việt Nam (exports plus imports) in each full year
    after the upgrade exceeded the last full year before it (``expected``)."""
    annual = load("us_vn_trade_annual").set_index("year")
    base = int(expected)
    total = annual["exports_usd_m"] + annual["imports_usd_m"]
    after = [y for y in annual.index if y > base + 1]
    evidence = [{"Year": str(y), "US goods trade with Việt Nam": text.usd_billions(total.loc[y]),
                 "US exports": text.usd_billions(annual.loc[y, "exports_usd_m"])}
                for y in [base, *after]]
    higher = [y for y in after if total.loc[y] > total.loc[base]]
    exports_up = [y for y in after if annual.loc[y, "exports_usd_m"] > annual.loc[base, "exports_usd_m"]]
    verdict = (HAPPENED if after and len(higher) == len(after) and len(exports_up) == len(after)
               else PARTLY_HAPPENED if higher else DID_NOT_HAPPEN)
    last = max(after) if after else base
    growth = total.loc[last] - total.loc[base]
    from_imports = (annual.loc[last, "imports_usd_m"] - annual.loc[base, "imports_usd_m"]) / growth if growth else 0.0
    return Verdict(verdict, f"US goods trade with Việt Nam was {text.usd_billions(total.loc[base])} "
                   f"in {base} and {text.usd_billions(total.loc[last])} in {last}; it was higher in "
                   f"{len(higher)} of the {len(after)} full years since the upgrade, and US exports "
                   f"in {len(exports_up)}. Imports from Việt Nam made up {text.percent(from_imports)} "
                   f"of the growth to {last}.", "us_vn_trade_annual", evidence,
                   checked=str(max(after)) if after else "")


def zero_tariff_categories(expected: str, load: Loader) -> Verdict:
    """Expectation: zero-tariff entry for select categories of Vietnamese goods, after the
    framework (a measure in the record giving a zero rate to listed goods)."""
    framework = pd.Timestamp(_framework(load)["date"])
    events = load("us_vn_timeline")
    tariffs = load("tariffs_2025")
    zero = tariffs[(tariffs["rate"] == 0) & (pd.to_datetime(tariffs["date"]) > framework)]
    exempt = data.tagged(events, "exemption")
    exempt = exempt[exempt["date"] > framework]
    evidence = [{"Date": _day(r.date), "Measure": r.event} for r in exempt.itertuples()]
    evidence += [{"Date": _day(r.date), "Measure": f"{r.instrument}: {r.scope}"} for r in zero.itertuples()]
    verdict = PARTLY_HAPPENED if len(exempt) or len(zero) else DID_NOT_HAPPEN
    return Verdict(verdict, "Zero rates for listed goods came, but as exemptions for goods from "
                   "all partners rather than as categories agreed with Việt Nam; no Vietnam-specific "
                   "zero-tariff list is in the record." if verdict == PARTLY_HAPPENED else
                   "No zero rate for listed Vietnamese goods is in the record.",
                   "us_vn_timeline;tariffs_2025", evidence, checked=_day(_record_end(load)))


def agreement_by(expected: str, load: Loader) -> Verdict:
    """Expectation: a formal agreement concluded by the claimed date (``expected``); the
    timeline would hold its signing."""
    deadline = pd.Timestamp(expected)
    events = load("us_vn_timeline")
    signed = data.tagged(events, "agreement_signed")
    talks = data.tagged(events, "agreement_talks")
    talks = talks[talks["date"] > deadline]
    end = _record_end(load)
    evidence = [{"Date": _day(r.date), "Event": r.event} for r in pd.concat([signed, talks]).itertuples()]
    if len(signed) and signed["date"].min() <= deadline:
        verdict = HAPPENED
    elif len(signed):
        verdict = PARTLY_HAPPENED
    else:
        verdict = DID_NOT_HAPPEN
    return Verdict(verdict, f"No signed agreement is in the record by {_day(deadline)}"
                   + (f", nor by {_day(end)}, the record's last date" if not len(signed) else "")
                   + ". Talks continued into 2026.", "us_vn_timeline", evidence, checked=_day(end))


def boeing_announcement(expected: str, load: Loader) -> Verdict:
    """Expectation: an announcement by Boeing of a sale to a Vietnamese airline after the
    report (``expected`` = the report's date)."""
    events = load("us_vn_timeline")
    hits = data.tagged(events, "boeing")
    hits = hits[hits["date"] >= pd.Timestamp(expected)].sort_values("date")
    evidence = [{"Date": _day(r.date), "Event": r.event} for r in hits.itertuples()]
    return Verdict(HAPPENED if len(hits) else DID_NOT_HAPPEN,
                   (f"On {_day(hits['date'].iloc[0])}, during President Biden's visit, Vietnam Airlines "
                    "committed to buy Boeing aircraft; the order was finalized later."
                    if len(hits) else "No Boeing sale to a Vietnamese airline is in the record."),
                   "us_vn_timeline", evidence, checked=_day(_record_end(load)))


# ----------------------------------------------------------------------------- defence

def russia_top_buyer(expected: str, load: Loader) -> Verdict:
    """Việt Nam is among the five largest customers for Russia's major arms from the
    claimed year to the latest in one SIPRI release (:func:`usvn.defence.russia_check`)."""
    check = defence.russia_check(load, int(expected))
    evidence = [{"Rank": str(i + 1), "Customer of Russia": c} for i, c in enumerate(check["top"])]
    return Verdict(SUPPORTED if check["supported"] else NOT,
                   f"In SIPRI's register, Việt Nam was Russia's "
                   f"{text.ordinal(check['rank'])}-largest customer for major arms out of "
                   f"{check['customers']} over {check['start']}–{check['end']} (after "
                   f"{', '.join(check['ahead']) or 'none'}), and Russia supplied "
                   f"{text.percent(check['share_of_vn'])} of Việt Nam's imports.",
                   "sipri_arms_transfers", evidence)


def _after_vs_before(events: pd.DataFrame, upgrade: pd.Timestamp, end: pd.Timestamp) -> tuple:
    span = end - upgrade
    after = events[(events["date"] > upgrade) & (events["date"] <= end)]
    before = events[(events["date"] > upgrade - span) & (events["date"] <= upgrade)]
    return before, after, upgrade - span


def more_carrier_visits(expected: str, load: Loader) -> Verdict:
    """Expectation: more US aircraft-carrier visits after the upgrade than in the same
    length of time before it."""
    events = defence.defence_events(load)
    upgrade = _us_top_date(load)
    end = _record_end(load)
    require_complete("defence_milestones", {"tags": ["carrier"]}, what="claim F2's count of carrier visits")
    visits = defence.carrier_visits(events)
    before, after, start = _after_vs_before(visits, upgrade, end)
    evidence = [{"Date": _day(r.date), "Carrier": f"USS {defence.vessel(r.event)}"} for r in visits.itertuples()]
    return Verdict(HAPPENED if len(after) > len(before) else DID_NOT_HAPPEN,
                   f"Carrier visits: {len(before)} from {_day(start)} to the upgrade, "
                   f"{len(after) or 'none'} from the upgrade to {_day(end)}.",
                   "defence_milestones", evidence, checked=_day(end))


def more_exercises(expected: str, load: Loader) -> Verdict:
    """Expectation: more joint exercises (including humanitarian missions) after the
    upgrade than in the same length of time before it."""
    if not is_complete("defence_milestones", {"type": ["exercise"]}):
        return Verdict(NOT_CHECKED, "The record of exercises and humanitarian missions is a "
                       "selection, not a complete list, so a count before and after the upgrade "
                       "would measure the list rather than the ties.", "defence_milestones",
                       checked=_day(_record_end(load)))
    events = defence.defence_events(load)
    upgrade, end = _us_top_date(load), _record_end(load)
    ex = events[events["type"] == "exercise"]
    before, after, start = _after_vs_before(ex, upgrade, end)
    evidence = [{"Date": _day(r.date), "Exercise": r.event} for r in pd.concat([before, after]).itertuples()]
    humanitarian = after["id"].isin(data.tagged(events, "humanitarian")["id"])
    if len(after) > len(before):
        verdict = PARTLY_HAPPENED if humanitarian.all() else HAPPENED
    else:
        verdict = DID_NOT_HAPPEN
    return Verdict(verdict, f"Exercises and humanitarian missions: {len(before)} from {_day(start)} "
                   f"to the upgrade, {len(after)} from the upgrade to {_day(end)}; "
                   f"{int(humanitarian.sum()) or 'none'} "
                   f"{'was a humanitarian mission' if humanitarian.sum() <= 1 else 'were humanitarian missions'}"
                   " rather than a military exercise.",
                   "defence_milestones", evidence, checked=_day(end))


def more_arms_sales(expected: str, load: Loader) -> Verdict:
    """Expectation: more US arms deliveries after the upgrade; happened in full only if
    some were ordered after it."""
    if not is_complete("us_arms_transfers"):
        return Verdict(NOT_CHECKED, "The record of US transfers is a selection: it is known to "
                       "miss batches (the ScanEagle drones, most of the Metal Shark boats, the "
                       "later T-6C trainers), so a count before and after the upgrade would "
                       "measure the list rather than the sales.", "us_arms_transfers",
                       checked=_day(_record_end(load)))
    transfers = load("us_arms_transfers")
    deliveries = load("sipri_vn_arms_deliveries")
    upgrade, end = _us_top_date(load), _record_end(load)
    first = transfers["transferred_date"].fillna(transfers["arrived_date"])
    dated = transfers.assign(date=first)
    before, after, start = _after_vs_before(dated, upgrade, end)
    orders = deliveries.drop_duplicates("deal_id").set_index("deal_id")["order_year"]
    order_years = [int(orders[int(d)]) for d in after["sipri_deal_id"].dropna() if int(d) in orders.index]
    new_orders = [y for y in order_years if y > upgrade.year]
    evidence = [{"Transfer": r.item, "First stage": defence.first_stage(r),
                 "Ordered (SIPRI)": str(int(orders[int(r.sipri_deal_id)])) if pd.notna(r.sipri_deal_id)
                 and int(r.sipri_deal_id) in orders.index else "not in SIPRI's release"}
                for r in pd.concat([before, after]).itertuples()]
    verdict = (HAPPENED if len(after) > len(before) and new_orders else
               PARTLY_HAPPENED if len(after) > len(before) else DID_NOT_HAPPEN)
    return Verdict(verdict, f"US transfers: {len(before)} from {_day(start)} to the upgrade, "
                   f"{len(after)} from the upgrade to {_day(end)}; those after were ordered before "
                   "the upgrade or are a donated ship, so no new sale is recorded."
                   if verdict == PARTLY_HAPPENED else
                   f"US transfers: {len(before)} before and {len(after)} after the upgrade.",
                   "us_arms_transfers;sipri_vn_arms_deliveries", evidence, checked=_day(end))


def diversifying_arsenal(expected: str, load: Loader) -> Verdict:
    """Supplier concentration (HHI) fell from the first to the last full five-year period
    from the claimed year; partly where the last period's volume is far lower."""
    tiv = load("sipri_vn_arms_imports")
    start, width = int(expected), 5
    end = start + ((int(tiv["year"].max()) - start + 1) // width) * width - 1  # full windows
    conc = defence.concentration(tiv, start, end, width)
    first, last = conc.iloc[0], conc.iloc[-1]
    evidence = [{"Period": r.window, "HHI": f"{r.hhi:.2f}", "Suppliers": str(r.suppliers),
                 "TIV million": f"{r.tiv_m:,.0f}"} for r in conc.itertuples()]
    fell = last["hhi"] < first["hhi"]
    small = last["tiv_m"] < first["tiv_m"]
    verdict = PARTLY if fell and small else (SUPPORTED if fell else NOT)
    return Verdict(verdict, f"Supplier concentration (HHI) was {first['hhi']:.2f} in {first['window']} "
                   f"and {last['hhi']:.2f} in {last['window']}, when deliveries were "
                   f"{text.percent(last['tiv_m'] / first['tiv_m'])} of the first period's volume. "
                   "The wish itself is Việt Nam's to state; the trend is its measurable trace.",
                   "sipri_vn_arms_imports", evidence)


# ----------------------------------------------------------------------------- not checked

def not_checkable(expected: str, load: Loader) -> Verdict:
    """An opinion, motive or quotation (``expected`` = the reason)."""
    return Verdict(UNCHECKABLE, expected, "")


def not_checked(expected: str, load: Loader) -> Verdict:
    """Checkable, but with data the book does not hold (``expected`` = the reason)."""
    return Verdict(NOT_CHECKED, expected, "")


CHECKS: dict[str, Callable[[str, Loader], Verdict]] = {
    f.__name__: f for f in (top_tier_before_us, relations_since, deficit_exceeds,
                            framework_rate, framework_weekday, persistent_surplus,
                            us_top_destination, diversify_from_china, rising_exporter,
                            more_activity, zero_tariff_categories, agreement_by,
                            boeing_announcement, russia_top_buyer, more_carrier_visits,
                            more_exercises, more_arms_sales, diversifying_arsenal,
                            not_checkable, not_checked)}


def judge_one(claim: pd.Series, load: Loader) -> Verdict:
    if claim["check"] not in CHECKS:
        raise KeyError(f"claim {claim['id']}: unknown check {claim['check']!r}; "
                       f"known: {', '.join(CHECKS)}")
    verdict = CHECKS[claim["check"]]("" if pd.isna(claim["expected"]) else str(claim["expected"]), load)
    allowed = FOR_KIND[claim["kind"]] + (NOT_CHECKED, UNCHECKABLE)
    if verdict.verdict not in allowed:
        raise ValueError(f"claim {claim['id']} ({claim['kind']}): verdict {verdict.verdict!r} is not "
                         f"one for its kind ({', '.join(allowed)})")
    return verdict


def judge(claims: pd.DataFrame, load: Loader) -> pd.DataFrame:
    """One row per claim: its fields, the verdict, the result, the data and the evidence."""
    rows = []
    for _, claim in claims.iterrows():
        v = judge_one(claim, load)
        rows.append({**claim.to_dict(), "report": claim["source"], "verdict": v.verdict,
                     "result": v.result, "data": v.data, "evidence": v.evidence, "checked": v.checked})
    return pd.DataFrame(rows)


def quote_into(f, load: Loader, prefix: str, ids) -> None:
    """Put claims ``ids`` into a chapter's facts as ``<prefix>_claim_<id>``,
    ``<prefix>_result_<id>`` and ``<prefix>_verdict_<id>``: the same functions, and so
    the same numbers and verdicts, as the claims page."""
    table = load("seed_claims")
    judged = judge(table[table["id"].isin(ids)], load).set_index("id")  # only the claims quoted
    f.using()
    for cid in ids:
        f[f"{prefix}_claim_{cid}"] = judged.loc[cid, "claim"]
        f[f"{prefix}_result_{cid}"] = judged.loc[cid, "result"]
        f[f"{prefix}_verdict_{cid}"] = judged.loc[cid, "verdict"]


# ----------------------------------------------------------------------------- the page

CHAPTER = "claims"
REPORTS = {"seed_ani2023": "report of September 2023", "seed_cnews2025": "report of October 2025"}
TOPICS = ("diplomacy", "trade", "defence", "opinion")
COUNTS = {"supported": SUPPORTED, "partly": PARTLY, "not": NOT, "happened": HAPPENED,
          "partly_happened": PARTLY_HAPPENED, "did_not_happen": DID_NOT_HAPPEN,
          "uncheckable": UNCHECKABLE, "not_checked": NOT_CHECKED}


def _cell(value) -> str:
    return str(value).replace("|", "/").replace("\n", " ")


def table_md(rows: list[dict]) -> str:
    if not rows:
        return ""
    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(_cell(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def anchor(cid: str) -> str:
    return f"claim-{cid.lower()}"


def summary_md(frame: pd.DataFrame) -> str:
    rows = [{"Claim": f"{{ref}}`{r.id} <{anchor(r.id)}>`", "What the report said": r.claim,
             "Report": REPORTS.get(r.report, r.report), "Verdict": f"**{r.verdict}**"}
            for r in frame.itertuples()]
    return table_md(rows)


def vocabulary_md() -> str:
    return "\n".join(f"- **{v}**: {MEANING[v]}." for v in VERDICTS)


def claims_markdown(frame: pd.DataFrame) -> str:
    """One section per claim: the quoted words and report, the test, the data, the
    verdict and result, and the evidence."""
    out = []
    for r in frame.itertuples():
        lines = [f"({anchor(r.id)})=", f"### {r.id}. {r.claim}", "",
                 f"> {r.quote}", "", f"*From the {REPORTS.get(r.report, r.report)}*"
                 f" {{cite:p}}`{r.report}`.", "",
                 f"- **Test.** {r.test}",
                 "- **Data.** " + (", ".join(f"`data/{d}.csv`" for d in r.data.split(";"))
                                    if r.data else "none"),
                 f"- **Verdict.** **{r.verdict}**" + (f" (checked to {r.checked})" if r.checked else ""),
                 f"- **Result.** {r.result}", ""]
        if r.evidence:
            lines += [table_md(r.evidence), ""]
        out.append("\n".join(lines))
    return "\n".join(out)


def facts(load, **given):
    """Every value the claims page states: counts by verdict, the summary table and one
    Markdown section per topic."""
    from .facts import Facts

    f = Facts(CHAPTER, {})
    judged = judge(load("seed_claims"), load)
    f.using("seed_claims")
    counts = judged["verdict"].value_counts()
    for key, verdict in COUNTS.items():
        f[f"cl_n_{key}"] = int(counts.get(verdict, 0))
    kinds = judged["kind"].value_counts()
    f["cl_n"] = len(judged)
    f["cl_n_facts"] = int(kinds.get("fact", 0) + kinds.get("trend", 0))
    f["cl_n_expectations"] = int(kinds.get("expectation", 0))
    f["cl_n_opinions"] = int(kinds.get("opinion", 0))
    f["cl_n_checked"] = int(judged["verdict"].isin([SUPPORTED, PARTLY, NOT, HAPPENED,
                                                    PARTLY_HAPPENED, DID_NOT_HAPPEN]).sum())
    f["cl_summary_md"] = summary_md(judged)
    f["cl_vocabulary_md"] = vocabulary_md()
    for topic in TOPICS:
        f[f"cl_{topic}_md"] = claims_markdown(judged[judged["topic"] == topic])
    f.as_of = f"{_record_end(load):%Y-%m-%d}"  # the date expectations were checked
    return f
