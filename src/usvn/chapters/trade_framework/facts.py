"""Every value the trade chapter states."""
from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import Facts, parameters, rerun_markdown
from ...facts import kinds as text
from ...facts.verdicts import quote_into
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import FRAMEWORK, SURCHARGE, before_after, between, composition, coverage, deflate, duty_rate, extremes, fullest_breakdown, group_series, import_shares, long_format, milestone_marks, mirror, observed, partners_in, rank_by_balance, rank_of, top_destination, year_to_date
from .whatif import effective_rate, scenario, sensitivity


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

    pre, post = before_after(flows, "balance_usd_m", *CHINA_TARIFF_YEARS)
    if pre is None or post is None or pre["balance_usd_m"] >= 0 or post["balance_usd_m"] >= 0:
        return "The years chosen do not bracket them, so their mark cannot be read from the chart."
    widened = post["balance_usd_m"] < pre["balance_usd_m"]
    return (f"The deficit {'widened' if widened else 'narrowed'} from "
            f"{text.usd_billions(-pre['balance_usd_m'])} in {int(pre['year'])} to "
            f"{text.usd_billions(-post['balance_usd_m'])} in {int(post['year'])}.")


def actions_markdown(tariffs: pd.DataFrame) -> str:
    """The tariff actions as a Markdown list, in date order."""

    return "\n".join(
        f"- {text.day(r.date)}: {r.instrument}; "
        + (f"rate {text.percent(r.rate)}" if pd.notna(r.rate) else "no single rate")
        + f"; {r.scope.rstrip('.')}." for r in tariffs.sort_values("date").itertuples())


def facts(load, **given):
    """Every value the trade chapter states (see :mod:`usvn.facts`)."""

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
    quote_into(f, load, "tr", CLAIMS)
    return f


def _partners(f, load, annual: pd.DataFrame, p: dict) -> None:
    """Rank among partners, shares of US imports, the mirror comparison and Vietnam's view
    of its market."""

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






def _collected(f, load, annual: pd.DataFrame, p: dict) -> None:
    """2024 to the latest month: imports month by month, the duty rate actually collected,
    and the what-if set against what happened."""

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
