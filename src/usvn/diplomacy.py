"""Partnership analysis: pure functions over ``vn_partnerships`` (partner, level, date)."""
from __future__ import annotations

import pandas as pd

LEVELS = ("diplomatic_relations", "comprehensive", "strategic", "comprehensive_strategic")
TOP = "comprehensive_strategic"


def as_of(frame: pd.DataFrame, date) -> pd.DataFrame:
    """Events on or before ``date`` (a partner upgraded that very day counts)."""
    return frame[frame["date"] <= pd.Timestamp(date)].reset_index(drop=True)


def partners_at(frame: pd.DataFrame, level: str, date) -> list[str]:
    """Partners holding ``level`` on ``date``, in the order they reached it."""
    held = as_of(frame, date)
    return held[held["level"] == level].sort_values(["date", "partner"])["partner"].tolist()


def count_over_time(frame: pd.DataFrame, level: str = TOP, until=None) -> pd.DataFrame:
    """Step series: the number of partners at ``level`` after each upgrade date."""
    rows = frame[frame["level"] == level]
    if until is not None:
        rows = as_of(rows, until)
    per_day = rows.groupby("date").size().sort_index()
    return pd.DataFrame({"date": per_day.index, "added": per_day.to_numpy(),
                         "count": per_day.cumsum().to_numpy()})


def ladder(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per partner, one column per level: the date the level was reached."""
    wide = frame.pivot_table(index="partner", columns="level", values="date", aggfunc="min")
    return wide.reindex(columns=[lv for lv in LEVELS if lv in wide.columns])


def years_to_top(frame: pd.DataFrame, date=None) -> pd.DataFrame:
    """Years from diplomatic relations to the top tier, for partners in it by ``date``."""
    wide = ladder(as_of(frame, date) if date is not None else frame)
    if TOP not in wide or "diplomatic_relations" not in wide:
        return pd.DataFrame(columns=["partner", "relations", "top", "years"])
    both = wide.dropna(subset=[TOP, "diplomatic_relations"])
    years = (both[TOP] - both["diplomatic_relations"]).dt.days / 365.25
    return (pd.DataFrame({"partner": both.index, "relations": both["diplomatic_relations"].to_numpy(),
                          "top": both[TOP].to_numpy(), "years": years.to_numpy()})
            .sort_values("years").reset_index(drop=True))


def cutoff(frame: pd.DataFrame, as_of=None) -> pd.Timestamp:
    """The chapter's 'today': ``as_of`` if given, else the latest date in the data.  A
    date before the first top-tier partnership leaves nothing to describe: refused."""
    if as_of is None:
        return frame["date"].max()
    date = pd.Timestamp(as_of)
    first = frame.loc[frame["level"] == TOP, "date"].min()
    if pd.notna(first) and date < first:
        raise ValueError(f"as_of {date:%Y-%m-%d} is before the first comprehensive strategic "
                         f"partnership in the data ({first:%Y-%m-%d}); choose a later date")
    return date


def partner_summary(frame: pd.DataFrame, partner: str, date) -> dict:
    """Where ``partner`` stands on ``date``: its top-tier date and position (1 = first),
    and years from diplomatic relations to the top tier (None where not reached)."""
    order = partners_at(frame, TOP, date)
    rows = as_of(frame, date)
    own = rows[rows["partner"] == partner].set_index("level")["date"]
    reached = partner in order
    years = None
    if reached and "diplomatic_relations" in own:
        years = (own[TOP] - own["diplomatic_relations"]).days / 365.25
    return {"top_position": order.index(partner) + 1 if reached else None,
            "top_date": own.get(TOP) if reached else None, "years_to_top": years}


def highlight_points(frame: pd.DataFrame, steps: pd.DataFrame, partners: list[str],
                     date) -> pd.DataFrame:
    """Points of the count-over-time step series at which ``partners`` joined the top tier."""
    top = as_of(frame, date)
    top = top[(top["level"] == TOP) & top["partner"].isin(partners)][["partner", "date"]]
    return top.merge(steps[["date", "count"]], on="date", how="left").sort_values("date")


LABELS = {"diplomatic_relations": "Diplomatic relations", "comprehensive": "Comprehensive partnership",
          "strategic": "Strategic partnership", "comprehensive_strategic": "Comprehensive strategic partnership"}


def ladder_segments(frame: pd.DataFrame, levels: list[str], date) -> pd.DataFrame:
    """Lanes for a ladder chart: for each partner, one segment per level held (among
    ``levels``), from the date reached to the next level's date or to ``date``."""
    unknown = [lv for lv in levels if lv not in LEVELS]
    if unknown:
        raise ValueError(f"unknown level(s) {unknown}; levels are {list(LEVELS)}")
    rows = as_of(frame, date)
    rows = rows[rows["level"].isin(levels)].sort_values(["partner", "date"])
    end = rows.groupby("partner")["date"].shift(-1).fillna(pd.Timestamp(date))
    out = rows.assign(end=end)[["partner", "level", "date", "end"]].reset_index(drop=True)
    out["label"] = out["level"].map(LABELS)
    return out


def skipped_levels(frame: pd.DataFrame, partner: str) -> list[str]:
    """Partnership levels below the top that ``partner`` never held before reaching it."""
    own = set(frame.loc[frame["partner"] == partner, "level"])
    if TOP not in own:
        return []
    return [lv for lv in LEVELS[1:-1] if lv not in own]


def compare_sets(claimed: list[str], actual: list[str]) -> dict:
    """How a claimed list of partners matches the data: verdict, missing and extra names."""
    claimed_s, actual_s = set(claimed), set(actual)
    missing, extra = sorted(actual_s - claimed_s), sorted(claimed_s - actual_s)
    if not missing and not extra:
        verdict = "supported"
    elif claimed_s & actual_s:
        verdict = "partly supported"
    else:
        verdict = "not supported"
    return {"verdict": verdict, "missing": missing, "extra": extra}


def highest_level(frame: pd.DataFrame, date) -> pd.Series:
    """Each partner's highest partnership level held on ``date`` (diplomatic relations
    only, if no partnership)."""
    rows = as_of(frame, date)
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    best = rows.assign(r=rows["level"].map(rank)).sort_values("r").groupby("partner")["level"].last()
    return best


def upgrades_by_year(frame: pd.DataFrame, level: str = TOP, until=None) -> pd.Series:
    """Number of partners reaching ``level`` in each calendar year."""
    rows = frame[frame["level"] == level]
    if until is not None:
        rows = as_of(rows, until)
    return rows.groupby(rows["date"].dt.year).size()


def skipped_strategic(frame: pd.DataFrame, date) -> list[str]:
    """Top-tier partners (on ``date``) that never held the strategic level first."""
    rows = as_of(frame, date)
    return [p for p in partners_at(rows, TOP, date) if "strategic" in skipped_levels(rows, p)]


# ----------------------------------------------------------------------------- the chapter

CHAPTER = "diplomatic_upgrade"
CLAIMED_BEFORE_US = ["China", "Russia", "India", "South Korea"]  # the 2023 report's list
US_FIELDS = ["dip_us_relations", "dip_us_comprehensive", "dip_us_top_date", "dip_us_years",
             "dip_us_skipped", "dip_n_before_us", "dip_before_list", "dip_n_after_us",
             "dip_after_list", "dip_claim_verdict", "dip_claim_missing", "dip_claim_extra",
             "dip_us_speed_rank"]


def facts(load, **given):
    """Every value the diplomacy chapter states (see :mod:`usvn.facts`)."""
    from . import data, defence, text, timeline
    from .facts import Facts, parameters, rerun_markdown

    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
    f["dip_rerun_md"] = rerun_markdown(CHAPTER, p)
    network = load("vn_partnerships")
    unknown = sorted(set(p["highlight"]) - set(network["partner"]))
    if unknown:
        raise ValueError(f"highlight: no partner named {unknown} in data/vn_partnerships.csv")
    date = cutoff(network, p["as_of"])
    us = partner_summary(network, "United States", date)
    top = partners_at(network, TOP, date)
    steps = count_over_time(network, until=date)
    years = years_to_top(network, date)
    wide = ladder(as_of(network, date))
    best = highest_level(network, date)
    counts = best.value_counts()
    per_year = upgrades_by_year(network, until=date)
    recent = per_year[per_year.index >= date.year - 1]
    skippers = skipped_strategic(network, date)
    precision = network["date_precision"].value_counts()
    after_us = top[top.index("United States") + 1:] if "United States" in top else []
    from_strategic = [q for q in after_us if "strategic" not in skipped_levels(network, q)]
    f.using("vn_partnerships")
    f.update(dip_cutoff=text.day(date), dip_n_partners=int(network["partner"].nunique()),
             dip_n_top=len(top), dip_top_list=", ".join(top),
             dip_median_years=f"{years['years'].median():.0f}", dip_n_years_partners=len(years),
             dip_n_level_comp=int(counts.get("comprehensive", 0)),
             dip_n_level_strat=int(counts.get("strategic", 0)),
             dip_n_level_top=int(counts.get(TOP, 0)),
             dip_busiest_year=str(int(per_year.idxmax())), dip_busiest_n=int(per_year.max()),
             dip_recent_years=" and ".join(str(int(y)) for y in recent.index),
             dip_recent_n=int(recent.sum()), dip_n_skippers=len(skippers),
             dip_skippers=", ".join(skippers),
             dip_strategic_list=", ".join(sorted(best[best == "strategic"].index)) or "none",
             dip_comprehensive_list=", ".join(sorted(best[best == "comprehensive"].index)) or "none",
             dip_n_dates=len(network),
             dip_n_after_from_strategic=text.count(len(from_strategic), "partner"),
             dip_n_after=len(after_us),
             dip_n_imprecise=int(precision.get("month", 0) + precision.get("year", 0)))
    vn_exports = load("vn_exports_by_destination").dropna(subset=["exports_usd_m"])
    years_x = vn_exports[vn_exports["destination"] == "China"]["year"]
    eligible = years_x[years_x < date.year]  # last full year before the cut-off, else the first
    year_x = int(eligible.max()) if len(eligible) else int(years_x.min())
    row_x = vn_exports[vn_exports["year"] == year_x].set_index("destination")["exports_usd_m"]
    f.using("vn_exports_by_destination")
    f.update(dip_x_year=str(year_x), dip_x_us=text.percent(row_x["United States"] / row_x["World"]),
             dip_x_cn=text.percent(row_x["China"] / row_x["World"]))
    tiv = load("sipri_vn_arms_imports")
    last_arms = min(date.year, 2024)
    f.using("sipri_vn_arms_imports")
    f.update(dip_arms_ru=text.percent(defence.supplier_share(tiv, "Russia", 1995, last_arms)),
             dip_arms_us=text.percent(defence.supplier_share(tiv, "United States", 1995, last_arms), 1))
    first_top = top[0] if top else "none"
    f.using("vn_partnerships")
    f.update(dip_first_top=first_top,
             dip_first_top_date=text.day(wide.loc[first_top, TOP]) if top else "—")
    _united_states(f, network, us, top, years, wide, date)

    events = load("us_vn_timeline")
    events = events[events["date"] <= date]
    try:
        trong = text.day(timeline.event_date(events, "Oval Office", "diplomatic", "category"))
    except KeyError:  # not yet happened at the cut-off
        trong = "— (after the cut-off)"
    by_cat = events["category"].value_counts()
    f.using("us_vn_timeline")
    f.update(dip_trong_visit=trong, dip_n_events=len(events),
             dip_n_events_dip=int(by_cat.get("diplomatic", 0)),
             dip_n_events_trade=int(by_cat.get("trade", 0)),
             dip_n_events_def=int(by_cat.get("defence", 0)))
    segments = ladder_segments(network, p["levels"], date)
    f.using("vn_partnerships")
    f["dip_n_ladder"] = int(segments["partner"].nunique())
    note = data.source_note("vn_partnerships")
    f.frames.update(events=events, segments=segments, steps=steps, years=years, note=note,
                    highlighted=highlight_points(network, steps, p["highlight"], date),
                    events_title=(f"{len(events)} US–Vietnam milestones, "
                                  f"{events['date'].min().year}–{events['date'].max().year}"),
                    ladder_title=(f"{segments['partner'].nunique()} partners on Vietnam's "
                                  f"partnership ladder by {date.year}"),
                    top_title=f"Việt Nam had {len(top)} comprehensive strategic partners by {date.year}")
    return f


def _united_states(f, network, us, top, years, wide, date) -> None:
    """Where the United States stands on the ladder at the cut-off."""
    from . import text

    if us["top_position"] is None:
        for name in US_FIELDS:
            f[name] = "— (not yet a comprehensive strategic partner at the cut-off)"
        f["dip_us_status"] = f"had not reached it by {text.day(date)}"
        return
    us_date = us["top_date"]
    before = partners_at(network, TOP, us_date - pd.Timedelta(days=1))
    claim = compare_sets(CLAIMED_BEFORE_US, before)
    us_row = wide.loc["United States"]
    skipped = skipped_levels(as_of(network, date), "United States")
    rank_fast = int((years["years"] < us["years_to_top"]).sum()) + 1
    f.update(dip_us_status=(f"reached it on {text.day(us_date)}, the "
                            f"{text.ordinal(us['top_position'])} partner to do so"),
             dip_us_relations=text.day(us_row["diplomatic_relations"]),
             dip_us_comprehensive=text.day(us_row["comprehensive"]),
             dip_us_top_date=text.day(us_date), dip_us_years=f"{us['years_to_top']:.0f}",
             dip_us_skipped=" and ".join(LABELS[s].lower() for s in skipped) or "no level",
             dip_n_before_us=len(before), dip_before_list=", ".join(before),
             dip_n_after_us=len(top) - us["top_position"],
             dip_after_list=", ".join(top[us["top_position"]:]) or "none",
             dip_claim_verdict=claim["verdict"], dip_claim_missing=", ".join(claim["missing"]) or "none",
             dip_claim_extra=", ".join(claim["extra"]) or "none",
             dip_us_speed_rank="the " + text.ranked(rank_fast, "fastest"))


def figure(f, name: str):
    """The chapter's figure ``name``, drawn from ``f = facts(...)``."""
    from . import data, figures

    fr, highlight = f.frames, f.parameters["highlight"]
    if name == "fig_dip_timeline":
        return figures.timeline(fr["events"], title=fr["events_title"],
                                source=data.source_note("us_vn_timeline"))
    if name == "fig_dip_ladder":
        return figures.ladder(fr["segments"], highlight, title=fr["ladder_title"], source=fr["note"])
    if name == "fig_dip_top_tier":
        return figures.top_tier_count(fr["steps"], fr["highlighted"], title=fr["top_title"],
                                      source=fr["note"])
    if name == "fig_dip_years":
        return figures.years_to_top(fr["years"], highlight, source=fr["note"],
                                    title="Years from diplomatic relations to comprehensive "
                                          "strategic partnership")
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
