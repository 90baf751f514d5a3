"""Defence analysis: SIPRI arms transfers and military spending, pure functions over frames."""

from __future__ import annotations

import pandas as pd

from ..record import STAGES, at_precision_text

RECIPIENT = "Viet Nam"  # SIPRI's spelling


RUSSIA = "Russia"


STATE_MARKERS = ("*", "unknown")  # SIPRI marks non-state recipients with * or **


TOP_CUSTOMERS = 5  # "among the top buyers": one of a supplier's five largest


SPENDING = {
    "constant": ("constant_2023_usd_m", "million US dollars at 2023 prices"),
    "current": ("current_usd_m", "million US dollars, current prices"),
    "share_of_gdp": ("share_of_gdp_pct", "per cent of GDP"),
}


# ----------------------------------------------------------------------------- windows


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
    rows["window_years"] = last - first + 1
    return (
        rows.groupby(["window_start", "window", "window_years", "supplier"], as_index=False)["tiv_m"]
        .sum()
        .sort_values(["window_start", "supplier"])
        .reset_index(drop=True)
    )


def shares(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Each supplier's share of the total within each group of ``by``."""
    out = frame.copy()
    out["share"] = out["tiv_m"] / out.groupby(by)["tiv_m"].transform("sum")
    return out


def hhi(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Herfindahl–Hirschman index of supplier shares per group (0–1; 1 = one supplier)."""
    s = shares(frame, by)
    return s.assign(sq=s["share"] ** 2).groupby(by, as_index=False)["sq"].sum().rename(columns={"sq": "hhi"})


def top_n(
    frame: pd.DataFrame, n: int, by: list[str], other: str = "Others", keep: tuple[str, ...] | list[str] = ()
) -> pd.DataFrame:
    """Keep the ``n`` largest suppliers over the whole frame (and any in ``keep``); group
    the rest as ``other``."""
    ranking = frame.groupby("supplier")["tiv_m"].sum().sort_values(ascending=False)
    kept = set(ranking.index[:n]) | set(keep)
    out = frame.assign(supplier=frame["supplier"].where(frame["supplier"].isin(kept), other))
    return out.groupby([*by, "supplier"], as_index=False)["tiv_m"].sum()


def concentration(
    frame: pd.DataFrame, start: int, end: int, width: int, min_tiv: float = 0.0
) -> pd.DataFrame:
    """Per window: HHI of supplier shares, suppliers with deliveries, total TIV, and
    whether the volume reaches ``min_tiv`` (below it a share says little)."""
    win = windows(frame, start, end, width)
    win = win[win["tiv_m"] > 0]
    keys = ["window_start", "window", "window_years"]
    idx = hhi(win, keys)
    stats = win.groupby(keys, as_index=False).agg(suppliers=("supplier", "nunique"), tiv_m=("tiv_m", "sum"))
    out = idx.merge(stats, on=keys).sort_values("window_start").reset_index(drop=True)
    out["enough"] = out["tiv_m"] >= min_tiv
    return out


def supplier_windows_share(
    frame: pd.DataFrame, supplier: str, start: int, end: int, width: int, min_tiv: float = 0.0
) -> pd.DataFrame:
    """``supplier``'s share of deliveries in each window (0 where it delivered nothing),
    with the window's volume and whether it reaches ``min_tiv``."""
    win = shares(windows(frame, start, end, width), ["window"])
    total = win.groupby(["window_start", "window", "window_years"], as_index=False)["tiv_m"].sum()
    mine = win[win["supplier"] == supplier][["window_start", "share", "tiv_m"]]
    out = total.rename(columns={"tiv_m": "total_tiv_m"}).merge(
        mine.rename(columns={"tiv_m": "supplier_tiv_m"}), on="window_start", how="left"
    )
    out = out.fillna({"share": 0.0, "supplier_tiv_m": 0.0})
    out["supplier"] = supplier
    out["enough"] = out["total_tiv_m"] >= min_tiv
    return out.sort_values("window_start").reset_index(drop=True)


def supplier_share(frame: pd.DataFrame, supplier: str, start: int, end: int) -> float:
    """``supplier``'s share of all deliveries in ``start``..``end``."""
    rows = frame[(frame["year"] >= start) & (frame["year"] <= end)]
    total = rows["tiv_m"].sum()
    return float(rows.loc[rows["supplier"] == supplier, "tiv_m"].sum() / total) if total else 0.0


def first_delivery(frame: pd.DataFrame, supplier: str) -> int | None:
    rows = frame[(frame["supplier"] == supplier) & (frame["tiv_m"] > 0)]
    return int(rows["year"].min()) if not rows.empty else None


# ----------------------------------------------------------------------------- ranks


def is_state(name: str) -> bool:
    return not any(m in name for m in STATE_MARKERS)


def rank_of(totals: pd.Series, name: str) -> int:
    """1-based rank of ``name`` in ``totals`` (largest first; ties share the better rank)."""
    return int((totals > totals.get(name, 0.0)).sum()) + 1


def importer_ranks(
    transfers: pd.DataFrame, start: int, end: int, width: int, recipient: str = RECIPIENT
) -> pd.DataFrame:
    """Per window: the recipient's rank among state importers of major arms, its TIV
    and its share of all deliveries worldwide."""
    rows = transfers[(transfers["year"] >= start) & (transfers["year"] <= end)]
    win = windows(
        rows.rename(columns={"supplier": "from", "recipient": "supplier"}), start, end, width
    ).rename(columns={"supplier": "recipient"})
    out = []
    for (ws, label, years), group in win.groupby(["window_start", "window", "window_years"]):
        totals = group.groupby("recipient")["tiv_m"].sum()
        states = totals[[is_state(n) for n in totals.index]]
        out.append(
            {
                "window_start": ws,
                "window": label,
                "window_years": years,
                "rank": rank_of(states, recipient),
                "importers": int((states > 0).sum()),
                "tiv_m": float(totals.get(recipient, 0.0)),
                "world_share": float(totals.get(recipient, 0.0) / totals.sum()),
            }
        )
    return pd.DataFrame(out)


def russia_check(load, start: int | None = None, end: int | None = None, supplier: str = RUSSIA) -> dict:
    """The claim that Việt Nam is among the top buyers of ``supplier``'s arms, tested on
    one SIPRI release: Việt Nam's rank among the supplier's customers over
    ``start``..``end`` (default: the whole release) and the supplier's share of Việt Nam's
    imports.  The chapter and the claims page both call this, so they cannot differ."""
    pairs = load("sipri_arms_transfers")
    start = int(pairs["year"].min() if start is None else start)
    end = int(pairs["year"].max() if end is None else end)
    rows = pairs[(pairs["year"] >= start) & (pairs["year"] <= end)]
    customers = rows[rows["supplier"] == supplier].groupby("recipient")["tiv_m"].sum()
    imports = rows[rows["recipient"] == RECIPIENT]
    total = float(imports["tiv_m"].sum())
    share = float(imports.loc[imports["supplier"] == supplier, "tiv_m"].sum() / total) if total else 0.0
    rank = rank_of(customers, RECIPIENT)
    return {
        "start": start,
        "end": end,
        "rank": rank,
        "customers": int((customers > 0).sum()),
        "supplier_total": float(customers.sum()),
        "vn_from_supplier": float(customers.get(RECIPIENT, 0.0)),
        "share_of_supplier": float(customers.get(RECIPIENT, 0.0) / customers.sum())
        if customers.sum()
        else 0.0,
        "share_of_vn": share,
        "vn_total": total,
        "top": customers.sort_values(ascending=False).head(TOP_CUSTOMERS).index.tolist(),
        "ahead": customers[customers > customers.get(RECIPIENT, 0.0)]
        .sort_values(ascending=False)
        .index.tolist(),
        "supported": rank <= TOP_CUSTOMERS,
    }


# ----------------------------------------------------------------------------- events


def milestones_between(events: pd.DataFrame, start, end=None) -> pd.DataFrame:
    dates = pd.to_datetime(events["date"])
    mask = dates >= pd.Timestamp(start)
    if end is not None:
        mask &= dates < pd.Timestamp(end)
    return events[mask].reset_index(drop=True)


def transfer_stages(transfers: pd.DataFrame, deliveries: pd.DataFrame) -> pd.DataFrame:
    """Long table for the stages chart: per transfer, the SIPRI order year (from the deal
    it matches) and each dated stage."""
    orders = deliveries.drop_duplicates("deal_id").set_index("deal_id")["order_year"]
    rows = []
    for t in transfers.itertuples():
        if pd.notna(t.sipri_deal_id) and int(t.sipri_deal_id) in orders.index:
            rows.append(
                {
                    "item": t.item,
                    "stage": "ordered (SIPRI)",
                    "date": pd.Timestamp(year=int(orders[int(t.sipri_deal_id)]), month=7, day=1),
                    "date_precision": "year",
                }
            )
        for s, name in STAGES.items():
            if pd.notna(getattr(t, f"{s}_date")):
                rows.append(
                    {
                        "item": t.item,
                        "stage": name,
                        "date": getattr(t, f"{s}_date"),
                        "date_precision": getattr(t, f"{s}_precision"),
                    }
                )
    out = pd.DataFrame(rows)
    out["known"] = [at_precision_text(d, p) for d, p in zip(out["date"], out["date_precision"])]
    return out


# ----------------------------------------------------------------------------- spending


def spending(milex: pd.DataFrame, basis: str) -> pd.DataFrame:
    field, unit = SPENDING[basis]
    out = milex[["year", field]].rename(columns={field: "value"})
    out["unit"] = unit
    return out


def gaps(series: pd.DataFrame, field: str = "value") -> list[tuple[int, int]]:
    """Runs of years without a value, as (first, last)."""
    missing = series.loc[series[field].isna(), "year"].astype(int).tolist()
    runs: list[list[int]] = []
    for y in missing:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return [(r[0], r[1]) for r in runs]
