"""The defence chapter's facts on military spending and US security assistance."""

from __future__ import annotations

from ... import data
from ...facts import kinds as text
from .. import record
from . import checks  # noqa: F401  registers the checks of the claims quoted
from .analysis import (
    SPENDING,
    gaps,
    spending,
)


def spending_facts(f, load, p) -> None:

    milex = load("vn_military_expenditure")
    basis = p["spending_basis"]
    series = spending(milex, basis)
    known = series.dropna(subset=["value"])
    const = milex.dropna(subset=["constant_2023_usd_m"])
    last = const.iloc[-1]
    years = set(const["year"].astype(int))
    run_start = max(y for y in years if y - 1 not in years)  # the last unbroken run of estimates
    base = const[const["year"] == run_start].iloc[0]
    runs = gaps(series)
    f.using("vn_military_expenditure")
    f.update(
        def_milex_first_year=str(int(known["year"].min())),
        def_milex_edition_end=str(int(milex["year"].max())),
        def_milex_gaps=", ".join(f"{a}–{b}" if a != b else str(a) for a, b in runs) or "none",
        def_milex_last_const=text.usd_billions(float(last["constant_2023_usd_m"])),
        def_milex_base_year=str(int(base["year"])),
        def_milex_base_const=text.usd_billions(float(base["constant_2023_usd_m"])),
        def_milex_growth=text.times(float(last["constant_2023_usd_m"] / base["constant_2023_usd_m"])),
        def_milex_last_gdp=f"{float(last['share_of_gdp_pct']):.1f}%",
        def_milex_max_gdp=f"{milex['share_of_gdp_pct'].max():.1f}%",
        def_milex_max_gdp_year=str(int(milex.loc[milex["share_of_gdp_pct"].idxmax(), "year"])),
        def_milex_last_data_year=str(int(last["year"])),
    )
    unit = SPENDING[basis][1]
    f.frames.update(
        milex=series,
        milex_title=(
            f"Việt Nam's military spending rose {text.times(float(last['constant_2023_usd_m'] / base['constant_2023_usd_m']))} "
            f"times in real terms, {int(base['year'])}–{int(last['year'])}; SIPRI has no estimate since"
            f" {int(last['year'])}"
        ),
        milex_unit=unit,
    )


def assistance_facts(f, load) -> None:
    """The stated totals of US security assistance as a table, one row per statement: the
    periods overlap, so the totals are set side by side and never added or drawn as bars."""
    aid = load("us_security_assistance").sort_values(["first_year", "last_year"])
    sources = {s["id"]: s for s in data.sources("us_security_assistance")}
    lines = ["| Programme | Period | Amount, as stated | Note | Stated by |", "|---|---|---|---|---|"]
    for r in aid.itertuples():
        link = record.source_link(sources[r.source.split(";")[0]])
        lines.append(
            f"| {text.cell(r.programme)} | {text.cell(r.period)} | {usd_stated(r.usd_m, r.qualifier)} "
            f"| {text.cell(r.note, empty='')} | {link} |"
        )
    f.using("us_security_assistance")
    f["def_assist_md"] = text.markdown("\n".join(lines))


def usd_stated(million: float, qualifier) -> str:
    """'more than $55 million', '$12.5 million': an amount as the statement gives it."""
    amount = f"${million:,.1f}".removesuffix(".0") + " million"
    return f"{qualifier} {amount}" if isinstance(qualifier, str) and qualifier else amount
