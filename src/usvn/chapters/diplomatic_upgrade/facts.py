"""Every value the diplomacy chapter states."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import Facts, parameters, rerun_markdown
from ...facts import kinds as text
from ...facts.verdicts import quote_into
from .. import record as book_record
from ..defence_ties import analysis as defence
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import (
    LABELS,
    TOP,
    VN_NORMALIZATION,
    as_of,
    count_over_time,
    cutoff,
    highest_level,
    highlight_points,
    ladder,
    ladder_segments,
    partner_summary,
    partners_at,
    skipped_levels,
    skipped_strategic,
    upgrades_by_year,
    years_to_top,
)
from .leadership import leadership
from .people import aid, day_of, legacies, people, visits
from .region import region
from .rights import trafficking

# ----------------------------------------------------------------------------- the chapter

CHAPTER = "diplomatic_upgrade"


CLAIMS = ("D1", "D2")


US_FIELDS = [
    "dip_us_relations",
    "dip_us_comprehensive",
    "dip_us_top_date",
    "dip_us_years",
    "dip_us_years_framework",
    "dip_us_skipped",
    "dip_n_before_us",
    "dip_before_list",
    "dip_n_after_us",
    "dip_after_list",
    "dip_n_faster",
    "dip_n_faster_framework",
]


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
    leadership(f, load, date)
    visits(f, load, date)
    aid(f, load, date, p)
    legacies(f, load, date)
    people(f, load, date)
    trafficking(f, load, date)
    region(f, load, date)
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
    after_us = top[top.index("United States") + 1 :] if "United States" in top else []
    from_strategic = [q for q in after_us if "strategic" not in skipped_levels(network, q)]
    last_top = as_of(network, date)
    last_top = last_top[last_top["level"] == TOP].sort_values("date").iloc[-1]
    reached = as_of(network, date)
    f.count("dip_n_top", reached[reached["level"] == TOP], "vn_partnerships", where={"level": [TOP]})
    f.using("vn_partnerships")
    f.update(
        dip_cutoff=text.day(date),
        dip_top_list=", ".join(top),
        dip_median_years=f"{years['years'].median():.0f}",
        dip_median_years_framework=f"{years['years_framework'].median():.0f}",
        dip_n_years_partners=len(years),
        dip_n_direct=int(years["years_framework"].isna().sum()),
        dip_direct_list=", ".join(years.loc[years["years_framework"].isna(), "partner"]) or "none",
        dip_direct_clause=_direct_clause(list(years.loc[years["years_framework"].isna(), "partner"])),
        dip_busiest_year=str(int(per_year.idxmax())),
        dip_busiest_n=int(per_year.max()),
        dip_recent_years=" and ".join(str(int(y)) for y in recent.index),
        dip_recent_n=int(recent.sum()),
        dip_recent_clause=text.words(
            f"{text.render(text.count(int(recent.sum()), 'upgrade'))} came in "
            + " and ".join(str(int(y)) for y in recent.index)
        ),
        dip_n_skippers=len(skippers),
        dip_skippers=", ".join(skippers),
        dip_strategic_list=", ".join(sorted(best[best == "strategic"].index)) or "none",
        dip_comprehensive_list=", ".join(sorted(best[best == "comprehensive"].index)) or "none",
        dip_n_after_from_strategic=text.count(len(from_strategic), "partner"),
        dip_n_after=len(after_us),
        dip_latest_top=last_top["partner"],
        dip_latest_top_date=text.date(last_top["date"], last_top["date_precision"]),
    )
    first_top = top[0] if top else "none"
    f.update(
        dip_first_top=first_top, dip_first_top_date=_at_precision(network, first_top, TOP) if top else "—"
    )
    _united_states(f, network, us, years, wide, date)
    vn_exports = load("vn_exports_by_destination").dropna(subset=["exports_usd_m"])
    years_x = vn_exports[vn_exports["destination"] == "China"]["year"]
    eligible = years_x[years_x < date.year]  # last full year before the cut-off, else the first
    year_x = int(eligible.max()) if len(eligible) else int(years_x.min())
    row_x = vn_exports[vn_exports["year"] == year_x].set_index("destination")["exports_usd_m"]
    f.using("vn_exports_by_destination")
    f.update(
        dip_x_year=str(year_x),
        dip_x_us=text.percent(row_x["United States"] / row_x["World"]),
        dip_x_cn=text.percent(row_x["China"] / row_x["World"]),
    )
    check = defence.russia_check(load)
    if date.year < check["end"]:
        check = defence.russia_check(load, end=date.year)
    f.using("sipri_arms_transfers")
    f.update(dip_arms_ru=text.percent(check["share_of_vn"]), dip_arms_end=str(check["end"]))
    segments = ladder_segments(network, p["levels"], date)
    note = data.source_note("vn_partnerships")
    f.frames.update(
        segments=segments,
        steps=steps,
        years=years,
        note=note,
        highlighted=highlight_points(network, steps, p["highlight"], date),
        ladder_title=(
            f"{segments['partner'].nunique()} partners on Việt Nam's partnership ladder by {text.day(date)}"
        ),
        top_title=f"Việt Nam had {len(top)} comprehensive strategic partners by {date.year}",
    )


def _united_states(f, network, us, years, wide, date) -> None:
    """Where the United States stands on the ladder at the cut-off."""

    if us["top_position"] is None:
        for name in US_FIELDS:
            f[name] = "— (not yet a comprehensive strategic partner at the cut-off)"
        f["dip_us_status"] = f"had not reached the top tier by {text.day(date)}"
        return
    us_date = us["top_date"]
    before = partners_at(network, TOP, us_date - pd.Timedelta(days=1))
    top = partners_at(network, TOP, date)
    us_row = wide.loc["United States"]
    own = years.set_index("partner").loc["United States"]
    skipped = skipped_levels(as_of(network, date), "United States")
    f.update(
        dip_us_status=(
            f"reached the top tier, the Comprehensive Strategic Partnership, on {text.day(us_date)}, "
            f"the {text.ordinal(us['top_position'])} partner to do so"
        ),
        dip_us_relations=text.day(us_row["diplomatic_relations"]),
        dip_us_comprehensive=text.day(us_row["comprehensive"]),
        dip_us_top_date=text.day(us_date),
        dip_us_years=f"{own['years']:.0f}",
        dip_us_years_framework=f"{own['years_framework']:.0f}",
        dip_us_skipped=" and ".join(LABELS[s].lower() for s in skipped) or "no level",
        dip_n_before_us=len(before),
        dip_before_list=", ".join(before),
        dip_n_after_us=len(top) - us["top_position"],
        dip_after_list=", ".join(top[us["top_position"] :]) or "none",
        dip_n_faster=int((years["years"] < own["years"]).sum()),
        dip_faster_clause=text.count(int((years["years"] < own["years"]).sum()), "partner", "partners"),
        dip_faster_fw_clause=text.count(
            int((years["years_framework"] < own["years_framework"]).sum()), "partner", "partners"
        ),
        dip_first_clock=(
            "no partner reached the top tier sooner after establishing relations"
            if int((years["years"] < own["years"]).sum()) == 0
            else f"{int((years['years'] < own['years']).sum())} partners reached it "
            "sooner after establishing relations"
        ),
        dip_n_faster_framework=int((years["years_framework"] < own["years_framework"]).sum()),
    )


def _record(f, events: pd.DataFrame, date) -> None:
    """The record (``events``, from :func:`record`, to the cut-off): every event in one
    table, and the dates the text states."""

    rights = events[events["kind"] == "rights"]
    f.using("us_vn_timeline", "us_vn_visits", "vn_partnerships", "defence_milestones", "us_arms_transfers")
    f.using("us_vn_timeline", rows=[EMBARGO_LIFTED])
    f["dip_first_trade"] = day_of(events, EMBARGO_LIFTED)
    f.using("defence_milestones", rows=[DEFENCE_START])
    start = events[events["id"] == DEFENCE_START]
    f["dip_first_defence"] = (
        text.date(start["date"].iloc[0], "month") if len(start) else "not yet (after the cut-off)"
    )
    for key, row_id in DATED.items():
        f.using("us_vn_timeline", rows=[row_id])
        f[key] = day_of(events, row_id)
    f.frames.update(
        record=events,
        rights=rights,
        record_title=(
            f"Dated US–Việt Nam events recorded here, {events['date'].min().year}–{date.year}: "
            "diplomacy, trade, defence and war legacies"
        ),
    )


EMBARGO_LIFTED = "tl_19940203_lifts_19_year"


DEFENCE_START = "dm_19961101_start_bilateral_defence"  # as dated by the analyst Lewis Stern


DATED = {
    "dip_cpc_date": "tl_20040915_state_department_designates",
    "dip_cpc_removed": "tl_20061113_state_department_removes",
    "dip_hrd_resumed": "tl_20060220_usviet_human_rights",
    "dip_swl_date": "tl_20221202_state_department_places",
    "dip_hrd_latest": "tl_20250106_28th_usviet_human",
    "dip_vn_relations_date": VN_NORMALIZATION,
    "dip_embassy_date": "tl_19950806_secretary_state_warren",
    "dip_liaison_date": "tl_19950128_united_states_opens",
}


WITH_ARTICLE = {
    "European Union",
    "United Kingdom",
    "United States",
    "Philippines",
    "Netherlands",
    "United Arab Emirates",
    "Czech Republic",
}  # names that take "the" in running text


def _direct_clause(partners: list[str]):
    """Who reached the top tier with no framework before it, as a sentence."""
    if not partners:
        return text.words(
            "Every partner had a framework before the top tier, so the second clock applies to all"
        )
    them = "it" if len(partners) == 1 else "them"
    named = [f"the {p}" if p in WITH_ARTICLE else p for p in partners]
    subject = text.render(text.items(named))
    return text.words(
        f"{subject[0].upper()}{subject[1:]} had no framework before the top tier, so the second "
        f"clock does not apply to {them}"
    )
