"""The defence ties chapter (``defence_ties``): facts and figures."""

from __future__ import annotations

from ... import data
from . import figures
from .facts import CHAPTER, CLAIMS, facts

__all__ = ["CHAPTER", "CLAIMS", "facts", "figure"]


def figure(f, name: str):
    """The chapter's figure ``name``, drawn from ``f = facts(...)``."""

    fr, sipri = f.frames, data.source_note("sipri_vn_arms_imports")
    if name == "fig_def_suppliers":
        measure = "share" if f.parameters["measure"] == "share" else "tiv_m"
        return figures.supplier_windows(
            fr["periods"], measure=measure, source=sipri, title=fr["suppliers_title"]
        )
    if name == "fig_def_followed":
        return figures.supplier_share_by_window(
            fr["followed"], source=sipri, title=fr["followed_title"], floor=float(f.parameters["min_tiv"])
        )
    if name == "fig_def_hhi":
        return figures.concentration(
            fr["conc"], source=sipri, title=fr["hhi_title"], floor=float(f.parameters["min_tiv"])
        )
    if name == "fig_def_rank":
        return figures.importer_rank(fr["ranks"], source=sipri, title=fr["ranks_title"])
    if name == "fig_def_events":
        return figures.milestones(
            fr["events"], title=fr["events_title"], source=data.source_note("defence_milestones")
        )
    if name == "fig_def_transfers":
        return figures.transfer_stages(
            fr["stages"], title=fr["stages_title"], source=data.source_note("us_arms_transfers")
        )
    if name == "fig_def_spending":
        return figures.spending(
            fr["milex"],
            title=fr["milex_title"],
            unit=fr["milex_unit"],
            source=data.source_note("vn_military_expenditure"),
        )
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
