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
