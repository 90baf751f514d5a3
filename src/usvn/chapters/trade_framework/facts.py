"""Every value the trade chapter states."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import Facts, parameters, rerun_markdown
from ...facts import kinds as text
from ...facts.verdicts import quote_into
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import (
    before_after,
    between,
    composition,
    coverage,
    deflate,
    extremes,
    fullest_breakdown,
    group_series,
    import_shares,
    long_format,
    milestone_marks,
    mirror,
    moments,
    observed,
    partners_in,
    rank_by_balance,
    rank_of,
    top_destination,
    year_to_date,
)
from .investment import investment
from .remedies import remedies
from .tariffs import collected, tariffs_and_scenario

# ----------------------------------------------------------------------------- the chapter

CHAPTER = "trade_framework"


# The timeline rows (by id) whose dates the chapter states.
HISTORY = {
    "tr_embargo_date": "tl_19940203_lifts_19_year",
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
    "tr_nme_date": "tl_20240802_commerce_keeps_s",
}


MARKS = {
    "tl_20011210_bilateral_trade_agreement": "BTA in force",
    "tl_20070111_becomes_150th_wto": "WTO member",
    "tl_20180706_section_301_tariffs": "tariffs on China",
    "tl_20160204_trans_pacific_partnership": "TPP signed",
    "tl_20250402_eo_14257_reciprocal": "reciprocal tariffs",
}


CLAIMS = ("T1", "T5", "T6")


FLOWS = ["exports_usd_m", "imports_usd_m", "balance_usd_m"]


def tariff_window_sentence(flows: pd.DataFrame, years: tuple[int, int]) -> str:
    """How the deficit moved across the 2018-19 tariffs on Chinese goods, or why the
    range chosen cannot show it."""

    pre, post = before_after(flows, "balance_usd_m", *years)
    if pre is None or post is None or pre["balance_usd_m"] >= 0 or post["balance_usd_m"] >= 0:
        return "The years chosen do not bracket them, so their mark cannot be read from the chart."
    widened = post["balance_usd_m"] < pre["balance_usd_m"]
    return (
        f"The deficit {'widened' if widened else 'narrowed'} from "
        f"{text.usd_billions(-pre['balance_usd_m'])} in {int(pre['year'])} to "
        f"{text.usd_billions(-post['balance_usd_m'])} in {int(post['year'])}."
    )


def facts(load, **given):
    """Every value the trade chapter states (see :mod:`usvn.facts`)."""

    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
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
    f.update(
        tr_start=str(start_year),
        tr_end=str(end_year),
        tr_dollars=f"constant {base_year} dollars" if p["real_dollars"] else "current dollars",
        tr_n_years=coverage(flows, "imports_usd_m", start_year, end_year)[0],
        tr_span=coverage(flows, "imports_usd_m", start_year, end_year)[1],
        tr_first_year=str(int(first["year"])),
        tr_last_year=str(int(last["year"])),
        tr_imports_first=text.usd_billions(first["imports_usd_m"]),
        tr_imports_last=text.usd_billions(last["imports_usd_m"]),
        tr_exports_last=text.usd_billions(last["exports_usd_m"]),
        tr_imports_multiple=text.times(multiple),
        tr_balance_year=str(int(last_balance["year"])),
        tr_deficit_last=text.usd_billions(-last_balance["balance_usd_m"]),
        tr_tariff_mark=tariff_window_sentence(flows, moments(load("us_vn_timeline")).china_tariff_years),
    )
    events = load("us_vn_timeline")
    for key, row_id in HISTORY.items():
        f.using("us_vn_timeline", rows=[row_id])
        f[key] = text.day(data.row(events, row_id)["date"])
    f.frames["flows"] = long_format(
        flows,
        {
            "exports_usd_m": "US exports to Vietnam",
            "imports_usd_m": "US imports from Vietnam",
            "balance_usd_m": "US balance (exports − imports)",
        },
    )
    f.frames["marks"] = milestone_marks(events, MARKS, start_year, end_year)
    f.frames["unit"] = (
        f"million {base_year} US dollars" if p["real_dollars"] else "million US dollars (current)"
    )
    f.frames["flows_title"] = (
        f"US imports from Vietnam grew from "
        f"{text.usd_billions(first['imports_usd_m'])} in {int(first['year'])} "
        f"to {text.usd_billions(last['imports_usd_m'])} in {int(last['year'])}"
    )

    _partners(f, load, annual, p)
    _composition(f, load)
    tariffs_and_scenario(f, load, annual, p)
    f["tr_rerun_md"] = rerun_markdown(CHAPTER, p, {"tariff_rate": f.frames["whatif_defaults"]["tariff_rate"]})
    collected(f, load, annual, p)
    remedies(f, load)
    investment(f, load)
    f.as_of = f["tr_m_last_month"].value  # the latest month of the Census series
    real = deflate(between(annual, start_year, end_year), cpi, int(last["year"]), ["imports_usd_m"])
    real_obs = observed(real, "imports_usd_m")
    f.using("us_vn_trade_annual", "cpi_u_annual")
    f["tr_real_multiple"] = text.times(real_obs.iloc[-1]["imports_usd_m"] / real_obs.iloc[0]["imports_usd_m"])
    ytd = year_to_date(load("us_vn_trade_monthly"))
    f.using("us_vn_trade_monthly")
    f.update(
        tr_ytd_year=str(ytd["year"]),
        tr_ytd_prev_year=str(ytd["year"] - 1),
        tr_ytd_last_month=text.month(ytd["last_month"]),
        tr_ytd_deficit_now=text.usd_billions(-ytd["balance_usd_m_now"]),
        tr_ytd_deficit_before=text.usd_billions(-ytd["balance_usd_m_before"]),
        tr_ytd_imports_now=text.usd_billions(ytd["imports_usd_m_now"]),
        tr_ytd_imports_before=text.usd_billions(ytd["imports_usd_m_before"]),
    )
    quote_into(f, load, "tr", CLAIMS)
    return f


def _partners(f, load, annual: pd.DataFrame, p: dict) -> None:
    """Rank among partners, shares of US imports, the mirror comparison and Vietnam's view
    of its market."""

    end_year = p["end_year"]
    china_year = moments(load("us_vn_timeline")).china_tariff_years[0]
    table = load("us_trade_by_partner")
    rank_year = min(p["rank_year"], int(table["year"].max()))
    partners = rank_by_balance(partners_in(table, rank_year))
    by_imports = partners_in(table, rank_year).sort_values(
        ["imports_usd_m", "partner"], ascending=[False, True]
    )
    import_rank = int(by_imports["code"].tolist().index("VNM")) + 1
    unknown = sorted(set(p["partners"]) - set(table["code"]))
    if unknown:
        raise ValueError(f"partners: no partner code {unknown} in data/us_trade_by_partner.csv")
    shares = import_shares(table, sorted(set(p["partners"]) | {"VNM", "CHN"}))
    share = shares.set_index(["code", "year"])["share"]
    first_year, last_year = int(table["year"].min()), int(table["year"].max())
    f.using("us_trade_by_partner")
    f.update(
        tr_import_rank=text.ranked(import_rank, "largest"),
        tr_share_years=f"{first_year}, {china_year - 1} and {last_year}",
        tr_share_first_year=str(first_year),
        tr_share_last_year=str(last_year),
        tr_share_pre_year=str(china_year - 1),
    )
    for code, key in (("VNM", "vn"), ("CHN", "cn")):
        f[f"tr_share_{key}_first"] = text.share(share.loc[(code, first_year)])
        f[f"tr_share_{key}_pre"] = text.share(share.loc[(code, china_year - 1)])
        f[f"tr_share_{key}_last"] = text.share(share.loc[(code, last_year)])
    f.frames["shares"] = shares[shares["code"].isin(p["partners"])]
    f.frames["shares_title"] = (
        f"China's share of US goods imports fell from "
        f"{text.percent(share.loc[('CHN', china_year - 1)])} in "
        f"{china_year - 1} to {text.percent(share.loc[('CHN', last_year)])} "
        f"in {last_year}; Vietnam's rose to {text.percent(share.loc[('VNM', last_year)], 1)}"
    )
    rank = rank_of(partners, "Vietnam")
    vn_row = partners.set_index("partner").loc["Vietnam"]
    china_row = partners.set_index("partner").loc["China"]
    share = import_shares(table, ["VNM"]).set_index("year")["share"].loc[rank_year]
    f.using("us_trade_by_partner")
    f.update(
        tr_vn_rank=text.ranked(rank, "largest"),
        tr_n_partners=len(partners),
        tr_rank_year=str(rank_year),
        tr_vn_deficit_rank_year=text.usd_billions(-vn_row["balance_usd_m"]),
        tr_vn_import_share=text.percent(share, 1),
        tr_top_deficit_partner=partners.iloc[0]["partner"],
        tr_vn_to_china_imports=text.percent(vn_row["imports_usd_m"] / china_row["imports_usd_m"]),
        tr_china_imports_rank_year=text.usd_billions(china_row["imports_usd_m"]),
        tr_vn_imports_rank_year=text.usd_billions(vn_row["imports_usd_m"]),
    )
    f.frames["rank"] = extremes(partners, deficits=15, surpluses=5)
    f.frames["rank_title"] = (
        f"Vietnam was the {text.ranked(rank, 'largest')} US goods deficit partner in {rank_year}"
    )

    vn_exports = load("vn_exports_by_destination")
    pairs = mirror(annual, vn_exports)
    gap = pairs.iloc[-1]
    direction = "more" if gap["gap"] > 0 else "less"
    f.using("us_vn_trade_annual", "vn_exports_by_destination")
    f.update(
        tr_mirror_year=str(int(gap["year"])),
        tr_mirror_us=text.usd_billions(gap["us_reported"]),
        tr_mirror_vn=text.usd_billions(gap["vn_reported"]),
        tr_mirror_gap=text.percent(abs(gap["gap_share"])),
        tr_mirror_direction=direction,
    )
    f.frames["mirror"] = pairs
    f.frames["mirror_title"] = (
        f"The US records {text.percent(abs(gap['gap_share']))} {direction} "
        f"imports from Vietnam than Vietnam records exports to the US "
        f"({int(gap['year'])})"
    )
    sourced = vn_exports.dropna(subset=["exports_usd_m"])
    us_years = sourced[sourced["destination"] == "United States"]["year"]
    eligible = us_years[us_years <= end_year]  # latest year shown with a US value, else the first
    dest_year = int(eligible.max()) if len(eligible) else int(us_years.min())
    top = top_destination(vn_exports, dest_year)
    world = vn_exports[(vn_exports["year"] == dest_year) & (vn_exports["destination"] == "World")][
        "exports_usd_m"
    ]
    us_share = (
        top["exports_usd_m"] / float(world.iloc[0])
        if len(world) and top["destination"] == "United States"
        else None
    )
    f.using("vn_exports_by_destination")
    f.update(
        tr_top_dest_year=str(dest_year),
        tr_top_dest=top["destination"],
        tr_top_dest_value=text.usd_billions(top["exports_usd_m"]),
        tr_runner_up=str(top["runner_up"]),
        tr_runner_up_value=(
            text.usd_billions(top["runner_up_usd_m"]) if top["runner_up_usd_m"] is not None else "—"
        ),
        tr_unsourced_dest=", ".join(top["unsourced"]) or "none",
        tr_us_share_vn_exports=text.percent(us_share) if us_share is not None else "—",
        tr_vn_world_exports=text.usd_billions(float(world.iloc[0])) if len(world) else "—",
    )


def _composition(f, load) -> None:
    """Two partial views of what the United States buys."""

    products = load("vn_us_trade_by_product")
    breakdown = fullest_breakdown(products, "Vietnam")
    year = int(breakdown["year"].iloc[0])
    comp = composition(breakdown)
    named = comp[comp["product_code"] != "OTHER"].sort_values("share", ascending=False)
    f.using("vn_us_trade_by_product")
    f.update(
        tr_comp_year=str(year),
        tr_comp_n=len(named),
        tr_comp_named_share=text.percent(named["share"].sum()),
        tr_comp_top=named.iloc[0]["product_group"].lower(),
        tr_comp_top_share=text.percent(named.iloc[0]["share"]),
    )
    us_el = group_series(products, "United States", "USITC:EL")
    el_first, el_last = us_el.iloc[0], us_el.iloc[-1]
    f.update(
        tr_el_first_year=str(int(el_first["year"])),
        tr_el_first=text.usd_billions(el_first["value_usd_m"]),
        tr_el_last_year=str(int(el_last["year"])),
        tr_el_last=text.usd_billions(el_last["value_usd_m"]),
        tr_el_last_share=text.percent(el_last["share"]),
    )
    vn_el = group_series(products, "Vietnam", "VN:COMPUTERS").dropna(subset=["share"])
    for tag, row in (("first", vn_el.iloc[0]), ("last", vn_el.iloc[-1])):
        f[f"tr_vn_el_{tag}_year"] = str(int(row["year"]))
        f[f"tr_vn_el_{tag}_share"] = text.percent(row["share"])
    f["tr_vn_shifts"] = _shifts(products, int(vn_el.iloc[0]["year"]), int(vn_el.iloc[-1]["year"]))
    same_way = (
        el_last["value_usd_m"] > el_first["value_usd_m"] and vn_el["share"].iloc[-1] > vn_el["share"].iloc[0]
    )
    f["tr_el_summary"] = (
        "Both views point the same way, towards a larger place for electronics"
        if same_way
        else "The two views do not point the same way"
    )
    f.frames["composition"] = comp
    f.frames["composition_rows"] = breakdown
    f.frames["composition_title"] = (
        f"{named.iloc[0]['product_group']} led Việt Nam's exports to "
        f"the US in {year} ({text.percent(named.iloc[0]['share'])}), "
        "by Việt Nam's count"
    )


def _shifts(products: pd.DataFrame, first: int, last: int):
    """How the share of each other Vietnamese customs group with a share in both years
    moved between them, as one sentence (empty when no other group has both)."""
    moves = []
    vn = products[(products["reporter"] == "Vietnam") & products["product_code"].str.startswith("VN:")]
    for code in sorted(set(vn["product_code"]) - {"VN:COMPUTERS"}):
        shares = group_series(products, "Vietnam", code).dropna(subset=["share"]).set_index("year")["share"]
        if first in shares.index and last in shares.index:
            name = vn[vn["product_code"] == code]["product_group"].iloc[0].lower()
            verb = "rose" if shares[last] > shares[first] else "fell"
            moves.append(
                f"the share of {name} {verb} from {text.render(text.percent(shares[first]))} to "
                f"{text.render(text.percent(shares[last]))}"
            )
    return text.words(f"Over the same years {'; '.join(moves)}." if moves else "")
