"""The diplomatic upgrade chapter (``diplomatic_upgrade``): facts and figures."""

from __future__ import annotations

from ... import data
from . import figures, people_figures, region, rights
from .facts import CHAPTER, CLAIMS, facts

__all__ = ["CHAPTER", "CLAIMS", "facts", "figure"]


def figure(f, name: str):
    """The chapter's figure ``name``, drawn from ``f = facts(...)``."""

    fr, highlight = f.frames, f.parameters["highlight"]
    if name == "fig_dip_timeline":
        return figures.record(
            fr["record"], title=fr["record_title"], source=data.source_note("us_vn_timeline")
        )
    if name == "fig_dip_ladder":
        return figures.ladder(fr["segments"], highlight, title=fr["ladder_title"], source=fr["note"])
    if name == "fig_dip_top_tier":
        return figures.top_tier_count(
            fr["steps"], fr["highlighted"], title=fr["top_title"], source=fr["note"]
        )
    if name == "fig_dip_years":
        return figures.years_to_top(
            fr["years"],
            highlight,
            source=fr["note"],
            title="Years to comprehensive strategic partnership, on two clocks",
        )
    if name == "fig_dip_visits":
        return people_figures.visits(
            fr["visits"], title=fr["visits_title"], source=data.source_note("us_vn_visits")
        )
    if name == "fig_dip_aid":
        return people_figures.fiscal_bars(
            fr["aid"],
            unit=fr["aid_unit"],
            title=fr["aid_title"],
            source=data.source_note("us_aid_vietnam"),
            partial=fr["aid_partial"],
        )
    if name == "fig_dip_mia":
        return people_figures.mia(
            fr["mia"], title=fr["mia_title"], source=data.source_note("war_legacies", rows=fr["mia"])
        )
    if name == "fig_dip_legacy_money":
        return people_figures.legacy_money(
            fr["money"], title=fr["money_title"], source=data.source_note("war_legacies", rows=fr["money"])
        )
    if name == "fig_dip_students":
        return people_figures.students(
            fr["students"], title=fr["students_title"], source=data.source_note("open_doors")
        )
    if name == "fig_dip_opinion":
        return people_figures.opinion(
            fr["opinion"], title=fr["opinion_title"], source=data.source_note("vn_opinion")
        )
    if name == "fig_dip_tip":
        return rights.tier_chart(
            fr["tiers"], title=fr["tiers_title"], source=data.source_note("vn_trafficking_tiers")
        )
    if name == "fig_dip_region":
        return region.lanes(
            fr["region"],
            title=fr["region_title"],
            source=data.source_note("vn_region_events"),
        )
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
