"""The trade chapter's facts on the tariff actions of 2025 and 2026, the what-if and the duties actually collected."""

from __future__ import annotations

import pandas as pd

from ... import data
from ...facts import kinds as text
from .. import record
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import (
    FRAMEWORK,
    SURCHARGE,
    duty_rate,
    in_force,
    moments,
    record_date,
)
from .whatif import effective_rate, scenario, sensitivity


def actions_markdown(tariffs: pd.DataFrame) -> str:
    """The tariff actions as a Markdown list, in date order."""

    return "\n".join(
        f"- {text.day(r.date)}: {r.instrument}; "
        + (f"rate {text.statutory(r.rate)}" if pd.notna(r.rate) else "no single rate")
        + f"; {r.scope.rstrip('.')}."
        for r in tariffs.sort_values("date").itertuples()
    )


def applied_clause(action) -> str:
    """How long an announced rate applied, read from its in-force dates: 'never applied',
    'applied for one day, 9 April 2025, before it was suspended', or its span."""
    start, end = action["in_force_from"], action["in_force_to"]
    if pd.isna(start):
        return "never applied"
    if pd.isna(end):
        return f"applied from {text.render(text.day(start))}"
    if (pd.Timestamp(end) - pd.Timestamp(start)).days == 1:
        return f"applied for one day, {text.render(text.day(start))}, before it was suspended"
    return f"applied from {text.render(text.day(start))} to {text.render(text.day(end))}"


def tariffs_and_scenario(f, load, annual: pd.DataFrame, p: dict) -> None:
    """The 2025 tariff actions and the partial-equilibrium what-if."""

    tariffs = load("us_tariff_actions")
    country = tariffs.dropna(subset=["rate"])
    country = country[country["names_vietnam"].fillna(False).astype(bool)]
    framework = data.row(tariffs, FRAMEWORK)
    peak = country.loc[country["rate"].idxmax()]
    f.using("us_tariff_actions")
    f.using("us_tariff_actions", rows=[FRAMEWORK, peak["id"]])
    f.update(
        tr_tariff_max=text.statutory(country["rate"].max()),
        tr_tariff_max_date=text.day(peak["date"]),
        tr_tariff_max_applied=text.words(applied_clause(peak)),
        tr_framework_date=text.day(framework["date"]),
        tr_framework_rate=text.statutory(framework["rate"]),
        tr_actions_md=actions_markdown(tariffs),
    )
    f.frames["tariffs"] = tariffs
    current, as_of = in_force(tariffs), record_date(tariffs)
    replaced = in_force(tariffs, framework["date"])  # the action that set the rate the framework kept
    f.using("us_tariff_actions", rows=[r["id"] for r in (current, replaced) if r is not None])
    f.update(
        tr_record_date=text.day(as_of),
        tr_inforce_rate=text.statutory(current["rate"]) if current is not None else "no additional rate",
        tr_inforce_basis=current["legal_basis"] if current is not None else "no statute",
        tr_inforce_from=text.day(current["in_force_from"]) if current is not None else "",
        tr_framework_end=text.day(replaced["in_force_to"]) if replaced is not None else "",
        tr_inforce_clause=(
            f"From {text.day(current['in_force_from'])}, the additional US rate on most goods "
            f"from Việt Nam was {text.statutory(current['rate'])}, under {current['legal_basis']}"
            if current is not None
            else f"On {text.day(as_of)}, the latest date of the tariff record, no additional US "
            f"rate applied to most goods from Việt Nam"
        ),
    )
    if p["tariff_rate"] is None:  # the what-if's default: the rate in force on the record's latest date
        p = {**p, "tariff_rate": float(current["rate"]) if current is not None else 0.0}
    f.frames["tariffs_title"] = (
        f"The additional rate on most goods from Việt Nam was "
        f"{f['tr_inforce_rate']} on {text.day(as_of)}; the "
        f"{text.statutory(country['rate'].max())} announced in 2025 {applied_clause(peak)}"
    )
    lit = load("trade_elasticities")
    rate = effective_rate(
        p["tariff_rate"], p["exempt_share"], p["transshipment_rate"], p["transshipment_share"]
    )
    base = float(annual.set_index("year").loc[p["scenario_year"], "imports_usd_m"])
    result = scenario(base, rate, p["elasticity"])
    low = scenario(base, rate, float(lit["value"].min()))
    high = scenario(base, rate, float(lit["value"].max()))
    direction = "fall" if result["change_share"] < 0 else "stay"
    f.using()  # the parameters restated
    f.update(
        tr_rate=text.statutory(p["tariff_rate"]),
        tr_exempt=text.percent(p["exempt_share"]),
        tr_ts_rate=text.percent(p["transshipment_rate"]),
        tr_ts_share=text.percent(p["transshipment_share"]),
        tr_eff_rate=text.percent(rate, 1),
        tr_eff_note=text.words(
            "with no goods treated as exempt, so an upper bound for a duty with exemptions"
            if p["exempt_share"] == 0
            else f"with {text.render(text.percent(p['exempt_share']))} of the goods treated as exempt"
        ),
        tr_elasticity=f"{p['elasticity']:g}",
    )
    f.using("us_vn_trade_annual", "trade_elasticities")
    f.update(
        tr_sc_base=text.usd_billions(base),
        tr_sc_base_year=str(p["scenario_year"]),
        tr_sc_after=text.usd_billions(result["imports_after_usd_m"]),
        tr_sc_change=text.percent(abs(result["change_share"]), 1),
        tr_sc_direction=direction,
        tr_sc_revenue=text.usd_billions(result["revenue_usd_m"]),
        tr_sc_after_usd_m=round(float(result["imports_after_usd_m"]), 1),  # for sweeps
        tr_lit_min=f"{lit['value'].min():g}",
        tr_lit_max=f"{lit['value'].max():g}",
        tr_lit_n=len(lit),
        tr_sc_low_change=text.percent(abs(low["change_share"]), 1),
        tr_sc_high_change=text.percent(abs(high["change_share"]), 1),
        tr_sc_low_revenue=text.usd_billions(low["revenue_usd_m"]),
        tr_sc_high_revenue=text.usd_billions(high["revenue_usd_m"]),
    )
    rates = [r / 100 for r in range(0, 51, 2)]
    f.frames["scenario"] = result
    f.frames["scenario_title"] = (
        f"At a {text.percent(rate, 1)} effective tariff, imports would "
        f"{direction} by {text.percent(abs(result['change_share']), 1)} "
        f"(elasticity {p['elasticity']:g})"
    )
    f.frames["sensitivity"] = sensitivity(base, rates, sorted(set(lit["value"].tolist() + [p["elasticity"]])))
    f.frames["rate"] = rate
    complete = annual.dropna(subset=["imports_usd_m"]).sort_values("year")
    f.frames["whatif_series"] = complete[["year", "imports_usd_m"]].reset_index(drop=True)
    f.frames["whatif_defaults"] = {
        k: p[k]
        for k in (
            "tariff_rate",
            "exempt_share",
            "transshipment_rate",
            "transshipment_share",
            "elasticity",
            "scenario_year",
        )
    }
    last_actual = complete.iloc[-1]
    f.frames["whatif_actual"] = (int(last_actual["year"]), float(last_actual["imports_usd_m"]))
    f.frames["whatif_title"] = "What an additional tariff does to US imports from Việt Nam, in the model"
    f.frames["real_flows"] = annual[["year", "exports_usd_m", "imports_usd_m"]].reset_index(drop=True)
    f.frames["real_cpi"] = load("cpi_u_annual")[["year", "cpi_u"]]
    f.frames["real_title"] = "US goods trade with Việt Nam in current or constant dollars"


EVENTS_2026 = {
    "tr_round6_date": "tl_20260207_sixth_round_usvietnam",
    "tr_scotus_date": "tl_20260220_supreme_court_holds",
    "tr_s122_date": "tl_20260224_temporary_10_surcharge",
    "tr_s301_date": "tl_20260311_ustr_opens_section",
    "tr_cape_date": "tl_20260420_cbp_opens_system",
    "tr_boeing_date": "tl_20260218_airlines_finalizes_order",
    "tr_deals_date": "tl_20260218_contracts_worth_37",
    "tr_agree_latest_date": "tl_20260219_lam_meets_trade",  # the latest report found on the agreement
    "tr_export_pledge_date": "tl_20260220_trump_pledges_remove",
    "tr_fl_open_date": "tl_20260312_ustr_opens_forced",
    "tr_special301_date": "tl_20260430_special_301_report",
    "tr_cit_date": "tl_20260507_court_international_trade",
    "tr_appeal_date": "tl_20260508_government_appeals_ruling",
    "tr_ip301_date": "tl_20260529_ustr_opens_ip",
    "tr_fl_finding_date": "tl_20260602_ustr_finds_forced",
    "tr_stay_date": "tl_20260611_federal_circuit_stays",
}
CHRONOLOGY_FROM = "2026-01-01"  # the chronology table covers the year after the framework


def chronology(f, events: pd.DataFrame) -> None:
    """The trade events of the latest year as a table, and the date the record was last
    searched (for the statements that nothing further was found)."""

    recent = events[(events["category"] == "trade") & (events["date"] >= pd.Timestamp(CHRONOLOGY_FROM))]
    sources = data.sources("us_vn_timeline")
    f.using("us_vn_timeline", rows=recent["id"].tolist())
    f.update(
        tr_chronology_md=record.chronology(recent, sources),
        tr_searched_to=record.searched_to(sources),
    )


def collected(f, load, annual: pd.DataFrame, p: dict) -> None:
    """2024 to the latest month: imports month by month, the duty rate actually collected,
    and the what-if set against what happened."""

    at = moments(load("us_vn_timeline"))
    year, before_year = str(at.tariff_year), str(at.tariff_year - 1)
    monthly = load("us_vn_trade_monthly")
    recent = monthly[monthly["month"] >= f"{before_year}-01"].reset_index(drop=True)  # from the year before
    peak = recent.loc[recent["imports_usd_m"].idxmax()]
    before = monthly[monthly["month"] == at.before_tariffs].iloc[0]  # the month before the tariffs
    f.using("us_vn_trade_monthly")
    f.update(
        tr_m_peak_month=text.month(peak["month"]),
        tr_m_peak=text.usd_billions(peak["imports_usd_m"]),
        tr_m_march_2025=text.usd_billions(before["imports_usd_m"]),
        tr_m_last_month=text.month(recent["month"].iloc[-1]),
        tr_m_last=text.usd_billions(recent["imports_usd_m"].iloc[-1]),
    )
    f.frames["monthly"] = recent
    f.frames["monthly_title"] = (
        f"US imports from Vietnam peaked at "
        f"{text.usd_billions(peak['imports_usd_m'])} in "
        f"{text.month(peak['month'])}"
    )

    duties = load("us_import_duties_monthly")
    last_month = str(duties[duties["code"] == "VNM"]["month"].max())
    pre_china = str(at.china_tariff_years[0] - 1)  # the year before the tariffs on Chinese goods
    periods = ((pre_china, "2017"), (before_year, "2024"), (year, "2025"), (last_month, "last"))
    rate = {
        (code, period): duty_rate(duties, code, period)
        for code in ("VNM", "CHN", "WLD")
        for period, _ in periods
    }
    f.using("us_import_duties_monthly")
    f.update(
        tr_duty_last_month=text.month(last_month),
        **{
            f"tr_duty_{k}_{tag}": text.percent(rate[(code, period)], 1)
            for code, k in (("VNM", "vn"), ("CHN", "cn"), ("WLD", "world"))
            for period, tag in periods
        },
    )
    f.update(
        tr_duty_vn_bta_before=text.percent(duty_rate(duties, "VNM", at.bta_before), 1),
        tr_duty_vn_bta_after=text.percent(duty_rate(duties, "VNM", at.bta_after), 1),
        tr_duty_vn_jan_2026=text.percent(duty_rate(duties, "VNM", at.ruling_before), 1),
        tr_duty_vn_mar_2026=text.percent(duty_rate(duties, "VNM", at.ruling_after), 1),
    )
    f.frames["duties"] = duties.reset_index(drop=True)  # every month of the series
    f.frames["duties_split"] = f"{pre_china}-01"  # the recent panel starts the year before the China tariffs
    f.frames["tariff_year"] = at.tariff_year
    f.frames["duties_title"] = (
        f"Duties collected on goods from Vietnam rose from "
        f"{text.percent(rate[('VNM', before_year)], 1)} of their value in {before_year} "
        f"to {text.percent(rate[('VNM', last_month)], 1)} in "
        f"{text.month(last_month)}"
    )

    events = load("us_vn_timeline")
    for key, row_id in EVENTS_2026.items():
        f.using("us_vn_timeline", rows=[row_id])
        f[key] = text.day(data.row(events, row_id)["date"])
    chronology(f, events)
    tariffs = load("us_tariff_actions")
    surcharge = data.row(tariffs, SURCHARGE)
    f.using("us_tariff_actions", rows=[SURCHARGE])
    f["tr_s122_rate"] = text.statutory(surcharge["rate"])

    # The what-if against the outcome: the model at the rise in the collected rate
    base = p["scenario_year"]
    by_year = annual.set_index("year")["imports_usd_m"]
    first = int(duties[duties["code"] == "VNM"]["month"].min()[:4])  # the first year with duties
    if base >= at.tariff_year or base < first:
        f.update(
            tr_out_base_year=str(base),
            tr_out_rise="—",
            tr_out_pred="—",
            tr_out_actual="—",
            tr_out_pred_change="—",
            tr_out_actual_change="—",
            tr_out_direction=f"cannot be compared (the base year must fall between {first} and "
            f"{at.tariff_year - 1})",
        )
        f.frames["outcome"] = None
        return
    rise = max(rate[("VNM", year)] - duty_rate(duties, "VNM", str(base)), 0.0)
    model = scenario(float(by_year.loc[base]), rise, p["elasticity"])
    actual = float(by_year.loc[at.tariff_year])
    f.using("us_vn_trade_annual", "us_import_duties_monthly")
    f.update(
        tr_out_base_year=str(base),
        tr_out_rise=text.points(rise),
        tr_out_pred=text.usd_billions(model["imports_after_usd_m"]),
        tr_out_actual=text.usd_billions(actual),
        tr_out_pred_change=text.percent(model["change_share"], 1),
        tr_out_actual_change=text.percent(actual / float(by_year.loc[base]) - 1, 1),
        tr_out_direction=("rose instead" if actual > float(by_year.loc[base]) else "fell too"),
    )
    f.frames["outcome"] = pd.DataFrame(
        {
            "bar": [f"{base} actual", f"{year} in the model", f"{year} actual"],
            "usd_m": [float(by_year.loc[base]), model["imports_after_usd_m"], actual],
        }
    )
    f.frames["outcome_title"] = (
        f"The model predicted {text.usd_billions(model['imports_after_usd_m'])} "
        f"of imports in {year}; the Census Bureau recorded "
        f"{text.usd_billions(actual)}"
    )
