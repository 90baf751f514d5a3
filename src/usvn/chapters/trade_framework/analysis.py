"""Trade analysis: pure functions over the frames ``usvn.data`` returns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import data
from .whatif import evaluate

# The values of the tariff record's ``effect`` column (see us_tariff_actions.meta.yaml)
APPLIED, ANNOUNCED, KEPT, ZERO, NO_RATE = (
    "in force",
    "announced, not in force",
    "kept the rate in force",
    "zero rate for listed goods",
    "no rate of its own",
)
MOST_GOODS = "most goods"


def record_date(tariffs: pd.DataFrame) -> pd.Timestamp:
    """The latest date the tariff record speaks of (an action, or a rate starting or ending)."""
    dates = pd.concat([pd.to_datetime(tariffs[c]) for c in ("date", "in_force_from", "in_force_to")])
    return dates.max()


def country_rates(tariffs: pd.DataFrame) -> pd.DataFrame:
    """The actions whose rate applied to most goods from Vietnam, with their in-force dates."""
    rows = tariffs[
        (tariffs["effect"] == APPLIED)
        & (tariffs["coverage"] == MOST_GOODS)
        & tariffs["names_vietnam"].fillna(False).astype(bool)
    ]
    return rows.sort_values("in_force_from").reset_index(drop=True)


def in_force(tariffs: pd.DataFrame, day=None) -> pd.Series | None:
    """The action setting the additional rate on most goods from Vietnam on ``day`` (default:
    the record's latest date), or None when no such rate was in force then."""
    day = pd.Timestamp(day) if day is not None else record_date(tariffs)
    rows = country_rates(tariffs)
    start, end = pd.to_datetime(rows["in_force_from"]), pd.to_datetime(rows["in_force_to"])
    live = rows[(start <= day) & (end.isna() | (end > day))]
    return live.iloc[-1] if len(live) else None


def between(frame: pd.DataFrame, start: int, end: int, column: str = "year") -> pd.DataFrame:
    """Rows with ``start <= column <= end``."""
    return frame[(frame[column] >= start) & (frame[column] <= end)].reset_index(drop=True)


def balance(frame: pd.DataFrame) -> pd.Series:
    """Goods balance from the US side: exports minus imports (negative = US deficit)."""
    return frame["exports_usd_m"] - frame["imports_usd_m"]


DEFLATE = "usd_m * (base_cpi / cpi_u)"  # also compiled into the live figure's expression


def deflate(frame: pd.DataFrame, cpi: pd.DataFrame, base_year: int, columns: list[str]) -> pd.DataFrame:
    """``columns`` in constant ``base_year`` dollars using an annual price index
    (``year``, ``cpi_u``).  Years without an index value become missing, never guessed."""
    index = cpi.set_index("year")["cpi_u"]
    if base_year not in index.index or pd.isna(index.get(base_year)):
        raise ValueError(
            f"base_year {base_year} is not in the price index "
            f"({int(index.index.min())}–{int(index.index.max())})"
        )
    out = frame.copy()
    for col in columns:
        out[col] = evaluate(
            DEFLATE,
            {"usd_m": frame[col], "base_cpi": float(index.loc[base_year]), "cpi_u": frame["year"].map(index)},
        )
    return out


def growth_multiple(frame: pd.DataFrame, column: str, start: int, end: int) -> float:
    """How many times larger ``column`` was in ``end`` than in ``start``."""
    values = frame.set_index("year")[column]
    return float(values.loc[end] / values.loc[start])


def long_format(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Year × series table for charts: ``columns`` maps column name -> series label."""
    out = frame.melt(id_vars="year", value_vars=list(columns), var_name="series", value_name="usd_m")
    out["series"] = out["series"].map(columns)
    return out


def observed(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows where ``column`` has a value (sourced), in year order; an error naming the
    column and the years asked for when there is none."""
    out = frame[frame[column].notna()].sort_values("year").reset_index(drop=True)
    if out.empty:
        years = f"{frame['year'].min()}–{frame['year'].max()}" if len(frame) else "no years"
        raise ValueError(
            f"no sourced value of {column!r} in the years selected ({years}); "
            "choose start_year/end_year that include a sourced year"
        )
    return out


def before_after(frame: pd.DataFrame, column: str, first: int, last: int):
    """The last sourced row before ``first`` and the last sourced row up to ``last``
    (an event spanning ``first``..``last``); None for a side with no sourced year."""
    rows = frame[frame[column].notna()].sort_values("year")
    pre, post = rows[rows["year"] < first], rows[(rows["year"] >= first) & (rows["year"] <= last)]
    return (pre.iloc[-1] if len(pre) else None), (post.iloc[-1] if len(post) else None)


def coverage(frame: pd.DataFrame, column: str, start: int, end: int) -> tuple[int, int]:
    """(years with a value in ``column``, years in ``start``..``end``)."""
    span = between(frame, start, end)
    return int(span[column].notna().sum()), end - start + 1


WORLD = "WLD"


def partners_in(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Single partners (not the world total) of the partner table in ``year``."""
    rows = table[(table["year"] == year) & (table["code"] != WORLD)]
    if rows.empty:
        years = f"{int(table['year'].min())}–{int(table['year'].max())}" if len(table) else "none"
        raise ValueError(f"no partner rows for {year}; the table covers {years}")
    return rows.reset_index(drop=True)


def import_shares(table: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Each partner's share of US general imports from the world, by year
    (``year``, ``code``, ``partner``, ``share``)."""
    world = table[table["code"] == WORLD].set_index("year")["imports_usd_m"]
    rows = table[table["code"].isin(codes)].copy()
    rows["share"] = rows["imports_usd_m"] / rows["year"].map(world)
    return rows[["year", "code", "partner", "imports_usd_m", "share"]].reset_index(drop=True)


def year_to_date(monthly: pd.DataFrame) -> dict:
    """The latest year's months in the monthly series against the same months a year
    earlier: {year, months, last_month, exports/imports/balance for both years}."""
    months = monthly.assign(_y=monthly["month"].str[:4].astype(int), _m=monthly["month"].str[5:7].astype(int))
    year = int(months["_y"].max())
    n = int(months[months["_y"] == year]["_m"].max())
    now = months[(months["_y"] == year) & (months["_m"] <= n)]
    before = months[(months["_y"] == year - 1) & (months["_m"] <= n)]
    if len(now) != n or len(before) != n:
        raise ValueError(f"months missing in {year - 1} or {year} up to month {n}")
    cols = ["exports_usd_m", "imports_usd_m", "balance_usd_m"]
    return {
        "year": year,
        "months": n,
        "last_month": str(now["month"].iloc[-1]),
        **{f"{c}_now": float(now[c].sum()) for c in cols},
        **{f"{c}_before": float(before[c].sum()) for c in cols},
    }


def duty_rate(duties: pd.DataFrame, code: str, period: str) -> float:
    """Calculated duties over imports for consumption for ``code`` in ``period`` (a year
    'YYYY' or a month 'YYYY-MM'): the average rate actually assessed."""
    rows = duties[(duties["code"] == code) & duties["month"].str.startswith(period)]
    if rows.empty:
        raise ValueError(f"no duty rows for {code} in {period}")
    return float(rows["duties_usd"].sum() / rows["imports_consumption_usd"].sum())


def rate_steps(tariffs: pd.DataFrame) -> pd.DataFrame:
    """The additional US rate on most goods from Vietnam as steps in date order (``date``,
    ``rate``, ``instrument``), from the in-force dates: a step where a rate starts, a step
    to 0 where one ends with nothing in its place, and a last point at the record's date."""
    rows, points = country_rates(tariffs), []
    for r in rows.itertuples():
        points.append((pd.Timestamp(r.in_force_from), float(r.rate), r.instrument))
        if pd.notna(r.in_force_to):
            end = pd.Timestamp(r.in_force_to)
            if in_force(tariffs, end) is None:
                points.append((end, 0.0, "no additional rate (" + r.instrument + " ended)"))
    last = record_date(tariffs)
    current = in_force(tariffs, last)
    points.append((last, float(current["rate"]) if current is not None else 0.0, "the record's latest date"))
    steps = pd.DataFrame(points, columns=["date", "rate", "instrument"]).sort_values("date", kind="stable")
    return steps.drop_duplicates("date", keep="first").reset_index(drop=True)


def rank_by_balance(partners: pd.DataFrame) -> pd.DataFrame:
    """Partners ordered from the largest US deficit (rank 1) to the largest surplus."""
    out = (
        partners.dropna(subset=["balance_usd_m"])
        .sort_values(["balance_usd_m", "partner"])
        .reset_index(drop=True)
    )
    out["rank"] = range(1, len(out) + 1)
    return out


def extremes(ranked: pd.DataFrame, deficits: int = 15, surpluses: int = 5) -> pd.DataFrame:
    """The ``deficits`` largest deficit partners and the ``surpluses`` largest surplus
    partners of a frame from :func:`rank_by_balance` (for a chart of readable length)."""
    low = ranked[ranked["balance_usd_m"] < 0].head(deficits)
    high = ranked[ranked["balance_usd_m"] >= 0].tail(surpluses)
    return pd.concat([low, high]).reset_index(drop=True)


def rank_of(ranked: pd.DataFrame, partner: str) -> int:
    """Deficit rank of ``partner`` in a frame from :func:`rank_by_balance`."""
    hit = ranked.loc[ranked["partner"] == partner, "rank"]
    if hit.empty:
        raise KeyError(f"{partner!r} is not among the ranked partners")
    return int(hit.iloc[0])


def composition(
    frame: pd.DataFrame,
    total_code: str = "TOTAL",
    other_label: str = "All other goods",
    value: str = "value_usd_m",
) -> pd.DataFrame:
    """Share of each product group in the year's total, plus the residual group
    (total minus the listed groups) so that shares add up to one."""
    rows = []
    for year, grp in frame.groupby("year"):
        total = grp.loc[grp["product_code"] == total_code, value]
        if total.empty or pd.isna(total.iloc[0]):
            raise ValueError(f"year {year}: no {total_code} row to compute shares from")
        total = float(total.iloc[0])
        parts = grp[grp["product_code"] != total_code].dropna(subset=[value])
        for _, r in parts.iterrows():
            rows.append(
                {
                    "year": int(year),
                    "product_code": r["product_code"],
                    "product_group": r["product_group"],
                    value: float(r[value]),
                }
            )
        rest = total - float(parts[value].sum())
        if rest < -0.5:
            raise ValueError(f"year {year}: product groups sum to more than the total")
        rows.append(
            {"year": int(year), "product_code": "OTHER", "product_group": other_label, value: max(rest, 0.0)}
        )
    out = pd.DataFrame(rows)
    out["share"] = out[value] / out.groupby("year")[value].transform("sum")
    return out


def fullest_breakdown(frame: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """The reporter's rows for the year with the most product rows (ties: earliest)."""
    rows = frame[frame["reporter"] == reporter]
    year = rows.groupby("year")["product_code"].count().idxmax()
    return rows[rows["year"] == year]


def group_series(
    frame: pd.DataFrame, reporter: str, code: str, total_code: str = "TOTAL", value: str = "value_usd_m"
) -> pd.DataFrame:
    """One product group over the years: year, value, and its share of the same
    reporter's total (missing where that year has no total)."""
    rows = frame[(frame["reporter"] == reporter) & (frame["product_code"] == code)]
    totals = frame[(frame["reporter"] == reporter) & (frame["product_code"] == total_code)]
    out = (
        rows[["year", value]]
        .merge(totals[["year", value]].rename(columns={value: "total"}), on="year", how="left")
        .sort_values("year")
    )
    out["share"] = out[value] / out["total"]
    return out.drop(columns="total").reset_index(drop=True)


def mirror(us: pd.DataFrame, vn: pd.DataFrame, destination: str = "United States") -> pd.DataFrame:
    """US-reported imports from Vietnam beside Vietnam-reported exports to the US, by year,
    for years both sides report; ``gap`` = US figure minus Vietnamese figure."""
    left = us[["year", "imports_usd_m"]].dropna().rename(columns={"imports_usd_m": "us_reported"})
    right = (
        vn[vn["destination"] == destination][["year", "exports_usd_m"]]
        .dropna()
        .rename(columns={"exports_usd_m": "vn_reported"})
    )
    out = left.merge(right, on="year").sort_values("year").reset_index(drop=True)
    out["gap"] = out["us_reported"] - out["vn_reported"]
    out["gap_share"] = out["gap"] / out["vn_reported"]
    return out


def top_destination(vn_exports: pd.DataFrame, year: int) -> dict:
    """Vietnam's largest export destination in ``year`` among those with a value, and the
    destinations of the table left without one (the answer is only as good as they are)."""
    rows = vn_exports[(vn_exports["year"] == year) & (vn_exports["destination"] != "World")]
    valued = rows.dropna(subset=["exports_usd_m"]).sort_values("exports_usd_m", ascending=False)
    if valued.empty:
        raise ValueError(f"no destination has a value for {year}")
    return {
        "destination": valued.iloc[0]["destination"],
        "exports_usd_m": float(valued.iloc[0]["exports_usd_m"]),
        "runner_up": valued.iloc[1]["destination"] if len(valued) > 1 else None,
        "runner_up_usd_m": float(valued.iloc[1]["exports_usd_m"]) if len(valued) > 1 else None,
        "unsourced": sorted(rows[rows["exports_usd_m"].isna()]["destination"]),
    }


def milestone_marks(events: pd.DataFrame, labels: dict[str, str], start: int, end: int) -> pd.DataFrame:
    """Years of the timeline events with the ids in ``labels`` (within ``start``..``end``),
    with the short label to print on a chart."""

    rows = []
    for row_id, label in labels.items():
        date = data.row(events, row_id)["date"]
        if start <= date.year <= end:
            rows.append({"year": int(date.year), "label": label, "date": date})
    return pd.DataFrame(rows, columns=["year", "label", "date"])


FRAMEWORK = "ta_20251026_joint_statement_framework_agreement"


SURCHARGE = "ta_20260224_proclamation_under_section_122"


# The timeline rows (by id) that date the chapter's periods: the years and months the
# chapter compares are read from these rows, never typed.
CHINA_TARIFFS = "tl_20180706_section_301_tariffs"  # the first US Section 301 tariffs on Chinese goods
RECIPROCAL_TARIFFS = "tl_20250402_eo_14257_reciprocal"  # the reciprocal tariffs (EO 14257)
BTA_IN_FORCE = "tl_20011210_bilateral_trade_agreement"
IEEPA_RULING = "tl_20260220_supreme_court_holds"  # the Supreme Court's IEEPA ruling


@dataclass(frozen=True)
class Moments:
    """Years and months the chapter compares, read from dated timeline rows."""

    china_tariff_years: tuple[int, int]  # the year of the first tariffs on Chinese goods, and the next
    tariff_year: int  # the year of the reciprocal tariffs
    before_tariffs: str  # the month before them (YYYY-MM)
    bta_before: str  # the months either side of the BTA's entry into force
    bta_after: str
    ruling_before: str  # the months either side of the Supreme Court's IEEPA ruling
    ruling_after: str


def _month(date, shift: int) -> str:
    return str(pd.Period(pd.Timestamp(date), "M") + shift)


def moments(events: pd.DataFrame) -> Moments:
    """The chapter's comparison points from ``us_vn_timeline`` (rows picked by id)."""
    day = {
        key: pd.Timestamp(data.row(events, key)["date"])
        for key in (CHINA_TARIFFS, RECIPROCAL_TARIFFS, BTA_IN_FORCE, IEEPA_RULING)
    }
    china = day[CHINA_TARIFFS].year
    return Moments(
        (china, china + 1),
        day[RECIPROCAL_TARIFFS].year,
        _month(day[RECIPROCAL_TARIFFS], -1),
        _month(day[BTA_IN_FORCE], -1),
        _month(day[BTA_IN_FORCE], +1),
        _month(day[IEEPA_RULING], -1),
        _month(day[IEEPA_RULING], +1),
    )
