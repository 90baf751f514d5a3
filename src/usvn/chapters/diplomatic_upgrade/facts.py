"""Every value the diplomacy chapter states."""
from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import Facts, parameters, rerun_markdown
from ...facts import kinds as text
from ...facts.verdicts import quote_into
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .. import record as book_record
from ..defence_ties import analysis as defence
from .analysis import LABELS, TOP, VN_NORMALIZATION, as_of, count_over_time, cutoff, fiscal_series, highest_level, highlight_points, ladder, ladder_segments, partner_summary, partners_at, skipped_levels, skipped_strategic, upgrades_by_year, years_to_top


# ----------------------------------------------------------------------------- the chapter

CHAPTER = "diplomatic_upgrade"


CLAIMED_BEFORE_US = ["China", "Russia", "India", "South Korea"]  # the 2023 report's list


CLAIMS = ("D1", "D2")


US_FIELDS = ["dip_us_relations", "dip_us_comprehensive", "dip_us_top_date", "dip_us_years",
             "dip_us_years_framework", "dip_us_skipped", "dip_n_before_us", "dip_before_list",
             "dip_n_after_us", "dip_after_list", "dip_n_faster", "dip_n_faster_framework"]


def facts(load, **given):
    """Every value the diplomacy chapter states (see :mod:`usvn.facts`)."""

    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
    f["dip_rerun_md"] = rerun_markdown(CHAPTER, p)
    network = load("vn_partnerships")
    unknown = sorted(set(p["highlight"]) - set(network["partner"]))
    if unknown:
        raise ValueError(f"highlight: no partner named {unknown} in data/vn_partnerships.csv")
    everything = book_record.record(load)
    date = cutoff(network, p["as_of"], latest=max(everything["date"].max(), network["date"].max()))
    _ladder(f, load, network, date, p)
    _record(f, everything[everything["date"] <= date].reset_index(drop=True), date)
    _visits(f, load, date)
    _aid(f, load, date, p)
    _legacies(f, load, date)
    _people(f, load, date)
    f.as_of = f["dip_cutoff"].value  # the latest event of the record, or the cut-off
    quote_into(f, load, "dip", CLAIMS)
    return f


def _at_precision(network: pd.DataFrame, partner: str, level: str):
    """The date ``partner`` reached ``level``, printed at the precision its row records
    (a month-precision row prints 'May 2008', never '1 May 2008'); partner and level are
    the table's key, so exactly one row matches."""

    row = network[(network["partner"] == partner) & (network["level"] == level)]
    if len(row) != 1:
        raise KeyError(f"vn_partnerships: {len(row)} rows for {partner} at {level}")
    return text.date(row.iloc[0]["date"], row.iloc[0]["date_precision"])


def _ladder(f, load, network, date, p) -> None:

    us = partner_summary(network, "United States", date)
    top = partners_at(network, TOP, date)
    steps = count_over_time(network, until=date)
    years = years_to_top(network, date)
    wide = ladder(as_of(network, date))
    best = highest_level(network, date)
    per_year = upgrades_by_year(network, until=date)
    recent = per_year[per_year.index >= date.year - 1]
    skippers = skipped_strategic(network, date)
    after_us = top[top.index("United States") + 1:] if "United States" in top else []
    from_strategic = [q for q in after_us if "strategic" not in skipped_levels(network, q)]
    last_top = as_of(network, date)
    last_top = last_top[last_top["level"] == TOP].sort_values("date").iloc[-1]
    reached = as_of(network, date)
    f.count("dip_n_top", reached[reached["level"] == TOP], "vn_partnerships",
            where={"level": [TOP]})
    f.using("vn_partnerships")
    f.update(dip_cutoff=text.day(date),
             dip_top_list=", ".join(top),
             dip_median_years=f"{years['years'].median():.0f}",
             dip_median_years_framework=f"{years['years_framework'].median():.0f}",
             dip_n_years_partners=len(years),
             dip_n_direct=int(years["years_framework"].isna().sum()),
             dip_direct_list=", ".join(years.loc[years["years_framework"].isna(), "partner"]) or "none",
             dip_busiest_year=str(int(per_year.idxmax())), dip_busiest_n=int(per_year.max()),
             dip_recent_years=" and ".join(str(int(y)) for y in recent.index),
             dip_recent_n=int(recent.sum()), dip_n_skippers=len(skippers),
             dip_skippers=", ".join(skippers),
             dip_strategic_list=", ".join(sorted(best[best == "strategic"].index)) or "none",
             dip_comprehensive_list=", ".join(sorted(best[best == "comprehensive"].index)) or "none",
             dip_n_after_from_strategic=text.count(len(from_strategic), "partner"),
             dip_n_after=len(after_us),
             dip_latest_top=last_top["partner"],
             dip_latest_top_date=text.date(last_top["date"], last_top["date_precision"]))
    first_top = top[0] if top else "none"
    f.update(dip_first_top=first_top,
             dip_first_top_date=_at_precision(network, first_top, TOP) if top else "—")
    _united_states(f, network, us, years, wide, date)
    vn_exports = load("vn_exports_by_destination").dropna(subset=["exports_usd_m"])
    years_x = vn_exports[vn_exports["destination"] == "China"]["year"]
    eligible = years_x[years_x < date.year]  # last full year before the cut-off, else the first
    year_x = int(eligible.max()) if len(eligible) else int(years_x.min())
    row_x = vn_exports[vn_exports["year"] == year_x].set_index("destination")["exports_usd_m"]
    f.using("vn_exports_by_destination")
    f.update(dip_x_year=str(year_x), dip_x_us=text.percent(row_x["United States"] / row_x["World"]),
             dip_x_cn=text.percent(row_x["China"] / row_x["World"]))
    check = defence.russia_check(load)
    if date.year < check["end"]:
        check = defence.russia_check(load, end=date.year)
    f.using("sipri_arms_transfers")
    f.update(dip_arms_ru=text.percent(check["share_of_vn"]),
             dip_arms_end=str(check["end"]))
    segments = ladder_segments(network, p["levels"], date)
    note = data.source_note("vn_partnerships")
    f.frames.update(segments=segments, steps=steps, years=years, note=note,
                    highlighted=highlight_points(network, steps, p["highlight"], date),
                    ladder_title=(f"{segments['partner'].nunique()} partners on Việt Nam's "
                                  f"partnership ladder by {text.day(date)}"),
                    top_title=f"Việt Nam had {len(top)} comprehensive strategic partners by {date.year}")


def _united_states(f, network, us, years, wide, date) -> None:
    """Where the United States stands on the ladder at the cut-off."""

    if us["top_position"] is None:
        for name in US_FIELDS:
            f[name] = "— (not yet a comprehensive strategic partner at the cut-off)"
        f["dip_us_status"] = f"had not reached it by {text.day(date)}"
        return
    us_date = us["top_date"]
    before = partners_at(network, TOP, us_date - pd.Timedelta(days=1))
    top = partners_at(network, TOP, date)
    us_row = wide.loc["United States"]
    own = years.set_index("partner").loc["United States"]
    skipped = skipped_levels(as_of(network, date), "United States")
    f.update(dip_us_status=(f"reached it on {text.day(us_date)}, the "
                            f"{text.ordinal(us['top_position'])} partner to do so"),
             dip_us_relations=text.day(us_row["diplomatic_relations"]),
             dip_us_comprehensive=text.day(us_row["comprehensive"]),
             dip_us_top_date=text.day(us_date), dip_us_years=f"{own['years']:.0f}",
             dip_us_years_framework=f"{own['years_framework']:.0f}",
             dip_us_skipped=" and ".join(LABELS[s].lower() for s in skipped) or "no level",
             dip_n_before_us=len(before), dip_before_list=", ".join(before),
             dip_n_after_us=len(top) - us["top_position"],
             dip_after_list=", ".join(top[us["top_position"]:]) or "none",
             dip_n_faster=int((years["years"] < own["years"]).sum()),
             dip_first_clock=("no partner reached the top tier sooner after establishing relations"
                              if int((years["years"] < own["years"]).sum()) == 0 else
                              f"{int((years['years'] < own['years']).sum())} partners reached it "
                              "sooner after establishing relations"),
             dip_n_faster_framework=int((years["years_framework"] < own["years_framework"]).sum()))


def _record(f, events: pd.DataFrame, date) -> None:
    """The balanced record (``events``, from :func:`record`, to the cut-off): every event
    in one table, by category and period."""

    periods = book_record.by_period(events)
    rights = events[events["kind"] == "rights"]
    f.using("us_vn_timeline", "us_vn_visits", "vn_partnerships", "defence_milestones",
            "us_arms_transfers")
    f.using("us_vn_timeline", rows=[EMBARGO_LIFTED])
    f["dip_first_trade"] = _day_of(events, EMBARGO_LIFTED)
    f.using("defence_milestones", rows=[DEFENCE_START])
    start = events[events["id"] == DEFENCE_START]
    f["dip_first_defence"] = (text.date(start["date"].iloc[0], "month") if len(start)
                              else "not yet (after the cut-off)")
    for key, row_id in DATED.items():
        f.using("us_vn_timeline", rows=[row_id])
        f[key] = _day_of(events, row_id)
    f.frames.update(record=events, periods=periods, rights=rights, record_title=(
        f"Dated US–Việt Nam events recorded here, {events['date'].min().year}–{date.year}: "
        "diplomacy, trade, defence and war legacies"))




EMBARGO_LIFTED = "tl_19940203_lifts_19_year"


DEFENCE_START = "dm_19961101_start_bilateral_defence"  # as dated by the analyst Lewis Stern


DATED = {"dip_cpc_date": "tl_20040915_state_department_designates",
         "dip_cpc_removed": "tl_20061113_state_department_removes",
         "dip_hrd_resumed": "tl_20060220_usviet_human_rights",
         "dip_swl_date": "tl_20221202_state_department_places",
         "dip_hrd_latest": "tl_20250106_28th_usviet_human",
         "dip_vn_relations_date": VN_NORMALIZATION,
         "dip_embassy_date": "tl_19950806_secretary_state_warren",
         "dip_liaison_date": "tl_19950128_united_states_opens"}


def _day_of(events: pd.DataFrame, row_id: str):
    """The date of the event ``row_id``, or a note that it falls after the cut-off (a
    researcher's earlier ``as_of``: the record then stops before it)."""

    if not (events["id"] == row_id).any():
        return "not yet (after the cut-off)"
    return text.day(data.row(events, row_id)["date"])


def _period_table(periods: pd.DataFrame) -> str:
    wide = periods.pivot(index="period", columns="category", values="events")
    wide = wide.reindex([label for _, _, label in book_record.PERIODS])[list(book_record.CATEGORIES)]
    head = "| Period | " + " | ".join(c.capitalize() for c in book_record.CATEGORIES) + " |"
    rows = [head, "|---|" + "---:|" * len(book_record.CATEGORIES)]
    rows += [f"| {period} | " + " | ".join(str(int(v)) for v in row) + " |"
             for period, row in wide.iterrows()]
    return "\n".join(rows)


def _visits(f, load, date) -> None:

    visits = load("us_vn_visits")
    visits = visits[visits["date"] <= date]
    us = visits[visits["direction"] == "us_to_vn"]
    vn = visits[visits["direction"] == "vn_to_us"]
    presidents = us["visitor"].nunique()
    last_us = us.sort_values("date").iloc[-1] if len(us) else None
    last_vn = vn.sort_values("date").iloc[-1] if len(vn) else None
    f.using("us_vn_visits")
    f.count("dip_n_us_visits", us, "us_vn_visits", where={"direction": ["us_to_vn"]})
    f.using("us_vn_visits", frame=us)
    f.update(dip_n_presidents=presidents,
             dip_last_us_visit=text.day(last_us["date"]) if last_us is not None else "none",
             dip_last_vn_visit=text.day(last_vn["date"]) if last_vn is not None else "none",
             dip_last_vn_visitor=last_vn["visitor"] if last_vn is not None else "none",
             dip_us_visit_list=", ".join(f"{v} ({d:%Y})" for v, d in zip(us["visitor"], us["date"])),
             dip_years_since_us_visit=(f"{(date - last_us['date']).days / 365.25:.1f}"
                                       if last_us is not None else "n/a"),
             dip_trong_visit=(text.day(vn.loc[vn["visitor"] == "Nguyễn Phú Trọng", "date"].min())
                              if (vn["visitor"] == "Nguyễn Phú Trọng").any() else "after the cut-off"))
    f.frames.update(visits=visits, visits_title=(
        f"{len(us)} visits by sitting US presidents to Việt Nam to {date.year}, and "
        "Vietnamese leaders' trips to the United States recorded here"))


PEW_US, PEW_CHINA = "favourable view of the United States", "favourable view of China"


def _aid(f, load, date, p) -> None:

    aid = load("us_aid_vietnam")
    kind, dollars = p["aid_measure"], p["aid_dollars"]
    series = fiscal_series(aid, kind, dollars)
    series = series[series["fiscal_year"] <= date.year]
    window = series[series["fiscal_year"] >= 1995]
    peak = window.loc[window["usd"].idxmax()]
    first, last = window.iloc[0], window.iloc[-1]
    partial = aid[(aid["kind"] == kind) & ~aid["complete"]]
    obligated = fiscal_series(aid, "obligations", dollars).set_index("fiscal_year")["usd"]
    disbursed = fiscal_series(aid, "disbursements", dollars).set_index("fiscal_year")["usd"]
    common = obligated.index.intersection(disbursed.index)
    common = common[(common >= 2001) & (common <= date.year)]
    basis = "constant 2022 dollars" if dollars == "constant" else "current dollars"
    money = lambda usd: (f"${usd / 1e6:,.1f} million" if usd < 1e7 else text.usd_billions(usd / 1e6))
    f.using("us_aid_vietnam")
    f.update(dip_aid_kind=kind, dip_aid_basis=basis,
             dip_aid_first_fy=f"FY{int(first['fiscal_year'])}", dip_aid_last_fy=f"FY{int(last['fiscal_year'])}",
             dip_aid_first=money(first["usd"]),
             dip_aid_last=money(last["usd"]),
             dip_aid_peak=money(peak["usd"]), dip_aid_peak_fy=f"FY{int(peak['fiscal_year'])}",
             dip_aid_total=text.usd_billions(window["usd"].sum() / 1e6),
             dip_aid_n_years=len(window),
             dip_aid_partial_fy=(f"FY{int(partial['fiscal_year'].iloc[0])}" if len(partial) else "none"),
             dip_aid_disbursed_share=text.percent(disbursed.loc[common].sum() / obligated.loc[common].sum()),
             dip_aid_common_first=f"FY{int(common.min())}", dip_aid_common_last=f"FY{int(common.max())}")
    f.frames.update(aid=window, aid_unit=f"US {kind}, {basis}", aid_title=(
        f"US {kind} to Việt Nam rose from {money(first['usd'])} in "
        f"FY{int(first['fiscal_year'])} to a peak of {money(peak['usd'])} in "
        f"FY{int(peak['fiscal_year'])}"))


NONE_YET = "none stated by the cut-off"


def _legacies(f, load, date) -> None:

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
        return f"{row['date']:%B %Y}" if fmt == "month" and row["date_precision"] != "year" else f"{row['date']:%Y}"

    m_first, m_last = pick("pow_mia", "us_missing_vietnam", False), pick("pow_mia", "us_missing_vietnam")
    ident, remains = pick("pow_mia", "us_identified"), pick("pow_mia", "us_remains_repatriated")
    bh_first, bh = pick("dioxin_bienhoa", "us_commitment", False), pick("dioxin_bienhoa", "us_commitment")
    spent, cost = pick("dioxin_bienhoa", "us_funding"), pick("dioxin_bienhoa", "cost_estimate")
    uxo_first, uxo = pick("uxo", "us_funding_since_1993", False), pick("uxo", "us_funding_since_1993")
    pwd = pick("disability", "us_funding_30_years")
    f.using("war_legacies")
    f.update(dip_mia_first=count(m_first), dip_mia_first_date=when(m_first, "year"),
             dip_mia_last=count(m_last), dip_mia_last_date=when(m_last),
             dip_ident=count(ident), dip_remains=count(remains), dip_remains_date=when(remains),
             dip_vn_missing=count(pick("vn_missing", "vn_missing")),
             dip_danang_usd=usd(pick("dioxin_danang", "us_funding")),
             dip_danang_m3=count(pick("dioxin_danang", "soil_treated")),
             dip_bh_commit_first=usd(bh_first), dip_bh_commit=usd(bh),
             dip_bh_commit_date=when(bh, "month"), dip_bh_spent=usd(spent),
             dip_bh_spent_date=when(spent, "month"), dip_bh_cost=usd(cost),
             dip_uxo_first=usd(uxo_first), dip_uxo_first_year=when(uxo_first, "year"),
             dip_uxo=usd(uxo), dip_uxo_date=when(uxo, "month"), dip_pwd=usd(pwd),
             dip_pwd_year=when(pwd, "year"))
    mia = war[war["topic"] == "pow_mia"].copy()
    money = war[war["unit"].str.startswith("USD")].copy()
    f.frames.update(mia=mia, money=money,
                    mia_title=(f"Americans unaccounted for in Việt Nam fell from "
                               f"{count(m_first)} in {when(m_first, 'year')} to {count(m_last)} "
                               f"in {when(m_last, 'year')}") if m_first is not None else
                    "Americans unaccounted for in Việt Nam",
                    money_title="US funding for war legacies, as stated at each date")


def _people(f, load, date) -> None:

    doors = load("open_doors")
    end_year = lambda ay: int(ay[:4]) + 1
    published = date.year if date.month >= 11 else date.year - 1  # Open Doors appears each November
    doors = doors[[end_year(a) <= published for a in doors["academic_year"]]]
    vn = doors[doors["direction"] == "vn_to_us"].sort_values("academic_year")
    us = doors[doors["direction"] == "us_to_vn"].sort_values("academic_year")
    first, last = vn.iloc[0], vn.iloc[-1]
    ranked = vn.dropna(subset=["rank"])
    best = ranked.loc[ranked["rank"].idxmin()]
    f.using("open_doors")
    f.update(dip_st_first_year=first["academic_year"], dip_st_first=f"{int(first['students']):,}",
             dip_st_last_year=last["academic_year"], dip_st_last=f"{int(last['students']):,}",
             dip_st_multiple=text.times(last["students"] / first["students"]),
             dip_st_best_rank=text.ordinal(int(best["rank"])), dip_st_best_rank_year=best["academic_year"],
             dip_st_last_rank=(text.ordinal(int(last["rank"])) if pd.notna(last["rank"]) else "not reported"),
             dip_st_us_last_year=us.iloc[-1]["academic_year"], dip_st_us_last=f"{int(us.iloc[-1]['students']):,}")
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
    f.update(dip_pew_years=", ".join(str(int(y)) for y in sorted(pew_us["year"])) or NONE_YET,
             dip_pew_first=pct(pew_us, False), dip_pew_last=pct(pew_us), dip_pew_last_year=year(pew_us),
             dip_pew_cn_last=pct(pew_cn),
             dip_iseas_first=pct(iseas, False), dip_iseas_first_year=year(iseas, False),
             dip_iseas_last=pct(iseas), dip_iseas_last_year=year(iseas))
    f.frames.update(students=vn, opinion=opinion,
                    students_title=(f"Vietnamese students in the United States rose from "
                                    f"{int(first['students']):,} in {first['academic_year']} to "
                                    f"{int(last['students']):,} in {last['academic_year']}"),
                    opinion_title=(f"{pct(pew_us)} of Vietnamese viewed the United States "
                                   f"favourably in {year(pew_us)}, the last year Pew asked")
                    if len(pew_us) else "Vietnamese views of the United States and China")
