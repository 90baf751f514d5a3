"""The trade framework chapter (``trade_framework``): facts and figures."""

from __future__ import annotations

from ... import data
from . import figures, live, tariff_figures
from .analysis import DEFLATE, rate_steps
from .facts import CHAPTER, CLAIMS, facts
from .whatif import WHATIF_INPUTS, vega_expressions
from .whatif import grid as whatif_grid

__all__ = ["CHAPTER", "CLAIMS", "facts", "figure", "sweep_fast"]


def sweep_fast(points, load):
    """A sweep over the what-if's parameters, vectorized: the chapter computed once at its
    defaults gives the resolved defaults and the base year's imports; the grid is then the
    what-if formulas evaluated element-wise (the numbers the page's what-if would show)."""
    f = facts(load)
    defaults = f.frames["whatif_defaults"]
    series = f.frames["whatif_series"].set_index("year")["imports_usd_m"]
    out = whatif_grid(points, defaults, float(series.loc[defaults["scenario_year"]]))
    return points.assign(status="computed").join(out)


sweep_fast.PARAMS = tuple(p for p in WHATIF_INPUTS if p != "imports_before")  # type: ignore[attr-defined]


def figure(f, name: str):
    """The chapter's figure ``name``, drawn from ``f = facts(...)``."""

    fr = f.frames
    if name == "fig_tr_flows":
        return figures.trade_flows(
            fr["flows"],
            unit=fr["unit"],
            marks=fr["marks"],
            source=data.source_note("us_vn_trade_annual"),
            title=fr["flows_title"],
        )
    if name == "fig_tr_rank":
        return figures.deficit_rank(
            fr["rank"], "Vietnam", title=fr["rank_title"], source=data.source_note("us_trade_by_partner")
        )
    if name == "fig_tr_composition":
        return figures.composition(
            fr["composition"],
            title=fr["composition_title"],
            measure="Share of Việt Nam's exports to the US",
            source=data.source_note("vn_us_trade_by_product", rows=fr["composition_rows"]),
        )
    if name == "fig_tr_mirror":
        return figures.mirror(
            fr["mirror"],
            title=fr["mirror_title"],
            source=data.source_note("us_vn_trade_annual")
            + "; "
            + data.source_note("vn_exports_by_destination"),
        )
    if name == "fig_tr_tariffs":
        return tariff_figures.tariff_actions(
            fr["tariffs"], title=fr["tariffs_title"], source=data.source_note("us_tariff_actions")
        )
    if name == "fig_tr_model_live":
        return live.whatif_live(
            fr["whatif_series"],
            fr["whatif_defaults"],
            fr["whatif_actual"],
            formulas=vega_expressions(),
            title=fr["whatif_title"],
            source="Calculation from " + data.source_note("us_vn_trade_annual"),
        )
    if name == "fig_tr_real":
        return live.real_live(
            fr["real_flows"],
            fr["real_cpi"],
            f.parameters,
            formula=DEFLATE,
            title=fr["real_title"],
            source=data.source_note("us_vn_trade_annual") + "; BLS CPI-U",
        )
    if name == "fig_tr_scenario":
        return tariff_figures.scenario(
            fr["scenario"],
            title=fr["scenario_title"],
            source="Calculation from " + data.source_note("us_vn_trade_annual"),
        )
    if name == "fig_tr_sensitivity":
        return tariff_figures.sensitivity(
            fr["sensitivity"],
            fr["rate"],
            title="The larger the elasticity, the more a given tariff shrinks the import bill",
            source="Calculation; elasticities from " + data.source_note("trade_elasticities"),
        )
    if name == "fig_tr_shares":
        return figures.import_shares(
            fr["shares"], title=fr["shares_title"], source=data.source_note("us_trade_by_partner")
        )
    if name == "fig_tr_monthly":
        return tariff_figures.monthly_trade(
            fr["monthly"],
            fr["tariffs"],
            title=fr["monthly_title"],
            source=data.source_note("us_vn_trade_monthly"),
        )
    if name == "fig_tr_duties":
        return tariff_figures.duty_rates(
            fr["duties"],
            fr["tariffs"],
            rate_steps(fr["tariffs"]),
            title=fr["duties_title"],
            source=data.source_note("us_import_duties_monthly"),
            split=fr["duties_split"],
        )
    if name == "fig_tr_outcome":
        if fr["outcome"] is None:
            return figures.note_chart(
                f"The what-if cannot be set against {fr['tariff_year']} from this base year"
            )
        return tariff_figures.outcome(
            fr["outcome"],
            title=fr["outcome_title"],
            source="Calculation from " + data.source_note("us_vn_trade_annual"),
        )
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
