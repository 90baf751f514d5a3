"""Trade remedies: the anti-dumping and countervailing duty orders on goods from Việt Nam
(``us_adcvd_orders``), as statements and a table.  The table is a selection (the
agencies' own lists of orders in place were not found), so nothing here is counted."""

from __future__ import annotations

import re

import pandas as pd

from ... import data
from ...facts import kinds as text
from .. import record

RECENT_FROM = "2025-01-01"  # the orders of the years of the country-wide tariffs
DUTY = {"AD": "anti-dumping", "CVD": "countervailing"}


def _products(rows: pd.DataFrame) -> list[str]:
    """Product names in order of first appearance, each once, as running text names them:
    lower case, without the orders' 'Certain' and their parenthesised glosses."""
    seen: list[str] = []
    for name in rows.sort_values(["order_date", "case_number"])["product"]:
        name = re.sub(r"\s*\([^)]*\)", "", name).split(", whether")[0].strip()
        name = re.sub(r"^certain ", "", name[0].lower() + name[1:])
        if name not in seen:
            seen.append(name)
    return seen


def table_markdown(orders: pd.DataFrame, sources: list[dict]) -> str:
    """The orders as a Markdown table, newest first, each linked to the copy read."""

    by_id = {s["id"]: s for s in sources}
    lines = [
        "| Published | Product | Order | Federal Register | Status | Copy read |",
        "|---|---|---|---|---|---|",
    ]
    for r in orders.sort_values(["order_date", "case_number"], ascending=[False, True]).itertuples():
        src = by_id[r.source.split(";")[0]]
        when = text.render(text.date(r.order_date, r.date_precision))
        copy = src.get("publisher") or src["id"]
        if "copy in" not in copy:  # keep a gloss that names the copy read, drop the others
            copy = re.sub(r"\s*\(.*\)$", "", copy)
        link = record.source_link(src, copy)
        product = r.product.split(", whether")[0]
        cite = text.cell(r.fr_citation, empty="not found")
        lines.append(
            f"| {when} | {text.cell(product)} | {DUTY[r.duty]} {r.case_number} | {cite} "
            f"| {r.status} | {link} |"
        )
    return "\n".join(lines)


def remedies(f, load) -> None:
    """The trade-remedy statements: the earliest order found, the orders of 2025–2026,
    the partial revocations, whether any order was found revoked in full, and the table."""

    orders = load("us_adcvd_orders").sort_values(["order_date", "case_number"])
    sources = data.sources("us_adcvd_orders")
    first = orders.iloc[0]
    recent = orders[orders["order_date"] >= pd.Timestamp(RECENT_FROM)]
    partly = orders[orders["status"] == "in force, partly revoked"]
    cvd = orders[orders["duty"] == "CVD"]
    f.using("us_adcvd_orders")
    f.update(
        tr_ad_first_date=text.date(first["order_date"], first["date_precision"]),
        tr_ad_first_product=text.words(_products(orders.iloc[:1])[0]),
        tr_ad_first_cvd_year=text.year(int(cvd.iloc[0]["order_date"].year)),
        tr_ad_first_cvd_product=text.words(_products(cvd.iloc[:1])[0]),
        tr_ad_recent=text.items(_products(recent)),
        tr_ad_partly=text.items(_products(partly)),
        tr_ad_full_revocation=text.words(
            "none of the orders found had been revoked in full"
            if (orders["status"] != "revoked").all()
            else "some of the orders found had been revoked in full"
        ),
        tr_ad_searched_to=record.searched_to(sources),
        tr_ad_table_md=text.markdown(table_markdown(orders, sources)),
    )
