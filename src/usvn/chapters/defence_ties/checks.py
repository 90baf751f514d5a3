"""The source reports' defence claims, judged against the data."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import is_complete, require_complete
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
from . import analysis as defence

# ----------------------------------------------------------------------------- defence


@check
def russia_top_buyer(expected: str, load: Loader) -> Verdict:
    """Việt Nam is among the five largest customers for Russia's major arms from the
    claimed year to the latest in one SIPRI release (:func:`usvn.chapters.defence_ties.analysis.russia_check`)."""
    check = defence.russia_check(load, int(expected))
    evidence = [{"Rank": str(i + 1), "Customer of Russia": c} for i, c in enumerate(check["top"])]
    return Verdict(
        SUPPORTED if check["supported"] else NOT,
        f"In SIPRI's register, Việt Nam was Russia's "
        f"{text.ordinal(check['rank'])}-largest customer for major arms out of "
        f"{check['customers']} over {check['start']}–{check['end']} (after "
        f"{', '.join(check['ahead']) or 'none'}), and Russia supplied "
        f"{text.percent(check['share_of_vn'])} of Việt Nam's imports.",
        "sipri_arms_transfers",
        evidence,
    )


def _after_vs_before(events: pd.DataFrame, upgrade: pd.Timestamp, end: pd.Timestamp) -> tuple:
    span = end - upgrade
    after = events[(events["date"] > upgrade) & (events["date"] <= end)]
    before = events[(events["date"] > upgrade - span) & (events["date"] <= upgrade)]
    return before, after, upgrade - span


@check
def more_carrier_visits(expected: str, load: Loader) -> Verdict:
    """Expectation: more US aircraft-carrier visits after the upgrade than in the same
    length of time before it."""
    events = record.defence_events(load)
    upgrade = record.us_top_date(load)
    end = record.record_end(load)
    require_complete("defence_milestones", {"tags": ["carrier"]}, what="claim F2's count of carrier visits")
    visits = record.carrier_visits(events)
    before, after, start = _after_vs_before(visits, upgrade, end)
    evidence = [
        {"Date": day_text(r.date), "Carrier": f"USS {record.vessel(r.event)}"} for r in visits.itertuples()
    ]
    return Verdict(
        HAPPENED if len(after) > len(before) else DID_NOT_HAPPEN,
        f"Carrier visits: {len(before)} from {day_text(start)} to the upgrade, "
        f"{len(after) or 'none'} from the upgrade to {day_text(end)}.",
        "defence_milestones",
        evidence,
        checked=day_text(end),
    )


@check
def more_exercises(expected: str, load: Loader) -> Verdict:
    """Expectation: more joint exercises (including humanitarian missions) after the
    upgrade than in the same length of time before it."""
    if not is_complete("defence_milestones", {"type": ["exercise"]}):
        return Verdict(
            NOT_CHECKED,
            "The record of exercises and humanitarian missions is a "
            "selection, not a complete list, so a count before and after the upgrade "
            "would measure the list rather than the ties.",
            "defence_milestones",
            checked=day_text(record.record_end(load)),
        )
    events = record.defence_events(load)
    upgrade, end = record.us_top_date(load), record.record_end(load)
    ex = events[events["type"] == "exercise"]
    before, after, start = _after_vs_before(ex, upgrade, end)
    evidence = [
        {"Date": day_text(r.date), "Exercise": r.event} for r in pd.concat([before, after]).itertuples()
    ]
    humanitarian = after["id"].isin(data.tagged(events, "humanitarian")["id"])
    if len(after) > len(before):
        verdict = PARTLY_HAPPENED if humanitarian.all() else HAPPENED
    else:
        verdict = DID_NOT_HAPPEN
    return Verdict(
        verdict,
        f"Exercises and humanitarian missions: {len(before)} from {day_text(start)} "
        f"to the upgrade, {len(after)} from the upgrade to {day_text(end)}; "
        f"{int(humanitarian.sum()) or 'none'} "
        f"{'was a humanitarian mission' if humanitarian.sum() <= 1 else 'were humanitarian missions'}"
        " rather than a military exercise.",
        "defence_milestones",
        evidence,
        checked=day_text(end),
    )


@check
def more_arms_sales(expected: str, load: Loader) -> Verdict:
    """Expectation: more US arms deliveries after the upgrade; happened in full only if
    some were ordered after it."""
    if not is_complete("us_arms_transfers"):
        return Verdict(
            NOT_CHECKED,
            "The record of US transfers is a selection: it is known to "
            "miss batches (the ScanEagle drones, most of the Metal Shark boats, the "
            "later T-6C trainers), so a count before and after the upgrade would "
            "measure the list rather than the sales.",
            "us_arms_transfers",
            checked=day_text(record.record_end(load)),
        )
    transfers = load("us_arms_transfers")
    deliveries = load("sipri_vn_arms_deliveries")
    upgrade, end = record.us_top_date(load), record.record_end(load)
    first = transfers["transferred_date"].fillna(transfers["arrived_date"])
    dated = transfers.assign(date=first)
    before, after, start = _after_vs_before(dated, upgrade, end)
    orders = deliveries.drop_duplicates("deal_id").set_index("deal_id")["order_year"]
    order_years = [int(orders[int(d)]) for d in after["sipri_deal_id"].dropna() if int(d) in orders.index]
    new_orders = [y for y in order_years if y > upgrade.year]
    evidence = [
        {
            "Transfer": r.item,
            "First stage": record.first_stage(r),
            "Ordered (SIPRI)": str(int(orders[int(r.sipri_deal_id)]))
            if pd.notna(r.sipri_deal_id) and int(r.sipri_deal_id) in orders.index
            else "not in SIPRI's release",
        }
        for r in pd.concat([before, after]).itertuples()
    ]
    verdict = (
        HAPPENED
        if len(after) > len(before) and new_orders
        else PARTLY_HAPPENED
        if len(after) > len(before)
        else DID_NOT_HAPPEN
    )
    return Verdict(
        verdict,
        f"US transfers: {len(before)} from {day_text(start)} to the upgrade, "
        f"{len(after)} from the upgrade to {day_text(end)}; those after were ordered before "
        "the upgrade or are a donated ship, so no new sale is recorded."
        if verdict == PARTLY_HAPPENED
        else f"US transfers: {len(before)} before and {len(after)} after the upgrade.",
        "us_arms_transfers;sipri_vn_arms_deliveries",
        evidence,
        checked=day_text(end),
    )


@check
def diversifying_arsenal(expected: str, load: Loader) -> Verdict:
    """Supplier concentration (HHI) fell from the first to the last full five-year period
    from the claimed year; partly where the last period's volume is far lower."""
    tiv = load("sipri_vn_arms_imports")
    start, width = int(expected), 5
    end = start + ((int(tiv["year"].max()) - start + 1) // width) * width - 1  # full windows
    conc = defence.concentration(tiv, start, end, width)
    first, last = conc.iloc[0], conc.iloc[-1]
    evidence = [
        {
            "Period": r.window,
            "HHI": f"{r.hhi:.2f}",
            "Suppliers": str(r.suppliers),
            "TIV million": f"{r.tiv_m:,.0f}",
        }
        for r in conc.itertuples()
    ]
    fell = last["hhi"] < first["hhi"]
    small = last["tiv_m"] < first["tiv_m"]
    verdict = PARTLY if fell and small else (SUPPORTED if fell else NOT)
    return Verdict(
        verdict,
        f"Supplier concentration (HHI) was {first['hhi']:.2f} in {first['window']} "
        f"and {last['hhi']:.2f} in {last['window']}, when deliveries were "
        f"{text.percent(last['tiv_m'] / first['tiv_m'])} of the first period's volume. "
        "The wish itself is Việt Nam's to state; the trend is its measurable trace.",
        "sipri_vn_arms_imports",
        evidence,
    )
