"""The diplomacy chapter's facts on leaders' visits, US assistance, war legacies, students and opinion."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import kinds as text
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import (
    fiscal_series,
)


def day_of(events: pd.DataFrame, row_id: str):
    """The date of the event ``row_id``, or a note that it falls after the cut-off (a
    researcher's earlier ``as_of``: the record then stops before it)."""

    if not (events["id"] == row_id).any():
        return "not yet (after the cut-off)"
    return text.day(data.row(events, row_id)["date"])


def visits(f, load, date) -> None:

    visits = load("us_vn_visits")
    visits = visits[visits["date"] <= date]
    us = visits[visits["direction"] == "us_to_vn"]
    vn = visits[visits["direction"] == "vn_to_us"]
    presidents = us["visitor"].nunique()
    last_us = us.sort_values("date").iloc[-1] if len(us) else None
    last_vn = vn.sort_values("date").iloc[-1] if len(vn) else None
    f.using("us_vn_visits")
    f.count("dip_n_us_visits", us, "us_vn_visits", where={"direction": ["us_to_vn"]})
    f.count("dip_n_vn_trips", vn, "us_vn_visits", where={"direction": ["vn_to_us"]})
    f.count("dip_n_vn_met", vn[vn["met_president"]], "us_vn_visits", where={"direction": ["vn_to_us"]})
    f.using("us_vn_visits", frame=vn)
    first_vn = vn.sort_values("date").iloc[0] if len(vn) else None
    f.update(
        dip_n_vn_leaders=vn["visitor"].nunique(),
        dip_first_vn_trip=(
            text.date(first_vn["date"], first_vn["date_precision"]) if first_vn is not None else "none"
        ),
        dip_first_vn_visitor=first_vn["visitor"] if first_vn is not None else "none",
        dip_first_vn_office=first_vn["office"] if first_vn is not None else "none",
    )
    f.using("us_vn_visits", frame=us)
    f.update(
        dip_n_presidents=presidents,
        dip_last_us_visit=text.day(last_us["date"]) if last_us is not None else "none",
        dip_last_vn_visit=text.day(last_vn["date"]) if last_vn is not None else "none",
        dip_last_vn_visitor=last_vn["visitor"] if last_vn is not None else "none",
        dip_us_visit_list=visit_list(us),
        dip_years_since_us_visit=(
            f"{(date - last_us['date']).days / 365.25:.1f}" if last_us is not None else "n/a"
        ),
        dip_trong_visit=(
            text.day(vn.loc[vn["visitor"] == "Nguyễn Phú Trọng", "date"].min())
            if (vn["visitor"] == "Nguyễn Phú Trọng").any()
            else "after the cut-off"
        ),
    )
    f.frames.update(
        visits=visits,
        visits_title=(
            f"{len(us)} visits by sitting US presidents to Việt Nam and {len(vn)} trips by "
            f"Vietnamese leaders to the United States, to {date.year}"
        ),
    )


US_RELATIONS = "pt_united_states_diplomatic_relations"  # where the aid series starts
PEW_US, PEW_CHINA = "favourable view of the United States", "favourable view of China"


def aid(f, load, date, p) -> None:

    aid = load("us_aid_vietnam")
    kind, dollars = p["aid_measure"], p["aid_dollars"]
    series = fiscal_series(aid, kind, dollars)
    series = series[series["fiscal_year"] <= date.year]
    relations = data.row(load("vn_partnerships"), US_RELATIONS)
    window = series[series["fiscal_year"] >= pd.Timestamp(relations["date"]).year]  # since relations
    peak = window.loc[window["usd"].idxmax()]
    first, last = window.iloc[0], window.iloc[-1]
    partial = aid[(aid["kind"] == kind) & ~aid["complete"]]
    obligated = fiscal_series(aid, "obligations", dollars).set_index("fiscal_year")["usd"]
    disbursed = fiscal_series(aid, "disbursements", dollars).set_index("fiscal_year")["usd"]
    common = obligated.index.intersection(disbursed.index)
    common = common[(common >= 2001) & (common <= date.year)]
    same = aid[(aid["kind"] == kind) & (aid["current_usd"] == aid["constant_usd"])]
    base = same["fiscal_year"].mode()  # the year whose current and constant amounts agree
    basis = f"constant {int(base.iloc[0])} dollars" if dollars == "constant" else "current dollars"
    events = load("us_vn_timeline")
    events = events[events["date"] <= date]
    cut = data.tagged(events, "aid_2025").sort_values("date")
    part = aid[(aid["kind"] == kind) & ~aid["complete"]]
    part = part[part["fiscal_year"] <= date.year]

    def money(usd):
        return f"${usd / 1e6:,.1f} million" if usd < 1e7 else text.usd_billions(usd / 1e6)

    f.using(
        "us_aid_vietnam",
        "vn_partnerships",
        "us_vn_timeline",
        rows={"vn_partnerships": [US_RELATIONS], "us_vn_timeline": list(cut["id"])},
    )
    f.update(
        dip_aid_kind=kind,
        dip_aid_basis=basis,
        dip_aid_first_fy=f"FY{int(first['fiscal_year'])}",
        dip_aid_last_fy=f"FY{int(last['fiscal_year'])}",
        dip_aid_first=money(first["usd"]),
        dip_aid_last=money(last["usd"]),
        dip_aid_peak=money(peak["usd"]),
        dip_aid_peak_fy=f"FY{int(peak['fiscal_year'])}",
        dip_aid_total=text.usd_billions(window["usd"].sum() / 1e6),
        dip_aid_n_years=len(window),
        dip_aid_partial_fy=(f"FY{int(partial['fiscal_year'].iloc[0])}" if len(partial) else "none"),
        dip_aid_partial_so_far=(money(part[dollars + "_usd"].iloc[0]) if len(part) else NONE_YET),
        dip_aid_pause_date=day_of(cut, "tl_20250120_aid_pause"),
        dip_jetp_exit_date=day_of(cut, "tl_20250306_us_leaves_jetp"),
        dip_usaid_end_date=day_of(cut, "tl_20250701_usaid_ends"),
        dip_aid_disbursed_share=text.percent(disbursed.loc[common].sum() / obligated.loc[common].sum()),
        dip_aid_common_first=f"FY{int(common.min())}",
        dip_aid_common_last=f"FY{int(common.max())}",
    )
    f.frames.update(
        aid=window,
        aid_partial=part.rename(columns={dollars + "_usd": "usd"}),
        aid_unit=f"US {kind}, {basis}",
        aid_title=(
            f"US {kind} to Việt Nam rose from {money(first['usd'])} in "
            f"FY{int(first['fiscal_year'])} to a peak of {money(peak['usd'])} in "
            f"FY{int(peak['fiscal_year'])}"
        ),
    )


NONE_YET = "none stated by the cut-off"


def legacies(f, load, date) -> None:

    war = load("war_legacies")
    war = war[war["date"] <= date]

    def pick(topic, metric, last=True):
        rows = war[(war["topic"] == topic) & (war["metric"] == metric)].sort_values("date")
        return None if rows.empty else rows.iloc[-1 if last else 0]

    def count(row):
        return NONE_YET if row is None else f"{int(row['value']):,}"

    def usd(row):
        return NONE_YET if row is None else text.usd_billions(float(row["value"]) / 1e6)

    def when(row, fmt="day"):
        if row is None:
            return NONE_YET
        if fmt == "day" and row["date_precision"] == "day":
            return text.day(row["date"])
        return (
            f"{row['date']:%B %Y}"
            if fmt == "month" and row["date_precision"] != "year"
            else f"{row['date']:%Y}"
        )

    m_first, m_last = pick("pow_mia", "us_missing_vietnam", False), pick("pow_mia", "us_missing_vietnam")
    ident, remains = pick("pow_mia", "us_identified"), pick("pow_mia", "us_remains_repatriated")
    bh_first, bh = pick("dioxin_bienhoa", "us_commitment", False), pick("dioxin_bienhoa", "us_commitment")
    spent, cost = pick("dioxin_bienhoa", "us_funding"), pick("dioxin_bienhoa", "cost_estimate")
    uxo_first, uxo = pick("uxo", "us_funding_since_1993", False), pick("uxo", "us_funding_since_1993")
    pwd = pick("disability", "us_funding_30_years")
    f.using("war_legacies")
    f.update(
        dip_mia_first=count(m_first),
        dip_mia_first_date=when(m_first, "year"),
        dip_mia_last=count(m_last),
        dip_mia_last_date=when(m_last),
        dip_ident=count(ident),
        dip_remains=count(remains),
        dip_remains_date=when(remains),
        dip_vn_missing=count(pick("vn_missing", "vn_missing")),
        dip_danang_usd=usd(pick("dioxin_danang", "us_funding")),
        dip_danang_m3=count(pick("dioxin_danang", "soil_treated")),
        dip_bh_commit_first=usd(bh_first),
        dip_bh_commit=usd(bh),
        dip_bh_commit_date=when(bh, "month"),
        dip_bh_spent=usd(spent),
        dip_bh_spent_date=when(spent, "month"),
        dip_bh_cost=usd(cost),
        dip_uxo_first=usd(uxo_first),
        dip_uxo_first_year=when(uxo_first, "year"),
        dip_uxo=usd(uxo),
        dip_uxo_date=when(uxo, "month"),
        dip_pwd=usd(pwd),
        dip_pwd_year=when(pwd, "year"),
    )
    mia = war[war["topic"] == "pow_mia"].copy()
    money = war[war["unit"].str.startswith("USD")].copy()
    f.frames.update(
        mia=mia,
        money=money,
        mia_title=(
            f"Americans unaccounted for in Việt Nam fell from "
            f"{count(m_first)} in {when(m_first, 'year')} to {count(m_last)} "
            f"in {when(m_last, 'year')}"
        )
        if m_first is not None
        else "Americans unaccounted for in Việt Nam",
        money_title="US funding for war legacies, as stated at each date",
    )


def people(f, load, date) -> None:

    doors = load("open_doors")

    def end_year(ay):
        return int(ay[:4]) + 1

    published = date.year if date.month >= 11 else date.year - 1  # Open Doors appears each November
    doors = doors[[end_year(a) <= published for a in doors["academic_year"]]]
    vn = doors[doors["direction"] == "vn_to_us"].sort_values("academic_year")
    us = doors[doors["direction"] == "us_to_vn"].sort_values("academic_year")
    first, last = vn.iloc[0], vn.iloc[-1]
    ranked = vn.dropna(subset=["rank"])
    best = ranked.loc[ranked["rank"].idxmin()]
    f.using("open_doors")
    f.update(
        dip_st_first_year=first["academic_year"],
        dip_st_first=f"{int(first['students']):,}",
        dip_st_last_year=last["academic_year"],
        dip_st_last=f"{int(last['students']):,}",
        dip_st_multiple=text.times(last["students"] / first["students"]),
        dip_st_best_rank=text.ordinal(int(best["rank"])),
        dip_st_best_rank_year=best["academic_year"],
        dip_st_last_rank=(text.ordinal(int(last["rank"])) if pd.notna(last["rank"]) else "not reported"),
        dip_st_us_last_year=us.iloc[-1]["academic_year"],
        dip_st_us_last=f"{int(us.iloc[-1]['students']):,}",
    )
    opinion = load("vn_opinion")
    opinion = opinion[opinion["year"] <= date.year]
    pew_us = opinion[(opinion["population"] == "public") & (opinion["measure"] == PEW_US)]
    pew_cn = opinion[(opinion["population"] == "public") & (opinion["measure"] == PEW_CHINA)]
    iseas = opinion[opinion["population"] == "elite"].sort_values("year")

    def pct(rows, last=True):
        rows = rows.sort_values("year")
        return NONE_YET if rows.empty else f"{rows.iloc[-1 if last else 0]['percent']:.0f}%"

    def year(rows, last=True):
        rows = rows.sort_values("year")
        return NONE_YET if rows.empty else str(int(rows.iloc[-1 if last else 0]["year"]))

    f.using("vn_opinion")
    f.update(
        dip_pew_years=", ".join(str(int(y)) for y in sorted(pew_us["year"])) or NONE_YET,
        dip_pew_first=pct(pew_us, False),
        dip_pew_last=pct(pew_us),
        dip_pew_last_year=year(pew_us),
        dip_pew_cn_last=pct(pew_cn),
        dip_iseas_first=pct(iseas, False),
        dip_iseas_first_year=year(iseas, False),
        dip_iseas_last=pct(iseas),
        dip_iseas_last_year=year(iseas),
    )
    f.frames.update(
        students=vn,
        opinion=opinion,
        students_title=(
            f"Vietnamese students in the United States rose from "
            f"{int(first['students']):,} in {first['academic_year']} to "
            f"{int(last['students']):,} in {last['academic_year']}"
        ),
        opinion_title=(
            f"{pct(pew_us)} of Vietnamese viewed the United States "
            f"favourably in {year(pew_us)}, the last year Pew asked"
        )
        if len(pew_us)
        else "Vietnamese views of the United States and China",
    )


def visit_list(visits: pd.DataFrame) -> str:
    """Each visitor once, in order of the first visit, with the years of all their visits:
    'Bill Clinton (2000), Donald Trump (2017 and 2019)'."""
    years: dict[str, list[str]] = {}
    for r in visits.sort_values("date").itertuples():
        years.setdefault(r.visitor, []).append(f"{r.date:%Y}")
    return ", ".join(f"{v} ({text.render(text.items(ys))})" for v, ys in years.items())
