"""Arms-transfer analysis: pure functions over ``sipri_vn_arms_imports``
(year, supplier, tiv_m)."""
from __future__ import annotations

import pandas as pd

from . import timeline


def windows(frame: pd.DataFrame, start: int, end: int, width: int) -> pd.DataFrame:
    """Sum TIV by supplier over consecutive ``width``-year windows from ``start`` (the
    last window may be shorter; its label says so)."""
    if width < 1:
        raise ValueError("window width must be at least 1 year")
    rows = frame[(frame["year"] >= start) & (frame["year"] <= end)].copy()
    first = start + ((rows["year"] - start) // width) * width
    last = (first + width - 1).clip(upper=end)
    rows["window"] = first.astype(str) + "–" + last.astype(str)
    rows["window_start"] = first
    return (rows.groupby(["window_start", "window", "supplier"], as_index=False)["tiv_m"].sum()
            .sort_values(["window_start", "supplier"]).reset_index(drop=True))


def shares(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Each supplier's share of the total within each group of ``by``."""
    out = frame.copy()
    out["share"] = out["tiv_m"] / out.groupby(by)["tiv_m"].transform("sum")
    return out


def hhi(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Herfindahl–Hirschman index of supplier shares per group (0–1; 1 = one supplier)."""
    s = shares(frame, by)
    return (s.assign(sq=s["share"] ** 2).groupby(by, as_index=False)["sq"].sum()
            .rename(columns={"sq": "hhi"}))


def top_n(frame: pd.DataFrame, n: int, by: list[str], other: str = "Others") -> pd.DataFrame:
    """Keep the ``n`` largest suppliers over the whole frame; group the rest as ``other``."""
    ranking = frame.groupby("supplier")["tiv_m"].sum().sort_values(ascending=False)
    keep = set(ranking.index[:n])
    out = frame.assign(supplier=frame["supplier"].where(frame["supplier"].isin(keep), other))
    return out.groupby([*by, "supplier"], as_index=False)["tiv_m"].sum()


TOTAL = "All suppliers (total)"


def by_supplier(frame: pd.DataFrame) -> pd.DataFrame:
    """Supplier rows only (the table also carries SIPRI's all-supplier total per year)."""
    return frame[frame["supplier"] != TOTAL].reset_index(drop=True)


def total_check(frame: pd.DataFrame) -> pd.DataFrame:
    """Years where SIPRI's total differs from the sum of the supplier rows by more than
    SIPRI's rounding (1 TIV million per supplier): a documented sanity check."""
    sums = by_supplier(frame).groupby("year")["tiv_m"].agg(["sum", "count"])
    totals = frame[frame["supplier"] == TOTAL].set_index("year")["tiv_m"]
    out = sums.join(totals.rename("total"), how="inner")
    out["difference"] = out["total"] - out["sum"]
    return out[out["difference"].abs() > out["count"]].reset_index()


def supplier_share(frame: pd.DataFrame, supplier: str, start: int, end: int) -> float:
    """``supplier``'s share of all deliveries (suppliers summed) in ``start``..``end``."""
    rows = by_supplier(frame)
    rows = rows[(rows["year"] >= start) & (rows["year"] <= end)]
    total = rows["tiv_m"].sum()
    return float(rows.loc[rows["supplier"] == supplier, "tiv_m"].sum() / total) if total else 0.0


def first_delivery(frame: pd.DataFrame, supplier: str) -> int | None:
    """First year with a positive delivery from ``supplier``, or None."""
    rows = frame[(frame["supplier"] == supplier) & (frame["tiv_m"] > 0)]
    return int(rows["year"].min()) if not rows.empty else None


def concentration(frame: pd.DataFrame, start: int, end: int, width: int) -> pd.DataFrame:
    """Per window: HHI of supplier shares, number of suppliers with deliveries, total TIV."""
    win = windows(by_supplier(frame), start, end, width)
    win = win[win["tiv_m"] > 0]
    idx = hhi(win, ["window_start", "window"])
    stats = (win.groupby(["window_start", "window"], as_index=False)
             .agg(suppliers=("supplier", "nunique"), tiv_m=("tiv_m", "sum")))
    return idx.merge(stats, on=["window_start", "window"]).sort_values("window_start") \
              .reset_index(drop=True)


def supplier_windows_share(frame: pd.DataFrame, supplier: str, start: int, end: int,
                           width: int) -> pd.DataFrame:
    """``supplier``'s share of deliveries in each window (0 where it delivered nothing)."""
    win = shares(windows(by_supplier(frame), start, end, width), ["window"])
    total = win.groupby(["window_start", "window"], as_index=False)["tiv_m"].sum()
    mine = win[win["supplier"] == supplier][["window_start", "share"]]
    out = total.merge(mine, on="window_start", how="left").fillna({"share": 0.0})
    return out.rename(columns={"tiv_m": "total_tiv_m"}).sort_values("window_start") \
              .reset_index(drop=True)


def milestones_between(events: pd.DataFrame, start, end=None) -> pd.DataFrame:
    """Milestones dated on or after ``start`` (and before ``end`` when given)."""
    dates = pd.to_datetime(events["date"])
    mask = dates >= pd.Timestamp(start)
    if end is not None:
        mask &= dates < pd.Timestamp(end)
    return events[mask].reset_index(drop=True)


def event_date(events: pd.DataFrame, kind: str, contains: str) -> pd.Timestamp:
    """Date of the first milestone of ``kind`` whose text contains ``contains``."""
    return timeline.event_date(events, contains, kind)


def carrier_visits(events: pd.DataFrame) -> pd.DataFrame:
    """Port visits by US aircraft carriers (the event text names the carrier)."""
    return timeline.matching(events, "carrier", "port_visit").sort_values("date")


# ----------------------------------------------------------------------------- the chapter

CHAPTER = "defence_ties"


def facts(load, **given):
    """Every value the defence chapter states (see :mod:`usvn.facts`)."""
    from . import text
    from .facts import Facts, parameters, rerun_markdown

    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
    f["def_rerun_md"] = rerun_markdown(CHAPTER, p)
    sipri = load("sipri_vn_arms_imports")
    tiv = by_supplier(sipri)
    start = int(p["start_year"] if p["start_year"] is not None else tiv["year"].min())
    end = int(p["end_year"] if p["end_year"] is not None else tiv["year"].max())
    window = p["window"]
    periods = shares(windows(top_n(tiv, p["top_n"], ["year"]), start, end, window), ["window"])
    russia = supplier_share(tiv, "Russia", start, end)
    russia_w = supplier_windows_share(tiv, "Russia", start, end, window)
    conc = concentration(tiv, start, end, window)
    peak = conc.loc[conc["tiv_m"].idxmax()]
    first_w, last_w = conc.iloc[0], conc.iloc[-1]
    delivered = tiv[(tiv["year"] >= start) & (tiv["year"] <= end) & (tiv["tiv_m"] > 0)]
    us_first = first_delivery(tiv, "United States")
    peak_pos = conc.index[conc["window"] == peak["window"]][0]
    before_peak = conc.iloc[peak_pos - 1] if peak_pos > 0 else None
    yearly = delivered.groupby("year")["tiv_m"].sum()
    firsts = delivered.groupby("supplier")["year"].min().sort_values()
    last_mix = shares(windows(tiv, start, end, window), ["window"])
    last_mix = last_mix[(last_mix["window"] == last_w["window"]) & (last_mix["tiv_m"] > 0)]
    last_mix = last_mix.sort_values("share", ascending=False)
    f.using("sipri_vn_arms_imports")
    f.update(def_start=str(start), def_end=str(end), def_total_tiv=f"{delivered['tiv_m'].sum():,.0f}",
             def_russia_share=text.percent(russia),
             def_russia_share_num=round(float(russia), 4),  # for sweeps
             def_us_share=text.percent(supplier_share(tiv, "United States", start, end), 1),
             def_us_first=str(us_first) if us_first else "no year in the data",
             def_n_suppliers=int(delivered["supplier"].nunique()),
             def_window=text.count(window, "year"),
             def_russia_by_window="; ".join(f"{w} {text.percent(v)}" for w, v in
                                            zip(russia_w["window"], russia_w["share"])),
             def_russia_first_window=russia_w.iloc[0]["window"],
             def_russia_first_share=text.percent(russia_w.iloc[0]["share"]),
             def_russia_last_window=russia_w.iloc[-1]["window"],
             def_russia_last_share=text.percent(russia_w.iloc[-1]["share"]),
             def_peak_window=peak["window"],
             def_peak_growth=(f"{peak['tiv_m'] / before_peak['tiv_m']:.1f} times the volume of "
                              f"{before_peak['window']}") if before_peak is not None
             else "the first period in the chapter",
             def_russia_peak_share=text.percent(russia_w.set_index("window").loc[peak["window"], "share"]),
             def_peak_tiv=f"{peak['tiv_m']:,.0f}", def_last_window_tiv=f"{last_w['tiv_m']:,.0f}",
             def_hhi_first=f"{first_w['hhi']:.2f}", def_hhi_last=f"{last_w['hhi']:.2f}",
             def_sup_first=int(first_w["suppliers"]), def_sup_last=int(last_w["suppliers"]),
             def_first_window=first_w["window"], def_last_window=last_w["window"],
             def_total_years=int(sipri.loc[sipri["supplier"] == TOTAL, "year"].nunique()),
             def_first_deliveries=", ".join(f"{sup} ({int(y)})" for sup, y in firsts.items()),
             def_n_new_late=int((firsts > (start + end) / 2).sum()),
             def_midpoint=str(int((start + end) // 2)), def_peak_year=str(int(yearly.idxmax())),
             def_conc_phrase=("less concentrated than" if last_w["hhi"] < first_w["hhi"]
                              else "at least as concentrated as"),
             def_volume_phrase="smaller than" if last_w["tiv_m"] < peak["tiv_m"] else "as large as",
             def_peak_year_tiv=f"{yearly.max():,.0f}",
             def_last_mix=", ".join(f"{r.supplier} {text.percent(r.share)}" for r in last_mix.itertuples()),
             def_total_mismatch=text.count(len(total_check(sipri)), "year differs", "years differ"))
    f.frames.update(
        periods=periods, russia_windows=russia_w, conc=conc,
        suppliers_title=(f"Russia supplied {text.percent(russia)} of Vietnam's major arms imports, "
                         f"{start}–{end}"),
        russia_title=(f"Russia's share was {text.percent(russia_w.iloc[0]['share'])} in "
                      f"{russia_w.iloc[0]['window']} and {text.percent(russia_w.iloc[-1]['share'])} "
                      f"in {russia_w.iloc[-1]['window']}"),
        hhi_title=f"Supplier concentration went from {first_w['hhi']:.2f} to {last_w['hhi']:.2f} (HHI)")
    _milestones(f, load, tiv)
    return f


def _milestones(f, load, tiv: pd.DataFrame) -> None:
    """Dated defence steps since the embargo and around the 2023 upgrade."""
    from . import text

    milestones = load("defence_milestones")
    lifted = event_date(milestones, "policy", "full lifting")
    upgrade = event_date(milestones, "policy", "Comprehensive Strategic Partnership")
    since_lift = milestones_between(milestones, lifted)
    kinds = since_lift["type"].value_counts()
    carrier = carrier_visits(since_lift)
    sheet = load("sipri_factsheet_facts").set_index(["period", "metric"])["value"]
    transfers = since_lift[since_lift["type"] == "transfer"].sort_values("date")
    us_rows = tiv[(tiv["supplier"] == "United States") & (tiv["tiv_m"] > 0)]
    f.using("defence_milestones")
    f.update(def_lift_date=text.day(lifted), def_upgrade_date=text.day(upgrade),
             def_n_since_lift=len(since_lift), def_n_port_visits=int(kinds.get("port_visit", 0)),
             def_n_transfers=int(kinds.get("transfer", 0)),
             def_n_exercises=int(kinds.get("exercise", 0)),
             def_n_dialogues=int(kinds.get("dialogue", 0)),
             def_us_years=", ".join(str(int(y)) for y in us_rows["year"]) or "no year",
             def_partial_date=text.day(event_date(milestones, "policy", "partially lifts")),
             def_mou_date=f"{event_date(milestones, 'agreement', 'Memorandum of Understanding'):%B %Y}",
             def_jvs_date=text.day(event_date(milestones, "agreement", "Joint Vision Statement")),
             def_first_ship=f"{event_date(milestones, 'port_visit', 'first US Navy ship visit'):%B %Y}",
             def_n_before_lift=len(milestones_between(milestones, milestones["date"].min(), lifted)),
             def_transfer_list="; ".join(f"{d:%B %Y}: {e.rstrip('.')}" for d, e in
                                         zip(transfers["date"], transfers["event"])),
             def_n_carrier=len(carrier),
             def_carrier_years=", ".join(str(d.year) for d in carrier["date"]),
             def_n_after_upgrade=len(milestones_between(milestones, upgrade)),
             def_n_before_upgrade=len(milestones_between(milestones, lifted, upgrade)),
             def_years_before_upgrade=f"{(upgrade - lifted).days / 365.25:.1f}",
             def_years_after_upgrade=f"{(milestones['date'].max() - upgrade).days / 365.25:.1f}")
    f.using("sipri_factsheet_facts")
    f.update(def_rank_2011=text.ordinal(int(sheet[("2011-2015", "vietnam_rank_among_global_arms_importers")])),
             def_rank_2006=text.ordinal(int(sheet[("2006-2010", "vietnam_rank_among_global_arms_importers")])),
             def_world_share_2011=f"{sheet[('2011-2015', 'vietnam_share_of_global_arms_imports')]:.1f}%")
    f.frames.update(milestones=milestones,
                    milestones_title=(f"{len(milestones)} dated US–Vietnam defence steps, "
                                      f"{len(since_lift)} of them since the arms embargo was "
                                      f"lifted in {lifted.year}"))


def figure(f, name: str):
    """The chapter's figure ``name``, drawn from ``f = facts(...)``."""
    from . import data, figures

    fr, sipri = f.frames, data.source_note("sipri_vn_arms_imports")
    if name == "fig_def_suppliers":
        measure = "share" if f.parameters["measure"] == "share" else "tiv_m"
        return figures.supplier_windows(fr["periods"], measure=measure, source=sipri,
                                        title=fr["suppliers_title"])
    if name == "fig_def_russia":
        return figures.supplier_share_by_window(fr["russia_windows"], "Russia", source=sipri,
                                                title=fr["russia_title"])
    if name == "fig_def_hhi":
        return figures.concentration(fr["conc"], source=sipri, title=fr["hhi_title"])
    if name == "fig_def_milestones":
        return figures.milestones(fr["milestones"], title=fr["milestones_title"],
                                  source=data.source_note("defence_milestones"))
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
