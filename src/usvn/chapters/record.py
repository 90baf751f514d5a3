"""The book's record of dated US–Việt Nam events, shared by the chapters: partnership steps
(from ``vn_partnerships``), leaders' visits, timeline events, defence steps and transfers."""

from __future__ import annotations

import pandas as pd

from .. import data
from ..facts import kinds as text

TOP = "comprehensive_strategic"  # the top tier of Việt Nam's partnership ladder


# ----------------------------------------------------------------------------- the record


CATEGORIES = ("diplomacy", "war legacies", "trade", "defence")  # every event has one


def record(load, until=None) -> pd.DataFrame:
    """Every dated US–Việt Nam event the book holds, each from the one place it is kept:
    partnership steps (``vn_partnerships``), leaders' visits (``us_vn_visits``),
    diplomatic, rights, legacy and trade events (``us_vn_timeline``) and defence steps and
    transfers (:func:`defence_events`, without the South China Sea events,
    which are not bilateral steps).  Columns: date, date_precision, category, kind, event,
    source."""

    steps = partnership_steps(load("vn_partnerships"), "United States")
    steps = steps.assign(category="diplomacy")
    visits = load("us_vn_visits")
    visits = pd.DataFrame(
        {
            "id": visits["id"],
            "date": visits["date"],
            "date_precision": visits["date_precision"],
            "category": "diplomacy",
            "kind": "visit",
            "event": [
                f"{v} ({o}) {'in Việt Nam' if d == 'us_to_vn' else 'in the United States'}: {oc}"
                for v, o, d, oc in zip(
                    visits["visitor"], visits["office"], visits["direction"], visits["occasion"]
                )
            ],
            "source": visits["source"],
        }
    )
    events = load("us_vn_timeline")
    kinds = {
        "diplomatic": ("diplomacy", "diplomatic"),
        "rights": ("diplomacy", "rights"),
        "legacy": ("war legacies", "legacy"),
        "trade": ("trade", "trade"),
    }
    events = events.assign(
        date_precision="day",
        category=events["category"].map(lambda c: kinds[c][0]),
        kind=events["category"].map(lambda c: kinds[c][1]),
    )
    dfn = defence_events(load)
    dfn = dfn[~dfn["type"].isin(["south_china_sea", "partnership"])]
    dfn = dfn.rename(columns={"type": "kind"}).assign(category="defence")
    cols = ["id", "date", "date_precision", "category", "kind", "event", "source"]
    out = pd.concat([steps[cols], visits[cols], events[cols], dfn[cols]], ignore_index=True)
    out["date"] = pd.to_datetime(out["date"])
    if until is not None:
        out = out[out["date"] <= pd.Timestamp(until)]
    return out.sort_values(["date", "category", "event"]).reset_index(drop=True)


def event_date(events: pd.DataFrame, row_id: str) -> pd.Timestamp:
    """The date of the event with id ``row_id`` (exactly one must match)."""
    return pd.Timestamp(data.row(events, row_id)["date"])


def carrier_visits(events: pd.DataFrame) -> pd.DataFrame:
    """Port visits by US aircraft carriers (rows tagged ``carrier``)."""
    return data.tagged(events, "carrier").sort_values("date")


def vessel(event: str) -> str:
    """The first US ship an event names ('USS Carl Vinson arrives …' -> 'Carl Vinson')."""
    import re

    hit = re.search(r"USS ([A-Z][\w.]+(?: [A-Z][\w.]+)?)", event)
    return hit.group(1) if hit else "(unnamed)"


def defence_events(load) -> pd.DataFrame:
    """Defence steps, South China Sea events and the partnership steps they sit beside,
    one table: the partnership dates come from ``vn_partnerships`` (one place, shared
    with the diplomacy chapter), the transfers from ``us_arms_transfers``."""
    events = load("defence_milestones")
    steps = partnership_steps(load("vn_partnerships"), "United States")
    steps = steps.rename(columns={"kind": "type"})[
        ["id", "date", "date_precision", "type", "event", "source"]
    ]
    moves = transfer_events(load("us_arms_transfers"))
    out = pd.concat([events, steps, moves], ignore_index=True)
    return out.sort_values(["date", "type"]).reset_index(drop=True)


STAGES = {"transferred": "handed over", "arrived": "arrived in Việt Nam"}


def transfer_events(transfers: pd.DataFrame) -> pd.DataFrame:
    """One event per transfer, dated at its first known stage, with every stage in the text."""
    rows = []
    for t in transfers.itertuples():
        stages = [
            (STAGES[s], getattr(t, f"{s}_date"), getattr(t, f"{s}_precision"))
            for s in STAGES
            if pd.notna(getattr(t, f"{s}_date"))
        ]
        first = stages[0]
        told = "; ".join(f"{name} {at_precision_text(d, p)}" for name, d, p in stages)
        rows.append(
            {
                "id": t.id,
                "date": first[1],
                "date_precision": first[2],
                "type": "transfer",
                "event": f"{t.item} ({told}).",
                "source": t.source,
            }
        )
    return pd.DataFrame(rows, columns=["id", "date", "date_precision", "type", "event", "source"])


def first_stage(t) -> str:
    """A transfer's first dated stage as text: 'handed over 25 May 2017'."""
    stage = "transferred" if pd.notna(t.transferred_date) else "arrived"
    return (
        f"{STAGES[stage]} {at_precision_text(getattr(t, f'{stage}_date'), getattr(t, f'{stage}_precision'))}"
    )


def at_precision_text(date, precision: str) -> str:
    ts = pd.Timestamp(date)
    return {"day": f"{ts.day} {ts:%B %Y}", "month": f"{ts:%B %Y}"}.get(precision, f"{ts:%Y}")


LEVEL_EVENTS = {
    "diplomatic_relations": "{partner} and Việt Nam establish diplomatic relations",
    "comprehensive": "{partner} and Việt Nam form a Comprehensive Partnership",
    "strategic": "{partner} and Việt Nam form a Strategic Partnership",
    "comprehensive_strategic": "{partner} and Việt Nam form a Comprehensive Strategic Partnership",
}


def partnership_steps(network: pd.DataFrame, partner: str) -> pd.DataFrame:
    """``partner``'s steps up Việt Nam's partnership ladder as dated events (kind
    ``partnership``), from ``vn_partnerships``: the one place these dates are kept, used
    by every chapter that shows them."""
    rows = network[network["partner"] == partner].sort_values("date")
    return pd.DataFrame(
        {
            "id": rows["id"].values,
            "date": pd.to_datetime(rows["date"]).values,
            "date_precision": rows["date_precision"].values,
            "kind": "partnership",
            "event": [LEVEL_EVENTS[lv].format(partner=partner) + "." for lv in rows["level"]],
            "source": rows["source"].values,
        }
    )


def record_end(load) -> pd.Timestamp:
    """The date the book's record runs to (for judging expectations)."""
    return record(load)["date"].max()


def us_top_date(load) -> pd.Timestamp:
    network = load("vn_partnerships")
    row = network[(network["partner"] == "United States") & (network["level"] == TOP)]
    if row.empty:
        raise ValueError("the United States has no comprehensive strategic partnership row")
    return pd.Timestamp(row["date"].iloc[0])


def source_link(src: dict, name: str | None = None) -> str:
    """A source entry as a Markdown table cell: its producer (or ``name``) linked to the
    document when the entry has a web address."""
    label = text.cell(name if name is not None else data.producer(src.get("publisher") or src["id"]))
    path = str(src.get("path", ""))
    return f"[{label}]({path})" if path.startswith("http") else label


def searched_to(sources: list[dict]):
    """The day a record was last searched: the latest access date of its sources (the
    date every 'none found' statement drawn from it carries)."""
    return text.day(max(s["date_accessed"] for s in sources))


def chronology(events: pd.DataFrame, sources: list[dict]) -> str:
    """Dated events as a Markdown table, each with the publishers of its sources linked
    to the documents (``sources``: the resource's source entries)."""

    by_id = {s["id"]: s for s in sources}

    def cited(cell: str) -> str:
        # an unknown id is refused by the data rules before this runs
        return "; ".join(source_link(by_id[sid]) for sid in str(cell).split(";"))

    lines = ["| Date | Event | Sources |", "|---|---|---|"]
    for r in events.sort_values(["date", "id"]).itertuples():
        lines.append(f"| {text.render(text.day(r.date))} | {text.cell(r.event)} | {cited(r.source)} |")
    return "\n".join(lines)
