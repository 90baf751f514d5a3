"""Diplomacy analysis: Việt Nam's partnership ladder and US assistance, pure functions over frames."""

from __future__ import annotations

import pandas as pd

from ..record import TOP

LEVELS = ("diplomatic_relations", "comprehensive", "strategic", "comprehensive_strategic")


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
    return pd.DataFrame(
        {"date": per_day.index, "added": per_day.to_numpy(), "count": per_day.cumsum().to_numpy()}
    )


def ladder(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per partner, one column per level: the date the level was reached."""
    wide = frame.pivot_table(index="partner", columns="level", values="date", aggfunc="min")
    return wide.reindex(columns=[lv for lv in LEVELS if lv in wide.columns])


def years_to_top(frame: pd.DataFrame, date=None) -> pd.DataFrame:
    """Years to the top tier on two clocks, for partners in it by ``date``: from diplomatic
    relations (``years``) and from the partner's first partnership framework, comprehensive
    or strategic (``years_framework``; empty for a partner that went straight to the top)."""
    wide = ladder(as_of(frame, date) if date is not None else frame)
    if TOP not in wide or "diplomatic_relations" not in wide:
        return pd.DataFrame(columns=["partner", "relations", "framework", "top", "years", "years_framework"])
    both = wide.dropna(subset=[TOP, "diplomatic_relations"])
    frameworks = [lv for lv in ("comprehensive", "strategic") if lv in both.columns]
    first = both[frameworks].min(axis=1) if frameworks else pd.Series(pd.NaT, index=both.index)
    first = first.where(first < both[TOP])
    years = (both[TOP] - both["diplomatic_relations"]).dt.days / 365.25
    years_fw = (both[TOP] - first).dt.days / 365.25
    return (
        pd.DataFrame(
            {
                "partner": both.index,
                "relations": both["diplomatic_relations"].to_numpy(),
                "framework": first.to_numpy(),
                "top": both[TOP].to_numpy(),
                "years": years.to_numpy(),
                "years_framework": years_fw.to_numpy(),
            }
        )
        .sort_values("years")
        .reset_index(drop=True)
    )


def cutoff(frame: pd.DataFrame, as_of=None, latest=None) -> pd.Timestamp:
    """The chapter's 'today': ``as_of`` if given, else ``latest`` (the latest event in the
    record) or the latest date in ``frame``.  A date before the first top-tier partnership
    leaves nothing to describe: refused."""
    if as_of is None:
        return pd.Timestamp(latest) if latest is not None else frame["date"].max()
    date = pd.Timestamp(as_of)
    first = frame.loc[frame["level"] == TOP, "date"].min()
    if pd.notna(first) and date < first:
        raise ValueError(
            f"as_of {date:%Y-%m-%d} is before the first comprehensive strategic "
            f"partnership in the data ({first:%Y-%m-%d}); choose a later date"
        )
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
    return {
        "top_position": order.index(partner) + 1 if reached else None,
        "top_date": own.get(TOP) if reached else None,
        "years_to_top": years,
    }


def highlight_points(frame: pd.DataFrame, steps: pd.DataFrame, partners: list[str], date) -> pd.DataFrame:
    """Points of the count-over-time step series at which ``partners`` joined the top tier."""
    top = as_of(frame, date)
    top = top[(top["level"] == TOP) & top["partner"].isin(partners)][["partner", "date"]]
    return top.merge(steps[["date", "count"]], on="date", how="left").sort_values("date")


LABELS = {
    "diplomatic_relations": "Diplomatic relations",
    "comprehensive": "Comprehensive partnership",
    "strategic": "Strategic partnership",
    "comprehensive_strategic": "Comprehensive strategic partnership",
}


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


def fiscal_series(aid: pd.DataFrame, kind: str, dollars: str) -> pd.DataFrame:
    """One kind of US assistance by fiscal year in current or constant dollars, complete
    years only (the file's partial last year is dropped)."""
    column = "constant_usd" if dollars == "constant" else "current_usd"
    rows = aid[(aid["kind"] == kind) & aid["complete"]]
    return rows[["fiscal_year", column]].rename(columns={column: "usd"}).reset_index(drop=True)


VN_NORMALIZATION = "tl_19950712_prime_minister_vo"
