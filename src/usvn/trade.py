"""Trade analysis: pure functions over the frames ``usvn.data`` returns."""
from __future__ import annotations

import pandas as pd

from . import data


def between(frame: pd.DataFrame, start: int, end: int, column: str = "year") -> pd.DataFrame:
    """Rows with ``start <= column <= end``."""
    return frame[(frame[column] >= start) & (frame[column] <= end)].reset_index(drop=True)


def balance(frame: pd.DataFrame) -> pd.Series:
    """Goods balance from the US side: exports minus imports (negative = US deficit)."""
    return frame["exports_usd_m"] - frame["imports_usd_m"]


DEFLATE = "usd_m * (base_cpi / cpi_u)"  # also compiled into the live figure's expression


def deflate(frame: pd.DataFrame, cpi: pd.DataFrame, base_year: int,
            columns: list[str]) -> pd.DataFrame:
    """``columns`` in constant ``base_year`` dollars using an annual price index
    (``year``, ``cpi_u``).  Years without an index value become missing, never guessed."""
    index = cpi.set_index("year")["cpi_u"]
    if base_year not in index.index or pd.isna(index.get(base_year)):
        raise ValueError(f"base_year {base_year} is not in the price index "
                         f"({int(index.index.min())}–{int(index.index.max())})")
    out = frame.copy()
    for col in columns:
        out[col] = _evaluate(DEFLATE, {"usd_m": frame[col], "base_cpi": float(index.loc[base_year]),
                                       "cpi_u": frame["year"].map(index)})
    return out


def growth_multiple(frame: pd.DataFrame, column: str, start: int, end: int) -> float:
    """How many times larger ``column`` was in ``end`` than in ``start``."""
    values = frame.set_index("year")[column]
    return float(values.loc[end] / values.loc[start])


def long_format(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Year × series table for charts: ``columns`` maps column name -> series label."""
    out = frame.melt(id_vars="year", value_vars=list(columns), var_name="series",
                     value_name="usd_m")
    out["series"] = out["series"].map(columns)
    return out


def observed(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows where ``column`` has a value (sourced), in year order; an error naming the
    column and the years asked for when there is none."""
    out = frame[frame[column].notna()].sort_values("year").reset_index(drop=True)
    if out.empty:
        years = f"{frame['year'].min()}–{frame['year'].max()}" if len(frame) else "no years"
        raise ValueError(f"no sourced value of {column!r} in the years selected ({years}); "
                         "choose start_year/end_year that include a sourced year")
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
    months = monthly.assign(_y=monthly["month"].str[:4].astype(int),
                            _m=monthly["month"].str[5:7].astype(int))
    year = int(months["_y"].max())
    n = int(months[months["_y"] == year]["_m"].max())
    now = months[(months["_y"] == year) & (months["_m"] <= n)]
    before = months[(months["_y"] == year - 1) & (months["_m"] <= n)]
    if len(now) != n or len(before) != n:
        raise ValueError(f"months missing in {year - 1} or {year} up to month {n}")
    cols = ["exports_usd_m", "imports_usd_m", "balance_usd_m"]
    return {"year": year, "months": n, "last_month": str(now["month"].iloc[-1]),
            **{f"{c}_now": float(now[c].sum()) for c in cols},
            **{f"{c}_before": float(before[c].sum()) for c in cols}}


def duty_rate(duties: pd.DataFrame, code: str, period: str) -> float:
    """Calculated duties over imports for consumption for ``code`` in ``period`` (a year
    'YYYY' or a month 'YYYY-MM'): the average rate actually assessed."""
    rows = duties[(duties["code"] == code) & duties["month"].str.startswith(period)]
    if rows.empty:
        raise ValueError(f"no duty rows for {code} in {period}")
    return float(rows["duties_usd"].sum() / rows["imports_consumption_usd"].sum())


def rate_steps(tariffs: pd.DataFrame) -> pd.DataFrame:
    """The additional US rate that applied to most goods from Vietnam, as steps in date
    order (``date``, ``rate``, ``instrument``): applied actions naming Vietnam, leaving out
    the transshipment rate and zero rates for listed products."""
    from .figures import APPLIED, tariff_status

    rows = tariffs.dropna(subset=["rate"])
    keep = [tariff_status(r, s) == APPLIED and r > 0 and not ts and bool(vn)
            for r, s, ts, vn in zip(rows["rate"], rows["status"], rows["transshipment"],
                                    rows["names_vietnam"])]
    steps = rows[keep].sort_values("date")[["date", "rate", "instrument"]]
    return steps.drop_duplicates("date", keep="last").reset_index(drop=True)


def rank_by_balance(partners: pd.DataFrame) -> pd.DataFrame:
    """Partners ordered from the largest US deficit (rank 1) to the largest surplus."""
    out = partners.dropna(subset=["balance_usd_m"]).sort_values(
        ["balance_usd_m", "partner"]).reset_index(drop=True)
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


def composition(frame: pd.DataFrame, total_code: str = "TOTAL",
                other_label: str = "All other goods", value: str = "value_usd_m") -> pd.DataFrame:
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
            rows.append({"year": int(year), "product_code": r["product_code"],
                         "product_group": r["product_group"], value: float(r[value])})
        rest = total - float(parts[value].sum())
        if rest < -0.5:
            raise ValueError(f"year {year}: product groups sum to more than the total")
        rows.append({"year": int(year), "product_code": "OTHER", "product_group": other_label,
                     value: max(rest, 0.0)})
    out = pd.DataFrame(rows)
    out["share"] = out[value] / out.groupby("year")[value].transform("sum")
    return out


def fullest_breakdown(frame: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """The reporter's rows for the year with the most product rows (ties: earliest)."""
    rows = frame[frame["reporter"] == reporter]
    year = rows.groupby("year")["product_code"].count().idxmax()
    return rows[rows["year"] == year]


def group_series(frame: pd.DataFrame, reporter: str, code: str,
                 total_code: str = "TOTAL", value: str = "value_usd_m") -> pd.DataFrame:
    """One product group over the years: year, value, and its share of the same
    reporter's total (missing where that year has no total)."""
    rows = frame[(frame["reporter"] == reporter) & (frame["product_code"] == code)]
    totals = frame[(frame["reporter"] == reporter) & (frame["product_code"] == total_code)]
    out = rows[["year", value]].merge(totals[["year", value]].rename(columns={value: "total"}),
                                      on="year", how="left").sort_values("year")
    out["share"] = out[value] / out["total"]
    return out.drop(columns="total").reset_index(drop=True)


def mirror(us: pd.DataFrame, vn: pd.DataFrame, destination: str = "United States") -> pd.DataFrame:
    """US-reported imports from Vietnam beside Vietnam-reported exports to the US, by year,
    for years both sides report; ``gap`` = US figure minus Vietnamese figure."""
    left = us[["year", "imports_usd_m"]].dropna().rename(columns={"imports_usd_m": "us_reported"})
    right = (vn[vn["destination"] == destination][["year", "exports_usd_m"]].dropna()
             .rename(columns={"exports_usd_m": "vn_reported"}))
    out = left.merge(right, on="year").sort_values("year").reset_index(drop=True)
    out["gap"] = out["us_reported"] - out["vn_reported"]
    out["gap_share"] = out["gap"] / out["vn_reported"]
    return out


# ----------------------------------------------------------------------------- what-if

# The what-if model, written once.  Python evaluates these formulas (effective_rate(),
# scenario()) and the website's live figure compiles the same strings into Vega
# expressions (vega_expressions()), so the page and the book cannot compute differently.
# Inputs: the four tariff parameters, the elasticity and the base year's imports.
WHATIF = (
    ("effective_rate", "(1 - exempt_share) * ((1 - transshipment_share) * tariff_rate"
                       " + transshipment_share * transshipment_rate)"),
    ("imports_after", "imports_before * pow(1 + effective_rate, -elasticity)"),
    ("change_share", "imports_after / imports_before - 1"),
    ("revenue", "effective_rate * imports_after"),
)
WHATIF_INPUTS = ("tariff_rate", "exempt_share", "transshipment_rate", "transshipment_share",
                 "elasticity", "imports_before")


def _evaluate(formula: str, values: dict):
    """A formula of WHATIF or DEFLATE: + - * / and pow() of names and numbers, nothing
    else; names may be numbers or pandas Series (evaluated element-wise)."""
    import ast
    import operator

    ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv}

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            value = values[node.id]
            return float(value) if isinstance(value, (int, float)) else value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "pow":
            return ev(node.args[0]) ** ev(node.args[1])
        raise ValueError(f"not allowed in a formula: {ast.dump(node)}")

    return ev(ast.parse(formula, mode="eval"))


def whatif(values: dict, upto: str | None = None) -> dict:
    """Evaluate the WHATIF formulas in order (stopping after ``upto``); ``values`` holds the
    inputs (and may hold a formula's result, e.g. a given ``effective_rate``)."""
    out = dict(values)
    for name, formula in WHATIF:
        if name not in values:
            out[name] = _evaluate(formula, out)
        if name == upto:
            break
    return out


def vega_expressions() -> dict[str, str]:
    """The WHATIF formulas as Vega expressions over signals of the same names."""
    return dict(WHATIF)


def effective_rate(tariff_rate: float, exempt_share: float = 0.0,
                   transshipment_rate: float = 0.0, transshipment_share: float = 0.0) -> float:
    """Average additional tariff on the import bill: exempt goods pay zero; of the rest,
    the share judged transshipped pays ``transshipment_rate`` instead of ``tariff_rate``."""
    values = {"tariff_rate": tariff_rate, "exempt_share": exempt_share,
              "transshipment_rate": transshipment_rate, "transshipment_share": transshipment_share}
    for name, value in values.items():
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    return whatif(values, upto="effective_rate")["effective_rate"]


def scenario(imports_usd_m: float, rate: float, elasticity: float) -> dict:
    """Partial-equilibrium response of an import bill to an additional ad valorem tariff.

    Assumes complete pass-through (the tariff-inclusive price rises by the full rate) and
    constant-elasticity import demand: imports (at pre-tariff prices) scale by
    ``(1 + rate) ** -elasticity``.  Revenue is ``rate`` times the new import value.
    """
    if elasticity < 0:
        raise ValueError(f"elasticity is a magnitude and must be ≥ 0, got {elasticity}")
    if rate < 0:
        raise ValueError(f"rate must be ≥ 0, got {rate}")
    v = whatif({"imports_before": float(imports_usd_m), "effective_rate": float(rate),
                "elasticity": float(elasticity)}, upto="imports_after")
    after = v["imports_after"]
    change = whatif(v, upto="change_share")["change_share"] if imports_usd_m else 0.0
    return {"rate": rate, "elasticity": elasticity, "imports_before_usd_m": imports_usd_m,
            "imports_after_usd_m": after, "change_usd_m": after - imports_usd_m,
            "change_share": change, "revenue_usd_m": whatif(v, upto="revenue")["revenue"]}


def sensitivity(imports_usd_m: float, rates: list[float], elasticities: list[float]) -> pd.DataFrame:
    """:func:`scenario` over a grid of rates and elasticities."""
    return pd.DataFrame([scenario(imports_usd_m, r, e) for e in elasticities for r in rates])


def top_destination(vn_exports: pd.DataFrame, year: int) -> dict:
    """Vietnam's largest export destination in ``year`` among those with a value, and the
    destinations of the table left without one (the answer is only as good as they are)."""
    rows = vn_exports[(vn_exports["year"] == year) & (vn_exports["destination"] != "World")]
    valued = rows.dropna(subset=["exports_usd_m"]).sort_values("exports_usd_m", ascending=False)
    if valued.empty:
        raise ValueError(f"no destination has a value for {year}")
    return {"destination": valued.iloc[0]["destination"],
            "exports_usd_m": float(valued.iloc[0]["exports_usd_m"]),
            "runner_up": valued.iloc[1]["destination"] if len(valued) > 1 else None,
            "runner_up_usd_m": float(valued.iloc[1]["exports_usd_m"]) if len(valued) > 1 else None,
            "unsourced": sorted(rows[rows["exports_usd_m"].isna()]["destination"])}


def milestone_marks(events: pd.DataFrame, labels: dict[str, str], start: int,
                    end: int) -> pd.DataFrame:
    """Years of the timeline events with the ids in ``labels`` (within ``start``..``end``),
    with the short label to print on a chart."""
    from . import data

    rows = []
    for row_id, label in labels.items():
        date = data.row(events, row_id)["date"]
        if start <= date.year <= end:
            rows.append({"year": int(date.year), "label": label, "date": date})
    return pd.DataFrame(rows, columns=["year", "label", "date"])


# ----------------------------------------------------------------------------- the chapter

CHAPTER = "trade_framework"
# The timeline rows (by id) whose dates the chapter states.
HISTORY = {"tr_embargo_date": "tl_19940203_lifts_19_year",
           "tr_bta_signed": "tl_20000713_bilateral_trade_agreement",
           "tr_bta_date": "tl_20011210_bilateral_trade_agreement",
           "tr_pntr_law": "tl_20061220_president_signs_law",
           "tr_wto_date": "tl_20070111_becomes_150th_wto",
           "tr_301_date": "tl_20201002_ustr_announces_section",
           "tr_manipulator_date": "tl_20201216_treasury_designates_currency",
           "tr_301_finding": "tl_20210115_ustr_finds_currency",
           "tr_301_closed": "tl_20210723_ustr_closes_section",
           "tr_timber_date": "tl_20211001_ustr_announces_agreement",
           "tr_ipef_date": "tl_20220523_indo_pacific_economic",
           "tr_tpp_signed": "tl_20160204_trans_pacific_partnership",
           "tr_tpp_withdrawn": "tl_20170123_withdraws_signatory_trans",
           "tr_nme_date": "tl_20240802_commerce_keeps_s"}
MARKS = {"tl_20011210_bilateral_trade_agreement": "BTA in force",
         "tl_20070111_becomes_150th_wto": "WTO member",
         "tl_20180706_section_301_tariffs": "tariffs on China",
         "tl_20160204_trans_pacific_partnership": "TPP signed",
         "tl_20250402_eo_14257_reciprocal": "reciprocal tariffs"}
CHINA_TARIFF_YEARS = (2018, 2019)  # the US tariffs on Chinese goods
CLAIMS = ("T1", "T5", "T6")
FLOWS = ["exports_usd_m", "imports_usd_m", "balance_usd_m"]


def tariff_window_sentence(flows: pd.DataFrame) -> str:
    """How the deficit moved across the 2018-19 tariffs on Chinese goods, or why the
    range chosen cannot show it."""
    from . import text

    pre, post = before_after(flows, "balance_usd_m", *CHINA_TARIFF_YEARS)
    if pre is None or post is None or pre["balance_usd_m"] >= 0 or post["balance_usd_m"] >= 0:
        return "The years chosen do not bracket them, so their mark cannot be read from the chart."
    widened = post["balance_usd_m"] < pre["balance_usd_m"]
    return (f"The deficit {'widened' if widened else 'narrowed'} from "
            f"{text.usd_billions(-pre['balance_usd_m'])} in {int(pre['year'])} to "
            f"{text.usd_billions(-post['balance_usd_m'])} in {int(post['year'])}.")


def actions_markdown(tariffs: pd.DataFrame) -> str:
    """The tariff actions as a Markdown list, in date order."""
    from . import text

    return "\n".join(
        f"- {text.day(r.date)}: {r.instrument}; "
        + (f"rate {text.percent(r.rate)}" if pd.notna(r.rate) else "no single rate")
        + f"; {r.scope.rstrip('.')}." for r in tariffs.sort_values("date").itertuples())


def facts(load, **given):
    """Every value the trade chapter states (see :mod:`usvn.facts`)."""
    from . import claims, text
    from .facts import Facts, parameters, rerun_markdown

    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
    f["tr_rerun_md"] = rerun_markdown(CHAPTER, p)
    start_year, end_year, base_year = p["start_year"], p["end_year"], p["base_year"]
    annual = load("us_vn_trade_annual")
    cpi = load("cpi_u_annual")
    flows = between(annual, start_year, end_year)
    if p["real_dollars"]:
        flows = deflate(flows, cpi, base_year, FLOWS)
    imports, balances = observed(flows, "imports_usd_m"), observed(flows, "balance_usd_m")
    first, last, last_balance = imports.iloc[0], imports.iloc[-1], balances.iloc[-1]
    multiple = last["imports_usd_m"] / first["imports_usd_m"]
    f.using("us_vn_trade_annual")
    f.update(tr_start=str(start_year), tr_end=str(end_year),
             tr_dollars=f"constant {base_year} dollars" if p["real_dollars"] else "current dollars",
             tr_n_years=coverage(flows, "imports_usd_m", start_year, end_year)[0],
             tr_span=coverage(flows, "imports_usd_m", start_year, end_year)[1],
             tr_first_year=str(int(first["year"])), tr_last_year=str(int(last["year"])),
             tr_imports_first=text.usd_billions(first["imports_usd_m"]),
             tr_imports_last=text.usd_billions(last["imports_usd_m"]),
             tr_exports_last=text.usd_billions(last["exports_usd_m"]),
             tr_imports_multiple=text.times(multiple),
             tr_balance_year=str(int(last_balance["year"])),
             tr_deficit_last=text.usd_billions(-last_balance["balance_usd_m"]),
             tr_tariff_mark=tariff_window_sentence(flows))
    events = load("us_vn_timeline")
    for key, row_id in HISTORY.items():
        f.using("us_vn_timeline", rows=[row_id])
        f[key] = text.day(data.row(events, row_id)["date"])
    f.frames["flows"] = long_format(flows, {"exports_usd_m": "US exports to Vietnam",
                                            "imports_usd_m": "US imports from Vietnam",
                                            "balance_usd_m": "US balance (exports − imports)"})
    f.frames["marks"] = milestone_marks(events, MARKS, start_year, end_year)
    f.frames["unit"] = (f"million {base_year} US dollars" if p["real_dollars"]
                        else "million US dollars (current)")
    f.frames["flows_title"] = (f"US imports from Vietnam grew from "
                               f"{text.usd_billions(first['imports_usd_m'])} in {int(first['year'])} "
                               f"to {text.usd_billions(last['imports_usd_m'])} in {int(last['year'])}")

    _partners(f, load, annual, p)
    _composition(f, load)
    _tariffs_and_scenario(f, load, annual, p)
    _collected(f, load, annual, p)
    f.as_of = f["tr_m_last_month"].value  # the latest month of the Census series
    real = deflate(between(annual, start_year, end_year), cpi, int(last["year"]), ["imports_usd_m"])
    real_obs = observed(real, "imports_usd_m")
    f.using("us_vn_trade_annual", "cpi_u_annual")
    f["tr_real_multiple"] = text.times(real_obs.iloc[-1]["imports_usd_m"]
                                       / real_obs.iloc[0]["imports_usd_m"])
    ytd = year_to_date(load("us_vn_trade_monthly"))
    f.using("us_vn_trade_monthly")
    f.update(tr_ytd_year=str(ytd["year"]), tr_ytd_prev_year=str(ytd["year"] - 1),
             tr_ytd_last_month=text.month(ytd["last_month"]),
             tr_ytd_deficit_now=text.usd_billions(-ytd["balance_usd_m_now"]),
             tr_ytd_deficit_before=text.usd_billions(-ytd["balance_usd_m_before"]),
             tr_ytd_imports_now=text.usd_billions(ytd["imports_usd_m_now"]),
             tr_ytd_imports_before=text.usd_billions(ytd["imports_usd_m_before"]))
    claims.quote_into(f, load, "tr", CLAIMS)
    return f


def _partners(f, load, annual: pd.DataFrame, p: dict) -> None:
    """Rank among partners, shares of US imports, the mirror comparison and Vietnam's view
    of its market."""
    from . import text

    end_year = p["end_year"]
    table = load("us_trade_by_partner")
    rank_year = min(p["rank_year"], int(table["year"].max()))
    partners = rank_by_balance(partners_in(table, rank_year))
    by_imports = partners_in(table, rank_year).sort_values(["imports_usd_m", "partner"],
                                                            ascending=[False, True])
    import_rank = int(by_imports["code"].tolist().index("VNM")) + 1
    unknown = sorted(set(p["partners"]) - set(table["code"]))
    if unknown:
        raise ValueError(f"partners: no partner code {unknown} in data/us_trade_by_partner.csv")
    shares = import_shares(table, sorted(set(p["partners"]) | {"VNM", "CHN"}))
    share = shares.set_index(["code", "year"])["share"]
    first_year, last_year = int(table["year"].min()), int(table["year"].max())
    f.using("us_trade_by_partner")
    f.update(tr_import_rank=text.ranked(import_rank, "largest"),
             tr_share_years=f"{first_year}, {CHINA_TARIFF_YEARS[0] - 1} and {last_year}",
             tr_share_first_year=str(first_year), tr_share_last_year=str(last_year),
             tr_share_pre_year=str(CHINA_TARIFF_YEARS[0] - 1))
    for code, key in (("VNM", "vn"), ("CHN", "cn")):
        f[f"tr_share_{key}_first"] = text.share(share.loc[(code, first_year)])
        f[f"tr_share_{key}_pre"] = text.share(share.loc[(code, CHINA_TARIFF_YEARS[0] - 1)])
        f[f"tr_share_{key}_last"] = text.share(share.loc[(code, last_year)])
    f.frames["shares"] = shares[shares["code"].isin(p["partners"])]
    f.frames["shares_title"] = (f"China's share of US goods imports fell from "
                                f"{text.percent(share.loc[('CHN', CHINA_TARIFF_YEARS[0] - 1)])} in "
                                f"{CHINA_TARIFF_YEARS[0] - 1} to {text.percent(share.loc[('CHN', last_year)])} "
                                f"in {last_year}; Vietnam's rose to {text.percent(share.loc[('VNM', last_year)], 1)}")
    rank = rank_of(partners, "Vietnam")
    vn_row = partners.set_index("partner").loc["Vietnam"]
    china_row = partners.set_index("partner").loc["China"]
    share = import_shares(table, ["VNM"]).set_index("year")["share"].loc[rank_year]
    f.using("us_trade_by_partner")
    f.update(tr_vn_rank=text.ranked(rank, "largest"), tr_n_partners=len(partners),
             tr_rank_year=str(rank_year),
             tr_vn_deficit_rank_year=text.usd_billions(-vn_row["balance_usd_m"]),
             tr_vn_import_share=text.percent(share, 1),
             tr_top_deficit_partner=partners.iloc[0]["partner"],
             tr_vn_to_china_imports=text.percent(vn_row["imports_usd_m"] / china_row["imports_usd_m"]),
             tr_china_imports_rank_year=text.usd_billions(china_row["imports_usd_m"]),
             tr_vn_imports_rank_year=text.usd_billions(vn_row["imports_usd_m"]))
    f.frames["rank"] = extremes(partners, deficits=15, surpluses=5)
    f.frames["rank_title"] = (f"Vietnam was the {text.ranked(rank, 'largest')} US goods deficit "
                              f"partner in {rank_year}")

    vn_exports = load("vn_exports_by_destination")
    pairs = mirror(annual, vn_exports)
    gap = pairs.iloc[-1]
    direction = "more" if gap["gap"] > 0 else "less"
    f.using("us_vn_trade_annual", "vn_exports_by_destination")
    f.update(tr_mirror_year=str(int(gap["year"])), tr_mirror_us=text.usd_billions(gap["us_reported"]),
             tr_mirror_vn=text.usd_billions(gap["vn_reported"]),
             tr_mirror_gap=text.percent(abs(gap["gap_share"])), tr_mirror_direction=direction)
    f.frames["mirror"] = pairs
    f.frames["mirror_title"] = (f"The US records {text.percent(abs(gap['gap_share']))} {direction} "
                                f"imports from Vietnam than Vietnam records exports to the US "
                                f"({int(gap['year'])})")
    sourced = vn_exports.dropna(subset=["exports_usd_m"])
    us_years = sourced[sourced["destination"] == "United States"]["year"]
    eligible = us_years[us_years <= end_year]  # latest year shown with a US value, else the first
    dest_year = int(eligible.max()) if len(eligible) else int(us_years.min())
    top = top_destination(vn_exports, dest_year)
    world = vn_exports[(vn_exports["year"] == dest_year) & (vn_exports["destination"] == "World")]["exports_usd_m"]
    us_share = (top["exports_usd_m"] / float(world.iloc[0])
                if len(world) and top["destination"] == "United States" else None)
    f.using("vn_exports_by_destination")
    f.update(tr_top_dest_year=str(dest_year), tr_top_dest=top["destination"],
             tr_top_dest_value=text.usd_billions(top["exports_usd_m"]),
             tr_runner_up=str(top["runner_up"]),
             tr_runner_up_value=(text.usd_billions(top["runner_up_usd_m"])
                                 if top["runner_up_usd_m"] is not None else "—"),
             tr_unsourced_dest=", ".join(top["unsourced"]) or "none",
             tr_us_share_vn_exports=text.percent(us_share) if us_share is not None else "—",
             tr_vn_world_exports=text.usd_billions(float(world.iloc[0])) if len(world) else "—")


def _composition(f, load) -> None:
    """Two partial views of what the United States buys."""
    from . import text

    products = load("vn_us_trade_by_product")
    breakdown = fullest_breakdown(products, "Vietnam")
    year = int(breakdown["year"].iloc[0])
    comp = composition(breakdown)
    named = comp[comp["product_code"] != "OTHER"].sort_values("share", ascending=False)
    f.using("vn_us_trade_by_product")
    f.update(tr_comp_year=str(year), tr_comp_n=len(named),
             tr_comp_named_share=text.percent(named["share"].sum()),
             tr_comp_top=named.iloc[0]["product_group"].lower(),
             tr_comp_top_share=text.percent(named.iloc[0]["share"]))
    us_el = group_series(products, "United States", "USITC:EL")
    el_first, el_last = us_el.iloc[0], us_el.iloc[-1]
    f.update(tr_el_first_year=str(int(el_first["year"])),
             tr_el_first=text.usd_billions(el_first["value_usd_m"]),
             tr_el_last_year=str(int(el_last["year"])),
             tr_el_last=text.usd_billions(el_last["value_usd_m"]),
             tr_el_last_share=text.percent(el_last["share"]))
    vn_el = group_series(products, "Vietnam", "VN:COMPUTERS").dropna(subset=["share"])
    for tag, row in (("first", vn_el.iloc[0]), ("last", vn_el.iloc[-1])):
        f[f"tr_vn_el_{tag}_year"] = str(int(row["year"]))
        f[f"tr_vn_el_{tag}_share"] = text.percent(row["share"])
    same_way = el_last["value_usd_m"] > el_first["value_usd_m"] and vn_el["share"].iloc[-1] > vn_el["share"].iloc[0]
    f["tr_el_summary"] = ("Both views point the same way, towards a larger place for electronics"
                          if same_way else "The two views do not point the same way")
    f.frames["composition"] = comp
    f.frames["composition_rows"] = breakdown
    f.frames["composition_title"] = (f"{named.iloc[0]['product_group']} led Việt Nam's exports to "
                                     f"the US in {year} ({text.percent(named.iloc[0]['share'])}), "
                                     "by Việt Nam's count")


def _tariffs_and_scenario(f, load, annual: pd.DataFrame, p: dict) -> None:
    """The 2025 tariff actions and the partial-equilibrium what-if."""
    from . import text

    tariffs = load("tariffs_2025")
    country = tariffs.dropna(subset=["rate"])
    country = country[country["names_vietnam"].fillna(False).astype(bool)]
    framework = data.row(tariffs, FRAMEWORK)
    peak = country.loc[country["rate"].idxmax()]
    f.using("tariffs_2025")
    f.using("tariffs_2025", rows=[FRAMEWORK, peak["id"]])
    f.update(
             tr_tariff_max=text.percent(country["rate"].max()),
             tr_tariff_max_date=text.day(peak["date"]),
             tr_framework_date=text.day(framework["date"]),
             tr_framework_rate=text.percent(framework["rate"]),
             tr_actions_md=actions_markdown(tariffs))
    f.frames["tariffs"] = tariffs
    f.frames["tariffs_title"] = (f"Rates announced for Vietnam in 2025 peaked at "
                                 f"{text.percent(country['rate'].max())}; the October framework "
                                 f"kept {text.percent(framework['rate'])}")
    lit = load("trade_elasticities")
    rate = effective_rate(p["tariff_rate"], p["exempt_share"], p["transshipment_rate"],
                          p["transshipment_share"])
    base = float(annual.set_index("year").loc[p["scenario_year"], "imports_usd_m"])
    result = scenario(base, rate, p["elasticity"])
    low = scenario(base, rate, float(lit["value"].min()))
    high = scenario(base, rate, float(lit["value"].max()))
    direction = "fall" if result["change_share"] < 0 else "stay"
    f.using()  # the parameters restated
    f.update(tr_rate=text.percent(p["tariff_rate"]), tr_exempt=text.percent(p["exempt_share"]),
             tr_ts_rate=text.percent(p["transshipment_rate"]),
             tr_ts_share=text.percent(p["transshipment_share"]),
             tr_eff_rate=text.percent(rate, 1), tr_elasticity=f"{p['elasticity']:g}")
    f.using("us_vn_trade_annual", "trade_elasticities")
    f.update(tr_sc_base=text.usd_billions(base), tr_sc_base_year=str(p["scenario_year"]),
             tr_sc_after=text.usd_billions(result["imports_after_usd_m"]),
             tr_sc_change=text.percent(abs(result["change_share"]), 1),
             tr_sc_direction=direction, tr_sc_revenue=text.usd_billions(result["revenue_usd_m"]),
             tr_sc_after_usd_m=round(float(result["imports_after_usd_m"]), 1),  # for sweeps
             tr_lit_min=f"{lit['value'].min():g}", tr_lit_max=f"{lit['value'].max():g}",
             tr_lit_n=len(lit),
             tr_sc_low_change=text.percent(abs(low["change_share"]), 1),
             tr_sc_high_change=text.percent(abs(high["change_share"]), 1),
             tr_sc_low_revenue=text.usd_billions(low["revenue_usd_m"]),
             tr_sc_high_revenue=text.usd_billions(high["revenue_usd_m"]))
    rates = [r / 100 for r in range(0, 51, 2)]
    f.frames["scenario"] = result
    f.frames["scenario_title"] = (f"At a {text.percent(rate, 1)} effective tariff, imports would "
                                  f"{direction} by {text.percent(abs(result['change_share']), 1)} "
                                  f"(elasticity {p['elasticity']:g})")
    f.frames["sensitivity"] = sensitivity(base, rates, sorted(set(lit["value"].tolist() + [p["elasticity"]])))
    f.frames["rate"] = rate
    complete = annual.dropna(subset=["imports_usd_m"]).sort_values("year")
    f.frames["whatif_series"] = complete[["year", "imports_usd_m"]].reset_index(drop=True)
    f.frames["whatif_defaults"] = {k: p[k] for k in ("tariff_rate", "exempt_share", "transshipment_rate",
                                                     "transshipment_share", "elasticity", "scenario_year")}
    last_actual = complete.iloc[-1]
    f.frames["whatif_actual"] = (int(last_actual["year"]), float(last_actual["imports_usd_m"]))
    f.frames["whatif_title"] = "What an additional tariff does to US imports from Việt Nam, in the model"
    f.frames["real_flows"] = annual[["year", "exports_usd_m", "imports_usd_m"]].reset_index(drop=True)
    f.frames["real_cpi"] = load("cpi_u_annual")[["year", "cpi_u"]]
    f.frames["real_title"] = "US goods trade with Việt Nam in current or constant dollars"


MONTHLY_FROM = "2024-01"
DUTIES_FROM = "1995-01"
EVENTS_2026 = {"tr_round6_date": "tl_20260207_sixth_round_usvietnam",
               "tr_boeing_date": "tl_20260218_airlines_finalizes_order",
               "tr_scotus_date": "tl_20260220_supreme_court_holds",
               "tr_s122_date": "tl_20260224_temporary_10_surcharge",
               "tr_s301_date": "tl_20260311_ustr_opens_section",
               "tr_cape_date": "tl_20260420_cbp_opens_system"}
FRAMEWORK = "ta_20251026_joint_statement_framework_agreement"
SURCHARGE = "ta_20260224_proclamation_under_section_122"


def _collected(f, load, annual: pd.DataFrame, p: dict) -> None:
    """2024 to the latest month: imports month by month, the duty rate actually collected,
    and the what-if set against what happened."""
    from . import text

    monthly = load("us_vn_trade_monthly")
    recent = monthly[monthly["month"] >= MONTHLY_FROM].reset_index(drop=True)
    peak = recent.loc[recent["imports_usd_m"].idxmax()]
    before = monthly[monthly["month"] == "2025-03"].iloc[0]  # the month before 2 April 2025
    f.using("us_vn_trade_monthly")
    f.update(tr_m_peak_month=text.month(peak["month"]),
             tr_m_peak=text.usd_billions(peak["imports_usd_m"]),
             tr_m_march_2025=text.usd_billions(before["imports_usd_m"]),
             tr_m_last_month=text.month(recent["month"].iloc[-1]),
             tr_m_last=text.usd_billions(recent["imports_usd_m"].iloc[-1]))
    f.frames["monthly"] = recent
    f.frames["monthly_title"] = (f"US imports from Vietnam peaked at "
                                 f"{text.usd_billions(peak['imports_usd_m'])} in "
                                 f"{text.month(peak['month'])}")

    duties = load("us_import_duties_monthly")
    last_month = str(duties[duties["code"] == "VNM"]["month"].max())
    rate = {(code, period): duty_rate(duties, code, period)
            for code in ("VNM", "CHN", "WLD") for period in ("2017", "2024", "2025", last_month)}
    f.using("us_import_duties_monthly")
    f.update(tr_duty_last_month=text.month(last_month),
             **{f"tr_duty_{k}_{tag}": text.percent(rate[(code, period)], 1)
                for code, k in (("VNM", "vn"), ("CHN", "cn"), ("WLD", "world"))
                for period, tag in (("2017", "2017"), ("2024", "2024"), ("2025", "2025"),
                                    (last_month, "last"))})
    f.update(tr_duty_vn_bta_before=text.percent(duty_rate(duties, "VNM", "2001-11"), 1),
             tr_duty_vn_bta_after=text.percent(duty_rate(duties, "VNM", "2002-01"), 1),
             tr_duty_vn_jan_2026=text.percent(duty_rate(duties, "VNM", "2026-01"), 1),
             tr_duty_vn_mar_2026=text.percent(duty_rate(duties, "VNM", "2026-03"), 1))
    f.frames["duties"] = duties[duties["month"] >= DUTIES_FROM].reset_index(drop=True)
    f.frames["duties_title"] = (f"Duties collected on goods from Vietnam rose from "
                                f"{text.percent(rate[('VNM', '2024')], 1)} of their value in 2024 "
                                f"to {text.percent(rate[('VNM', last_month)], 1)} in "
                                f"{text.month(last_month)}")

    events = load("us_vn_timeline")
    for key, row_id in EVENTS_2026.items():
        f.using("us_vn_timeline", rows=[row_id])
        f[key] = text.day(data.row(events, row_id)["date"])
    tariffs = load("tariffs_2025")
    surcharge = data.row(tariffs, SURCHARGE)
    f.using("tariffs_2025", rows=[SURCHARGE])
    f["tr_s122_rate"] = text.percent(surcharge["rate"])

    # The what-if against the outcome: the model at the rise in the collected rate
    year = p["scenario_year"]
    by_year = annual.set_index("year")["imports_usd_m"]
    if year >= 2025 or year < 2010:
        f.update(tr_out_base_year=str(year), tr_out_rise="—", tr_out_pred="—", tr_out_actual="—",
                 tr_out_pred_change="—", tr_out_actual_change="—",
                 tr_out_direction="cannot be compared (the base year must fall between 2010 and 2024)")
        f.frames["outcome"] = None
        return
    rise = max(rate[("VNM", "2025")] - duty_rate(duties, "VNM", str(year)), 0.0)
    model = scenario(float(by_year.loc[year]), rise, p["elasticity"])
    actual = float(by_year.loc[2025])
    f.using("us_vn_trade_annual", "us_import_duties_monthly")
    f.update(tr_out_base_year=str(year), tr_out_rise=text.percent(rise, 1),
             tr_out_pred=text.usd_billions(model["imports_after_usd_m"]),
             tr_out_actual=text.usd_billions(actual),
             tr_out_pred_change=text.percent(model["change_share"], 1),
             tr_out_actual_change=text.percent(actual / float(by_year.loc[year]) - 1, 1),
             tr_out_direction=("rose instead" if actual > float(by_year.loc[year]) else "fell too"))
    f.frames["outcome"] = pd.DataFrame({
        "bar": [f"{year} actual", "2025 in the model", "2025 actual"],
        "usd_m": [float(by_year.loc[year]), model["imports_after_usd_m"], actual]})
    f.frames["outcome_title"] = (f"The model predicted {text.usd_billions(model['imports_after_usd_m'])} "
                                 f"of imports in 2025; the Census Bureau recorded "
                                 f"{text.usd_billions(actual)}")


def figure(f, name: str):
    """The chapter's figure ``name``, drawn from ``f = facts(...)``."""
    from . import data, figures

    fr = f.frames
    if name == "fig_tr_flows":
        return figures.trade_flows(fr["flows"], unit=fr["unit"], marks=fr["marks"],
                                   source=data.source_note("us_vn_trade_annual"),
                                   title=fr["flows_title"])
    if name == "fig_tr_rank":
        return figures.deficit_rank(fr["rank"], "Vietnam", title=fr["rank_title"],
                                    source=data.source_note("us_trade_by_partner"))
    if name == "fig_tr_composition":
        return figures.composition(fr["composition"], title=fr["composition_title"],
                                   measure="Share of Việt Nam's exports to the US",
                                   source=data.source_note("vn_us_trade_by_product",
                                                           rows=fr["composition_rows"]))
    if name == "fig_tr_mirror":
        return figures.mirror(fr["mirror"], title=fr["mirror_title"],
                              source=data.source_note("us_vn_trade_annual") + "; "
                              + data.source_note("vn_exports_by_destination"))
    if name == "fig_tr_tariffs":
        return figures.tariff_actions(fr["tariffs"], title=fr["tariffs_title"],
                                      source=data.source_note("tariffs_2025"))
    if name == "fig_tr_model_live":
        return figures.whatif_live(fr["whatif_series"], fr["whatif_defaults"], fr["whatif_actual"],
                                   formulas=vega_expressions(), title=fr["whatif_title"],
                                   source="Calculation from " + data.source_note("us_vn_trade_annual"))
    if name == "fig_tr_real":
        return figures.real_live(fr["real_flows"], fr["real_cpi"], f.parameters, formula=DEFLATE,
                                 title=fr["real_title"],
                                 source=data.source_note("us_vn_trade_annual") + "; BLS CPI-U")
    if name == "fig_tr_scenario":
        return figures.scenario(fr["scenario"], title=fr["scenario_title"],
                                source="Calculation from "
                                + data.source_note("us_vn_trade_annual"))
    if name == "fig_tr_sensitivity":
        return figures.sensitivity(fr["sensitivity"], fr["rate"],
                                   title="The larger the elasticity, the more a given tariff "
                                         "shrinks the import bill",
                                   source="Calculation; elasticities from "
                                   + data.source_note("trade_elasticities"))
    if name == "fig_tr_shares":
        return figures.import_shares(fr["shares"], title=fr["shares_title"],
                                     source=data.source_note("us_trade_by_partner"))
    if name == "fig_tr_monthly":
        return figures.monthly_trade(fr["monthly"], fr["tariffs"], title=fr["monthly_title"],
                                     source=data.source_note("us_vn_trade_monthly"))
    if name == "fig_tr_duties":
        return figures.duty_rates(fr["duties"], fr["tariffs"], rate_steps(fr["tariffs"]),
                                  title=fr["duties_title"],
                                  source=data.source_note("us_import_duties_monthly"))
    if name == "fig_tr_outcome":
        if fr["outcome"] is None:
            return figures.note_chart("The what-if cannot be set against 2025 from this base year")
        return figures.outcome(fr["outcome"], title=fr["outcome_title"],
                               source="Calculation from "
                               + data.source_note("us_vn_trade_annual"))
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
