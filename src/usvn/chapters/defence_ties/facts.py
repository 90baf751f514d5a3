"""Every value the defence chapter states."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import Facts, parameters, rerun_markdown
from ...facts import kinds as text
from ...facts.verdicts import quote_into
from .. import record
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import (
    RUSSIA,
    concentration,
    first_delivery,
    importer_ranks,
    russia_check,
    shares,
    supplier_share,
    supplier_windows_share,
    top_n,
    transfer_stages,
    windows,
)
from .releases import release_facts
from .spending import assistance_facts, spending_facts

# ----------------------------------------------------------------------------- the chapter

CHAPTER = "defence_ties"


CLAIMS = ("F1", "F2", "F3")  # the source reports' defence claims (data/seed_claims.csv)


def facts(load, **given):
    """Every value the defence chapter states (see :mod:`usvn.facts`)."""

    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
    f["def_rerun_md"] = rerun_markdown(CHAPTER, p)
    _arms(f, load, p)
    _ranks(f, load, p)
    _events(f, load)
    _transfers(f, load)
    spending_facts(f, load, p)
    assistance_facts(f, load)

    quote_into(f, load, "def", CLAIMS)
    f.as_of = f["def_last_event"].value  # the latest event of the record
    return f


def _span(p, tiv) -> tuple[int, int]:
    start = int(p["start_year"] if p["start_year"] is not None else tiv["year"].min())
    end = int(p["end_year"] if p["end_year"] is not None else tiv["year"].max())
    return start, end


def _arms(f, load, p) -> None:

    tiv = load("sipri_vn_arms_imports")
    start, end = _span(p, tiv)
    window, floor = p["window"], float(p["min_tiv"])
    highlight = list(p["highlight"])
    periods = shares(
        windows(top_n(tiv, p["top_n"], ["year"], keep=highlight), start, end, window), ["window"]
    )
    conc = concentration(tiv, start, end, window, floor)
    if conc.empty:
        raise ValueError(f"{CHAPTER}: no deliveries in {start}–{end}")
    solid = conc[conc["enough"]]
    thin = conc[~conc["enough"]]
    ref = solid if not solid.empty else conc
    first_w, last_w = ref.iloc[0], ref.iloc[-1]
    peak = conc.loc[conc["tiv_m"].idxmax()]
    followed = pd.concat(
        [supplier_windows_share(tiv, s, start, end, window, floor) for s in highlight], ignore_index=True
    )
    russia = supplier_windows_share(tiv, RUSSIA, start, end, window, floor)
    russia_solid = russia[russia["enough"]]
    delivered = tiv[(tiv["year"] >= start) & (tiv["year"] <= end) & (tiv["tiv_m"] > 0)]
    yearly = delivered.groupby("year")["tiv_m"].sum()
    firsts = delivered[delivered["supplier"] != UNKNOWN].groupby("supplier")["year"].min().sort_values()
    last_all = conc.iloc[-1]
    last_mix = shares(windows(tiv, start, end, window), ["window"])
    last_mix = last_mix[(last_mix["window"] == last_all["window"]) & (last_mix["tiv_m"] > 0)]
    last_mix = last_mix.sort_values("share", ascending=False)
    us_first = first_delivery(tiv, "United States")
    check = russia_check(load, start, end)
    f.using("sipri_vn_arms_imports")
    f.update(
        def_start=str(start),
        def_end=str(end),
        def_window=text.count(window, "year"),
        def_min_tiv=f"{floor:,.0f}",
        def_total_tiv=f"{delivered['tiv_m'].sum():,.0f}",
        def_n_suppliers=int(delivered.loc[delivered["supplier"] != UNKNOWN, "supplier"].nunique()),
        def_russia_share=text.percent(check["share_of_vn"]),
        def_russia_share_num=round(check["share_of_vn"], 4),  # for sweeps
        def_us_share=text.share(supplier_share(tiv, "United States", start, end)),
        def_us_first=str(us_first) if us_first else "no year in the data",
        def_peak_window=peak["window"],
        def_peak_tiv=f"{peak['tiv_m']:,.0f}",
        def_peak_year=str(int(yearly.idxmax())),
        def_peak_year_tiv=f"{yearly.max():,.0f}",
        def_russia_peak_share=text.percent(russia.set_index("window").loc[peak["window"], "share"]),
        def_russia_by_window="; ".join(
            f"{r.window} {text.percent(r.share)} of {r.total_tiv_m:,.0f}"
            + ("" if r.enough else " (below the floor)")
            for r in russia.itertuples()
        ),
        def_russia_first_window=russia_solid.iloc[0]["window"] if len(russia_solid) else "none",
        def_russia_first_share=text.percent(russia_solid.iloc[0]["share"]) if len(russia_solid) else "n/a",
        def_russia_last_window=russia_solid.iloc[-1]["window"] if len(russia_solid) else "none",
        def_russia_last_share=text.percent(russia_solid.iloc[-1]["share"]) if len(russia_solid) else "n/a",
        def_hhi_first=f"{first_w['hhi']:.2f}",
        def_hhi_last=f"{last_w['hhi']:.2f}",
        def_first_window=first_w["window"],
        def_last_window=last_w["window"],
        def_sup_first=int(first_w["suppliers"]),
        def_sup_last=int(last_w["suppliers"]),
        def_tiv_first_window=f"{first_w['tiv_m']:,.0f}",
        def_tiv_last_window=f"{last_w['tiv_m']:,.0f}",
        def_thin_windows=(", ".join(f"{r.window} ({r.tiv_m:,.0f})" for r in thin.itertuples()) or "none"),
        def_latest_window=last_all["window"],
        def_latest_tiv=f"{last_all['tiv_m']:,.0f}",
        def_latest_mix=", ".join(f"{r.supplier} {text.percent(r.share)}" for r in last_mix.itertuples()),
        def_first_deliveries=", ".join(f"{sup} ({int(y)})" for sup, y in firsts.items()),
        def_n_new_late=int((firsts > (start + end) / 2).sum()),
        def_midpoint=str(int((start + end) // 2)),
        # the words the key findings use for these movements, so a re-run with other
        # parameters never says "fell" of a rise or "small" of a peak
        def_russia_trend=(
            _direction(russia_solid.iloc[0]["share"], russia_solid.iloc[-1]["share"])
            if len(russia_solid)
            else "could not be compared"
        ),
        def_hhi_trend=_direction(first_w["hhi"], last_w["hhi"]),
        def_last_volume_word=("small" if last_w["tiv_m"] < VOLUME_SMALL * peak["tiv_m"] else "not small"),
        def_conc_phrase=(
            "less concentrated than" if last_w["hhi"] < first_w["hhi"] else "at least as concentrated as"
        ),
    )
    f.using("sipri_arms_transfers")
    f.update(
        def_ru_rank=text.ordinal(check["rank"]),
        def_ru_rank_num=check["rank"],
        def_ru_customers=check["customers"],
        def_ru_share_of_exports=text.percent(check["share_of_supplier"]),
        def_ru_top=", ".join(check["ahead"]) or "no other customer",
        def_ru_verdict="supported" if check["supported"] else "not supported",
    )
    f.frames.update(
        periods=periods,
        followed=followed,
        conc=conc,
        suppliers_title=(
            f"Russia supplied {text.percent(check['share_of_vn'])} of Việt Nam's "
            f"major arms imports, {start}–{end}"
        ),
        followed_title=(
            f"Russia's share fell from {text.percent(russia_solid.iloc[0]['share'])} "
            f"in {russia_solid.iloc[0]['window']} to "
            f"{text.percent(russia_solid.iloc[-1]['share'])} in "
            f"{russia_solid.iloc[-1]['window']}"
        )
        if len(russia_solid) > 1
        else "Shares of the highlighted suppliers by period",
        hhi_title=(
            f"Supplier concentration {first_w['hhi']:.2f} in {first_w['window']}, "
            f"{last_w['hhi']:.2f} in {last_w['window']} (HHI)"
        ),
    )


def _ranks(f, load, p) -> None:

    pairs = load("sipri_arms_transfers")
    tiv = load("sipri_vn_arms_imports")
    start, end = _span(p, tiv)
    ranks = importer_ranks(pairs, start, end, p["window"])
    best = ranks.loc[ranks["rank"].idxmin()]
    last = ranks.iloc[-1]
    f.using("sipri_arms_transfers")
    f.update(
        def_best_rank=text.ordinal(int(best["rank"])),
        def_best_rank_window=best["window"],
        def_best_rank_share=text.share(best["world_share"]),
        def_last_rank=text.ordinal(int(last["rank"])),
        def_last_rank_window=last["window"],
        def_last_rank_share=text.share(last["world_share"]),
        def_importers=int(ranks["importers"].max()),
    )
    facts_sheet = load("sipri_factsheet_facts")
    sheet = facts_sheet.set_index(["period", "metric"])["value"]
    # The two periods SIPRI's fact sheet ranks, read from its rows (e.g. 2006-2010, 2011-2015),
    # and the same periods recomputed from the register
    rank_metric = "vietnam_rank_among_global_arms_importers"
    earlier, later = sorted(facts_sheet[facts_sheet["metric"] == rank_metric]["period"])
    first, last_year = int(earlier[:4]), int(later[-4:])
    width = int(later[-4:]) - int(later[:4]) + 1
    mine = importer_ranks(pairs, first, last_year, width).set_index("window")
    dash = {period: period.replace("-", "–") for period in (earlier, later)}
    f.using("sipri_factsheet_facts", "sipri_arms_transfers")
    f.update(
        def_fs_rank_2011=text.ordinal(int(sheet[(later, rank_metric)])),
        def_fs_rank_2006=text.ordinal(int(sheet[(earlier, rank_metric)])),
        def_fs_share_2011=f"{sheet[(later, 'vietnam_share_of_global_arms_imports')]:.1f}%",
        def_rank_2011=text.ordinal(int(mine.loc[dash[later], "rank"])),
        def_rank_2006=text.ordinal(int(mine.loc[dash[earlier], "rank"])),
        def_share_2011=text.share(mine.loc[dash[later], "world_share"]),
    )
    f.frames.update(
        ranks=ranks,
        ranks_title=(
            f"Việt Nam was the world's {text.ordinal(int(best['rank']))}-largest arms importer in "
            f"{best['window']} and {text.ordinal(int(last['rank']))} in {last['window']}"
        ),
    )


# The rows (by id) whose dates the chapter states.
LIFTED, UPGRADE = "dm_20160523_president_obama_announces", "pt_united_states_comprehensive_strategic"


DATED = {
    "def_partial_date": "dm_20141002_partially_lifts_ban",
    "def_jvs_date": "dm_20150601_joint_vision_statement",
    "def_updated_jvs_date": "dm_20240909_defense_secretary_lloyd",
    "def_hegseth_date": "dm_20251102_secretary_war_pete",
    "def_colby_date": "dm_20260219_phan_van_giang",
    "def_whitepaper_date": "dm_20191125_defence_white_paper",
    "def_woody_date": "dm_20260109_viet_nam_protests",
    "def_pp2024_date": "dm_20240819_pacific_partnership_pacific",
}


HANDED = {  # us_arms_transfers rows
    "def_t6_first_date": "at_t_6c_texan_ii_trainer",
    "def_mellon_date": "at_cutter_ex_uscgc_mellon_csb",
}


MONTHS = {
    "def_mou_date": "dm_20110901_memorandum_understanding_advancing",
    "def_first_ship": "dm_20031101_uss_vandegrift_makes",
}


RIG = ("dm_20140502_china_places_haiyang", "dm_20140716_china_withdraws_hysy")


VANGUARD = ("dm_20190703_china_s_survey", "dm_20191024_haiyang_dizhi_8")


AWARD = "dm_20160712_arbitral_tribunal_under"


UNKNOWN = "unknown supplier(s)"  # SIPRI's entry for deliveries whose supplier is not known
VOLUME_SMALL = 0.5  # a period's deliveries are "small" below half of the peak period's


def _direction(first: float, last: float) -> str:
    """'fell', 'rose' or 'did not change': the verb for a movement from first to last."""
    return "fell" if last < first else "rose" if last > first else "did not change"


def _events(f, load) -> None:

    events = record.defence_events(load)
    lifted, upgrade = record.event_date(events, LIFTED), record.event_date(events, UPGRADE)
    carriers = record.carrier_visits(events)
    scs = events[events["type"] == "south_china_sea"]
    steps = events[events["type"] != "south_china_sea"]
    f.using("defence_milestones", rows=[LIFTED])
    f["def_lift_date"] = text.day(lifted)
    f.using("vn_partnerships", rows=[UPGRADE])
    f["def_upgrade_date"] = text.day(upgrade)
    for key, row_id in DATED.items():
        f.using("defence_milestones", rows=[row_id])
        f[key] = text.day(record.event_date(events, row_id))
    for key, row_id in MONTHS.items():
        f.using("defence_milestones", rows=[row_id])
        f[key] = text.date(record.event_date(events, row_id), "month")
    f.count("def_n_carrier", carriers, "defence_milestones", where={"tags": ["carrier"]})
    f.using("defence_milestones", frame=carriers)
    f.update(
        def_carrier_list=text.items(
            [f"USS {record.vessel(r.event)} ({text.day(r.date)})" for r in carriers.itertuples()]
        ),
        def_last_carrier=text.day(carriers["date"].max()) if len(carriers) else "none",
        def_years_since_carrier=text.number(
            (events["date"].max() - carriers["date"].max()).days / 365.25, 1, "years"
        )
        if len(carriers)
        else "n/a",
    )
    _missions(f, events)
    release_facts(f, load)
    f.using("defence_milestones", "vn_partnerships", "us_arms_transfers")
    f["def_last_event"] = text.day(events["date"].max())
    rig = data.rows(events, RIG)
    award = record.event_date(events, AWARD)
    vanguard = data.rows(events, VANGUARD)
    reclaim = data.tagged(scs, "reclamation_report")
    partial = record.event_date(events, DATED["def_partial_date"])
    f.using("defence_milestones", rows=list(RIG) + [AWARD, LIFTED] + list(VANGUARD))
    f.update(
        def_rig_start=text.day(rig["date"].min()),
        def_rig_end=text.day(rig["date"].max()),
        def_rig_days=text.integer((rig["date"].max() - rig["date"].min()).days, "days"),
        def_partial_weeks_after_rig=text.integer((partial - rig["date"].max()).days // 7, "weeks"),
        def_award_date=text.day(award),
        def_award_weeks_after_lift=text.integer((award - lifted).days // 7, "weeks"),
        def_vanguard_start=text.day(vanguard["date"].min()),
        def_vanguard_end=text.day(vanguard["date"].max()),
    )
    f.using("defence_milestones", frame=reclaim)
    f.update(
        def_reclaim_first=text.date(reclaim["date"].min(), "month"),
        def_reclaim_last=text.date(reclaim["date"].max(), "month"),
    )
    f.using("defence_milestones", "vn_partnerships")
    f.update(
        def_years_before_upgrade=text.number((upgrade - lifted).days / 365.25, 1, "years"),
        def_years_after_upgrade=text.number((events["date"].max() - upgrade).days / 365.25, 1, "years"),
    )
    f.frames.update(
        events=events,
        events_title=(
            f"US–Việt Nam defence steps and South China Sea events, "
            f"{events['date'].min():%Y}–{events['date'].max():%Y}"
        ),
        steps=steps,
    )


def _transfers(f, load) -> None:

    transfers = load("us_arms_transfers")
    deliveries = load("sipri_vn_arms_deliveries")
    us_deals = deliveries[deliveries["supplier"] == "United States"]
    matched = set(transfers["sipri_deal_id"].dropna().astype(int))
    sipri_only = us_deals[~us_deals["deal_id"].isin(matched)]
    stages = transfer_stages(transfers, deliveries)
    cutters = transfers[transfers["category"] == "cutter"]
    lags = [
        (r.arrived_date - r.transferred_date).days
        for r in cutters.itertuples()
        if pd.notna(r.arrived_date)
        and pd.notna(r.transferred_date)
        and "year" not in (r.arrived_precision, r.transferred_precision)
    ]
    t6 = transfers[transfers["category"] == "trainer_aircraft"]
    t6_deals = t6["sipri_deal_id"].dropna().astype(int)
    for key, row_id in HANDED.items():  # transfers the chapter dates by their handover
        r = data.row(transfers, row_id)
        f.using("us_arms_transfers", rows=[row_id])
        f[key] = text.date(r["transferred_date"], r["transferred_precision"])
    f.using("us_arms_transfers", "sipri_vn_arms_deliveries")
    f.update(
        def_t6_batch=text.integer(int(t6["quantity"].iloc[0]) if len(t6) else 0, "aircraft"),
        def_t6_sipri=text.integer(
            int(us_deals.loc[us_deals["deal_id"].isin(t6_deals), "number_delivered"].sum()), "aircraft"
        ),
        def_last_cutter_year=str(int(cutters["transferred_date"].max().year)),
        def_sipri_last_year=str(int(deliveries["delivery_year"].max())),
        def_transfer_list="; ".join(f"{r.item}, {record.first_stage(r)}" for r in transfers.itertuples()),
        def_cutter_lag_months=f"{min(lags) / 30.44:.0f} to {max(lags) / 30.44:.0f}" if lags else "n/a",
        def_us_sipri_deals=int(us_deals["deal_id"].nunique()),
        def_us_sipri_tiv=f"{us_deals['tiv_delivered'].sum():,.0f}",
        def_sipri_only=(
            "; ".join(
                f"{r.number_delivered} {r.designation} ({r.description}, {r.delivery_year})"
                for r in sipri_only.itertuples()
            )
            or "none"
        ),
    )
    f.frames.update(
        stages=stages,
        stages_title=(
            "US transfers of military equipment to Việt Nam recorded here, from handover to arrival"
        ),
    )


PP_CHECK_YEAR = 2023  # the US Embassy numbered that year's Pacific Partnership mission in Việt Nam


def _missions(f, events: pd.DataFrame) -> None:
    """Pacific Partnership missions and Naval Engagement Activities, counted from the rows
    the record declares complete (tags pacific_partnership and nea), with the years none came."""

    for tag, key in (("pacific_partnership", "pp"), ("nea", "nea")):
        rows = data.tagged(events, tag).sort_values("date")
        years = sorted(rows["date"].dt.year.unique())
        f.count(f"def_n_{key}", rows, "defence_milestones", where={"tags": [tag]})
        f.using("defence_milestones", frame=rows)
        f[f"def_{key}_first_year"] = text.year(years[0])
        f[f"def_{key}_last_year"] = text.year(years[-1])
        gaps = [y for y in range(years[0], years[-1] + 1) if y not in years]
        f[f"def_{key}_gap_years"] = text.items([str(y) for y in gaps]) if gaps else text.words("no year")
    pp = data.tagged(events, "pacific_partnership")
    upto = pp[pp["date"].dt.year <= PP_CHECK_YEAR]
    n = f.count("def_n_pp_to_check", upto, "defence_milestones", where={"tags": ["pacific_partnership"]})
    f["def_pp_check_ordinal"] = text.ordinal(n)
    f["def_pp_check_year"] = text.year(PP_CHECK_YEAR)
